"""The evidence log: adding, importing the council's own log, listing and checking."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
from pathlib import Path

import pytest
from conftest import write

from selfassess.evidence.evidence_log import Register

CSV_HEADER = [
    "Ref",
    "Document title",
    "Summary",
    "Type",
    "Date",
    "Themes",
    "Pre-reading",
    "Personal data",
    "File",
]


def log_csv(
    path: Path, rows: list[list[str]], header: list[str] = CSV_HEADER, encoding: str = "utf-8"
) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding=encoding) as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    write(folder / "plan.txt", "Council plan. Our priorities are housing and the economy.\n")
    write(folder / "mtfs.md", "# MTFS\nThe medium-term financial strategy shows a gap of 4.3m.\n")
    write(
        folder / "scrutiny.html",
        "<html><body><h1>Scrutiny</h1><script>x()</script><p>Work programme</p></body></html>",
    )
    return folder


def test_add_copies_the_file_with_hash_pages_and_next_id(run, new_ws, docs: Path) -> None:
    result = run(
        "evidence",
        "add",
        str(docs / "plan.txt"),
        "-w",
        str(new_ws.root),
        "--kind",
        "plan-or-strategy",
        "--theme",
        "local-priorities-and-outcomes",
        "--core",
        "--summary",
        "Our plan.",
        "--no-input",
    )
    assert result.exit_code == 0, result.output
    assert "Added E-001: plan.txt" in result.stdout
    item = json.loads((new_ws.root / "evidence/items/E-001.json").read_text())
    copied = new_ws.root / item["file"]["path"]
    assert copied.read_bytes() == (docs / "plan.txt").read_bytes()
    import hashlib

    assert item["file"]["sha256"] == hashlib.sha256(copied.read_bytes()).hexdigest()
    assert item["file"]["pages"] == 1 and item["file"]["pages_estimated"] is True
    assert item["core"] is True and item["summary"] == "Our plan."
    second = run("evidence", "add", str(docs / "mtfs.md"), "-w", str(new_ws.root), "--no-input")
    assert "Added E-002: mtfs.md (other" in second.stdout


def test_add_link_and_url(run, new_ws, docs: Path) -> None:
    run("evidence", "add", str(docs / "plan.txt"), "--link", "-w", str(new_ws.root), "--no-input")
    run(
        "evidence",
        "add",
        "https://lginform.invalid/report/1",
        "--title",
        "LG Inform",
        "--kind",
        "benchmarking",
        "-w",
        str(new_ws.root),
        "--no-input",
    )
    items = Register(new_ws.root).items()
    assert (
        items[0].file is not None
        and items[0].file.linked
        and items[0].file.path == str((docs / "plan.txt").resolve())
    )
    assert not (new_ws.root / "evidence/files/E-001").exists()
    assert items[1].url == "https://lginform.invalid/report/1" and items[1].file is None


def test_a_summary_is_never_taken_from_the_document(run, new_ws, docs: Path) -> None:
    run("evidence", "add", str(docs / "mtfs.md"), "-w", str(new_ws.root), "--no-input")
    assert Register(new_ws.root).items()[0].summary == ""


def test_add_with_unknown_theme_or_kind(run, new_ws, docs: Path) -> None:
    bad_theme = run(
        "evidence",
        "add",
        str(docs / "plan.txt"),
        "--theme",
        "governance",
        "-w",
        str(new_ws.root),
        "--no-input",
    )
    assert bad_theme.exit_code == 2
    assert (
        "'governance' is not a theme here (did you mean 'governance-and-culture'?)"
        in bad_theme.stderr
    )
    bad_kind = run(
        "evidence",
        "add",
        str(docs / "plan.txt"),
        "--kind",
        "memo",
        "-w",
        str(new_ws.root),
        "--no-input",
    )
    assert bad_kind.exit_code == 2 and "plan-or-strategy" in bad_kind.stderr
    missing = run("evidence", "add", "nope.pdf", "-w", str(new_ws.root), "--no-input")
    assert missing.exit_code == 1 and "nope.pdf: no such file" in missing.stderr
    assert Register(new_ws.root).items() == []


def test_symlink_loop_is_a_clear_error(run, new_ws, tmp_path: Path) -> None:
    os.symlink(tmp_path / "b", tmp_path / "a")
    os.symlink(tmp_path / "a", tmp_path / "b")
    result = run("evidence", "add", str(tmp_path / "a"), "-w", str(new_ws.root), "--no-input")
    assert result.exit_code == 1 and "cannot follow this path" in result.stderr


def test_import_is_all_or_nothing_and_lists_every_bad_row(run, new_ws, docs: Path) -> None:
    log = log_csv(
        docs / "log.csv",
        [
            [
                "R1",
                "Plan",
                "Our plan",
                "Plan or strategy",
                "01/04/2024",
                "local-priorities-and-outcomes",
                "yes",
                "no",
                "plan.txt",
            ],
            [
                "R2",
                "MTFS",
                "",
                "budget",
                "2025-02-30",
                "Financial planning and management",
                "no",
                "no",
                "mtfs.md",
            ],
            ["R3", "Missing", "", "other", "", "finance", "maybe", "no", "gone.pdf"],
        ],
    )
    result = run("evidence", "import", str(log), "-w", str(new_ws.root))
    assert result.exit_code == 1
    assert "nothing was imported" in result.stderr
    assert "log.csv:3: row 3 (R2): date '2025-02-30' is not a date" in result.stderr
    assert (
        "row 4 (R3)" in result.stderr and "pre-reading 'maybe' should be yes or no" in result.stderr
    )
    assert (
        "file 'gone.pdf' not found" in result.stderr
        and "'finance' is not a theme here" in result.stderr
    )
    assert Register(new_ws.root).items() == []


def test_import_twice_adds_nothing_and_a_changed_row_updates(run, new_ws, docs: Path) -> None:
    rows = [
        [
            "R1",
            "Plan",
            "Our plan",
            "Plan or strategy",
            "01/04/2024",
            "local-priorities-and-outcomes",
            "yes",
            "no",
            "plan.txt",
        ],
        [
            "R2",
            "MTFS",
            "",
            "budget-and-finance",
            "2025-02-25",
            "Financial planning and management",
            "no",
            "no",
            "mtfs.md",
        ],
    ]
    log = log_csv(docs / "log.csv", rows)
    first = run("evidence", "import", str(log), "-w", str(new_ws.root))
    assert "2 added, 0 updated, 0 unchanged" in first.stdout, first.output
    again = run("evidence", "import", str(log), "-w", str(new_ws.root))
    assert "0 added, 0 updated, 2 unchanged" in again.stdout
    rows[1][2] = "The MTFS to 2029/30."
    log_csv(docs / "log.csv", rows)
    third = run("evidence", "import", str(log), "-w", str(new_ws.root))
    assert "0 added, 1 updated, 1 unchanged" in third.stdout
    items = Register(new_ws.root).items()
    assert [i.id for i in items] == ["E-001", "E-002"]
    assert items[1].summary == "The MTFS to 2029/30." and items[1].themes == [
        "financial-planning-and-management"
    ]
    assert items[0].date == "2024-04-01" and items[0].kind == "plan-or-strategy"


def test_import_excel_with_a_title_row_above_the_header(run, new_ws, docs: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Evidence log"
    sheet.append(["Testbury evidence log - peer challenge 2026"])
    sheet.append([])
    sheet.append(["Reference", "Title", "Category", "Date", "Theme", "Location"])
    sheet.append(
        [
            "T-1",
            "Plan",
            "plan-or-strategy",
            dt.datetime(2025, 5, 1),
            "local-priorities-and-outcomes",
            "plan.txt",
        ]
    )
    book.save(docs / "log.xlsx")
    result = run("evidence", "import", str(docs / "log.xlsx"), "-w", str(new_ws.root))
    assert result.exit_code == 0, result.output
    (item,) = Register(new_ws.root).items()
    assert (item.source_ref, item.date, item.kind) == ("T-1", "2025-05-01", "plan-or-strategy")


def test_import_windows_csv(run, new_ws, docs: Path) -> None:
    log = log_csv(
        docs / "log.csv",
        [["R1", "Café strategy - 2025", "", "other", "", "", "", "", "plan.txt"]],
        encoding="cp1252",
    )
    assert run("evidence", "import", str(log), "-w", str(new_ws.root)).exit_code == 0
    assert Register(new_ws.root).items()[0].title == "Café strategy - 2025"


def test_list_show_and_filters(run, new_ws, docs: Path) -> None:
    run(
        "evidence",
        "add",
        str(docs / "plan.txt"),
        "--theme",
        "local-priorities-and-outcomes",
        "-w",
        str(new_ws.root),
        "--no-input",
    )
    run(
        "evidence",
        "add",
        str(docs / "mtfs.md"),
        "--kind",
        "budget-and-finance",
        "-w",
        str(new_ws.root),
        "--no-input",
    )
    listed = json.loads(
        run(
            "evidence", "list", "-w", str(new_ws.root), "--json", "--kind", "budget-and-finance"
        ).stdout
    )
    assert [i["id"] for i in listed] == ["E-002"]
    as_csv = run(
        "evidence",
        "list",
        "-w",
        str(new_ws.root),
        "--csv",
        "--theme",
        "local-priorities-and-outcomes",
    ).stdout
    assert as_csv.splitlines()[1].startswith("E-001,plan.txt")
    assert "budget" in run("evidence", "show", "e-2", "-w", str(new_ws.root)).stdout.lower()
    missing = run("evidence", "show", "E-9", "-w", str(new_ws.root))
    assert missing.exit_code == 1 and "no evidence item 'E-009'" in missing.stderr


def test_check_finds_missing_changed_stale_outside_period_and_empty_themes(
    run, new_ws, docs: Path
) -> None:
    meta = new_ws.root / "workspace.yaml"
    meta.write_text(meta.read_text().replace("period_start: null", "period_start: '2023-04-01'"))
    w = str(new_ws.root)
    run(
        "evidence",
        "add",
        str(docs / "plan.txt"),
        "--theme",
        "local-priorities-and-outcomes",
        "-w",
        w,
        "--no-input",
    )
    run(
        "evidence",
        "add",
        str(docs / "mtfs.md"),
        "--theme",
        "financial-planning-and-management",
        "-w",
        w,
        "--no-input",
    )
    run(
        "evidence",
        "add",
        str(docs / "scrutiny.html"),
        "--date",
        "2019-06-01",
        "-w",
        w,
        "--no-input",
    )
    (new_ws.root / "evidence/files/E-001/plan.txt").unlink()
    changed = new_ws.root / "evidence/files/E-002/mtfs.md"
    changed.write_text(changed.read_text() + "edited\n")
    result = run("evidence", "check", "-w", w, "--json")
    assert result.exit_code == 1
    rules = {(f["rule"], f["item"] or f["theme"]) for f in json.loads(result.stdout)}
    assert ("missing-file", "E-001") in rules
    assert ("changed-file", "E-002") in rules
    assert ("stale", "E-003") in rules and ("outside-period", "E-003") in rules
    assert ("theme-without-evidence", "governance-and-culture") in rules
    assert ("theme-without-evidence", "local-priorities-and-outcomes") not in rules


def test_check_passes_on_a_tidy_log(run, new_ws, docs: Path) -> None:
    for theme in new_ws.framework.theme_ids:
        run(
            "evidence",
            "add",
            str(docs / "plan.txt"),
            "--theme",
            theme,
            "-w",
            str(new_ws.root),
            "--no-input",
        )
    result = run("evidence", "check", "-w", str(new_ws.root))
    assert result.exit_code == 0 and "in order" in result.stdout


def test_item_path_escaping_the_workspace_is_refused(run, new_ws, docs: Path) -> None:
    run("evidence", "add", str(docs / "plan.txt"), "--core", "-w", str(new_ws.root), "--no-input")
    path = new_ws.root / "evidence/items/E-001.json"
    data = json.loads(path.read_text())
    data["file"]["path"] = "../../../etc/passwd"
    path.write_text(json.dumps(data))
    check = run("evidence", "check", "-w", str(new_ws.root), "--json")
    assert "unsafe-path" in check.stdout
    build = run("pack", "build", "-w", str(new_ws.root))
    assert build.exit_code == 1 and "leads outside the workspace" in build.stderr


def test_broken_item_file_is_reported_with_its_name(run, new_ws, docs: Path) -> None:
    run("evidence", "add", str(docs / "plan.txt"), "-w", str(new_ws.root), "--no-input")
    write(new_ws.root / "evidence/items/E-001.json", '{"id": "E-001", "title": ')
    result = run("evidence", "list", "-w", str(new_ws.root))
    assert result.exit_code == 1 and "E-001.json:1: not valid JSON" in result.stderr


def test_a_second_copy_of_a_sensitive_file_keeps_its_handling(run, new_ws, docs: Path) -> None:
    w = str(new_ws.root)
    run("evidence", "add", str(docs / "plan.txt"), "--sensitive", "-w", w, "--no-input")
    again = run("evidence", "add", str(docs / "plan.txt"), "--core", "-w", w, "--no-input")
    assert "same file as E-001" in again.stdout and "cannot reach a pack" in again.stdout
    assert Register(new_ws.root).get("E-002").handling.classification == "OFFICIAL-SENSITIVE"


def test_importing_a_log_never_relaxes_handling_or_blanks_missing_columns(
    run, new_ws, docs: Path
) -> None:
    w = str(new_ws.root)
    run(
        "evidence",
        "add",
        str(docs / "plan.txt"),
        "--sensitive",
        "--core",
        "--summary",
        "Our plan",
        "--theme",
        "governance-and-culture",
        "--title",
        "Plan",
        "-w",
        w,
        "--no-input",
    )
    log = log_csv(
        docs / "log.csv",
        [["Plan v2", "plan.txt", "OFFICIAL", "no"]],
        header=["Title", "File", "Classification", "Exempt"],
    )
    result = run("evidence", "import", str(log), "-w", w)
    assert result.exit_code == 0 and "1 updated" in result.stdout
    assert "stays OFFICIAL-SENSITIVE" in result.stdout
    item = Register(new_ws.root).get("E-001")
    assert item.title == "Plan v2" and item.summary == "Our plan" and item.core
    assert (
        item.themes == ["governance-and-culture"]
        and item.handling.classification == "OFFICIAL-SENSITIVE"
    )


def test_headers_are_matched_by_their_words_and_unknown_ones_reported(
    run, new_ws, docs: Path
) -> None:
    log = log_csv(
        docs / "log.csv",
        [["X-1", "Scrutiny review", "committee report", "01/02/2026", "plan.txt", "?"]],
        header=[
            "Our Ref",
            "Document title",
            "Type of document",
            "Date of document",
            "File name",
            "Colour",
        ],
    )
    result = run("evidence", "import", str(log), "-w", str(new_ws.root))
    assert result.exit_code == 0, result.output
    assert "columns not understood, and ignored: Colour" in result.stdout
    item = Register(new_ws.root).get("E-001")
    assert (item.source_ref, item.kind, item.date) == ("X-1", "committee-report", "2026-02-01")


def test_respond_with_a_sensitive_file_keeps_it_out_of_the_pack(
    run, demo_ws: Path, tmp_path: Path
) -> None:
    from selfassess.requests import teamfile

    team = tmp_path / "team.yaml"
    run(
        "request",
        "add",
        "--ask",
        "The latest risk register",
        "--pack",
        str(demo_ws / "packs" / "v2"),
        "--file",
        str(team),
    )
    run("request", "import", str(team), "-w", str(demo_ws))
    rid = teamfile.load_file(team).requests[0].id
    risky = demo_ws / "evidence" / "files" / "E-008"
    source = next(risky.iterdir())  # the demo's OFFICIAL-SENSITIVE risk register, a second copy
    refused = run(
        "request", "respond", rid, "--file", str(source), "-w", str(demo_ws), "--no-input"
    )
    assert refused.exit_code == 2 and "--team-room" in refused.stderr
    assert run("request", "respond", rid, "--team-room", "-w", str(demo_ws)).exit_code == 0
    run("pack", "build", "-w", str(demo_ws))
    manifest = json.loads((demo_ws / "packs" / "v3" / "manifest.json").read_text())
    assert not any(f.endswith(source.name.replace(" ", "-")) for f in manifest["files"])


def test_held_saves_write_together_or_not_at_all(new_ws, docs: Path) -> None:
    from selfassess.evidence.evidence_log import add
    from selfassess.evidence.model import EvidenceItem

    themes = new_ws.framework.theme_ids
    register = Register(new_ws.root)
    items_dir = new_ws.root / "evidence" / "items"
    with pytest.raises(RuntimeError), register.held_saves():
        add(register, str(docs / "plan.txt"), EvidenceItem("E-000", "Plan"), themes, [])
        assert register.next_id() == "E-002" and not items_dir.exists()
        raise RuntimeError("stopped mid-import")
    assert register.items() == [] and Register(new_ws.root).items() == []
    with register.held_saves():
        for name in ("plan.txt", "mtfs.md", "plan.txt"):
            add(register, str(docs / name), EvidenceItem("E-000", name), themes, [])
        assert not items_dir.exists()
    assert "E-003 is the same file as E-001" in register.notices
    assert [i.id for i in Register(new_ws.root).items()] == ["E-001", "E-002", "E-003"]
    assert register.next_id() == "E-004" == Register(new_ws.root).next_id()


def test_next_id_follows_the_highest_id_even_after_a_gap(run, new_ws, docs: Path) -> None:
    w = str(new_ws.root)
    run("evidence", "add", str(docs / "plan.txt"), "-w", w, "--no-input")
    item_file = new_ws.root / "evidence" / "items" / "E-001.json"
    data = json.loads(item_file.read_text())
    data["id"] = "E-041"
    (item_file.parent / "E-041.json").write_text(json.dumps(data))
    item_file.unlink()
    rows = [["", "MTFS", "", "", "", "", "", "", "mtfs.md"], ["", "", "", "", "", "", "", "", ""]]
    result = run("evidence", "import", str(log_csv(docs / "log.csv", rows)), "-w", w)
    assert "1 added" in result.stdout, result.output
    assert [i.id for i in Register(new_ws.root).items()] == ["E-041", "E-042"]


@pytest.mark.parametrize(
    "body",
    ["", "   \n\t ", "one", "word " * 1000, "a\x00b  c\u00a0d\n\n\ne", "£4.3m — «quoted» " * 333],
)
def test_a_text_document_counts_its_pages_as_its_extracted_text_would(
    tmp_path: Path, body: str
) -> None:
    from selfassess.evidence.extract import TextCache, extract

    doc = tmp_path / "note.txt"
    doc.write_text(body, encoding="utf-8")
    quick, full = TextCache(tmp_path / "cache").pages(doc, "x"), extract(doc)
    assert (quick.pages, quick.pages_estimated) == (full.pages, full.pages_estimated)
    assert not (tmp_path / "cache").exists()  # plain text is never cached
