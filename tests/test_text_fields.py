"""Control characters, line breaks, blanks and bidi controls in text a person or a file gives:
one line of text (titles, names, a cycle) holds none of them; free text (a summary, an answer,
a request) may hold line breaks and tabs but no other control character. Each is refused
where it comes in, in words, naming the place, and nothing is written."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from selfassess.datafiles import schemas
from selfassess.evidence.evidence_log import Register
from tests.conftest import load_yaml, write

Run = Callable[..., Result]
RTL = "\u202e"


def refused(result: Result, *names: str, code: int = 1) -> str:
    out = result.output + (result.stderr if result.stderr_bytes is not None else "")
    assert result.exit_code == code, out
    assert "Traceback" not in out
    for name in names:
        assert name in out, out
    return out


# --- one pattern for each kind of text, everywhere ---------------------------------------------
def _patterns(node: object) -> list[str]:
    if isinstance(node, dict):
        found = [node["pattern"]] if isinstance(node.get("pattern"), str) else []
        return found + [p for value in node.values() for p in _patterns(value)]
    if isinstance(node, list):
        return [p for value in node for p in _patterns(value)]
    return []


def test_every_text_pattern_in_the_schemas_is_one_of_the_two() -> None:
    text_patterns = set()
    for name in schemas.SCHEMAS:
        for pattern in _patterns(schemas.schema(name)):
            if "\\x00" in pattern:  # a pattern about characters, not an id or a date
                text_patterns.add(pattern)
    assert text_patterns == {schemas.ONE_LINE, schemas.TEXT}


@pytest.mark.parametrize(
    ("text", "one_line", "text_ok"),
    [
        ("Plain words, café", True, True),
        ("two\nlines", False, True),
        ("trailing break\n", False, True),
        ("a\ttab", False, True),
        ("crlf\r\nline", False, True),
        ("esc\x1b[31m", False, False),
        ("bel\x07", False, False),
        ("nul\x00", False, False),
        ("del\x7f", False, False),
        ("c1\x85", False, False),
        (f"rtl{RTL}x", False, True),
        ("isolate\u2066x", False, True),
    ],
)
def test_the_two_patterns(text: str, one_line: bool, text_ok: bool) -> None:
    assert bool(re.search(schemas.ONE_LINE, text)) is one_line
    assert bool(re.search(schemas.TEXT, text)) is text_ok


def test_a_pattern_error_reads_in_words() -> None:
    from selfassess.datafiles.datafile import load

    bad = {"answers": {"finance.mtfs": "ctl \x1b[31m x"}}
    path = write(Path("theme.yaml").absolute(), json.dumps(bad))
    (problem,) = schemas.check("theme", load(path))
    assert "U+001B" in problem.message and "control character" in problem.message
    assert "does not match" not in problem.message


# --- evidence add --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("option", "value", "named"),
    [
        ("--title", "Bad\x1b[31mRED\nsecond", "one line"),
        ("--title", " ", "blank"),
        ("--title", f"Budget{RTL}fdp.exe", "U+202E"),
        ("--pack-title", "A\nB", "a line break"),
        ("--owner", "Director\x07", "U+0007"),
        ("--committee", "Cabinet\r", "a line break"),
        ("--summary", "Why\x1b[2J it matters", "U+001B"),
        ("--summary", "nul\x00", "U+0000"),
    ],
)
def test_evidence_add_refuses_control_characters(
    run: Run, ws: str, tmp_path: Path, option: str, value: str, named: str
) -> None:
    doc = write(tmp_path / "n.txt", "notes\n")
    out = refused(run("evidence", "add", str(doc), "-w", ws, "--no-input", option, value), code=2)
    assert option in out and named in out
    assert Register(Path(ws)).items() == []


def test_evidence_add_keeps_a_summary_on_several_lines(run: Run, ws: str, tmp_path: Path) -> None:
    doc = write(tmp_path / "n.txt", "notes\n")
    summary = "First point.\nSecond point."
    result = run("evidence", "add", str(doc), "-w", ws, "--no-input", "--summary", summary)
    assert result.exit_code == 0, result.output
    assert Register(Path(ws)).items()[0].summary == summary


# --- evidence import -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("title", "summary", "column"),
    [
        ("T\x1b[2J\nline2", "ok", "column B (Title)"),
        ("Two\nlines", "ok", "column B (Title)"),
        ("Fine", "bell\x07", "column C (Summary)"),
    ],
)
def test_a_log_cell_with_a_control_character_is_refused(
    run: Run, ws: str, tmp_path: Path, title: str, summary: str, column: str
) -> None:
    write(tmp_path / "a.txt", "a\n")
    write(tmp_path / "b.txt", "b\n")
    rows = [["Ref", "Title", "Summary", "File"], ["R1", "Good", "fine", "a.txt"]]
    rows.append(["R2", title, summary, "b.txt"])
    text = "\r\n".join(",".join(f'"{c}"' for c in r) for r in rows)
    log = write(tmp_path / "log.csv", text + "\r\n")
    out = refused(run("evidence", "import", str(log), "-w", ws), "row 3", column)
    assert "nothing was imported" in out
    assert Register(Path(ws)).items() == []


def test_a_log_summary_may_hold_line_breaks_and_tabs(run: Run, ws: str, tmp_path: Path) -> None:
    write(tmp_path / "a.txt", "a\n")
    log = write(tmp_path / "log.csv", 'Title,Summary,File\r\nGood,"one\ntwo\tthree",a.txt\r\n')
    assert run("evidence", "import", str(log), "-w", ws).exit_code == 0
    assert Register(Path(ws)).items()[0].summary == "one\ntwo\tthree"


# --- a team's requests file ----------------------------------------------------------------------
def test_a_request_with_a_control_character_is_refused(run: Run, demo_ws: Path) -> None:
    manifest = json.loads((demo_ws / "packs" / "v1" / "manifest.json").read_text())
    request = {"id": "R-zz9ctl01", "type": "document", "status": "open", "raised": "2026-09-16"}
    request["ask"] = "Line one\nline two\u0007\u001b[31m more"
    data = {
        "schema_version": 1,
        "council": manifest["council"],
        "pack_id": manifest["pack_id"],
        "pack_version": manifest["version"],
        "requests": [request],
    }
    asked = write(demo_ws.parent / "asked.json", json.dumps(data))
    tracker = demo_ws / "requests"
    before = {p: p.read_bytes() for p in tracker.rglob("*") if p.is_file()}
    out = refused(run("request", "import", str(asked), "-w", str(demo_ws)), "$.requests[0].ask")
    assert "U+0007" in out
    assert {p: p.read_bytes() for p in tracker.rglob("*") if p.is_file()} == before


# --- answers, theme and context files ------------------------------------------------------------
def test_start_refuses_answers_with_control_characters(run: Run, new_ws, tmp_path: Path) -> None:
    answers = write(
        tmp_path / "answers.yaml",
        'answers:\n  finance.reserves-months: 4\n  finance.mtfs: "ctl \\e[31m \\0 x"\n',
    )
    result = run("start", "-w", str(new_ws.root), "--answers", str(answers), "--no-input")
    out = refused(result, "answers.yaml:3", "U+001B")
    assert "nothing was changed" in out
    assert not new_ws.theme_path("financial-planning-and-management").exists()


def test_start_takes_answers_on_several_lines(run: Run, new_ws, tmp_path: Path) -> None:
    answers = write(tmp_path / "answers.yaml", "answers:\n  finance.mtfs: |\n    one\n    two\n")
    run("start", "-w", str(new_ws.root), "--answers", str(answers), "--no-input")
    finance = load_yaml(new_ws.theme_path("financial-planning-and-management"))
    assert finance["answers"]["finance.mtfs"] == "one\ntwo"


@pytest.mark.parametrize(
    ("name", "text", "where"),
    [
        ("themes/financial-planning-and-management.yaml", 'answers:\n  finance.mtfs: "a\\e[2Jb"\n', 'financial-planning-and-management.yaml:2 ($.answers["finance.mtfs"])'),
        ("themes/financial-planning-and-management.yaml", '\nstrengths: ["ok", "\\a"]\n', "financial-planning-and-management.yaml:2 ($.strengths[1])"),
        ("context.yaml", 'aims: "nul \\0"\n', "context.yaml:1 ($.aims)"),
    ],
)  # fmt: skip
def test_validate_names_a_control_character_in_a_file(
    run: Run, demo_ws: Path, name: str, text: str, where: str
) -> None:
    write(demo_ws / name, text)
    refused(run("validate", str(demo_ws)), where, "control character")


# --- init's one-line values ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("option", "value", "named"),
    [
        ("--cycle", " ", "blank"),
        ("--cycle", f"2026{RTL}", "U+202E"),
        ("--focus", RTL, "U+202E"),
        ("--lead-member-peer", f"Cllr{RTL}", "U+202E"),
        ("--council", "Test\u2066bury", "U+2066"),
    ],
)
def test_init_refuses_blank_and_bidi_controls(
    run: Run, isolated: Path, option: str, value: str, named: str
) -> None:
    args = ["init", "ws", "--framework", "corporate-peer-challenge", "--council", "Testbury"]
    out = refused(run(*args, option, value, "--no-input"), option, named, code=2)
    assert not (isolated / "ws").exists()
    assert "Traceback" not in out
