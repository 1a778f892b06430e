"""`evidence import` under hostile input: honest encodings, damaged and huge workbooks and
documents, paths out of the log's folder, and a kill at any moment (issue 11)."""

from __future__ import annotations

import contextlib
import csv
import io
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from conftest import write

from selfassess.evidence.evidence_log import Register

HEADER = ["Ref", "Title", "Summary", "Type", "File"]


def csv_bytes(rows: list[list[str]], header: list[str] = HEADER) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    write(folder / "plan.txt", "Council plan. Our priorities are housing and the economy.\n")
    write(folder / "mtfs.md", "# MTFS\nThe medium-term financial strategy.\n")
    return folder


def items_bytes(root: Path) -> dict[str, bytes]:
    folder = root / "evidence"
    return {
        p.relative_to(root).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


# --- encodings -------------------------------------------------------------------------------
SUMMARY = "A gap of £4.3m \u2013 closing"  # an en dash: in Windows-1252 as in UTF-8
ROWS = [
    ["R1", "MTFS", SUMMARY, "budget-and-finance", "mtfs.md"],
    ["R2", "Café plan", "Our plan", "plan-or-strategy", "plan.txt"],
]


def test_a_stray_byte_in_a_utf8_log_changes_nothing(run, ws: str, docs: Path) -> None:
    log = docs / "log.csv"
    log.write_bytes(csv_bytes(ROWS).encode("utf-8"))
    first = run("evidence", "import", str(log), "-w", ws)
    assert first.exit_code == 0 and "(read as UTF-8)" in first.stdout, first.output
    before = items_bytes(Path(ws))
    damaged = csv_bytes([ROWS[0], [*ROWS[1][:2], "Our plan \x96 revised", *ROWS[1][3:]]])
    log.write_bytes(damaged.encode("utf-8").replace("\x96".encode(), b"\x96"))
    result = run("evidence", "import", str(log), "-w", ws)
    assert result.exit_code == 1
    assert "row 3" in result.stderr and "0x96" in result.stderr, result.stderr
    assert "--encoding" in result.stderr and "nothing was imported" in result.stderr
    assert items_bytes(Path(ws)) == before
    assert Register(Path(ws)).get("E-001").summary == SUMMARY


def test_a_windows_1252_log_imports_and_says_so(run, ws: str, docs: Path) -> None:
    log = docs / "log.csv"
    log.write_bytes(csv_bytes(ROWS).encode("cp1252"))
    result = run("evidence", "import", str(log), "-w", ws)
    assert result.exit_code == 0, result.output
    assert "(read as Windows-1252)" in result.stdout
    first, second = Register(Path(ws)).items()
    assert first.summary == SUMMARY and second.title == "Café plan"


def test_utf16_with_a_byte_order_mark_imports(run, ws: str, docs: Path) -> None:
    log = docs / "log.csv"
    log.write_bytes(csv_bytes(ROWS).encode("utf-16"))  # Python writes the mark
    result = run("evidence", "import", str(log), "-w", ws)
    assert result.exit_code == 0 and "(read as UTF-16)" in result.stdout, result.output
    assert Register(Path(ws)).items()[0].summary == SUMMARY


def test_utf16_without_a_mark_is_refused_clearly(run, ws: str, docs: Path) -> None:
    log = docs / "log.csv"
    log.write_bytes(csv_bytes(ROWS).encode("utf-16-le"))
    result = run("evidence", "import", str(log), "-w", ws)
    assert result.exit_code == 1 and "UTF-16" in result.stderr, result.output
    assert Register(Path(ws)).items() == []
    given = run("evidence", "import", str(log), "-w", ws, "--encoding", "utf-16-le")
    assert given.exit_code == 0, given.output


def test_encoding_given(run, ws: str, docs: Path) -> None:
    log = docs / "log.csv"
    log.write_bytes(csv_bytes(ROWS[1:]).encode("latin-1"))
    bad_name = run("evidence", "import", str(log), "-w", ws, "--encoding", "klingon")
    assert bad_name.exit_code == 2 and "klingon" in bad_name.stderr
    wrong = run("evidence", "import", str(log), "-w", ws, "--encoding", "utf-8")
    assert wrong.exit_code == 1 and "row 2" in wrong.stderr and "0xe9" in wrong.stderr
    result = run("evidence", "import", str(log), "-w", ws, "--encoding", "latin-1")
    assert result.exit_code == 0 and "read as Latin-1" in result.stdout, result.output
    assert Register(Path(ws)).items()[0].title == "Café plan"


# --- CSVs that broke the reader ----------------------------------------------------------------
def test_bare_cr_line_endings(run, ws: str, docs: Path) -> None:
    log = docs / "log.csv"
    log.write_bytes(csv_bytes(ROWS).replace("\r\n", "\r").encode("utf-8"))
    result = run("evidence", "import", str(log), "-w", ws)
    assert result.exit_code == 0, result.output
    assert [i.source_ref for i in Register(Path(ws)).items()] == ["R1", "R2"]


def test_a_cell_over_128_kb_names_its_row(run, ws: str, docs: Path) -> None:
    log = docs / "log.csv"
    rows = [ROWS[0], ["R2", "Plan", "x" * 200_000, "other", "plan.txt"]]
    log.write_bytes(csv_bytes(rows).encode("utf-8"))
    result = run("evidence", "import", str(log), "-w", ws)
    assert result.exit_code == 1 and "row 3" in result.stderr and "128 KB" in result.stderr
    assert Register(Path(ws)).items() == []


def test_over_20000_rows_is_refused_quickly(run, ws: str, docs: Path) -> None:
    log = docs / "log.csv"
    log.write_bytes(csv_bytes([["R", "T", "", "other", "plan.txt"]] * 20_100).encode())
    started = time.monotonic()
    result = run("evidence", "import", str(log), "-w", ws)
    assert result.exit_code == 1 and "over 20,000 rows" in result.stderr
    assert time.monotonic() - started < 5


# --- workbooks -------------------------------------------------------------------------------
def workbook(path: Path, far_cell: bool = False) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in ROWS:
        sheet.append(row)
    if far_cell:
        sheet.cell(row=1_048_576, column=1, value="stray")
    book.save(path)
    return path


def rewrite(path: Path, member: str, change: object) -> None:
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    if change is None:
        del parts[member]
    else:
        parts[member] = change(parts[member])  # type: ignore[operator]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


@pytest.mark.parametrize(
    "damage",
    [
        "shared string out of range",
        "sheet missing",
        "broken XML",
        "truncated",
    ],
)
def test_a_damaged_workbook_is_a_clear_error(run, ws: str, docs: Path, damage: str) -> None:
    log = workbook(docs / "log.xlsx")
    sheet = "xl/worksheets/sheet1.xml"
    if damage == "shared string out of range":
        import re

        # openpyxl writes inline strings; a cell that points into the shared strings instead
        rewrite(
            log,
            sheet,
            lambda xml: re.sub(rb't="inlineStr"><is><t>R1</t></is>', b't="s"><v>999</v>', xml),
        )
    elif damage == "sheet missing":
        rewrite(log, sheet, None)
    elif damage == "broken XML":
        rewrite(log, sheet, lambda xml: xml[: len(xml) // 2])
    else:
        log.write_bytes(log.read_bytes()[:300])
    result = run("evidence", "import", str(log), "-w", ws)
    assert result.exit_code == 1, result.output
    assert str(log) in result.stderr and "Traceback" not in result.output
    assert Register(Path(ws)).items() == []


def test_a_cell_at_the_last_row_does_not_hang(run, ws: str, docs: Path) -> None:
    log = workbook(docs / "log.xlsx", far_cell=True)
    started = time.monotonic()
    result = run("evidence", "import", str(log), "-w", ws)
    assert time.monotonic() - started < 3
    assert result.exit_code == 0, result.output
    assert "were not read" in result.stdout
    assert len(Register(Path(ws)).items()) == 2


@pytest.fixture(scope="module")
def bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An Office file whose one XML part expands to 120 MB from a few hundred KB (made
    once: compressing it takes a moment)."""
    path = tmp_path_factory.mktemp("bomb") / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<w:p>" + b" " * (120 * 2**20) + b"</w:p>")
    return path


def test_a_document_that_expands_hugely_is_refused_before_reading(docs: Path, bomb: Path) -> None:
    from selfassess.evidence.extract import extract

    document = docs / "bomb.docx"
    document.write_bytes(bomb.read_bytes())
    started = time.monotonic()
    found = extract(document)
    assert time.monotonic() - started < 2
    assert found.text == "" and found.warning and "word/document.xml" in found.warning
    assert "120 MB" in found.warning


def test_a_log_that_expands_hugely_is_refused(run, ws: str, docs: Path, bomb: Path) -> None:
    log = docs / "log.xlsx"
    log.write_bytes(bomb.read_bytes())
    started = time.monotonic()
    result = run("evidence", "import", str(log), "-w", ws)
    assert time.monotonic() - started < 3
    assert result.exit_code == 1 and "expands to 120 MB" in result.stderr


def test_a_log_row_with_such_a_document_imports_without_its_text(
    run, ws: str, docs: Path, bomb: Path
) -> None:
    (docs / "bomb.docx").write_bytes(bomb.read_bytes())
    log = write(docs / "log.csv", csv_bytes([["R1", "Big", "", "other", "bomb.docx"]]))
    started = time.monotonic()
    result = run("evidence", "import", str(log), "-w", ws)
    assert time.monotonic() - started < 3
    assert result.exit_code == 0, result.output
    (item,) = Register(Path(ws)).items()
    assert item.file is not None and item.file.pages is None


# --- the file column stays in the log's folder ------------------------------------------------
def test_files_outside_the_logs_folder_are_refused(run, ws: str, docs: Path, tmp_path) -> None:
    outside = write(tmp_path / "outside.txt", "not for the log\n")
    (docs / "sub").mkdir()
    os.symlink(outside, docs / "sub" / "link.txt")
    rows = [
        ["R1", "Host", "", "other", "/etc/hostname"],
        ["R2", "Up", "", "other", "../outside.txt"],
        ["R3", "Link", "", "other", "sub/link.txt"],
        ["R4", "Drive", "", "other", "C:\\Finance\\mtfs.pdf"],
        ["R5", "Fine", "", "other", "plan.txt"],
    ]
    log = write(docs / "log.csv", csv_bytes(rows))
    result = run("evidence", "import", str(log), "-w", ws)
    assert result.exit_code == 1
    for row in ("row 2 (R1)", "row 3 (R2)", "row 4 (R3)", "row 5 (R4)"):
        assert f"{row}: column E (File)" in result.stderr, result.stderr
    assert "row 6" not in result.stderr
    assert Register(Path(ws)).items() == []


def test_files_in_a_subfolder_of_the_log_import(run, ws: str, docs: Path) -> None:
    write(docs / "finance" / "mtfs.md", "# MTFS\n")
    log = write(docs / "log.csv", csv_bytes([["R1", "MTFS", "", "other", "finance/mtfs.md"]]))
    assert run("evidence", "import", str(log), "-w", ws).exit_code == 0


# --- a kill at any moment ---------------------------------------------------------------------
KILL_ROWS = 20


def big_log(folder: Path) -> Path:
    """A log of 20 rows, each with a 1 MB document, so the import takes a moment."""
    line = ("housing delivery and temporary accommodation " * 20 + "\n").encode()
    rows = []
    for n in range(1, KILL_ROWS + 1):
        (folder / f"doc-{n:02d}.txt").write_bytes(f"document {n}\n".encode() + line * 300)
        rows.append([f"K{n}", f"Document {n}", "", "other", f"doc-{n:02d}.txt"])
    return write(folder / "log.csv", csv_bytes(rows))


def copies_made(root: Path) -> int:
    """Documents copied so far, wherever a copy is made (looked for quickly: polled)."""
    count = 0
    for parent in (root / ".selfassess" / "staging", root / "evidence" / "files"):
        for folder in os.listdir(parent) if parent.is_dir() else []:
            with contextlib.suppress(OSError):  # removed while looked at
                names = os.listdir(parent / folder)
                count += sum(1 for n in names if n.endswith(".txt") and "doc-" in n)
    return count


def copied_ids(root: Path) -> set[str]:
    """The ids of the folders documents are copied into."""
    return {p.parent.name for p in (root / "evidence" / "files").rglob("*") if p.is_file()}


MOMENTS = {
    "first copy": lambda root: copies_made(root) >= 1,
    "half the copies": lambda root: copies_made(root) >= KILL_ROWS // 2,
    "first item written": lambda root: (
        any((root / "evidence" / "items").glob("*.json"))
        or any(root.glob(".selfassess/staging/*/journal.json"))
    ),
}


@pytest.mark.parametrize("moment", list(MOMENTS))
def test_a_killed_import_leaves_all_rows_or_none(run, ws: str, tmp_path, moment: str) -> None:
    folder = tmp_path / "drive"
    folder.mkdir()
    log, root = big_log(folder), Path(ws)
    process = subprocess.Popen(
        [sys.executable, "-m", "selfassess", "evidence", "import", str(log), "-w", ws],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 20
    while process.poll() is None and time.monotonic() < deadline:
        if MOMENTS[moment](root):
            break
        time.sleep(0.0005)
    process.send_signal(signal.SIGKILL)
    process.wait()
    checked = run("validate", ws)
    assert checked.exit_code == 0, checked.output
    assert len(Register(root).items()) in (0, KILL_ROWS)
    assert copied_ids(root) <= {i.id for i in Register(root).items()}  # no copy without its item
    again = run("evidence", "import", str(log), "-w", ws)
    assert again.exit_code == 0, again.output
    assert len(Register(root).items()) == KILL_ROWS
    assert not list(root.glob(".selfassess/staging/*"))
    assert copied_ids(root) == {i.id for i in Register(root).items()}
    imports = [
        line
        for line in (root / "activity.jsonl").read_text().splitlines()
        if "evidence-import" in line
    ]
    assert len(imports) == 1
