"""Hostile data files and values: every reader refuses them with a located message (the
file, the place, what to do), exit 1 (exit 2 for a bad option), never a traceback, never a
hang, and leaves every file as it was (issue 11, items 3, 7 and 8)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.conftest import write

Run = Callable[..., Result]


pytestmark = pytest.mark.usefixtures("no_hang")


def snapshot(root: Path) -> dict[str, bytes]:
    """Every regular file under ``root`` and its bytes (the check cache aside: a shortcut)."""
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.is_symlink() and ".selfassess" not in p.parts
    }


def refused(result: Result, *names: str, code: int = 1) -> str:
    """The message of a refusal: the exit code asked for, each of ``names`` named, and no
    traceback."""
    out = result.output + (result.stderr if result.stderr_bytes is not None else "")
    assert result.exit_code == code, out
    assert "Traceback" not in out
    for name in names:
        assert name in out, out
    return out


# --- item 3: a line break in a one-line value -----------------------------------------------
@pytest.mark.parametrize(
    ("option", "value", "named"),
    [
        ("--council", "A\nB", "a line break"),
        ("--cycle", "2026\r", "a line break"),
        ("--council", "A\tB", "a tab"),
        ("--council", "A\x00B", "U+0000"),
    ],
)
def test_init_refuses_a_value_that_is_not_one_line(
    run: Run, isolated: Path, option: str, value: str, named: str
) -> None:
    args = ["init", "ws", "--framework", "corporate-peer-challenge", "--council", "Testbury"]
    args += [option, value]
    out = refused(run(*args), option, code=2)
    assert "one line" in out and named in out
    assert not (isolated / "ws").exists()


def test_validate_names_a_line_break_in_the_council_by_hand(run: Run, demo_ws: Path) -> None:
    meta = demo_ws / "workspace.yaml"
    text = meta.read_text(encoding="utf-8")
    council = next(line for line in text.splitlines() if line.startswith("council:"))
    meta.write_text(text.replace(council, 'council: "A\\nB"'), encoding="utf-8")
    before = snapshot(demo_ws)
    refused(run("validate", str(demo_ws)), "workspace.yaml", "$.council", "one line")
    assert snapshot(demo_ws) == before


def test_a_file_header_cannot_be_broken_by_a_value(new_ws: object) -> None:
    from selfassess.assessment.workspace import Workspace
    from selfassess.datafiles import datafile

    assert isinstance(new_ws, Workspace)
    # as if set by hand past the checks: every header is still one comment line per line
    new_ws.meta["council"] = "A\nanswers: [\u2028x\x85y"
    new_ws.meta["cycle"] = "2026\r\n# more"
    theme = new_ws.framework.themes[0]
    question = theme.questions[0]
    new_ws.set_answer(theme.id, question.id, "kept")
    new_ws.set_context(next(iter(new_ws.context())), "also kept")
    loaded = datafile.load(new_ws.theme_path(theme.id))
    assert loaded.data["answers"][question.id] == "kept"
    assert datafile.load(new_ws.root / "context.yaml").data


# --- item 7: data files that break the parser -----------------------------------------------
HOSTILE_YAML = {
    "a huge integer": "answers: " + "9" * 5000 + "\n",
    "a complex key": "? [a, b]\n: 1\n",
    "a null key": "~: 1\n",
    "a number as key": "answers:\n  1: x\n",
    "deep nesting": "answers: " + "[" * 100_000 + "\n",
    "deep block nesting": "answers:\n" + "".join("  " * i + f"k{i}:\n" for i in range(150)),
}


@pytest.mark.parametrize("case", sorted(HOSTILE_YAML))
def test_validate_refuses_a_hostile_theme_file(run: Run, demo_ws: Path, case: str) -> None:
    theme = sorted((demo_ws / "themes").glob("*.yaml"))[0]
    theme.write_text(HOSTILE_YAML[case], encoding="utf-8")
    before = snapshot(demo_ws)
    refused(run("validate", str(demo_ws)), theme.name)
    refused(run("status", "-w", str(demo_ws)), theme.name)
    assert snapshot(demo_ws) == before


HOSTILE_JSON = {
    "a huge integer": '{"id": ' + "9" * 5000 + "}",
    "deep nesting": "[" * 100_000,
    "a lone surrogate": '{"id": "E-001", "title": "\\ud800"}',
    "a lone surrogate in a key": '{"\\udc00": 1}',
}


@pytest.mark.parametrize("case", sorted(HOSTILE_JSON))
def test_validate_refuses_a_hostile_evidence_item(run: Run, demo_ws: Path, case: str) -> None:
    item = sorted((demo_ws / "evidence" / "items").glob("*.json"))[0]
    item.write_text(HOSTILE_JSON[case], encoding="utf-8")
    before = snapshot(demo_ws)
    refused(run("validate", str(demo_ws)), item.name)
    assert snapshot(demo_ws) == before


@pytest.mark.parametrize("case", sorted(HOSTILE_JSON))
def test_the_tracker_refuses_a_hostile_request_record(run: Run, demo_ws: Path, case: str) -> None:
    record = sorted((demo_ws / "requests").glob("*.json"))[0]
    record.write_text(HOSTILE_JSON[case], encoding="utf-8")
    before = snapshot(demo_ws)
    refused(run("request", "list", "-w", str(demo_ws)), record.name)
    assert snapshot(demo_ws) == before


@pytest.mark.parametrize(
    ("field", "value", "path"),
    [
        ("status", "5", "$.status"),
        ("status", '"bogus"', "$.status"),
        ("asked_as", "[1]", "$.asked_as[0]"),
        ("also", '"x"', "$.also"),
        ("withdrawn", '"no"', "$.withdrawn"),
        ("pack_version", "true", "$.pack_version"),
        ("raised", '"yesterday"', "$.raised"),
        ("declines", "[1]", "$.declines[0]"),
        ("colour", '"red"', "$.colour"),
    ],
)
def test_the_tracker_refuses_wrongly_typed_fields(
    run: Run, demo_ws: Path, field: str, value: str, path: str
) -> None:
    import json

    record = sorted((demo_ws / "requests").glob("*.json"))[0]
    data = json.loads(record.read_text(encoding="utf-8"))
    data[field] = json.loads(value)
    record.write_text(json.dumps(data), encoding="utf-8")
    before = snapshot(demo_ws)
    refused(run("request", "list", "-w", str(demo_ws)), record.name, path)
    assert snapshot(demo_ws) == before


def test_a_missing_field_in_a_request_record_is_named(run: Run, demo_ws: Path) -> None:
    import json

    record = sorted((demo_ws / "requests").glob("*.json"))[0]
    data = json.loads(record.read_text(encoding="utf-8"))
    del data["raised"]
    record.write_text(json.dumps(data), encoding="utf-8")
    refused(run("request", "list", "-w", str(demo_ws)), record.name, "raised")


def test_a_symlink_loop_where_a_data_file_should_be(run: Run, demo_ws: Path) -> None:
    theme = sorted((demo_ws / "themes").glob("*.yaml"))[0]
    kept = theme.read_bytes()
    theme.unlink()
    theme.symlink_to(theme)
    before = snapshot(demo_ws)
    out = refused(run("validate", str(demo_ws)), theme.name)
    assert "loop" in out
    refused(run("status", "-w", str(demo_ws)), theme.name, "loop")
    assert snapshot(demo_ws) == before
    theme.unlink()
    theme.write_bytes(kept)
    context = demo_ws / "context.yaml"
    context.unlink()
    context.symlink_to(context)
    before = snapshot(demo_ws)
    refused(run("status", "-w", str(demo_ws)), "context.yaml", "loop")
    assert snapshot(demo_ws) == before


def test_writing_over_a_symlink_loop_is_refused(tmp_path: Path) -> None:
    from selfassess.datafiles import datafile
    from selfassess.errors import SelfAssessError

    loop = tmp_path / "loop.yaml"
    loop.symlink_to(loop)
    with pytest.raises(SelfAssessError, match="loop"):
        datafile.write_atomic(loop, "x: 1\n")
    assert loop.is_symlink()


# --- the activity log and the pack history --------------------------------------------------
def _spoil(path: Path, how: str) -> None:
    if path.exists() or path.is_symlink():
        path.unlink()
    if how == "not UTF-8":
        path.write_bytes(b'{"when": "2026", "what": "caf\xe9"}\n')
    elif how == "a folder":
        path.mkdir()
    elif how == "a loop":
        path.symlink_to(path)
    elif how == "a pipe":
        os.mkfifo(path)


SPOILS = ["not UTF-8", "a folder", "a loop", "a pipe"]


@pytest.mark.parametrize("how", SPOILS)
def test_the_activity_log_refused_when_read(run: Run, demo_ws: Path, how: str) -> None:
    _spoil(demo_ws / "activity.jsonl", how)
    before = snapshot(demo_ws)
    refused(run("log", "-w", str(demo_ws)), "activity.jsonl")
    assert snapshot(demo_ws) == before


@pytest.mark.parametrize("how", ["a folder", "a loop", "a pipe"])
def test_the_activity_log_refused_when_appended_to(run: Run, demo_ws: Path, how: str) -> None:
    _spoil(demo_ws / "activity.jsonl", how)
    source = write(demo_ws.parent / "note.txt", "a note")
    out = refused(
        run("evidence", "add", str(source), "--title", "A note", "-w", str(demo_ws)),
        "activity.jsonl",
    )
    assert "Traceback" not in out


def test_an_unreadable_activity_log(run: Run, demo_ws: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads every file")
    log = demo_ws / "activity.jsonl"
    log.chmod(0)
    try:
        refused(run("log", "-w", str(demo_ws)), "activity.jsonl", "permission")
    finally:
        log.chmod(0o644)


@pytest.mark.parametrize("how", SPOILS)
def test_the_pack_history_refused_when_read(run: Run, demo_ws: Path, how: str) -> None:
    history = demo_ws / "packs" / "history.jsonl"
    _spoil(history, how)
    requests_file = write(demo_ws.parent / "requests.yaml", "requests: []\n")
    before = snapshot(demo_ws)
    refused(run("request", "import", str(requests_file), "-w", str(demo_ws)), "history.jsonl")
    assert snapshot(demo_ws) == before


@pytest.mark.parametrize("how", ["a folder", "a pipe"])
def test_the_check_cache_not_a_file(run: Run, demo_ws: Path, how: str) -> None:
    cache = demo_ws / ".selfassess" / "checked.json"
    _spoil(cache, how)
    before = snapshot(demo_ws)
    refused(run("validate", str(demo_ws)), "checked.json")
    assert snapshot(demo_ws) == before


def test_a_pipe_where_a_data_file_is_written_is_refused(tmp_path: Path) -> None:
    from selfassess.datafiles import datafile
    from selfassess.errors import SelfAssessError

    pipe = tmp_path / "theme.yaml"
    os.mkfifo(pipe)
    with pytest.raises(SelfAssessError, match="not a regular file"):
        datafile.write_atomic(pipe, "x: 1\n")
    # an output the user named may be a pipe, but one nobody reads is refused, not waited on
    with pytest.raises(SelfAssessError, match="nothing is reading"):
        datafile.write_atomic(pipe, "x: 1\n", to_device=True)
    assert not pipe.is_file() and pipe.exists()


# --- the Word writer ------------------------------------------------------------------------
def test_a_control_character_never_reaches_word(run: Run, demo_ws: Path) -> None:
    """A control character Word cannot hold is refused where it comes in: the theme file's
    schema names it, and no statement is written."""
    theme = sorted((demo_ws / "themes").glob("*.yaml"))[0]
    from selfassess.datafiles import datafile

    record = datafile.load(theme).data
    record["strengths"] = ["Bell\x07 and \x0c feed", *record.get("strengths", [])]
    theme.write_text(datafile.dump_yaml(record), encoding="utf-8")
    target = demo_ws.parent / "statement.docx"
    result = run("report", "-w", str(demo_ws), "--out", str(target), "--force")
    refused(result, theme.name, "$.strengths[0]", "U+0007")
    assert not target.exists()


def test_the_shape_check_knows_every_field_of_a_request_record() -> None:
    from dataclasses import fields

    from selfassess.requests.record_shape import FIELDS
    from selfassess.requests.tracker import Tracked

    assert set(FIELDS) == {f.name for f in fields(Tracked)}
