"""A request as every list shows it, defined once: the team's view (its requests file, and
what a pack says of each request), a pack's own view (its ``index.html``) and the council's
tracker all make their rows here, with the same keys and types.

Light on purpose: the team's commands import it with nothing but a pack.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from selfassess.vocabulary import (
    AWAITING,
    ON_SITE,
    OPEN,
    REOPENED,
    TO_FOLLOW,
    WITHDRAWN,
)

if TYPE_CHECKING:
    from selfassess.requests.teamfile import RequestsFile

ROW_KEYS = (
    "id",
    "also",
    "what",
    "type",
    "theme",
    "due",
    "status",
    "days_open",
    "overdue",
    "asked_by",
    "answer",
)


def is_overdue(status: str, due: str | None, on: dt.date, *, expected: str | None = None) -> bool:
    """Overdue: still waiting for an answer after its due date; or promised "to follow" by a
    date that has passed with no final answer. "On site" is never overdue: from its date the
    document is in the team room, which is the answer."""
    if status == TO_FOLLOW:
        return bool(expected) and str(expected) < on.isoformat()
    return status in AWAITING and bool(due) and str(due) < on.isoformat()


def days_open(raised: str | None, responded: str | None, on: dt.date) -> int | None:
    """Days from being raised to being answered (or to ``on``); None when not known."""
    if not raised:
        return None
    end = dt.date.fromisoformat(responded) if responded else on
    return (end - dt.date.fromisoformat(raised)).days


def what(item: str | None, ask: str | None, titles: Mapping[str, str]) -> str:
    """What a request asks for: the item (with its title when known), or the ask, quoted."""
    if item:
        return f"{item} {titles.get(item, '')}".strip()
    return f'"{ask}"'


def answer_text(record: Mapping[str, Any]) -> str:
    """The council's answer in words."""
    status, expected = record.get("status"), record.get("expected")
    if record.get("team_room"):
        parts = ["available in the team room"]
    elif record.get("decline_reason"):
        parts = [f"declined: {record['decline_reason']}"]
    elif status == TO_FOLLOW:
        parts = ["to follow" + (f" by {expected}" if expected else "")]
    elif status == ON_SITE:
        parts = ["on site: in the team room" + (f" from {expected}" if expected else "")]
    elif status == REOPENED and record.get("previous_decline"):
        parts = [f"asked again; declined before: {record['previous_decline'].get('reason')}"]
    else:
        parts = [", ".join(record.get("evidence") or [])]
    if record.get("note") and not record.get("team_room"):
        parts.append(record["note"])
    return "; ".join(p for p in parts if p)


def row(
    record: Mapping[str, Any],
    *,
    on: dt.date,
    titles: Mapping[str, str] | None = None,
    raised: str | None = None,
    asked_by: Iterable[str] = (),
    answer: str | None = None,
) -> dict[str, Any]:
    """One request's row, from its record as a pack carries it (``Tracked.public()``)."""
    status = record["status"]
    return {
        "id": record["id"],
        "also": list(record.get("also") or []),
        "what": what(record.get("item"), record.get("ask"), titles or {}),
        "type": record["type"],
        "theme": record.get("theme"),
        "due": record.get("due"),
        "status": status,
        "days_open": days_open(raised, record.get("responded"), on),
        "overdue": is_overdue(status, record.get("due"), on, expected=record.get("expected")),
        "asked_by": sorted(asked_by),
        "answer": answer_text(record) if answer is None else answer,
    }


def pack_rows(manifest: Mapping[str, Any], on: dt.date) -> list[dict[str, Any]]:
    """Every request a pack reports, as the team sees it from the pack alone."""
    titles = {item["id"]: item["title"] for item in manifest["items"]}
    return [row(entry, on=on, titles=titles) for entry in manifest.get("requests", [])]


def team_rows(
    requests_file: RequestsFile, manifest: Mapping[str, Any] | None, on: dt.date
) -> list[dict[str, Any]]:
    """The team's own requests, each with the answer the pack (when given) carries for it."""
    answers: dict[str, Mapping[str, Any]] = {}
    titles: dict[str, str] = {}
    if manifest is not None:
        titles = {item["id"]: item["title"] for item in manifest["items"]}
        for entry in manifest.get("requests", []):
            for rid in [entry["id"], *entry.get("also", [])]:
                answers[rid] = entry
    rows = []
    for request in requests_file.requests:
        entry = next((answers[i] for i in sorted(request.ids) if i in answers), None)
        state = WITHDRAWN if request.status == WITHDRAWN else (entry or {}).get("status", OPEN)
        record = {
            "id": request.id,
            "also": request.also,
            "item": request.item,
            "ask": request.ask,
            "type": request.type,
            "theme": request.theme,
            "due": request.due,
            "status": state,
            "responded": (entry or {}).get("responded"),
        }
        if entry is not None:
            answer = answer_text(entry)
        else:
            answer = "" if manifest is None else f"not answered in pack v{manifest['version']}"
        asked_by = {request.by} | {reason.get("by") for reason in request.reasons}
        rows.append(
            row(
                record,
                on=on,
                titles=titles,
                raised=request.raised,
                asked_by=sorted(b for b in asked_by if b),
                answer=answer,
            )
        )
    return rows
