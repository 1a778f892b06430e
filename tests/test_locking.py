"""The workspace lock (an operating-system lock that dies with its process, a second writer
waiting for it) and ``evidence add`` landing whole: real processes, real kills."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from conftest import write

from selfassess.assessment.workspace import Workspace
from selfassess.datafiles import activity, lock
from selfassess.errors import SelfAssessError, UsageError, WorkspaceLocked
from selfassess.evidence.evidence_log import FILES_DIR, Register

HOLD = (
    "import sys, time\n"
    "from pathlib import Path\n"
    "from selfassess.datafiles.lock import hold\n"
    "with hold(Path(sys.argv[1]), 'selfassess start'):\n"
    "    print('held', flush=True)\n"
    "    time.sleep(float(sys.argv[2]))\n"
)


def _holder(root: Path, seconds: float) -> subprocess.Popen[str]:
    """Another process holding the workspace for ``seconds``, once it has said 'held'."""
    process = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(root), str(seconds)], stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None and process.stdout.readline().strip() == "held"
    return process


def _stop(process: subprocess.Popen[str]) -> None:
    process.kill()
    process.communicate()


def _cli(*args: str, wait: str = "30") -> subprocess.Popen[str]:
    """The real command line in a process of its own."""
    env = {**os.environ, lock.WAIT_VARIABLE: wait}
    return subprocess.Popen(
        [sys.executable, "-m", "selfassess", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _files(root: Path) -> list[str]:
    """Every file under evidence/files/ and the staging folder, relative to the workspace."""
    found = []
    for folder in (root / FILES_DIR, root / lock.staging.STAGING_DIR):
        if folder.exists():
            found += [p.relative_to(root).as_posix() for p in folder.rglob("*") if p.is_file()]
    return sorted(found)


# --- the lock --------------------------------------------------------------------------------
def test_an_empty_lock_file_does_not_let_a_second_writer_in(new_ws: Workspace) -> None:
    with new_ws.lock("selfassess start"):
        (new_ws.root / lock.LOCK_FILE).write_text("")  # just created, nothing written yet
        (new_ws.root / lock.HOLDER_FILE).write_text("")
        refused = pytest.raises(WorkspaceLocked, match="another selfassess command")
        with refused, new_ws.lock("selfassess evidence add"):
            pass


def test_a_second_writer_is_told_who_holds_it_and_what_to_do(
    new_ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(lock.WAIT_VARIABLE, "0.3")
    holder = _holder(new_ws.root, 60)
    try:
        started = time.monotonic()
        with pytest.raises(WorkspaceLocked) as err, new_ws.lock("selfassess evidence add"):
            pass
        assert time.monotonic() - started >= 0.3  # it waited before giving up
    finally:
        _stop(holder)
    assert f"process {holder.pid}" in err.value.message
    assert "'selfassess start'" in err.value.message and "waited 0.3 s" in err.value.message
    assert lock.WAIT_VARIABLE in (err.value.hint or "")


def test_a_second_writer_waits_for_the_first_to_finish(
    new_ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(lock.WAIT_VARIABLE, "20")
    holder = _holder(new_ws.root, 0.5)
    try:
        started = time.monotonic()
        with new_ws.lock("selfassess evidence add"):
            holding = json.loads((new_ws.root / lock.HOLDER_FILE).read_text())
        assert 0.2 < time.monotonic() - started < 15
    finally:
        _stop(holder)
    assert holding["pid"] == os.getpid() and holding["command"] == "selfassess evidence add"
    assert not (new_ws.root / lock.HOLDER_FILE).exists()


def test_a_killed_holder_never_blocks(new_ws: Workspace) -> None:
    holder = _holder(new_ws.root, 60)
    holder.send_signal(signal.SIGKILL)
    holder.communicate()
    left = json.loads((new_ws.root / lock.HOLDER_FILE).read_text())
    assert left["pid"] == holder.pid  # its note is left behind; its lock died with it
    with new_ws.lock("selfassess start"):
        pass


@pytest.mark.parametrize("host", ["another-pc", None])
def test_a_holder_note_alone_never_blocks(new_ws: Workspace, host: str | None) -> None:
    note = {"pid": 1, "host": host or os.uname().nodename, "command": "x", "since": "x"}
    (new_ws.root / lock.HOLDER_FILE).write_text(json.dumps(note))
    with new_ws.lock("selfassess start"):
        assert json.loads((new_ws.root / lock.HOLDER_FILE).read_text())["pid"] == os.getpid()


@pytest.mark.parametrize("value", ["soon", "-1", "nan", "1e9"])
def test_a_wait_that_is_not_a_number_of_seconds_is_refused(
    new_ws: Workspace, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv(lock.WAIT_VARIABLE, value)
    with pytest.raises(UsageError, match=lock.WAIT_VARIABLE), new_ws.lock("selfassess start"):
        pass


def test_a_lock_that_is_a_folder_is_a_clear_error(
    new_ws: Workspace, tmp_path: Path, run: Callable[..., Result]
) -> None:
    (new_ws.root / lock.LOCK_FILE).unlink()  # made with the workspace
    (new_ws.root / lock.LOCK_FILE).mkdir()
    with pytest.raises(SelfAssessError, match="is a folder"), new_ws.lock("selfassess start"):
        pass
    source = write(tmp_path / "plan.txt", "our plan")
    result = run("evidence", "add", str(source), "-w", str(new_ws.root), "--no-input")
    assert result.exit_code == 1 and lock.LOCK_FILE in result.output
    assert Register(new_ws.root).items() == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root can open any file")
def test_an_unreadable_lock_is_a_clear_error(new_ws: Workspace) -> None:  # pragma: no cover
    path = new_ws.root / lock.LOCK_FILE
    path.write_text("")
    path.chmod(0)
    try:
        refused = pytest.raises(SelfAssessError, match="permission denied")
        with refused, new_ws.lock("selfassess start"):
            pass
    finally:
        path.chmod(0o644)


# --- four writers at once --------------------------------------------------------------------
def test_four_evidence_adds_at_once_all_land(new_ws: Workspace, tmp_path: Path) -> None:
    rounds, writers = 6, 4  # more rounds: benchmarks/concurrent_adds.py
    sources = [
        write(tmp_path / "in" / f"doc-{r}-{w}.txt", f"document {r} {w}")
        for r in range(rounds)
        for w in range(writers)
    ]
    for r in range(rounds):
        batch = sources[r * writers : (r + 1) * writers]
        adds = [
            _cli("evidence", "add", str(s), "-w", str(new_ws.root), "--no-input") for s in batch
        ]
        for add in adds:
            _, err = add.communicate(timeout=60)
            assert add.returncode == 0, err
    items = Register(new_ws.root).items()
    assert [i.id for i in items] == [f"E-{n:03d}" for n in range(1, rounds * writers + 1)]
    assert sorted(i.title for i in items) == sorted(s.name for s in sources)
    for item in items:  # each document is the one its item names
        assert item.file is not None
        assert (new_ws.root / item.file.path).read_text() == (
            tmp_path / "in" / item.title
        ).read_text()
    assert len(activity.read(new_ws.root)) == rounds * writers
    check = _cli("validate", "-w", str(new_ws.root))
    assert check.communicate(timeout=60)[0].strip().endswith("valid workspace")
    assert check.returncode == 0


# --- evidence add lands whole ----------------------------------------------------------------
def _loop(path: Path) -> None:
    path.symlink_to(path.name)


def _fifo(path: Path) -> None:
    os.mkfifo(path)


@pytest.mark.parametrize("spoil", [Path.mkdir, _loop, _fifo], ids=["folder", "loop", "fifo"])
def test_an_activity_log_that_cannot_be_written_stops_the_add_before_it_writes(
    new_ws: Workspace, tmp_path: Path, run: Callable[..., Result], spoil: Callable[[Path], None]
) -> None:
    spoil(new_ws.root / activity.LOG_FILE)
    source = write(tmp_path / "plan.txt", "our plan")
    result = run("evidence", "add", str(source), "-w", str(new_ws.root), "--no-input")
    assert result.exit_code == 1 and activity.LOG_FILE in result.output
    assert Register(new_ws.root).items() == []
    assert _files(new_ws.root) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write any file")
def test_an_unwritable_activity_log_stops_the_add(
    new_ws: Workspace, tmp_path: Path, run: Callable[..., Result]
) -> None:  # pragma: no cover
    log = write(new_ws.root / activity.LOG_FILE, "")
    log.chmod(0o444)
    source = write(tmp_path / "plan.txt", "our plan")
    result = run("evidence", "add", str(source), "-w", str(new_ws.root), "--no-input")
    assert result.exit_code == 1 and "permission denied" in result.output
    assert Register(new_ws.root).items() == [] and _files(new_ws.root) == []


def test_a_failed_save_leaves_no_copy(
    new_ws: Workspace, tmp_path: Path, run: Callable[..., Result]
) -> None:
    write(new_ws.root / "evidence" / "items", "")  # the items folder cannot be made
    source = write(tmp_path / "plan.txt", "our plan")
    result = run("evidence", "add", str(source), "-w", str(new_ws.root), "--no-input")
    assert result.exit_code == 1
    assert _files(new_ws.root) == [] and activity.read(new_ws.root) == []


def test_an_add_killed_while_copying_leaves_nothing_after_the_next_run(
    new_ws: Workspace, tmp_path: Path
) -> None:
    big = tmp_path / "big.bin"
    with big.open("wb") as handle:
        handle.truncate(200 * 1024 * 1024)  # sparse: quick to make, slow enough to copy
    add = _cli("evidence", "add", str(big), "-w", str(new_ws.root), "--no-input")
    staging = new_ws.root / lock.staging.STAGING_DIR
    deadline = time.monotonic() + 20
    while not any(p.is_file() for p in staging.rglob("*")) and add.poll() is None:
        assert time.monotonic() < deadline, "the copy never started"
        time.sleep(0.001)
    add.send_signal(signal.SIGKILL)
    add.communicate()
    assert add.returncode == -signal.SIGKILL, "the add finished before it could be killed"
    assert Register(new_ws.root).items() == [] and _files(new_ws.root) != []  # a staged copy

    small = write(tmp_path / "plan.txt", "our plan")
    again = _cli("evidence", "add", str(small), "-w", str(new_ws.root), "--no-input")
    assert again.communicate(timeout=60) and again.returncode == 0
    assert _files(new_ws.root) == ["evidence/files/E-001/plan.txt"]
    check = _cli("validate", "-w", str(new_ws.root))
    assert check.communicate(timeout=60) and check.returncode == 0
