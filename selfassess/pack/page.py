"""The pack's ``index.html``: the library, browsable offline, by theme, with the pre-reading,
what's new, the team's requests and a form to ask for more."""

from __future__ import annotations

import datetime as dt
from typing import Any

from selfassess.assessment.workspace import Workspace
from selfassess.evidence.handling import Rules
from selfassess.pack.history import pack_id
from selfassess.requests import listing
from selfassess.vocabulary import (
    EVIDENCE_KINDS,
    INCLUDED,
    OPEN,
    PACK_STATES,
    REQUEST_STATUSES,
    REQUEST_TYPES,
    ROLE_LABELS,
)


def render(
    ws: Workspace,
    *,
    version: int,
    built: str,
    listed: list[dict[str, Any]],
    pre_reading: list[dict[str, Any]],
    pages: int,
    whats_new: list[str],
    new_ids: set[str],
    rules: Rules,
    requests: list[dict[str, Any]],
) -> str:
    """The page for this version of the pack (``built``, its ISO timestamp)."""
    from selfassess.datafiles import templating

    theme_titles = {t.id: t.title for t in ws.framework.themes}
    item_titles = {r["id"]: r["title"] for r in listed}
    return templating.render(
        "pack/index.html.j2",
        council=ws.council,
        framework_title=ws.framework.title,
        cycle=ws.cycle,
        version=version,
        built=built[:10],
        items=listed,
        themes=_themes(ws, listed),
        pre_reading=pre_reading,
        pre_reading_pages=pages,
        pre_reading_estimated=any(r["pages_estimated"] for r in pre_reading),
        whats_new=whats_new,
        new_ids=new_ids,
        handling_note=_handling_note(rules),
        search_data=[{"id": r["id"], "text": _search_text(r)} for r in listed],
        requests=[_request_view(r, item_titles, theme_titles, built[:10]) for r in requests],
        form={
            "council": ws.council,
            "pack_id": pack_id(ws),
            "pack_version": version,
            "themes": [{"id": t.id, "title": t.title} for t in ws.framework.themes],
        },
        roles=ROLE_LABELS,
        request_types=REQUEST_TYPES,
    )


def _themes(ws: Workspace, listed: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for theme in ws.framework.themes:
        items = [r for r in listed if theme.id in r["themes"]]
        rows.append({"id": theme.id, "title": theme.title, "entries": [_view(r) for r in items]})
    known = set(ws.framework.theme_ids)
    loose = [r for r in listed if known.isdisjoint(r["themes"])]
    if loose:
        rows.append(
            {"id": "other", "title": "Not linked to a theme", "entries": [_view(r) for r in loose]}
        )
    return rows


def _view(record: dict[str, Any]) -> dict[str, Any]:
    href = record.get("file") or record.get("url") or None
    return {
        **record,
        "href": href,
        "summary": record.get("summary"),
        "published": record.get("published"),
        "committee": record.get("committee"),
        "meeting_date": record.get("meeting_date"),
        "kind_label": EVIDENCE_KINDS.get(record["kind"] or "", "").split(" (")[0],
        "state_label": PACK_STATES[record["state"]],
        "requestable": record["state"] != INCLUDED,
    }


def _search_text(record: dict[str, Any]) -> str:
    parts = [record["id"], record["title"], record.get("summary") or "", record.get("kind") or ""]
    parts += record["themes"] + [PACK_STATES[record["state"]]]
    return " ".join(parts)


def _handling_note(rules: Rules) -> str:
    if rules.include_all:
        note = "every shareable document is included (push model)"
    else:
        note = "pre-reading and requested documents are included; others can be requested"
    if rules.allow_sensitive:
        note += "; OFFICIAL-SENSITIVE items are included by the council's choice"
    return note + "; personal data and exempt information stay in the team room"


def _request_view(
    request: dict[str, Any], titles: dict[str, str], themes: dict[str, str], today: str
) -> dict[str, Any]:
    shown = listing.row(request, on=dt.date.fromisoformat(today), titles=titles)
    return {
        **request,
        "subject": shown["what"],
        "open": request["status"] == OPEN,
        "status_label": REQUEST_STATUSES[request["status"]],
        "theme_title": themes.get(request.get("theme") or "", request.get("theme")),
        "overdue": shown["overdue"],
        "evidence_titles": [f"{e} {titles.get(e, '')}".strip() for e in request["evidence"]],
    }
