"""Importing the evidence log a council already keeps in Excel (or as CSV).

Columns (the first row that names at least a title or a file is the header; names are
matched loosely, so 'Document title', 'Title' and 'Name' all work):

  ref, title, summary, kind, date, period_start, period_end, owner, committee,
  meeting_date, status, themes, questions, classification, personal_data, exempt,
  published, pre_reading, file, url

Every row is checked before anything is written: either all rows land, or none do and
every row's problem is listed. A row whose ref (or, without a ref, whose file, link or
title) is already in the log updates that item instead of adding a second one.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from selfassess.errors import InvalidData, Problem, SelfAssessError
from selfassess.evidence.evidence_log import Register, hash_file
from selfassess.evidence.model import (
    URL_PATTERN,
    EvidenceItem,
    Handling,
    describe_problems,
    kind_id,
    now,
)
from selfassess.vocabulary import (
    APPROVED,
    CLASSIFICATIONS,
    EVIDENCE_KINDS,
    EVIDENCE_STATUSES,
    OFFICIAL,
)

COLUMNS: dict[str, tuple[str, ...]] = {
    "ref": ("ref", "reference", "id", "evidence ref", "evidence id", "no", "number"),
    "title": ("title", "document", "document title", "name", "document name", "evidence"),
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
    "personal_data": ("personal data", "contains personal data", "personal"),
    "exempt": ("exempt", "part 2", "exempt information", "confidential"),
    "published": ("published", "published url", "published at", "public link"),
    "pre_reading": ("pre reading", "core", "core document", "pre-reading"),
    "file": ("file", "path", "file name", "filename", "location", "document path"),
    "url": ("url", "link", "web link", "web address"),
}
YES = {"yes", "y", "true", "1", "x", "✓"}
NO = {"no", "n", "false", "0", ""}
MAX_LOG_BYTES = 20 * 1024 * 1024


def _norm(header: Any) -> str:
    return re.sub(r"[^a-z0-9]+", " ", str(header or "").lower()).strip()


_LOOKUP = {_norm(v): key for key, variants in COLUMNS.items() for v in (key, *variants)}


@dataclass
class Outcome:
    added: list[str]
    updated: list[str]
    unchanged: int
    notes: list[str] = field(default_factory=list)


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
            columns: list[str] = []
            ignored = []
            for cell, key in zip(row, names, strict=True):
                if key and key not in columns:
                    columns.append(key)
                else:
                    columns.append("")
                    if _text(cell):
                        ignored.append(_text(cell))
            return columns, rows[index + 1 :], ignored
    raise SelfAssessError(
        f"{path}: no header row found in the first 15 rows",
        hint=f"name the columns, for example: {', '.join(COLUMNS)}",
    )


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


def import_log(
    register: Register,
    log: Path,
    theme_ids: list[str],
    theme_titles: dict[str, str],
    question_ids: Iterable[str],
) -> Outcome:
    """Import every row of ``log`` into the register, or nothing at all, holding the
    workspace lock; what changed goes in the activity log."""
    from selfassess.datafiles.lock import hold

    with hold(register.root, "selfassess evidence import"):
        register.reload()  # another writer may have added items since it was read
        return _import_log(register, log, theme_ids, theme_titles, question_ids)


def _import_log(
    register: Register,
    log: Path,
    theme_ids: list[str],
    theme_titles: dict[str, str],
    question_ids: Iterable[str],
) -> Outcome:
    header, rows, ignored = read_rows(log)
    present = set(header)
    questions = set(question_ids)
    existing = {_key_of(item): item for item in register.items()}
    digests: dict[Path, str] = {}  # each source file is hashed once, however often it is asked
    problems: list[Problem] = []
    planned: list[tuple[EvidenceItem, Path | None]] = []
    seen_keys: dict[str, int] = {}
    for number, row in rows:
        values = {name: cell for name, cell in zip(header, row, strict=False) if name}
        if not any(_text(v) for v in values.values()):
            continue
        label = f"row {number}" + (
            f" ({_text(values.get('ref'))})" if _text(values.get("ref")) else ""
        )
        errors: list[str] = []
        item = _item_from_row(values, log.parent, theme_titles, errors)
        source = None
        if item is not None:
            errors += describe_problems(item, theme_ids, questions)
            source = _source_file(values, log.parent, errors)
            if source is None and not item.url and not errors:
                errors.append("give a file or a url")
        if errors:
            problems.append(Problem(str(log), f"{label}: " + "; ".join(errors), line=number))
            continue
        assert item is not None
        key = _key_of(item, source, digests)
        if key in seen_keys:
            what = {"ref": "the same ref", "sha": "the same file", "url": "the same link"}.get(
                key.split(":")[0], "the same title"
            )
            problems.append(
                Problem(
                    str(log),
                    f"{label}: {what} as row {seen_keys[key]}; one row per item",
                    line=number,
                )
            )
            continue
        seen_keys[key] = number
        planned.append((item, source))
    if problems:
        raise InvalidData(
            problems, summary=f"{log}: nothing was imported; fix these rows and import again"
        )
    outcome = Outcome([], [], 0)
    if ignored:
        outcome.notes.append(
            f"columns not understood, and ignored: {', '.join(ignored)} (see the README for the "
            "column names)"
        )
    with register.held_saves():  # the items are written together at the end, or none are
        for item, source in planned:
            old = existing.get(_key_of(item, source, digests))
            if old is not None:
                item = _update(old, item, present, outcome)
                if source is not None and (
                    old.file is None or _digest(source, digests) != old.file.sha256
                ):
                    register.attach_file(item, source, link=False)
                if item.to_dict() == old.to_dict():
                    outcome.unchanged += 1
                    continue
                register.save(item)
                outcome.updated.append(item.id)
                continue
            item.id, item.added = register.next_id(), now()
            if source is not None:
                register.attach_file(item, source, link=False)
            register.save(item)
            outcome.added.append(item.id)
    if outcome.added or outcome.updated:
        from selfassess.datafiles import activity

        activity.record(
            register.root,
            activity.COUNCIL,
            "evidence-import",
            f"imported the evidence log {log.name}: {len(outcome.added)} added, "
            f"{len(outcome.updated)} updated",
            added=outcome.added,
            updated=outcome.updated,
        )
    return outcome


_FIELDS = {  # column -> the item's field it sets
    "ref": "source_ref",
    "title": "title",
    "summary": "summary",
    "kind": "kind",
    "date": "date",
    "period_start": "period_start",
    "period_end": "period_end",
    "owner": "owner",
    "committee": "committee",
    "meeting_date": "meeting_date",
    "status": "status",
    "themes": "themes",
    "questions": "questions",
    "pre_reading": "core",
    "url": "url",
}


def _update(
    old: EvidenceItem, row: EvidenceItem, present: set[str], outcome: Outcome
) -> EvidenceItem:
    """The item as the log updates it: only the columns the log has, and handling only ever
    made stricter (a log cannot quietly release a sensitive document)."""
    import copy

    item = copy.deepcopy(old)
    for column, name in _FIELDS.items():
        if column in present:
            setattr(item, name, getattr(row, name))
    was, asked = old.handling, row.handling
    item.handling = Handling(
        classification=max(was.classification, asked.classification, key=CLASSIFICATIONS.index)
        if "classification" in present
        else was.classification,
        personal_data=was.personal_data or ("personal_data" in present and asked.personal_data),
        exempt=was.exempt or ("exempt" in present and asked.exempt),
        published=asked.published if "published" in present else was.published,
    )
    marked = ("classification", "personal_data", "exempt")
    kept = (item.handling.classification, item.handling.personal_data, item.handling.exempt)
    if any(c in present for c in marked) and kept != (
        asked.classification,
        asked.personal_data,
        asked.exempt,
    ):
        outcome.notes.append(
            f"{old.id}: the log marks it {asked.label()}, but it stays {item.handling.label()}; to "
            f"relax its handling, edit evidence/items/{old.id}.json"
        )
    return item


def _key_of(
    item: EvidenceItem, source: Path | None = None, digests: dict[Path, str] | None = None
) -> str:
    if item.source_ref:
        return f"ref:{item.source_ref.lower()}"
    if source is not None:
        return f"sha:{_digest(source, {} if digests is None else digests)}"
    if item.file is not None:
        return f"sha:{item.file.sha256}"
    if item.url:
        return f"url:{item.url}"
    return f"title:{item.title.lower()}"


def _digest(source: Path, digests: dict[Path, str]) -> str:
    if source not in digests:
        digests[source] = hash_file(source)[0]
    return digests[source]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _item_from_row(
    values: dict[str, Any], folder: Path, theme_titles: dict[str, str], errors: list[str]
) -> EvidenceItem | None:
    file_text, url = _text(values.get("file")), _text(values.get("url"))
    title = _text(values.get("title")) or (Path(file_text).name if file_text else url)
    if not title:
        errors.append("no title, file or url")
        return None
    kind_text = _text(values.get("kind")) or "other"
    kind = kind_id(kind_text)
    if kind is None:
        errors.append(f"kind '{kind_text}' is not known; use one of: {', '.join(EVIDENCE_KINDS)}")
        kind = "other"
    status = _text(values.get("status")).lower() or APPROVED
    if status not in EVIDENCE_STATUSES:
        errors.append(f"status '{status}' should be {' or '.join(EVIDENCE_STATUSES)}")
    classification = _text(values.get("classification")).upper().replace(" ", "-") or OFFICIAL
    if classification not in CLASSIFICATIONS:
        errors.append(f"classification '{classification}' should be {' or '.join(CLASSIFICATIONS)}")
    if url and not URL_PATTERN.match(url):
        errors.append(f"url '{url}' is not a web address (https://...)")
    return EvidenceItem(
        id="E-000",
        title=title,
        kind=kind,
        summary=_text(values.get("summary")),
        date=_date(values.get("date"), "date", errors),
        period_start=_date(values.get("period_start"), "period start", errors),
        period_end=_date(values.get("period_end"), "period end", errors),
        owner=_text(values.get("owner")) or None,
        committee=_text(values.get("committee")) or None,
        meeting_date=_date(values.get("meeting_date"), "meeting date", errors),
        status=status if status in EVIDENCE_STATUSES else APPROVED,
        core=_flag(values.get("pre_reading"), "pre-reading", errors),
        themes=[_theme(t, theme_titles) for t in _split(values.get("themes"))],
        questions=_split(values.get("questions")),
        handling=Handling(
            classification=classification if classification in CLASSIFICATIONS else OFFICIAL,
            personal_data=_flag(values.get("personal_data"), "personal data", errors),
            exempt=_flag(values.get("exempt"), "exempt", errors),
            published=_text(values.get("published")) or None,
        ),
        url=url or None,
        source_ref=_text(values.get("ref")) or None,
    )


def _source_file(values: dict[str, Any], folder: Path, errors: list[str]) -> Path | None:
    name = _text(values.get("file"))
    if not name:
        return None
    path = Path(name) if Path(name).is_absolute() else folder / name
    if not path.is_file():
        errors.append(f"file '{name}' not found (looked in {path.parent})")
        return None
    return path


def _split(value: Any) -> list[str]:
    return [part.strip() for part in re.split(r"[;,|\n]", _text(value)) if part.strip()]


def _theme(value: str, titles: dict[str, str]) -> str:
    """A theme id from an id or a theme's title."""
    return titles.get(value.strip().lower(), value.strip())


def _flag(value: Any, name: str, errors: list[str]) -> bool:
    if isinstance(value, bool):
        return value
    text = _text(value).lower()
    if text in YES:
        return True
    if text not in NO:
        errors.append(f"{name} '{text}' should be yes or no")
    return False


def _date(value: Any, name: str, errors: list[str]) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = _text(value)
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d.%m.%Y", "%d %B %Y", "%d %b %Y"):
        try:
            return dt.datetime.strptime(text, pattern).date().isoformat()
        except ValueError:
            continue
    errors.append(f"{name} '{text}' is not a date (use YYYY-MM-DD or DD/MM/YYYY)")
    return None
