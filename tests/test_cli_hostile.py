"""What a hostile tester found on the command line: outputs that cannot hold the text, a
closed standard output, odd option values and paths. Each is a clear message and an exit
code (1 for a finding, 2 for usage), never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import write

from selfassess.evidence.evidence_log import Register
from selfassess.pack.search import split_ids

TITLE = "Łódź → plan"


def selfassess(
    *args: str, encoding: str = "utf-8", close_stdout: bool = False
) -> subprocess.CompletedProcess[bytes]:
    """The command run as a person runs it: its own process, output in ``encoding``."""
    env = {**os.environ, "PYTHONIOENCODING": encoding}
    return subprocess.run(
        [sys.executable, "-m", "selfassess", *args],
        capture_output=not close_stdout,
        stderr=subprocess.PIPE if close_stdout else None,
        env=env,
        preexec_fn=(lambda: os.close(1)) if close_stdout else None,
        check=False,
    )


def test_an_output_that_cannot_hold_the_text_gets_it_replaced(ws: str, tmp_path: Path) -> None:
    doc = write(tmp_path / "b.txt", "the plan\n")
    added = selfassess("evidence", "add", str(doc), "-w", ws, "--no-input", "--title", TITLE,
                       encoding="cp1252")  # fmt: skip
    assert added.returncode == 0 and b"Traceback" not in added.stderr, added.stderr
    assert [item.title for item in Register(Path(ws)).items()] == [TITLE]
    listed = selfassess("evidence", "list", "-w", ws, encoding="cp1252")
    assert listed.returncode == 0 and b"Traceback" not in listed.stderr, listed.stderr
    assert "?ód? ? plan" in listed.stdout.decode("cp1252")
    made = selfassess("init", str(tmp_path / "ws2"), "--council", "A → B", "--framework",
                      "corporate-peer-challenge", "--no-input", encoding="ascii")  # fmt: skip
    assert made.returncode == 0 and b"Traceback" not in made.stderr, made.stderr


def test_a_closed_standard_output_is_said_not_a_traceback(ws: str) -> None:
    result = selfassess("evidence", "list", "-w", ws, close_stdout=True)
    assert result.returncode == 1 and b"Traceback" not in result.stderr, result.stderr
    assert b"standard output" in result.stderr


@pytest.mark.parametrize(
    "name", ["rot13", "base64", "hex", "zlib_codec", "uu_codec", "undefined", "bz2"]
)
def test_only_a_text_encoding_is_an_encoding(run, ws: str, tmp_path: Path, name: str) -> None:
    log = write(tmp_path / "log.csv", "Title,Date\nPlan,2026-01-01\n")
    result = run("evidence", "import", str(log), "-w", ws, "--encoding", name)
    assert result.exit_code == 2 and f"--encoding {name}" in result.stderr, result.output
    assert Register(Path(ws)).items() == []


def test_an_over_long_id_is_an_unknown_id(run, ws: str) -> None:
    assert split_ids("e-0003 E-12") == (["E-003", "E-012"], "")
    long_id = "E-" + "9" * 5000
    ids, rest = split_ids(long_id)
    assert rest == "" and len(ids) == 1 and ids[0] != "E-999"
    result = run("query", long_id, "-w", ws)
    assert result.exit_code in (0, 1), result.output  # an unknown id: found nothing


def test_an_over_long_framework_id_is_refused(run) -> None:
    result = run("frameworks", "new", "x" * 300)
    assert result.exit_code == 2 and "too long" in result.stderr, result.output
    assert list(Path().iterdir()) == []


def _loop(path: Path) -> Path:
    path.symlink_to(path.name)
    return path


@pytest.mark.parametrize(
    ("out", "zipped"), [("/", True), (".", True), ("/proc/self/mem", True), ("LOOP", False)]
)
def test_pack_build_where_no_pack_can_go(run, ws: str, out: str, zipped: bool) -> None:
    if out == "LOOP":
        _loop(Path("LOOP"))
    elif not Path(out).exists():
        pytest.skip(f"no {out} here")
    result = run("pack", "build", "-w", ws, "--out", out, *(["--zip"] if zipped else []))
    assert result.exit_code in (1, 2) and "Error:" in result.stderr, result.output
    assert out.rstrip("/") in result.stderr or f"{Path(out).parent}:" in result.stderr


@pytest.mark.parametrize("command", ["report", "scope"])
def test_a_document_out_that_is_a_symlink_loop(run, ws: str, command: str) -> None:
    _loop(Path("LOOP"))
    result = run(command, "-w", ws, "--out", "LOOP")
    assert result.exit_code == 1 and "LOOP" in result.stderr and "loop" in result.stderr
    assert Path("LOOP").is_symlink()  # left alone


def test_a_document_in_its_place_that_is_a_symlink_loop(run, ws: str) -> None:
    folder = Path(ws) / "documents"
    folder.mkdir(exist_ok=True)
    _loop(folder / "scoping-document.md")
    result = run("scope", "-w", ws, "--format", "md")
    assert result.exit_code == 1 and "scoping-document.md" in result.stderr, result.output
    assert "loop" in result.stderr


def test_a_blank_council_is_a_usage_error(run, tmp_path: Path) -> None:
    result = run("init", str(tmp_path / "w"), "--council", "  ", "--framework",
                 "corporate-peer-challenge", "--no-input")  # fmt: skip
    assert result.exit_code == 2 and "council" in result.stderr, result.output


def test_to_follow_needs_a_date(run, ws: str) -> None:
    result = run("request", "respond", "R-abc123", "-w", ws, "--to-follow", "")
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.stderr, result.output
