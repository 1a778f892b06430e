"""The workspace folder: layout, atomic saves, the lock, resolving -w."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import load_yaml

from selfassess import vocabulary
from selfassess.assessment import workspace
from selfassess.assessment.workspace import Workspace
from selfassess.datafiles.lock import HOLDER_FILE
from selfassess.errors import NotFound, SelfAssessError, WorkspaceLocked


def test_init_writes_plain_files_with_focus_area_as_a_theme(new_ws: Workspace) -> None:
    meta = load_yaml(new_ws.root / "workspace.yaml")
    assert meta["council"] == "Testbury District Council"
    assert meta["framework"] == {"id": "corporate-peer-challenge", "version": 1}
    assert meta["focus_areas"] == [{"id": "focus-housing-delivery", "title": "Housing delivery"}]
    assert set(meta["team"]) == set(vocabulary.TEAM_ROLES)
    assert (new_ws.root / "context.yaml").exists()
    focus = new_ws.framework.theme("focus-housing-delivery")
    assert focus.questions[0].id == "focus-housing-delivery.aims"
    assert len(new_ws.framework.themes) == 6


def test_cycle_defaults_to_this_year(tmp_path: Path) -> None:
    import datetime as dt

    ws = Workspace.create(tmp_path / "w", council="X", framework_id="corporate-peer-challenge")
    assert ws.cycle == str(dt.date.today().year)


def test_init_refuses_an_existing_workspace(new_ws: Workspace) -> None:
    with pytest.raises(SelfAssessError, match="already a workspace"):
        Workspace.create(new_ws.root, council="X", framework_id="corporate-peer-challenge")


def test_saving_one_answer_rewrites_only_its_theme_file(new_ws: Workspace) -> None:
    new_ws.set_answer("governance-and-culture", "governance.scrutiny", "Scrutiny is weak.")
    before = {p.name: p.stat().st_mtime_ns for p in new_ws.root.rglob("*.yaml")}
    time.sleep(0.01)
    new_ws.set_answer("financial-planning-and-management", "finance.mtfs", "Gap of £4m.")
    after = {p.name: p.stat().st_mtime_ns for p in new_ws.root.rglob("*.yaml")}
    changed = {name for name in after if before.get(name) != after[name]}
    assert changed == {"financial-planning-and-management.yaml"}
    assert Workspace.open(new_ws.root).answer("finance.mtfs") == "Gap of £4m."


def test_saved_files_are_readable_yaml_with_long_answers_as_blocks(new_ws: Workspace) -> None:
    new_ws.set_answer("governance-and-culture", "governance.scrutiny", "Line one.\nLine two.")
    text = new_ws.theme_path("governance-and-culture").read_text()
    assert "governance.scrutiny: |-\n    Line one.\n    Line two." in text
    assert text.startswith("# Governance and culture - Testbury District Council, 2026.")


def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(
    new_ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    new_ws.set_answer("governance-and-culture", "governance.scrutiny", "first")
    path = new_ws.theme_path("governance-and-culture")
    original = path.read_text()

    def boom(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(SelfAssessError, match="could not save: No space left on device"):
        new_ws.set_answer("governance-and-culture", "governance.scrutiny", "second")
    assert path.read_text() == original
    assert [p.name for p in path.parent.iterdir()] == [path.name]


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write to read-only folders")
def test_read_only_workspace_gives_a_clear_error(new_ws: Workspace) -> None:  # pragma: no cover
    os.chmod(new_ws.root / "themes", 0o555)
    try:
        with pytest.raises(SelfAssessError, match="permission denied"):
            new_ws.set_answer("governance-and-culture", "governance.scrutiny", "x")
    finally:
        os.chmod(new_ws.root / "themes", 0o755)


def test_read_only_folder_as_root_is_simulated(
    new_ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    def denied(*_: object, **__: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", denied)
    with pytest.raises(SelfAssessError, match=r"cannot write here \(permission denied") as err:
        new_ws.set_answer("governance-and-culture", "governance.scrutiny", "x")
    assert "check that you can write" in (err.value.hint or "")


def test_second_writer_is_told_who_holds_the_workspace(new_ws: Workspace) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import time,sys;from selfassess.assessment.workspace import Workspace;"
            "from pathlib import Path;w=Workspace.open(Path(sys.argv[1]));"
            "c=w.lock('selfassess start');c.__enter__();print('locked',flush=True);time.sleep(30)",
            str(new_ws.root),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with pytest.raises(WorkspaceLocked) as err, new_ws.lock("selfassess start"):
            pass
        assert f"process {holder.pid}" in err.value.message
        assert "'selfassess start'" in err.value.message
    finally:
        holder.kill()
        holder.wait()
        assert holder.stdout is not None
        holder.stdout.close()
    # the holder died without cleaning up: the system freed its lock, its note is left
    assert (new_ws.root / HOLDER_FILE).exists()
    with new_ws.lock("selfassess start"):
        mine = json.loads((new_ws.root / HOLDER_FILE).read_text())
        assert mine["pid"] == os.getpid()
    assert not (new_ws.root / HOLDER_FILE).exists()


def test_resolve_prefers_flag_then_environment_then_current_folder(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SELFASSESS_WORKSPACE", "/from/env")
    assert workspace.resolve("/from/flag") == Path("/from/flag")
    assert workspace.resolve(None) == Path("/from/env")
    monkeypatch.delenv("SELFASSESS_WORKSPACE")
    assert workspace.resolve(None) == Path(".")


def test_opening_a_folder_that_is_not_a_workspace_hints_at_init(tmp_path: Path) -> None:
    with pytest.raises(NotFound) as err:
        Workspace.open(tmp_path / "missing")
    assert "does not exist" in err.value.message
    assert "selfassess init" in (err.value.hint or "")


def test_dates_stay_as_typed(new_ws: Workspace) -> None:
    (new_ws.root / "workspace.yaml").write_text(
        (new_ws.root / "workspace.yaml")
        .read_text()
        .replace("period_start: null", "period_start: 2025-04-01")
    )
    assert Workspace.open(new_ws.root).meta["dates"]["period_start"] == "2025-04-01"


def test_writing_follows_links_and_never_replaces_a_device(tmp_path: Path) -> None:
    from selfassess.datafiles import datafile

    target = tmp_path / "real.md"
    target.write_text("old")
    link = tmp_path / "link.md"
    link.symlink_to(target)
    datafile.write_atomic(link, "new")
    assert link.is_symlink() and target.read_text() == "new"
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # someone reads the pipe
    try:
        # an output the user named (--out) is written through; a data file never is
        datafile.write_atomic(fifo, "through the pipe", to_device=True)
        assert os.read(reader, 100) == b"through the pipe"
    finally:
        os.close(reader)
    assert not fifo.is_file() and fifo.exists()
