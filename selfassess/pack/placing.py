"""Each evidence item placed in a pack: included (its document copied in), listed for the
team to request, or shown by id and title only as available in the team room; and the
search index over them all."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from selfassess.evidence import handling
from selfassess.evidence.evidence_log import Register
from selfassess.evidence.handling import Rules
from selfassess.evidence.model import EvidenceItem
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
    cache = register.text_cache()
    hashes: dict[str, str] = {}  # each document is hashed as it is copied, not read again
    for number, item in enumerate(items, 1):
        where = handling.state(item, rules, fulfilled)
        if item.core and where == TEAM_ROOM:
            warnings.append(
                f"{item.id} '{item.title}' is marked pre-reading but is kept in the team room "
                f"({item.handling.label()}); it is not in the pre-reading"
            )
        title = handling.team_title(item, rules)
        record, entry = _place(register, cache, item, (title, where), staging, warnings, hashes)
        listed.append(record)
        entries.append(entry)
        if progress:
            progress(number, len(items))
    search.create(staging / "search.sqlite", entries)
    return listed, hashes


def _place(
    register: Register,
    cache: Any,
    item: EvidenceItem,
    shown: tuple[str, str],
    staging: Path,
    warnings: list[str],
    hashes: dict[str, str],
) -> tuple[dict[str, Any], search.Entry]:
    """The item's manifest record and search entry, both under the title the team sees;
    copies its document when included."""
    title, where = shown  # the title the team sees, and where the item is
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
        source = register.document_path(item)
        if not source.is_file():
            warnings.append(f"{item.id}: the file {item.file.path} is missing; listed without it")
            record["state"] = ON_REQUEST  # it cannot be in the pack without its file
        else:
            name = f"documents/{item.id}-{_safe_name(item.file.name)}"
            (staging / "documents").mkdir(exist_ok=True)
            hashes[name] = _copy_and_hash(source, staging / name)
            record["file"] = name
            text = cache.get(source, item.file.sha256)
            if text.warning:
                warnings.append(f"{item.id} '{item.title}': {text.warning}")
            body = text.text
    entry = search.Entry(
        item.id, title, item.kind, item.date, item.themes, where, item.summary, body
    )
    return record, entry


def _copy_and_hash(source: Path, target: Path) -> str:
    digest = hashlib.sha256()
    with source.open("rb") as reader, target.open("wb") as writer:
        while chunk := reader.read(1 << 20):
            digest.update(chunk)
            writer.write(chunk)
    return digest.hexdigest()


def _safe_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.") or "document"
