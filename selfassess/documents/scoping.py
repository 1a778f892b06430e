"""The scoping document, for the peer team and the pre-onsite meeting.

It offers *suggested areas to explore*, each with the reason it was suggested; the team forms
its own lines of enquiry. It never carries a score, a grade or a league table, and shows the
council's self-ratings only when the council asks (``include_ratings``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from selfassess.assessment.answers import CONTEXT_FIELDS, is_answered
from selfassess.assessment.workspace import Workspace
from selfassess.documents import keydates, people, programme
from selfassess.documents.dates import in_words
from selfassess.documents.formats import Block, Document
from selfassess.documents.suggestions import Suggestion, questions_for_the_team, suggestions
from selfassess.documents.wording import counted
from selfassess.evidence import handling
from selfassess.evidence.evidence_log import Register
from selfassess.evidence.model import EvidenceItem
from selfassess.framework.model import Theme
from selfassess.vocabulary import (
    INCLUDED,
    OFFICIAL,
    ON_REQUEST,
    PACK_STATES,
    TEAM_ROLES,
    TEAM_ROOM,
)

__all__ = ["Suggestion", "build", "suggestions"]
TO_AGREE = "To agree at the scoping meeting"

EVIDENCE_SHOWN = 15  # per theme: a scoping document summarises; the library lists everything


def build(
    ws: Workspace,
    include_ratings: bool = False,
    today: dt.date | None = None,
    register: Register | None = None,
) -> Document:
    """The scoping document. Give ``register`` when the evidence log is already open (a pack
    build), so it is read once."""
    from selfassess.requests.tracker import Tracker, fulfilled_evidence

    register = register or Register(ws.root)
    context = ws.context()
    doc = Document(
        "scope",
        f"{ws.council}: scoping document",
        f"{ws.framework.title}, {ws.cycle}. For the peer team and the pre-onsite meeting.",
        marking=OFFICIAL,  # as the position statement: written for the challenge, may be requested
        dated=in_words(today or dt.date.today()),
    )
    doc.note(
        "This document offers suggested areas to explore, each with the reason it was suggested. "
        "The peer team forms its own lines of enquiry. It is not a score, a grade or a ranking."
    )
    _council(doc, context)
    _scope(doc, ws)
    suggested = suggestions(ws, today, register)
    register_items = register.items()
    requests = Tracker(ws.root).all()
    fulfilled = fulfilled_evidence(requests)  # answered requests are in the pack
    for theme in ws.framework.themes:
        mine = [s for s in suggested if s.theme == theme.id]
        _theme(doc, ws, theme, mine, include_ratings)
        _theme_evidence(doc, [i for i in register_items if theme.id in i.themes], fulfilled)
    _evidence_available(doc, register_items, fulfilled)
    _people(doc, ws)
    _programme(doc, ws, requests)
    _team(doc, ws.meta.get("team") or {})
    _key_dates(doc, ws)
    doc.heading("Ground rules")
    doc.bullets(list(ws.framework.ground_rules))
    return doc


def _council(doc: Document, context: dict[str, Any]) -> None:
    """The council in its own words: each context question it has answered."""
    doc.heading("The council")
    answered = [(k, label) for k, label in CONTEXT_FIELDS.items() if is_answered(context.get(k))]
    if not answered:
        doc.paragraph(
            "The council has not yet described its place, its politics or what it wants from "
            "the challenge; to cover at the scoping meeting."
        )
    for key, label in answered:
        doc.heading(label.split(":")[0], 3)
        doc.paragraph(str(context[key]))


def _scope(doc: Document, ws: Workspace) -> None:
    """The themes the challenge covers, and what the council wants from each in its own
    words, each question on its own line."""
    doc.heading("Scope and the council's questions")
    focus = [t for t in ws.framework.themes if t.focus_area]
    core = len(ws.framework.themes) - len(focus)
    extra = f" and {counted(len(focus), 'focus area')} the council chose" if focus else ""
    doc.paragraph(
        f"The challenge covers {counted(core, 'core theme')} of the "
        f"{ws.framework.title.lower()}{extra}."
    )
    wants = {t.id: _wants(ws, t) for t in ws.framework.themes}
    named = [t.title + (" (focus area)" if t.focus_area else "") for t in ws.framework.themes]
    if not any(wants.values()):  # a list of blanks helps no one
        doc.bullets(named)
        doc.paragraph(f"The council has not yet said what it wants from each: {TO_AGREE.lower()}.")
        return
    doc.paragraph(
        "Under each theme is what the council wants from it, in its own words: its questions "
        "for the peer team, where the team's lines of enquiry start."
    )
    doc.blocks.append(Block("bullets", items=named, sub=[wants[t.id] for t in ws.framework.themes]))
    silent = [t.title.lower() for t in ws.framework.themes if not wants[t.id]]
    if silent:
        doc.paragraph(
            f"The council has not yet said what it wants from {_listed(silent)}: "
            f"{TO_AGREE.lower()}."
        )


def _listed(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} or {items[-1]}"


def _theme(
    doc: Document,
    ws: Workspace,
    theme: Theme,
    suggested: list[Suggestion],
    include_ratings: bool,
) -> None:
    """A theme: what it covers, the council's own view when asked for, the strengths it
    claims, and the areas suggested to explore there."""
    record = ws.theme_record(theme.id)
    doc.heading(theme.title)
    doc.paragraph(theme.summary)
    if include_ratings:
        doc.paragraph(_rating_line(ws, record))
    if record.get("strengths"):
        doc.heading(f"What the council sees as {ws.framework.term('strengths')}", 3)
        doc.bullets(record["strengths"])
    if theme.focus_area:
        _focus_answers(doc, ws, theme)
    doc.heading("Suggested areas to explore", 3)
    if suggested:
        doc.table(["Area", "Why it is suggested"], [[s.area, s.reason] for s in suggested])
    elif any(t == theme.id for t, _ in questions_for_the_team(ws)):
        doc.paragraph("None beyond the council's own questions above; the team may find its own.")
    else:
        doc.paragraph("None suggested from the self-assessment; the team may find its own.")


def _theme_evidence(doc: Document, items: list[EvidenceItem], fulfilled: frozenset[str]) -> None:
    """A theme's evidence, and where each item is: the pre-reading first, then the most
    recent, at most ``EVIDENCE_SHOWN``."""
    doc.heading("Evidence available", 3)
    if not items:
        doc.paragraph("No evidence is offered for this theme yet.")
        return
    shown = [i for i in items if i.core] + sorted(
        (i for i in items if not i.core), key=lambda i: i.date or "", reverse=True
    )
    more = len(shown) - EVIDENCE_SHOWN
    if more > 0:
        doc.paragraph(
            f"The {EVIDENCE_SHOWN} listed are the pre-reading and the most recent; "
            f"{more} more are in the library (the pack's index.html)."
        )
    doc.table(
        ["Id", "Document", "Where"],
        [
            [
                i.id,
                handling.team_title(i, handling.Rules()),
                PACK_STATES[handling.state(i, handling.Rules(), fulfilled)],
            ]
            for i in shown[:EVIDENCE_SHOWN]
        ],
    )


def _evidence_available(
    doc: Document, items: list[EvidenceItem], fulfilled: frozenset[str]
) -> None:
    """How much evidence is in the pack, to request, and in the team room only."""
    doc.heading("Evidence available")
    counts = {state: 0 for state in PACK_STATES}
    for item in items:
        counts[handling.state(item, handling.Rules(), fulfilled)] += 1
    doc.bullets(
        [
            f"In the pack (pre-reading and documents requested): {counts[INCLUDED]}",
            f"Listed in the library, to be requested: {counts[ON_REQUEST]}",
            f"Available in the team room only: {counts[TEAM_ROOM]}",
        ]
    )


def _people(doc: Document, ws: Workspace) -> None:
    """The people the team will meet, a row a role, with those the council names."""
    doc.heading("People the team will meet")
    found = people.people(ws)
    if any(p.who for p in found):
        doc.paragraph("Names are those the council has given; the rest are to confirm.")
        doc.table(["Role", "Who", "Themes"], people.rows(found))
    else:
        doc.table(["Role", "Themes"], [[p.role, ", ".join(p.themes)] for p in found])


def _programme(doc: Document, ws: Workspace, requests: list[Any]) -> None:
    """The outline programme, a heading a day and its sessions as a list."""
    doc.heading("Outline programme (to agree at the pre-onsite meeting)")
    days = programme.visit_days(ws)
    if len(days) == 1:
        doc.paragraph(
            "The visit is set for one day. The standard programme does not fit in one day: "
            "the scoping meeting should agree either more days or a shorter programme."
        )
    for label, sessions in programme.outline(ws, requests):
        doc.heading(label, 3)
        doc.bullets(sessions)


def _team(doc: Document, team: dict[str, Any]) -> None:
    """The peer team by role, one row a person."""
    doc.heading("The peer team")
    rows = []
    for key, label in TEAM_ROLES.items():
        value = team.get(key)
        names = value if isinstance(value, list) else ([value] if value else [])
        rows += [[label, name] for name in names]  # one row, one person: the label is singular
    if rows:
        doc.table(["Role", "Name"], rows)
    else:
        doc.paragraph("To be confirmed.")


def _key_dates(doc: Document, ws: Workspace) -> None:
    """The period covered and the challenge's dates, worked out from the visit where the
    workspace gives none."""
    doc.heading("Key dates")
    timeline = ws.framework.data.get("timeline", [])
    found = keydates.key_dates(ws.meta.get("dates") or {}, timeline)
    doc.table(["What", "When"], [[k.label, k.when] for k in found])
    if any(k.when.startswith(("by ", "about ")) for k in found):
        doc.paragraph(
            "Dates marked \u201cby\u201d or \u201cabout\u201d are worked out from the visit "
            "dates; the scoping meeting confirms them."
        )


def _wants(ws: Workspace, theme: Theme) -> list[str]:
    """In the council's words: for a focus area its aims, and its questions for the theme;
    none where it has said nothing yet."""
    said = [q for t, q in questions_for_the_team(ws) if t == theme.id]
    aims = ws.theme_record(theme.id).get("answers", {}).get(f"{theme.id}.aims")
    if theme.focus_area and is_answered(aims):
        said.insert(0, _first_paragraph(aims))
    elif theme.focus_area and not any(q.id == f"{theme.id}.aims" for q in theme.questions):
        said.insert(0, theme.summary)  # a topic, or a theme the council's profile adds
    return said


def _focus_answers(doc: Document, ws: Workspace, theme: Theme) -> None:
    """A focus area's own questions the council has answered (its aims are in the scope)."""
    answers = ws.theme_record(theme.id).get("answers", {})
    rows = [
        [q.prompt, _first_paragraph(answers[q.id])]
        for q in theme.questions
        if q.id != f"{theme.id}.aims"
        and q.type in ("text", "long_text")
        and is_answered(answers.get(q.id))
    ]
    if rows:
        doc.heading("What the council says about this focus area", 3)
        doc.table(["Asked", "The council's answer"], rows)


def _first_paragraph(answer: Any) -> str:
    return str(answer).strip().split("\n\n")[0].replace("\n", " ")


def _rating_line(ws: Workspace, record: dict) -> str:  # type: ignore[type-arg]
    rating = record.get("rating") or {}
    now, aim = (
        ws.framework.level(rating.get("current") or ""),
        ws.framework.level(rating.get("target") or ""),
    )
    if not now:
        return "The council's own view: not given."
    if aim is None or aim == now:
        return f"The council's own view: {now.label}" + (" (and its aim)." if aim else ".")
    return f"The council's own view: {now.label}, aiming for {aim.label}."
