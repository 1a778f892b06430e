"""The pack's ``index.html``: the library, browsable offline, by theme, with the pre-reading,
what's new, the team's requests and a form to ask for more."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from selfassess.assessment.workspace import Workspace
from selfassess.documents.dates import in_words
from selfassess.errors import SelfAssessError
from selfassess.evidence.handling import Rules
from selfassess.pack import search
from selfassess.pack.history import pack_id
from selfassess.requests import listing
from selfassess.vocabulary import (
    AWAITING,
    EVIDENCE_KINDS,
    FOR_NOW,
    INCLUDED,
    ON_SITE,
    PACK_STATES,
    REQUEST_STATUSES,
    REQUEST_TYPES,
    ROLES,
)

# The page searches the text of the documents in the pack, up to this many characters of each
# (about 3,000 words, the first six pages or so): enough to find a document by what it says,
# while 50 included documents add at most 1 MB to the page.
TEXT_PER_DOCUMENT = 20_000
MINISEARCH = "pack/vendor/minisearch.js"


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
    index: Path,
    start_here: list[dict[str, Any]] | None = None,
) -> str:
    """The page for this version of the pack (``built``, its ISO timestamp); ``index`` is the
    pack's search index, whose document text (of included documents only) the page searches.
    ``start_here``: the documents a peer reads first (title, about, html, docx), at the top."""
    from selfassess.datafiles import templating

    theme_titles = {t.id: t.title for t in ws.framework.themes}
    item_titles = {r["id"]: r["title"] for r in listed}
    shown = [_request_view(r, item_titles, theme_titles, built[:10]) for r in requests]
    texts = search.document_texts(index)
    return templating.render(
        "pack/index.html.j2",
        council=ws.council,
        framework_title=ws.framework.title,
        cycle=ws.cycle,
        version=version,
        built=in_words(built[:10]),
        items=listed,
        themes=_themes(ws, listed, _asked(shown)),
        start_here=start_here or [],
        pre_reading=pre_reading,
        pre_reading_line=pre_reading_line(start_here or [], pre_reading, pages),
        whats_new=whats_new,
        new_ids=new_ids,
        handling_note=_handling_note(rules),
        search_data=[_search_entry(r, texts) for r in listed],
        requests=shown,
        form={
            "council": ws.council,
            "pack_id": pack_id(ws),
            "pack_version": version,
            "themes": [{"id": t.id, "title": t.title} for t in ws.framework.themes],
        },
        members=_members(ws.meta.get("team") or {}),
        manager=_name((ws.meta.get("team") or {}).get("peer_challenge_manager")),
        request_types=REQUEST_TYPES,
        pack_states=PACK_STATES,
        minisearch=_vendored(MINISEARCH),
        minisearch_licence=_vendored("pack/vendor/minisearch.LICENSE.txt"),
    )


def pre_reading_line(
    start_here: list[dict[str, Any]], pre_reading: list[dict[str, Any]], pages: int
) -> str:
    """Where a peer starts reading, in a sentence: the documents at the top of the page,
    then the pre-reading (how many documents and pages), or that none is chosen yet."""
    first = " and ".join(f"the {d['title'].lower()}" for d in start_here)
    if pre_reading:
        count = len(pre_reading)
        estimated = " (some estimated)" if any(r["pages_estimated"] for r in pre_reading) else ""
        chosen = (
            f"the {count} document{'s' if count != 1 else ''} of pre-reading below, "
            f"{pages} page{'s' if pages != 1 else ''}{estimated}"
        )
        return (
            f"Pre-reading: start with {first} above, then {chosen}."
            if first
            else (f"Pre-reading: {chosen}.")
        )
    if first:
        return f"Pre-reading: start with {first} above; no pre-reading has been chosen yet."
    return "Pre-reading: none has been chosen yet."


def _themes(
    ws: Workspace, listed: list[dict[str, Any]], asked: dict[str, list[dict[str, Any]]]
) -> list[dict[str, Any]]:
    rows = []
    for theme in ws.framework.themes:
        items = [_view(r, asked) for r in listed if theme.id in r["themes"]]
        rows.append({"id": theme.id, "title": theme.title, "entries": items})
    known = set(ws.framework.theme_ids)
    loose = [_view(r, asked) for r in listed if known.isdisjoint(r["themes"])]
    if loose:
        rows.append({"id": "other", "title": "Not linked to a theme", "entries": loose})
    return rows


def _asked(requests: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """The team's requests for each item, to show beside it: a decline and its reason, a
    document to follow, one to see on site."""
    by_item: dict[str, list[dict[str, Any]]] = {}
    for request in requests:
        if request.get("item"):
            by_item.setdefault(request["item"], []).append(request)
    return by_item


def _view(record: dict[str, Any], asked: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    href = record.get("file") or record.get("url") or None
    return {
        "asked": asked.get(record["id"], []),
        **record,
        "href": href,
        "summary": record.get("summary"),
        "published": record.get("published"),
        "committee": record.get("committee"),
        "meeting_date": in_words(record.get("meeting_date")),
        "date_words": in_words(record.get("date")),
        "kind_label": EVIDENCE_KINDS.get(record["kind"] or "", "").split(" (")[0],
        "state_label": PACK_STATES[record["state"]],
        "requestable": record["state"] != INCLUDED,
    }


def _search_entry(record: dict[str, Any], texts: dict[str, str]) -> dict[str, Any]:
    """What the page's search knows of an item: the text of its document only when the
    document is in the pack, never of one that can be requested or is kept back."""
    text = texts.get(record["id"], "") if record["state"] == INCLUDED else ""
    return {
        "id": record["id"],
        "title": record["title"],
        "summary": record.get("summary") or "",
        "kind": EVIDENCE_KINDS.get(record["kind"] or "", "").split(" (")[0],
        "themes": record["themes"],
        "where": record["state"],
        "text": _capped(" ".join(text.split()), TEXT_PER_DOCUMENT),
    }


def _capped(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, at the end of a word."""
    if len(text) <= limit:
        return text
    return text[: limit + 1].rsplit(" ", 1)[0]


def _name(person: str | None) -> str | None:
    """A team member's name: the part before the first comma ("Ruth Anstey, LGA")."""
    return person.split(",")[0].strip() or None if person else None


def _members(team: dict[str, Any]) -> list[dict[str, str]]:
    """The choices for "You are" in the form: each named member with their role, or the role
    alone where the team is not recorded. A member's name makes their file's name theirs."""
    choices = []
    for role in ROLES:
        names = team.get(role.team_key) or []
        names = [names] if isinstance(names, str) else names
        people: list[str | None] = [n for n in (_name(str(n)) for n in names) if n]
        for person in people or [None]:
            label = f"{person} ({role.label.lower()})" if person else role.label
            choices.append({"role": role.id, "name": person or "", "label": label})
    return choices


def _vendored(name: str) -> Any:
    """A shipped file placed in the page as it is (the search library and its licence),
    without the pointer to a source map that is not in the pack."""
    from markupsafe import Markup

    from selfassess.datafiles.resources import data_file

    text = data_file("templates", name).read_text(encoding="utf-8")
    text = re.sub(r"^//# sourceMappingURL=.*$", "", text, flags=re.MULTILINE)
    if "</script" in text.lower():  # it would end the page's <script> element early
        raise SelfAssessError(f"selfassess's shipped file templates/{name} cannot go in a page")
    return Markup(text)


def _handling_note(rules: Rules) -> str:
    if rules.include_all:
        note = "every shareable document is included (push model)"
    else:
        note = "pre-reading and requested documents are included; others can be requested"
    if rules.allow_sensitive:
        note += "; OFFICIAL-SENSITIVE items are included by the council's choice"
    return note + "; personal data and exempt information stay in the team room"


def _for_now(request: dict[str, Any]) -> str:
    """An answer for now as the page says it: what and when, the date in words, then the
    council's note as a sentence of its own."""
    when = in_words(request.get("expected"))
    if request["status"] == ON_SITE:
        said = "On site: in the team room" + (f" from {when}" if when else "")
    else:
        said = "To follow" + (f" by {when}" if when else "")
    note = (request.get("note") or "").strip()
    if note:
        said += f". {note[:1].upper()}{note[1:]}"
    return said if said.endswith((".", "!", "?")) else said + "."


def _request_view(
    request: dict[str, Any], titles: dict[str, str], themes: dict[str, str], today: str
) -> dict[str, Any]:
    shown = listing.row(request, on=dt.date.fromisoformat(today), titles=titles)
    return {
        **request,
        "subject": shown["what"],
        "open": request["status"] in AWAITING,
        "status_label": REQUEST_STATUSES[request["status"]],
        "theme_title": themes.get(request.get("theme") or "", request.get("theme")),
        "overdue": shown["overdue"],
        "due_words": in_words(request.get("due")),
        "declined_words": in_words((request.get("previous_decline") or {}).get("declined")),
        # an answer for now, in sentences: "To follow by 15 December 2026. After cabinet."
        "for_now": _for_now(request) if request["status"] in FOR_NOW else None,
        "evidence_titles": [f"{e} {titles.get(e, '')}".strip() for e in request["evidence"]],
    }
