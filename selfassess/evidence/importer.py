"""Importing the evidence log a council already keeps in Excel (or as CSV).

Columns (the first row that names at least a title or a file is the header; names are
matched loosely, so 'Document title', 'Title' and 'Name' all work):

  ref, title, summary, kind, date, period_start, period_end, owner, committee,
  meeting_date, status, themes, questions, classification, sensitive, personal_data,
  exempt, published, pre_reading, file, url, pack_title

A header that looks like handling ('Restricted', 'Handling') but sets no one handling mark,
or a second column for one mark, stops the import before anything is written: a document
must not ship as OFFICIAL because its marking sat in a column nobody read.

Every row is checked before anything is written: either all rows land, or none do and
every row's problem is listed. A row whose ref (or, without a ref, whose file, link or
title) is already in the log updates that item instead of adding a second one. A file
already in the log under another id is handled as strictly as any copy of it, as when it
is added by hand.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PureWindowsPath
from typing import Any

from selfassess.errors import InvalidData, Problem
from selfassess.evidence import copies
from selfassess.evidence.copies import note_copies, url_key
from selfassess.evidence.evidence_log import Register, hash_file
from selfassess.evidence.log_reader import LogRows, cell_text, read_rows
from selfassess.evidence.model import (
    URL_PATTERN,
    EvidenceItem,
    Handling,
    describe_problems,
    kind_id,
    now,
    written_title,
)
from selfassess.vocabulary import (
    APPROVED,
    CLASSIFICATIONS,
    EVIDENCE_KINDS,
    EVIDENCE_STATUSES,
    OFFICIAL,
    OFFICIAL_SENSITIVE,
)

YES = {"yes", "y", "true", "1", "x", "✓"}
NO = {"no", "n", "false", "0", ""}


@dataclass
class Outcome:
    added: list[str]
    updated: list[str]
    unchanged: int
    notes: list[str] = field(default_factory=list)
    encoding: str | None = None  # the encoding a CSV log was read in ('Windows-1252')


def import_log(
    register: Register,
    log: Path,
    theme_ids: list[str],
    theme_titles: dict[str, str],
    question_ids: Iterable[str],
    encoding: str | None = None,
) -> Outcome:
    """Import every row of ``log`` into the register, or nothing at all, holding the
    workspace lock: the items, the documents copied in and the activity-log entry land
    together, even if the process is killed (see ``staging``). ``encoding``: a CSV log's,
    when it is not to be found from the file."""
    from selfassess.datafiles import staging
    from selfassess.datafiles.lock import hold

    with hold(register.root, "selfassess evidence import"):
        staging.recover(register.root)  # what a killed writer left behind
        register.reload()  # another writer may have added items since it was read
        change = staging.Staging(register.root)
        register.staging = change
        try:
            try:
                outcome = _import_log(
                    register, log, theme_ids, theme_titles, question_ids, encoding
                )
            finally:
                register.staging = None
            change.commit(_entry(log, outcome) if outcome.added or outcome.updated else None)
        except BaseException:
            change.abandon()  # unless committed: then the next writer completes it
            raise
        return outcome


def _import_log(
    register: Register,
    log: Path,
    theme_ids: list[str],
    theme_titles: dict[str, str],
    question_ids: Iterable[str],
    encoding: str | None,
) -> Outcome:
    sheet = read_rows(log, encoding)
    digests: dict[Path, str] = {}  # each source file is hashed once, however often it is asked
    planned = _plan(log, sheet, theme_ids, theme_titles, set(question_ids), digests)
    outcome = Outcome([], [], 0, list(sheet.notes), sheet.encoding)
    ignored = sheet.ignored
    if ignored:
        outcome.notes.append(
            f"columns not understood, and ignored: {', '.join(ignored)} (see the README for the "
            "column names)"
        )
    register.notices.clear()
    _apply(register, planned, set(sheet.columns), digests, outcome)
    outcome.notes += register.notices  # copies of one file given the same handling
    register.notices.clear()
    return outcome


def _plan(
    log: Path,
    sheet: LogRows,
    theme_ids: list[str],
    theme_titles: dict[str, str],
    questions: set[str],
    digests: dict[Path, str],
) -> list[tuple[EvidenceItem, Path | None]]:
    """Every row checked before anything is written: the items to add or update, each with
    its document; or, when any row is wrong, every row's problem and nothing imported."""
    problems: list[Problem] = []
    planned: list[tuple[EvidenceItem, Path | None]] = []
    seen_keys: dict[str, int] = {}
    for number, row in sheet.rows:
        values = {name: cell for name, cell in zip(sheet.columns, row, strict=False) if name}
        if not any(cell_text(v) for v in values.values()):
            continue
        ref = cell_text(values.get("ref"))
        label = f"row {number}" + (f" ({ref})" if ref else "")
        errors = sheet.text_problems(values)
        item = _item_from_row(values, log.parent, theme_titles, errors)
        source = None
        if item is not None:
            errors += describe_problems(item, theme_ids, questions)
            source = _source_file(values, log.parent, errors, sheet)
            if source is None and not item.url and not errors:
                errors.append("give a file or a url")
        if errors:
            problems.append(Problem(str(log), f"{label}: " + "; ".join(errors), line=number))
            continue
        assert item is not None
        key = _key_of(item, source, digests)
        if key in seen_keys:
            problems.append(Problem(str(log), _twice(label, key, seen_keys[key]), line=number))
            continue
        seen_keys[key] = number
        planned.append((item, source))
    if problems:
        raise InvalidData(
            problems, summary=f"{log}: nothing was imported; fix these rows and import again"
        )
    return planned


def _twice(label: str, key: str, first_row: int) -> str:
    what = {"ref": "the same ref", "sha": "the same file", "url": "the same link"}.get(
        key.split(":")[0], "the same title"
    )
    return f"{label}: {what} as row {first_row}; one row per item"


def _apply(
    register: Register,
    planned: list[tuple[EvidenceItem, Path | None]],
    present: set[str],
    digests: dict[Path, str],
    outcome: Outcome,
) -> None:
    """Add each new item and update each one already in the log (matched by its ref, else
    its file, link or title); the items are written together at the end, or none are."""
    existing = {_key_of(item): item for item in register.items()}
    with register.held_saves():
        for item, source in planned:
            old = existing.get(_key_of(item, source, digests))
            if old is None:
                item.id, item.added = register.next_id(), now()
                if source is not None:
                    register.attach_file(item, source, sha256=digests.get(source))
                note_copies(register, item)
                register.save(item)
                outcome.added.append(item.id)
                continue
            every_copy = [old.id, *(t.id for t in copies.twins_of(register, old))]
            item = _update(old, item, present, outcome, sorted(every_copy))
            if source is not None and (
                old.file is None
                or _digest(source, digests) != old.file.sha256
                or (item.handling.personal_data and not old.handling.personal_data)
            ):  # a new file; or personal data now, so referred to in place, not copied
                register.attach_file(item, source, sha256=digests.get(source))
                if (
                    old.file is not None
                    and item.file is not None
                    and old.file.path != item.file.path
                ):
                    register.release_copy(old)  # removed once the import is written
            if item.to_dict() == old.to_dict():
                outcome.unchanged += 1
                continue
            register.save(item)
            outcome.updated.append(item.id)


def _entry(log: Path, outcome: Outcome) -> dict[str, Any]:
    """The import's activity-log entry, written with the items (``staging``)."""
    from selfassess.datafiles import activity

    return {
        "role": activity.COUNCIL,
        "action": "evidence-import",
        "what": f"imported the evidence log {log.name}: {len(outcome.added)} added, "
        f"{len(outcome.updated)} updated",
        "added": outcome.added,
        "updated": outcome.updated,
    }


_FIELDS = {  # column -> the item's field it sets
    "ref": "source_ref",
    "title": "title",
    "pack_title": "pack_title",
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
    old: EvidenceItem,
    row: EvidenceItem,
    present: set[str],
    outcome: Outcome,
    every_copy: list[str],
) -> EvidenceItem:
    """The item as the log updates it: only the columns the log has, and handling only ever
    made stricter (a log cannot quietly release a sensitive document; ``every_copy``: the
    ids of the item and its copies, all of which a person must relax to relax it)."""
    import copy

    item = copy.deepcopy(old)
    for column, name in _FIELDS.items():
        if column in present:
            setattr(item, name, getattr(row, name))
    if "title" in present:
        item.title_written = row.title_written
    was, asked = old.handling, row.handling
    item.handling = Handling(
        classification=max(was.classification, asked.classification, key=CLASSIFICATIONS.index)
        if "classification" in present or "sensitive" in present
        else was.classification,
        personal_data=was.personal_data or ("personal_data" in present and asked.personal_data),
        exempt=was.exempt or ("exempt" in present and asked.exempt),
        published=asked.published if "published" in present else was.published,
    )
    marked = ("classification", "sensitive", "personal_data", "exempt")
    kept = (item.handling.classification, item.handling.personal_data, item.handling.exempt)
    if any(c in present for c in marked) and kept != (
        asked.classification,
        asked.personal_data,
        asked.exempt,
    ):
        hint = (
            copies.relax_hint(every_copy)
            if len(every_copy) > 1
            else f"to relax its handling, edit evidence/items/{old.id}.json"
        )
        outcome.notes.append(
            f"{old.id}: the log marks it {asked.label()}, but it stays "
            f"{item.handling.label()}; {hint}"
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
        return f"url:{url_key(item.url)}"
    return f"title:{item.title.lower()}"


def _digest(source: Path, digests: dict[Path, str]) -> str:
    if source not in digests:
        digests[source] = hash_file(source)[0]
    return digests[source]


def _item_from_row(
    values: dict[str, Any], folder: Path, theme_titles: dict[str, str], errors: list[str]
) -> EvidenceItem | None:
    file_text, url = cell_text(values.get("file")), cell_text(values.get("url"))
    written = cell_text(values.get("title"))
    title = written or (Path(file_text).name if file_text else url)
    if not title:
        errors.append("no title, file or url")
        return None
    kind_text = cell_text(values.get("kind")) or "other"
    kind = kind_id(kind_text)
    if kind is None:
        errors.append(f"kind '{kind_text}' is not known; use one of: {', '.join(EVIDENCE_KINDS)}")
        kind = "other"
    status = cell_text(values.get("status")).lower() or APPROVED
    if status not in EVIDENCE_STATUSES:
        errors.append(f"status '{status}' should be {' or '.join(EVIDENCE_STATUSES)}")
    classification = cell_text(values.get("classification")).upper().replace(" ", "-") or OFFICIAL
    if classification not in CLASSIFICATIONS:
        errors.append(f"classification '{classification}' should be {' or '.join(CLASSIFICATIONS)}")
    elif _sensitive(values.get("sensitive"), errors):
        classification = OFFICIAL_SENSITIVE
    if url and not URL_PATTERN.match(url):
        errors.append(f"url '{url}' is not a web address (https://...)")
    return EvidenceItem(
        id="E-000",
        title=title,
        kind=kind,
        summary=cell_text(values.get("summary")),
        date=_date(values.get("date"), "date", errors),
        period_start=_date(values.get("period_start"), "period start", errors),
        period_end=_date(values.get("period_end"), "period end", errors),
        owner=cell_text(values.get("owner")) or None,
        committee=cell_text(values.get("committee")) or None,
        meeting_date=_date(values.get("meeting_date"), "meeting date", errors),
        status=status if status in EVIDENCE_STATUSES else APPROVED,
        core=_flag(values.get("pre_reading"), "pre-reading", errors),
        themes=[_theme(t, theme_titles) for t in _split(values.get("themes"))],
        questions=_split(values.get("questions")),
        handling=Handling(
            classification=classification if classification in CLASSIFICATIONS else OFFICIAL,
            personal_data=_flag(values.get("personal_data"), "personal data", errors),
            exempt=_flag(values.get("exempt"), "exempt", errors),
            published=cell_text(values.get("published")) or None,
        ),
        url=url or None,
        source_ref=cell_text(values.get("ref")) or None,
        pack_title=cell_text(values.get("pack_title")) or None,
        title_written=written_title(written, file_text or url),
    )


def _source_file(
    values: dict[str, Any], folder: Path, errors: list[str], sheet: LogRows
) -> Path | None:
    """The document a row's file names, relative to the log's folder and inside it (links
    followed): a log cannot bring in /etc/hostname or ../../payroll.xlsx."""
    name = cell_text(values.get("file"))
    if not name:
        return None
    where = sheet.column_name("file")
    if Path(name).is_absolute() or PureWindowsPath(name).anchor:
        errors.append(
            f"{where}: the file '{name}' is a full path; give it relative to the log's "
            f"folder ({folder}), and put the document there"
        )
        return None
    path = folder / name
    try:
        inside = path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):  # a symlink loop
        inside = False
    if not inside:
        errors.append(
            f"{where}: the file '{name}' is outside the log's folder ({folder}); copy the "
            "document into that folder, or add it with 'selfassess evidence add'"
        )
        return None
    if not path.is_file():
        errors.append(f"file '{name}' not found (looked in {path.parent})")
        return None
    return path


def _split(value: Any) -> list[str]:
    return [part.strip() for part in re.split(r"[;,|\n]", cell_text(value)) if part.strip()]


def _theme(value: str, titles: dict[str, str]) -> str:
    """A theme id from an id or a theme's title."""
    return titles.get(value.strip().lower(), value.strip())


def _flag(value: Any, name: str, errors: list[str]) -> bool:
    if isinstance(value, bool):
        return value
    text = cell_text(value).lower()
    if text in YES:
        return True
    if text not in NO:
        errors.append(f"{name} '{text}' should be yes or no")
    return False


def _sensitive(value: Any, errors: list[str]) -> bool:
    """Whether a 'sensitive' column marks the row OFFICIAL-SENSITIVE: yes / no, or the
    classification itself."""
    marking = cell_text(value).upper().replace(" ", "-")
    if marking in CLASSIFICATIONS:
        return marking == OFFICIAL_SENSITIVE
    return _flag(value, "sensitive", errors)


def _date(value: Any, name: str, errors: list[str]) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = cell_text(value)
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d.%m.%Y", "%d %B %Y", "%d %b %Y"):
        try:
            return dt.datetime.strptime(text, pattern).date().isoformat()
        except ValueError:
            continue
    errors.append(f"{name} '{text}' is not a date (use YYYY-MM-DD or DD/MM/YYYY)")
    return None
