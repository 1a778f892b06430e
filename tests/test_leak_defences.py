"""Defences behind the copies rule, each from a hostile tester's route round it: a hand edit
to one copy, a linked file changed on disk after it was added, a handling column an import
did not understand, and the same link added twice. Nothing kept back reaches a pack."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import MARKER, case_notes, pack_leaks, write

from selfassess.evidence.evidence_log import Register

URL = "https://intranet.example/cases/smith-john-review"


def add(run, ws: str, source: str | Path, *flags: str) -> None:
    added = run("evidence", "add", str(source), *flags, "-w", ws, "--no-input")
    assert added.exit_code == 0, added.output


def built(run, ws: str) -> tuple[Path, str]:
    result = run("pack", "build", "-w", ws)
    assert result.exit_code == 0, result.output
    line = next(x for x in result.stdout.splitlines() if x.startswith("Built pack version"))
    return Path(line.split(": ", 1)[1]), result.output


def hand_edit(ws: str, item_id: str, **handling: object) -> None:
    path = Path(ws) / "evidence" / "items" / f"{item_id}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["handling"].update(handling)
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")


# --- 1. a hand edit to one copy --------------------------------------------------------------
@pytest.fixture
def relaxed_copy(run, ws: str, tmp_path: Path) -> str:
    """Two copies of a personal-data file, one relaxed by hand to plain OFFICIAL."""
    doc = case_notes(tmp_path / "incoming")
    add(run, ws, doc, "--core")
    add(run, ws, doc, "--personal-data")
    assert Register(Path(ws)).get("E-001").handling.personal_data  # the rule held, until...
    hand_edit(ws, "E-001", personal_data=False)
    return ws


def test_the_build_keeps_back_a_copy_relaxed_by_hand(run, relaxed_copy: str) -> None:
    pack, output = built(run, relaxed_copy)
    assert not (pack / "documents").exists()
    assert pack_leaks(pack, MARKER) == []
    assert "E-001" in output and "E-002" in output and "kept back" in output
    manifest = json.loads((pack / "manifest.json").read_text(encoding="utf-8"))
    assert {i["id"]: i["state"] for i in manifest["items"]}["E-001"] == "team-room"


def test_check_and_validate_report_copies_whose_handling_differs(run, relaxed_copy: str) -> None:
    checked = run("evidence", "check", "-w", relaxed_copy)
    assert checked.exit_code == 1
    assert "copies-differ" in checked.stdout
    assert "E-001" in checked.stdout and "E-002" in checked.stdout
    assert "every copy" in checked.stdout
    validated = run("validate", "-w", relaxed_copy)
    assert validated.exit_code == 1
    assert "E-002" in validated.output and "same handling" in validated.output


def test_the_relax_hint_says_to_relax_every_copy(run, ws: str, tmp_path: Path) -> None:
    doc = case_notes(tmp_path / "incoming", "x.txt")
    add(run, ws, doc, "--sensitive")
    add(run, ws, doc, "--sensitive")
    log = write(doc.parent / "log.csv", "title,file,classification\nX,x.txt,OFFICIAL\n")
    imported = run("evidence", "import", str(log), "-w", ws)
    assert imported.exit_code == 0, imported.output
    assert "E-001.json" in imported.stdout and "E-002.json" in imported.stdout
    assert "every copy" in imported.stdout


# --- 2. a linked file changed on disk ---------------------------------------------------------
def test_a_linked_file_changed_after_it_was_added_is_not_shipped(
    run, ws: str, tmp_path: Path
) -> None:
    budget = write(tmp_path / "shared" / "budget.txt", "Budget 2026/27: balanced.\n")
    notes = case_notes(tmp_path / "shared")
    add(run, ws, budget, "--link", "--core", "--title", "Budget")
    add(run, ws, notes, "--personal-data")
    stat = budget.stat()
    budget.write_bytes(notes.read_bytes())
    os.utime(budget, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    pack, output = built(run, ws)
    assert pack_leaks(pack, MARKER) == []
    assert list(pack.glob("documents/*")) == []
    assert "E-001" in output and "changed" in output and "evidence check" in output
    manifest = json.loads((pack / "manifest.json").read_text(encoding="utf-8"))
    listed = {i["id"]: i for i in manifest["items"]}["E-001"]
    assert listed["file"] is None and listed["title"] == "Budget"


def test_a_changed_file_with_its_size_and_time_kept_is_caught_by_its_hash(
    run, ws: str, tmp_path: Path
) -> None:
    budget = write(tmp_path / "shared" / "budget.txt", "Budget 2026/27: balanced xx.\n")
    add(run, ws, budget, "--link", "--core")
    stat = budget.stat()
    budget.write_bytes(
        f"{MARKER} Mill Lane household..\n".encode()[: stat.st_size].ljust(stat.st_size)
    )
    os.utime(budget, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    pack, output = built(run, ws)
    assert pack_leaks(pack, MARKER) == []
    assert "changed" in output


def test_an_unchanged_linked_file_still_ships(run, ws: str, tmp_path: Path) -> None:
    budget = write(tmp_path / "shared" / "budget.txt", "Budget 2026/27: balanced.\n")
    add(run, ws, budget, "--link", "--core")
    pack, _ = built(run, ws)
    assert (pack / "documents" / "E-001-budget.txt").read_bytes() == budget.read_bytes()


# --- 3. handling columns an import must not ignore ---------------------------------------------
@pytest.mark.parametrize("header", ["Sensitive", "Official-sensitive", "Sensitive (Y/N)"])
def test_a_sensitive_column_marks_official_sensitive(
    run, ws: str, tmp_path: Path, header: str
) -> None:
    doc = case_notes(tmp_path / "incoming")
    log = write(doc.parent / "log.csv", f"Title,File,{header}\nNotes,case-notes.txt,yes\n")
    imported = run("evidence", "import", str(log), "-w", ws)
    assert imported.exit_code == 0, imported.output
    assert "ignored" not in imported.output
    assert Register(Path(ws)).get("E-001").handling.classification == "OFFICIAL-SENSITIVE"
    assert pack_leaks(built(run, ws)[0], MARKER) == []


@pytest.mark.parametrize(
    "header",
    [
        "Handling",
        "Restricted (personal data or Part 2)",
        "Restricted",
        "Data protection",
    ],
)
def test_a_handling_column_that_cannot_be_mapped_imports_nothing(
    run, ws: str, tmp_path: Path, header: str
) -> None:
    doc = case_notes(tmp_path / "incoming")
    log = write(doc.parent / "log.csv", f'Title,File,"{header}"\nNotes,case-notes.txt,yes\n')
    imported = run("evidence", "import", str(log), "-w", ws)
    assert imported.exit_code == 1, imported.output
    assert str(log) in imported.stderr and header in imported.stderr
    assert "nothing was imported" in imported.stderr
    assert Register(Path(ws)).items() == []


def test_two_columns_for_one_handling_mark_import_nothing(run, ws: str, tmp_path: Path) -> None:
    doc = case_notes(tmp_path / "incoming")
    log = write(
        doc.parent / "log.csv",
        "Title,File,Classification,Protective marking,Exempt,Confidential\n"
        "Notes,case-notes.txt,OFFICIAL,OFFICIAL-SENSITIVE,no,yes\n",
    )
    imported = run("evidence", "import", str(log), "-w", ws)
    assert imported.exit_code == 1, imported.output
    assert "Protective marking" in imported.stderr and "Confidential" in imported.stderr
    assert Register(Path(ws)).items() == []


def test_a_confidential_or_protective_marking_column_alone_is_understood(
    run, ws: str, tmp_path: Path
) -> None:
    doc = case_notes(tmp_path / "incoming")
    log = write(
        doc.parent / "log.csv",
        "Title,File,Protective marking,Confidential\nNotes,case-notes.txt,OFFICIAL,yes\n",
    )
    imported = run("evidence", "import", str(log), "-w", ws)
    assert imported.exit_code == 0, imported.output
    assert Register(Path(ws)).get("E-001").handling.exempt


# --- 4. the same link added twice ------------------------------------------------------------
@pytest.mark.parametrize(
    "again", [URL, URL + "/", "HTTPS://Intranet.Example/cases/smith-john-review"]
)
def test_the_same_link_added_twice_takes_the_strictest_handling(run, ws: str, again: str) -> None:
    add(run, ws, URL, "--title", "Review")
    second = run("evidence", "add", again, "--personal-data", "-w", ws, "--no-input")
    assert "E-001 is now OFFICIAL, personal data: it is the same link as E-002" in second.stdout
    register = Register(Path(ws))
    assert register.get("E-001").handling.personal_data
    pack, _ = built(run, ws)
    assert pack_leaks(pack, "smith-john") == []


def test_an_imported_row_with_a_ref_for_a_kept_back_link_is_kept_back(
    run, ws: str, tmp_path: Path
) -> None:
    add(run, ws, URL, "--exempt")
    log = write(tmp_path / "log.csv", f"ref,title,url\nLOG-1,Review,{URL}/\n")
    imported = run("evidence", "import", str(log), "-w", ws)
    assert imported.exit_code == 0, imported.output
    assert Register(Path(ws)).get("E-002").handling.exempt
    assert pack_leaks(built(run, ws)[0], "smith-john") == []


def test_the_build_keeps_back_a_link_relaxed_by_hand(run, ws: str) -> None:
    add(run, ws, URL, "--title", "Review")
    add(run, ws, URL, "--personal-data")
    hand_edit(ws, "E-001", personal_data=False)
    pack, output = built(run, ws)
    assert pack_leaks(pack, "smith-john") == []
    assert "E-001" in output and "E-002" in output
