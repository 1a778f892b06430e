"""Each evidence item placed in a pack: included (its document copied in), listed for the
team to request, or shown by id and title only as available in the team room; and the
search index over them all."""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from selfassess.evidence import copies, handling
from selfassess.evidence.evidence_log import Register
from selfassess.evidence.handling import Rules
from selfassess.evidence.model import DocumentFile, EvidenceItem
from selfassess.pack import search
from selfassess.vocabulary import INCLUDED, ON_REQUEST, TEAM_ROOM


def place_items(
    register: Register,
    items: list[EvidenceItem],
    staging: Path,
    *,
    rules: Rules,
    fulfilled: frozenset[str],
    warnings: list[str],
    progress: Callable[[int, int], None] | None,
) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """Place every item in the staging folder (its document copied in when included) and
    index them for search; the handling ``rules`` and the evidence requested (``fulfilled``)
    say where each item goes, and warnings are added to ``warnings``. Returns the manifest
    records and the hashes of the documents copied in."""
    entries: list[search.Entry] = []
    listed: list[dict[str, Any]] = []
    shelf = _Shelf(register, register.text_cache(), staging, warnings)
    for number, item in enumerate(items, 1):
        where = handling.state(item, rules, fulfilled)
        if item.core and where == TEAM_ROOM:
            warnings.append(
                f"{item.id} '{item.title}' is marked pre-reading but is kept in the team room "
                f"({item.handling.label()}); it is not in the pre-reading"
            )
        title = handling.team_title(item, rules)
        record, entry = _place(shelf, item, title, where)
        listed.append(record)
        entries.append(entry)
        if progress:
            progress(number, len(items))
    search.create(staging / "search.sqlite", entries)
    return listed, shelf.hashes


@dataclasses.dataclass
class _Shelf:
    """What placing the items works with: the log, its text cache, the staging folder, the
    build's warnings, and the hash of each document copied in (hashed as it is copied, not
    read again)."""

    register: Register
    cache: Any
    staging: Path
    warnings: list[str]
    hashes: dict[str, str] = dataclasses.field(default_factory=dict)


def _place(
    shelf: _Shelf, item: EvidenceItem, title: str, where: str
) -> tuple[dict[str, Any], search.Entry]:
    """The item's manifest record and search entry, both under the title the team sees
    (``title``); copies its document when included (``where``)."""
    record: dict[str, Any] = {
        "id": item.id,
        "title": title,
        "kind": item.kind if where != TEAM_ROOM else None,
        "date": item.date if where != TEAM_ROOM else None,
        "themes": item.themes,
        "pages": None,
        "pages_estimated": False,
        "state": where,
    }
    if where == TEAM_ROOM:
        return record, search.Entry(item.id, title, "", None, item.themes, where)
    record.update(
        summary=item.summary,
        committee=item.committee,
        meeting_date=item.meeting_date,
        published=item.handling.published,
        url=item.url,
        file=None,
    )
    if item.file:
        record["pages"] = item.file.pages
        record["pages_estimated"] = item.file.pages_estimated
    body = ""
    if where == INCLUDED and item.file is not None:
        body = _include(shelf, item, record)
    entry = search.Entry(
        item.id, title, item.kind, item.date, item.themes, where, item.summary, body
    )
    return record, entry


def _include(shelf: _Shelf, item: EvidenceItem, record: dict[str, Any]) -> str:
    """Copy an included item's document into the pack, when it is there and is still the
    file that was added (else the item is listed without it, with a warning); its text."""
    assert item.file is not None
    staging, warnings = shelf.staging, shelf.warnings
    source = shelf.register.document_path(item)
    if not source.is_file():
        warnings.append(f"{item.id}: the file {item.file.path} is missing; listed without it")
        record["state"] = ON_REQUEST  # it cannot be in the pack without its file
        return ""
    name = f"documents/{item.id}-{_safe_name(item.file.name)}"
    (staging / "documents").mkdir(exist_ok=True)
    digest = _ship(source, item.file, staging / name)
    if digest is None:
        warnings.append(
            f"{item.id} '{item.title}': the file {item.file.path} has changed since it was "
            "added, so it is listed without it; see 'selfassess evidence check', and add it "
            "again ('selfassess evidence add') if the change is intended"
        )
        record["state"] = ON_REQUEST
        return ""
    shelf.hashes[name] = digest
    record["file"] = name
    # the text of the very bytes shipped, not of the file as it may be by now
    text = shelf.cache.get(staging / name, item.file.sha256)
    if text.warning:
        warnings.append(f"{item.id} '{item.title}': {text.warning}")
    return str(text.text)


def _ship(source: Path, logged: DocumentFile, target: Path) -> str | None:
    """Copy a document into the pack when it is still the file that was added (its size
    first; then the SHA-256 of the very bytes copied, so a file changed on disk, a linked
    one above all, cannot ship something else under the item's handling): its SHA-256, or
    None (and nothing copied) when it has changed."""
    if source.stat().st_size != logged.size:
        return None
    digest = hashlib.sha256()
    with source.open("rb") as reader, target.open("wb") as writer:
        while chunk := reader.read(1 << 20):
            digest.update(chunk)
            writer.write(chunk)
    if digest.hexdigest() != logged.sha256:
        target.unlink()
        return None
    return digest.hexdigest()


def hold_copies_back(items: list[EvidenceItem], rules: Rules) -> list[str]:
    """Give every copy of a document (the same file or link) the strictest handling any
    copy has, for this build only (nothing is saved): a copy relaxed by hand in its item
    file cannot put a kept-back document in the pack. Returns a warning for each copy so
    treated."""
    warnings = []
    for group, strictest in copies.differing(items):
        for item in group:
            if copies.same_marks(item.handling, strictest):
                continue
            item.handling = dataclasses.replace(strictest, published=item.handling.published)
            where = "kept back" if handling.kept_back(item, rules) else "handled"
            others = ", ".join(i.id for i in group if i.id != item.id)
            warnings.append(
                f"{item.id} is {where} as {strictest.label()}: it is a copy of {others}, and "
                "every copy takes the strictest handling any copy has; "
                "'selfassess evidence check' says how to make their files agree"
            )
    return warnings


def _safe_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.") or "document"
