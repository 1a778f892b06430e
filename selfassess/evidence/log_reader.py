"""Reading a council's evidence log, CSV or Excel: finding the header row among the first
rows, matching its column names loosely ('Document title', 'Title' and 'Name' all mean the
title), and the data rows with their row numbers."""

from __future__ import annotations

import contextlib
import csv
import io
import re
from pathlib import Path
from typing import Any

from selfassess.errors import SelfAssessError

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


def read_rows(path: Path) -> tuple[list[str], list[tuple[int, list[Any]]], list[str]]:
    """The columns, the data rows (with their row numbers) and the headers not understood,
    of a CSV or XLSX log."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        rows = _xlsx_rows(path)
    elif suffix in (".csv", ".txt"):
        rows = _csv_rows(path)
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
            return columns, rows[index + 1 :], ignored
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


def _csv_rows(path: Path) -> list[tuple[int, list[Any]]]:
    raw = path.read_bytes() if path.stat().st_size <= MAX_LOG_BYTES else b""
    if not raw:
        raise SelfAssessError(f"{path}: the file is empty or over {MAX_LOG_BYTES // 2**20} MB")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", "replace")  # Excel's plain 'CSV' on Windows
    dialect: Any = csv.excel
    with contextlib.suppress(csv.Error):  # a one-column log: keep the default
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    return [(n, row) for n, row in enumerate(csv.reader(io.StringIO(text), dialect), 1)]


def _xlsx_rows(path: Path) -> list[tuple[int, list[Any]]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:
        raise SelfAssessError(f"{path}: cannot read this workbook ({exc})") from None
    try:
        sheet = next(
            (s for s in book.worksheets if "evidence" in s.title.lower()), book.worksheets[0]
        )
        return [(n, list(row)) for n, row in enumerate(sheet.iter_rows(values_only=True), 1)]
    finally:
        book.close()


def cell_text(value: Any) -> str:
    """A cell as text: a whole number without '.0', stripped; nothing is empty."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()
