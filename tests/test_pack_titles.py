"""The title the peer team sees: never the file name of an item kept back, and an item's
pack title where it has one, in every output the team reads."""

from __future__ import annotations

import io
import json
import shutil
import sqlite3
import zipfile
from pathlib import Path

import pytest
from conftest import write

from selfassess.assessment.workspace import Workspace
from selfassess.evidence.evidence_log import Register
from selfassess.pack import builder
from selfassess.pack.builder import BuildOptions

THEME = "governance-and-culture"
# distinctive words in file names and real titles that must never reach the team
SECRETS = ("jsmithqx7", "kwcasezq9", "riskqv3", "riversidehq4", "larchmontzr8")
PART2_PACK_TITLE = "Cabinet Part 2 report: options for a vacant office building"
IMPORTED_PACK_TITLE = "Cabinet Part 2 report: a land disposal"


def members(data: bytes) -> list[bytes]:
    """The bytes of a file, and of every member when it is a zip (a .docx, a zipped pack)."""
    found = [data]
    if data[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for name in archive.namelist():
                found += members(archive.read(name))
    return found


def index_terms(path: Path, scratch: Path) -> set[str]:
    """Every term in a search index's full-text table (read from a copy)."""
    copy = scratch / "terms.sqlite"
    shutil.copy(path, copy)
    db = sqlite3.connect(copy)
    try:
        db.execute("CREATE VIRTUAL TABLE temp.terms USING fts5vocab(main, docs, 'row')")
        return {row[0] for row in db.execute("SELECT term FROM temp.terms")}
    finally:
        db.close()


@pytest.fixture
def kept_back(new_ws: Workspace, tmp_path: Path, run) -> Workspace:
    """Items kept back by every route in: `evidence add` (personal data, sensitive, exempt
    with a pack title) and `evidence import` (personal data, exempt with a pack title),
    none but the Part 2 papers with a title the council wrote; and one shareable item."""
    ws, incoming = str(new_ws.root), tmp_path / "incoming"
    add = ("evidence", "add", "-w", ws, "--no-input", "--theme", THEME)
    cases = write(incoming / "jsmithqx7-safeguarding-review.txt", "case notes jsmithqx7")
    assert run(*add, str(cases), "--personal-data", "--date", "2015-01-01").exit_code == 0
    risk = write(incoming / "riskqv3.txt", "risk notes")
    assert run(*add, str(risk), "--sensitive").exit_code == 0
    part2 = write(incoming / "part2.txt", "valuation advice")
    title = "Cabinet Part 2: Riversidehq4 House, options"
    result = run(*add, str(part2), "--exempt", "--title", title, "--pack-title", PART2_PACK_TITLE)
    assert result.exit_code == 0, result.output
    shared = write(incoming / "budget-2026.txt", "budget text")
    assert run(*add, str(shared), "--core").exit_code == 0
    write(incoming / "kwcasezq9.txt", "household details")
    write(incoming / "land.txt", "land valuation")
    log = write(
        incoming / "log.csv",
        "ref,title,file,personal_data,exempt,themes,pack_title\n"
        f"LOG-1,,kwcasezq9.txt,yes,no,{THEME},\n"
        f"LOG-2,Larchmontzr8 Farm disposal,land.txt,no,yes,{THEME},{IMPORTED_PACK_TITLE}\n",
    )
    assert run("evidence", "import", str(log), "-w", ws).exit_code == 0
    return new_ws


def test_whether_the_council_wrote_the_title_is_recorded(kept_back: Workspace) -> None:
    written = {i.id: i.title_written for i in Register(kept_back.root).items()}
    assert written == {
        "E-001": False,  # added with no --title: its file name
        "E-002": False,
        "E-003": True,
        "E-004": False,
        "E-005": False,  # imported with the title cell empty
        "E-006": True,
    }


@pytest.mark.parametrize("as_zip", [False, True])
def test_no_file_name_or_real_title_of_an_item_kept_back_reaches_the_team(
    kept_back: Workspace, tmp_path: Path, run, as_zip: bool
) -> None:
    built = builder.build(kept_back, BuildOptions(as_zip=as_zip))
    files = (
        [p.read_bytes() for p in built.path.rglob("*") if p.is_file()]
        if built.path.is_dir()
        else [built.path.read_bytes()]
    )
    index = built.path / "search.sqlite"
    if as_zip:
        index = tmp_path / "index.sqlite"
        with zipfile.ZipFile(built.path) as archive:
            index.write_bytes(archive.read("search.sqlite"))
    scope = run("scope", "-w", str(kept_back.root), "--format", "md", "--out", "-").stdout
    report = run("report", "-w", str(kept_back.root), "--format", "md", "--out", "-").stdout
    queried = [
        run("query", words, "--pack", str(built.path), "--json").stdout
        for words in ("document", "team room", "E-001", "cabinet", *SECRETS)
    ]
    seen = [b for data in files for b in members(data)]
    seen += [scope.encode(), report.encode(), *(q.encode() for q in queried)]
    for secret in SECRETS:
        assert not [b for b in seen if secret.encode() in b.lower()], secret
    assert not set(SECRETS) & index_terms(index, tmp_path)
    # what the team sees instead
    manifest = json.loads(_member(built.path, "manifest.json"))
    titles = {i["id"]: i["title"] for i in manifest["items"]}
    assert titles == {
        "E-001": "Document E-001, available in the team room",
        "E-002": "Document E-002, available in the team room",
        "E-003": PART2_PACK_TITLE,
        "E-004": "budget-2026.txt",  # shareable: its document is in the pack anyway
        "E-005": "Document E-005, available in the team room",
        "E-006": IMPORTED_PACK_TITLE,
    }
    for name in ("index.html", "library.csv"):
        text = _member(built.path, name).decode("utf-8-sig")
        assert "Document E-001, available in the team room" in text
        assert PART2_PACK_TITLE in text and IMPORTED_PACK_TITLE in text
    assert "Document E-001, available in the team room" in scope
    assert PART2_PACK_TITLE in scope and PART2_PACK_TITLE in report
    hits = json.loads(run("query", "vacant office", "--pack", str(built.path), "--json").stdout)
    assert [(h["id"], h["title"]) for h in hits] == [("E-003", PART2_PACK_TITLE)]


def _member(pack: Path, name: str) -> bytes:
    if pack.is_dir():
        return (pack / name).read_bytes()
    with zipfile.ZipFile(pack) as archive:
        return archive.read(name)


def test_an_item_from_before_titles_were_recorded_is_judged_by_its_title(
    kept_back: Workspace,
) -> None:
    from selfassess.evidence.handling import Rules, team_title

    register = Register(kept_back.root)
    legacy = register.get("E-001")
    legacy.title_written = None  # as an item written before the field existed
    assert team_title(legacy, Rules()) == "Document E-001, available in the team room"
    legacy.title = "Safeguarding review, 2025"
    assert team_title(legacy, Rules()) == "Safeguarding review, 2025"
    sensitive = register.get("E-002")  # sensitive: shown as it is when the council allows
    assert team_title(sensitive, Rules(allow_sensitive=True)) == "riskqv3.txt"


def test_a_pack_title_is_shown_and_kept_by_a_reimport(kept_back: Workspace, run) -> None:
    shown = run("evidence", "show", "E-003", "-w", str(kept_back.root)).stdout
    assert f"Pack title:   {PART2_PACK_TITLE}" in shown
    log = kept_back.root.parent / "incoming" / "log.csv"
    again = run("evidence", "import", str(log), "-w", str(kept_back.root))
    assert "0 added, 0 updated, 2 unchanged" in again.stdout
    log.write_text(log.read_text().replace(IMPORTED_PACK_TITLE, "Part 2 report"))
    run("evidence", "import", str(log), "-w", str(kept_back.root))
    assert Register(kept_back.root).get("E-006").pack_title == "Part 2 report"
