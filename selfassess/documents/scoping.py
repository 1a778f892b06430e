"""The scoping document, for the peer team and the pre-onsite meeting.

It offers *suggested areas to explore*, each with the reason it was suggested; the team forms
its own lines of enquiry. It never carries a score, a grade or a league table, and shows the
council's self-ratings only when the council asks (``include_ratings``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from selfassess.assessment import readiness
from selfassess.assessment.answers import CONTEXT_FIELDS, is_answered
from selfassess.assessment.workspace import Workspace
from selfassess.documents.formats import Document
from selfassess.evidence import handling
from selfassess.evidence.evidence_log import Register
from selfassess.evidence.model import EvidenceItem
from selfassess.framework.model import Theme
from selfassess.vocabulary import INCLUDED, ON_REQUEST, PACK_STATES, TEAM_ROLES, TEAM_ROOM

EVIDENCE_SHOWN = 15  # per theme: a scoping document summarises; the library lists everything


@dataclass(frozen=True)
class Suggestion:
    theme: str
    area: str
    reason: str


def suggestions(
    ws: Workspace, today: dt.date | None = None, register: Register | None = None
) -> list[Suggestion]:
    """Suggested areas to explore, each traced to why it was suggested."""
    register = register or Register(ws.root)
    findings = readiness.check(ws, today, register)
    titles = {i.id: handling.team_title(i, handling.Rules()) for i in register.items()}
    out: list[Suggestion] = []
    for theme in ws.framework.themes:
        record = ws.theme_record(theme.id)
        for area in record.get("areas_for_development", []):
            out.append(
                Suggestion(theme.id, area, "the council names it as an area for development")
            )
        mine = [f for f in findings if f.theme == theme.id]
        rules = {f.rule for f in mine}
        if "strength-without-evidence" in rules:
            out.append(
                Suggestion(
                    theme.id,
                    f"How the council knows: {record['strengths'][0]}",
                    "a claimed strength with little supporting evidence in the library",
                )
            )
        elif "theme-without-evidence" in rules:
            out.append(
                Suggestion(
                    theme.id,
                    f"How the council knows where it stands on {theme.title.lower()}",
                    "no evidence is offered for this theme",
                )
            )
        if "rating-gap" in rules:
            out.append(
                Suggestion(
                    theme.id,
                    "Whether the improvement the council aims for is realistic and planned",
                    "the council sees a long way between where it is and where it wants to be",
                )
            )
        for finding in mine:
            if finding.rule == "required-unanswered":
                out.append(
                    Suggestion(
                        theme.id,
                        finding.message.split(": ", 1)[-1],
                        f"the council's {ws.framework.term('self_assessment')} leaves this question "
                        "unanswered",
                    )
                )
            elif finding.rule == "stale-evidence":
                out.append(
                    Suggestion(
                        theme.id,
                        f"What has changed since {finding.item} '{titles[finding.item or '']}'",
                        "the evidence offered is more than a few years old",
                    )
                )
    return out


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
    )
    doc.note(
        "This document offers suggested areas to explore, each with the reason it was suggested. "
        "The peer team forms its own lines of enquiry. It is not a score, a grade or a ranking."
    )
    _council(doc, context)
    _scope(doc, ws)
    suggested = suggestions(ws, today, register)
    register_items = register.items()
    fulfilled = fulfilled_evidence(Tracker(ws.root).all())  # answered requests are in the pack
    for theme in ws.framework.themes:
        mine = [s for s in suggested if s.theme == theme.id]
        _theme(doc, ws, theme, mine, include_ratings)
        _theme_evidence(doc, [i for i in register_items if theme.id in i.themes], fulfilled)
    _evidence_available(doc, register_items, fulfilled)
    _people(doc, ws)
    doc.heading("On-site timetable (a skeleton to agree at the pre-onsite meeting)")
    doc.table(["Day", "Sessions"], _timetable(ws))
    _team(doc, ws.meta.get("team") or {})
    _key_dates(doc, ws.meta.get("dates") or {})
    doc.heading("Ground rules")
    doc.bullets(list(ws.framework.ground_rules))
    return doc


def _council(doc: Document, context: dict[str, Any]) -> None:
    """The council in its own words: each context question it has answered."""
    doc.heading("The council")
    for key, label in CONTEXT_FIELDS.items():
        if is_answered(context.get(key)):
            doc.heading(label.split(":")[0], 3)
            doc.paragraph(context[key])


def _scope(doc: Document, ws: Workspace) -> None:
    """The themes the challenge covers, and what the council wants from each."""
    doc.heading("Scope")
    focus = [t for t in ws.framework.themes if t.focus_area]
    core = len(ws.framework.themes) - len(focus)
    extra = (
        f" and {len(focus)} focus area{'s' if len(focus) != 1 else ''} the council chose"
        if focus
        else ""
    )
    doc.paragraph(
        f"The challenge covers {core} core theme{'s' if core != 1 else ''} of the "
        f"{ws.framework.title.lower()}{extra}."
    )
    doc.table(
        ["Theme", "What the council wants from it"],
        [
            [t.title + (" (focus area)" if t.focus_area else ""), _wants(ws, t)]
            for t in ws.framework.themes
        ],
    )


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
    doc.heading("Suggested areas to explore", 3)
    if suggested:
        doc.table(["Area", "Why it is suggested"], [[s.area, s.reason] for s in suggested])
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
    """The people the framework's themes suggest meeting, each once."""
    doc.heading("People the team might meet")
    people: list[str] = []
    for theme in ws.framework.themes:
        people += [p for p in theme.people_to_meet if p not in people]
    doc.bullets(people)


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


def _key_dates(doc: Document, dates: dict[str, Any]) -> None:
    """The period covered, the pre-onsite meeting and the visit, or "to be agreed"."""
    doc.heading("Key dates")
    doc.bullets(
        [
            "Period covered: "
            + (
                f"{_long_date(dates['period_start'])} to {_long_date(dates['period_end'])}"
                if dates.get("period_start") and dates.get("period_end")
                else "to be agreed"
            ),
            f"Pre-onsite meeting: {_long_date(dates['pre_onsite_meeting']) if dates.get('pre_onsite_meeting') else 'to be agreed'}",
            "On-site visit: "
            + (
                "; ".join(_long_date(d) for d in dates["visit_days"])
                if dates.get("visit_days")
                else "to be agreed"
            ),
        ]
    )


def _wants(ws: Workspace, theme: Theme) -> str:
    if theme.focus_area:
        answer = ws.theme_record(theme.id).get("answers", {}).get(f"{theme.id}.aims")
        if is_answered(answer):
            return str(answer).split("\n\n")[0].replace("\n", " ")
        if any(q.id == f"{theme.id}.aims" for q in theme.questions):
            return "(not yet written)"
        return theme.summary  # a topic theme or one the council's profile adds
    return f"A core theme of the {ws.framework.title.lower()}"


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


def _timetable(ws: Workspace) -> list[list[str]]:
    """Days from the visit dates: arrival first, feedback last, and the theme sessions and
    group sessions shared out evenly over the days between."""
    days = (ws.meta.get("dates") or {}).get("visit_days") or ["Day 1", "Day 2", "Day 3", "Day 4"]
    first = [
        "Arrival and team briefing",
        "Welcome from the leader and chief executive",
        "Tour of the place",
    ]
    last = [
        "Team preparation",
        "Feedback presentation to the leader, chief executive and others they invite",
    ]
    if len(days) == 1:
        return [[_day_label(days[0], 0), "; ".join(first + last)]]
    middle = [[] for _ in range(max(1, len(days) - 2))]  # type: list[list[str]]
    for n, theme in enumerate(ws.framework.themes):
        middle[n * len(middle) // len(ws.framework.themes)].append(f"Theme session: {theme.title}")
    for n, group in enumerate(_groups(ws)):
        middle[n % len(middle)].append(group)
    plan = [first + middle[0], last] if len(days) == 2 else [first, *middle, last]
    return [
        [_day_label(day, n), "; ".join(sessions)]
        for n, (day, sessions) in enumerate(zip(days, plan, strict=False))
    ]


def _groups(ws: Workspace) -> list[str]:
    """Who the team meets: the framework's own on-site sessions, else the people it says the
    team might meet (at most eight)."""
    sessions = list(ws.framework.data.get("onsite_sessions", []))
    if sessions:
        return sessions
    people: list[str] = []
    for theme in ws.framework.themes:
        people += [p for p in theme.people_to_meet if p.lower() not in {x.lower() for x in people}]
    return people[:8]


def _long_date(value: str) -> str:
    """``2026-10-06`` → ``Tuesday 6 October 2026``."""
    try:
        date = dt.date.fromisoformat(value)
    except ValueError:
        return value
    return f"{date:%A} {date.day} {date:%B %Y}"


def _day_label(day: str, n: int) -> str:
    try:
        date = dt.date.fromisoformat(day)
    except ValueError:
        return day
    return f"Day {n + 1}: {date.strftime('%A')} {date.day} {date.strftime('%B %Y')}"
