"""Reading a council's evidence log, CSV or Excel: finding the header row among the first
rows, matching its column names loosely ('Document title', 'Title' and 'Name' all mean the
title), and the data rows with their row numbers."""

from __future__ import annotations

import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from selfassess.datafiles.schemas import text_problem
from selfassess.errors import SelfAssessError
from selfassess.evidence import log_text, office_zip

COLUMNS: dict[str, tuple[str, ...]] = {
    "ref": ("ref", "reference", "id", "evidence ref", "evidence id", "no", "number"),
    "title": ("title", "document", "document title", "name", "document name", "evidence"),
    "pack_title": ("pack title", "title for the team", "team title", "title in the pack"),
    "summary": ("summary", "description", "why it matters", "notes", "comment"),
    "kind": ("kind", "type", "document type", "category", "evidence type"),
    "date": ("date", "effective date", "document date", "published date"),
    "period_start": ("period start", "period from", "from", "covers from"),
    "period_end": ("period end", "period to", "to", "covers to"),
    "owner": ("owner", "lead", "lead officer", "responsible officer", "author", "service"),
    "committee": ("committee", "meeting", "board"),
    "meeting_date": ("meeting date", "committee date"),
    "status": ("status", "draft or approved", "approval"),
    "themes": ("themes", "theme", "framework theme", "themes supported"),
    "questions": ("questions", "question", "question ids"),
    "classification": (
        "classification",
        "security classification",
        "marking",
        "protective marking",
    ),
    "sensitive": ("sensitive", "official sensitive", "is sensitive", "sensitive document"),
    "personal_data": ("personal data", "contains personal data", "personal"),
    "exempt": ("exempt", "part 2", "exempt information", "confidential"),
    "published": ("published", "published url", "published at", "public link"),
    "pre_reading": ("pre reading", "core", "core document", "pre-reading"),
    "file": ("file", "path", "file name", "filename", "location", "document path"),
    "url": ("url", "link", "web link", "web address"),
}
MAX_LOG_BYTES = 20 * 1024 * 1024
MAX_EMPTY_RUN = 1_000  # empty rows in a row that end a sheet (one stray cell far below)
MAX_COLUMNS = 256
# the columns that set an item's handling, and words that mark a header as being about
# handling: such a header is never silently ignored (a document could ship as OFFICIAL)
HANDLING_COLUMNS = ("classification", "sensitive", "personal_data", "exempt")
HANDLING_WORDS = re.compile(
    r"sensitiv|handling|marking|classif|confidential|restrict|secret|personal|exempt|"
    r"part ?(2|ii|two)\b|private|protect|gdpr|disclos|publication|special category",
    re.IGNORECASE,
)


def _norm(header: Any) -> str:
    return re.sub(r"[^a-z0-9]+", " ", str(header or "").lower()).strip()


_LOOKUP = {_norm(v): key for key, variants in COLUMNS.items() for v in (key, *variants)}


def column_for(header: Any) -> str | None:
    """The column a header names: exactly, or by its words ('Type of document' is the kind,
    'Our ref' the ref); None when it names none, or more than one equally well."""
    name = _norm(header)
    if name in _LOOKUP:
        return _LOOKUP[name]
    words = set(name.split())
    if not words:
        return None
    fits = [(len(v.split()), key) for v, key in _LOOKUP.items() if v and set(v.split()) <= words]
    if not fits:
        return None
    best = max(size for size, _ in fits)
    keys = {key for size, key in fits if size == best}
    return keys.pop() if len(keys) == 1 else None


@dataclass
class LogRows:
    """A log as read: the column each header cell sets ('' for none) and the header's own
    words, the data rows with their row numbers, the headers not understood, the encoding
    a CSV was read in (None for a workbook), and what a person should be told."""

    columns: list[str]
    headers: list[str]
    rows: list[tuple[int, list[Any]]]
    ignored: list[str]
    encoding: str | None = None
    notes: list[str] = field(default_factory=list)

    def column_name(self, key: str) -> str:
        """'column I (File)': where a column is, as a spreadsheet names it."""
        index = self.columns.index(key)
        letters, n = "", index + 1
        while n:
            n, rest = divmod(n - 1, 26)
            letters = chr(65 + rest) + letters
        return f"column {letters} ({self.headers[index]})"

    def text_problems(self, values: dict[str, Any]) -> list[str]:
        """A row's cells that hold what their column may not: a line break or a control
        character in a one-line column (a title, an owner), a control character other than
        a line break or a tab in the summary (the lists of themes and questions may be on
        several lines)."""
        problems = []
        for key, value in values.items():
            if key in ("themes", "questions"):
                continue
            what = text_problem(cell_text(value), one_line=key != "summary")
            if what is not None:
                problems.append(f"{self.column_name(key)} holds {what}; remove it")
        return problems


def read_rows(path: Path, encoding: str | None = None) -> LogRows:
    """The header and data rows of a CSV or XLSX log (``encoding``: a CSV's, when given)."""
    suffix = path.suffix.lower()
    notes: list[str] = []
    label = None
    if suffix in (".xlsx", ".xlsm"):
        rows = _xlsx_rows(path, notes)
    elif suffix in (".csv", ".txt"):
        text = _csv_text(path, encoding)
        rows, label = log_text.rows(path, text.text), text.encoding
    else:
        raise SelfAssessError(
            f"{path}: an evidence log must be .csv or .xlsx",
            hint="in Excel, 'Save as' Excel Workbook (.xlsx) or CSV UTF-8",
        )
    for index, (_, row) in enumerate(rows[:15]):
        names = [column_for(cell) for cell in row]
        # a header names at least two columns, one of them the title or the file (a title
        # row above it, "Evidence log 2026", names one at most)
        if ("title" in names or "file" in names) and len({n for n in names if n}) >= 2:
            columns, ignored = _header(path, row, names)
            headers = [cell_text(cell) for cell in row]
            return LogRows(columns, headers, rows[index + 1 :], ignored, label, notes)
    raise SelfAssessError(
        f"{path}: no header row found in the first 15 rows",
        hint=f"name the columns, for example: {', '.join(COLUMNS)}",
    )


def _header(path: Path, row: list[Any], names: list[str | None]) -> tuple[list[str], list[str]]:
    """The column each header cell sets ('' for none), and the headers ignored; an error,
    before anything is imported, for each header about handling that sets no one handling
    mark, and each second column for a handling mark."""
    columns: list[str] = []
    ignored: list[str] = []
    problems: list[str] = []
    first: dict[str, str] = {}
    for cell, key in zip(row, names, strict=True):
        text = cell_text(cell)
        if key in HANDLING_COLUMNS and key in first:
            problems.append(
                f"the columns '{first[key]}' and '{text}' both set {key.replace('_', ' ')}"
            )
        elif key is None and HANDLING_WORDS.search(text):
            problems.append(
                f"the column '{text}' looks like handling, but which handling mark it sets "
                "is not clear"
            )
        if key and key not in first:
            columns.append(key)
            first[key] = text
        else:
            columns.append("")
            if text:
                ignored.append(text)
    if problems:
        raise SelfAssessError(
            f"{path}: {'; '.join(problems)}; nothing was imported",
            hint="keep one column per handling mark, named classification (OFFICIAL or "
            "OFFICIAL-SENSITIVE), sensitive, personal_data or exempt (yes / no): rename, "
            "split or remove the others",
        )
    return columns, ignored


def _csv_text(path: Path, encoding: str | None) -> log_text.LogText:
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise SelfAssessError(f"{path}: not a regular file (a pipe or a device?)")
        raw = path.read_bytes() if info.st_size <= MAX_LOG_BYTES else b""
    except OSError as exc:
        raise SelfAssessError(f"{path}: cannot read the log ({exc.strerror})") from None
    if not raw:
        raise SelfAssessError(f"{path}: the file is empty or over {MAX_LOG_BYTES // 2**20} MB")
    return log_text.decode(path, raw, encoding)


def _xlsx_rows(path: Path, notes: list[str]) -> list[tuple[int, list[Any]]]:
    """The rows of the evidence sheet (the first sheet named for evidence, else the first),
    up to 1,000 empty rows in a row and 256 columns; a damaged workbook, refused."""
    from openpyxl import load_workbook

    office_zip.check(path)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
        try:
            sheet = next(
                (s for s in book.worksheets if "evidence" in s.title.lower()), book.worksheets[0]
            )
            strings = getattr(sheet, "_shared_strings", None)
            if isinstance(strings, list):
                # a negative index would quietly count from the end of the table
                setattr(sheet, "_shared_strings", _SharedStrings(strings))  # noqa: B010
            rows = _capped(path, sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True))
            last_row, last_column = sheet.max_row or 0, sheet.max_column or 0
        finally:
            book.close()
    except SelfAssessError:
        raise
    except Exception as exc:  # a damaged workbook raises anything: IndexError, KeyError, XML
        raise SelfAssessError(
            f"{path}: cannot read this workbook: it is damaged ({type(exc).__name__}: {exc})",
            hint="open it in Excel and save it again, or save the log as CSV UTF-8",
        ) from None
    read = rows[-1][0] if rows else 0
    if last_row > read + MAX_EMPTY_RUN:
        notes.append(
            f"the rows after row {read} were not read: {MAX_EMPTY_RUN:,} empty rows follow it"
        )
    if last_column > MAX_COLUMNS:
        notes.append(f"only the first {MAX_COLUMNS} columns were read")
    return rows


class _SharedStrings(list[Any]):
    """A workbook's shared strings, refusing the negative index a damaged cell may hold."""

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, int) and index < 0:
            raise IndexError(f"shared string {index} does not exist")
        return super().__getitem__(index)


def _capped(path: Path, cells: Iterable[tuple[Any, ...]]) -> list[tuple[int, list[Any]]]:
    """The rows up to the last before 1,000 empty ones; over 20,000, an error."""
    rows: list[tuple[int, list[Any]]] = []
    empty = 0
    for number, row in enumerate(cells, 1):
        if all(cell is None or cell == "" for cell in row):
            empty += 1
            if empty >= MAX_EMPTY_RUN:
                break
            continue
        empty = 0
        if len(rows) >= log_text.MAX_ROWS + 15:
            raise SelfAssessError(
                f"{path}: over {log_text.MAX_ROWS:,} rows; nothing was imported",
                hint="split the log into smaller workbooks, or remove the rows that are not "
                "evidence",
            )
        rows.append((number, list(row)))
    return rows


def cell_text(value: Any) -> str:
    """A cell as text: a whole number without '.0', stripped; nothing is empty."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()
