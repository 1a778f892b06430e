"""The position statement: the council's self-assessment as councils publish it.

A foreword (or an introduction made from the facts), the council context, then the council's
narrative theme by theme: its long answers as prose under the theme's own headings, its short
answers as key facts in sentences, its strengths and areas for development, a place for
performance data, and the evidence it cites. It ends with the leader's and the chief
executive's sign-off. Until it is signed off it says so on every page and shows, in each
theme, what is still to write. Written to be signed off and possibly published.
"""

from __future__ import annotations

import datetime as dt

from selfassess.assessment import sign_off
from selfassess.assessment.answers import CONTEXT_FIELDS, is_answered
from selfassess.assessment.workspace import Workspace
from selfassess.documents import phrasing
from selfassess.documents.dates import in_words
from selfassess.documents.formats import Document
from selfassess.documents.places import CONTEXT, LISTS, Place
from selfassess.evidence.evidence_log import Register
from selfassess.evidence.handling import Rules, team_title
from selfassess.framework.model import Theme
from selfassess.vocabulary import OFFICIAL

# the version a statement carries until the council gives one (sign-off --version)
DEFAULT_VERSION = {"draft": "0.1", "for-sign-off": "0.9", "signed-off": "1.0"}


def build(
    ws: Workspace,
    include_ratings: bool = False,
    today: dt.date | None = None,
    register: Register | None = None,
) -> Document:
    """The position statement for ``ws``; ``today`` dates it when no status date is saved,
    ``register`` is the evidence log when the caller has it open already."""
    saved = sign_off.current(ws)
    state = str(saved["status"])
    changes = sign_off.changes_since_sign_off(ws)  # worked out once: gaps and a fingerprint
    changed = bool(changes)
    draft = state != "signed-off" or changed  # a draft shows its gaps
    term = ws.framework.term("self_assessment")
    doc = Document(
        "report",
        f"{ws.council}: {term}",
        f"{term.capitalize()} for the {ws.framework.title.lower()}, {ws.cycle}",
        status=_status(saved, changed),
        status_note="to be signed off again" if changed else "not yet signed off",
        marking=OFFICIAL,
        version=str(saved.get("version") or DEFAULT_VERSION[state]),
        dated=in_words(saved.get("status_date") or (today or dt.date.today())),
        contents=True,
    )
    if changed:
        doc.note(
            f"{doc.status}: {'; '.join(changes)}. Sign it off "
            "again, or set it back to a draft and take it for sign-off again."
        )
    elif draft:
        doc.note(
            f"{doc.status}, version {doc.version}: not yet signed off. Everything written for a "
            "peer challenge may be published or requested under the Freedom of Information Act."
        )
    _opening(doc, ws)
    _context(doc, ws, draft)
    items = (register or Register(ws.root)).items()
    for theme in ws.framework.themes:
        _theme(doc, ws, theme, draft, include_ratings)
        cited = [i for i in items if theme.id in i.themes]
        if cited:
            doc.heading("Evidence", 3)
            rows = [[i.id, team_title(i, Rules()), in_words(i.date)] for i in cited]
            doc.table(["Id", "Document", "Date"], rows)
    _signatures(doc, ws, saved, changed)
    return doc


def _status(saved: dict[str, object], changed: bool) -> str:
    """What the header says: Draft, For sign-off, nothing once signed off, or that it has
    changed since it was signed off."""
    if changed:
        return "Changed since it was signed off" + _on(saved)
    return sign_off.SHOWN[str(saved["status"])]


def _on(saved: dict[str, object]) -> str:
    """ " on 14 July 2026" when the sign-off date is recorded; nothing is made up otherwise."""
    when = saved.get("status_date")
    return f" on {in_words(str(when))}" if when else ""


def _opening(doc: Document, ws: Workspace) -> None:
    """The leader's and chief executive's foreword, or an introduction from the facts."""
    foreword = ws.context().get("foreword")
    if isinstance(foreword, str) and foreword.strip():
        doc.heading("Foreword")
        doc.paragraph(foreword, Place(CONTEXT, "foreword").field)
        return
    doc.heading("Introduction")
    doc.paragraph(" ".join(_introduction(ws)))


def _introduction(ws: Workspace) -> list[str]:
    dates = ws.meta.get("dates") or {}
    said = [
        f"This is {ws.council}'s {ws.framework.term('self_assessment')} for its "
        f"{ws.framework.title.lower()} ({ws.cycle}). It sets out, in the council's own words, "
        "how the council sees itself against each theme of the challenge: what is going well, "
        "what it wants to improve, and the evidence behind both."
    ]
    start, end = dates.get("period_start"), dates.get("period_end")
    if start and end:
        said.append(f"It covers the period from {in_words(start)} to {in_words(end)}.")
    days = dates.get("visit_days") or []
    if days:
        said.append(f"The peer team will be on site {phrasing.date_range(days[0], days[-1])}.")
    return said


def _context(doc: Document, ws: Workspace, draft: bool) -> None:
    """The council context, section by section; in a draft, what is still to write."""
    context = ws.context()
    missing = []
    for key, label in CONTEXT_FIELDS.items():
        value = context.get(key)
        said = isinstance(value, str) and is_answered(value.strip())
        if not said:
            missing.append(label)
            if draft:
                continue
        doc.heading(label.split(":")[0])  # signed off with gaps allowed: said, not hidden
        if said:
            doc.paragraph(value, Place(CONTEXT, key).field)
        else:
            doc.paragraph("The council has not written this part.")
    if draft and missing:
        written = len(CONTEXT_FIELDS) - len(missing)
        if not written:  # the gaps sit under the context's own name, not a heading of gaps
            doc.heading("Council context")
        doc.gaps(
            f"{written} of {len(CONTEXT_FIELDS)} sections of the council context written; still to write:",
            missing,
        )


def _theme(doc: Document, ws: Workspace, theme: Theme, draft: bool, ratings: bool) -> None:
    """One theme: key facts, prose under the framework's headings, the council's lists, a
    place for data; in a draft, what is still to write."""
    record = ws.theme_record(theme.id)
    saved = record.get("answers", {})
    doc.heading(theme.title + (" (focus area)" if theme.focus_area else ""))
    if ratings:
        _rating(doc, ws, record.get("rating") or {})
    unanswered = [q for q in theme.questions if not is_answered(saved.get(q.id))]
    if draft and unanswered:
        answered = len(theme.questions) - len(unanswered)
        doc.gaps(
            f"{answered} of {len(theme.questions)} questions answered; still to write:",
            [q.heading or q.prompt for q in unanswered],
        )
    answered_questions = [q for q in theme.questions if q not in unanswered]
    short = [q for q in answered_questions if phrasing.is_short(q)]
    doc.key_facts(
        [phrasing.sentence(q, saved[q.id]) for q in short],
        [Place(theme.id, q.id).field for q in short],
        [phrasing.in_sentence(q, saved[q.id]) for q in short],
    )
    for question in answered_questions:
        if phrasing.is_short(question):
            continue
        if question.heading:
            doc.heading(question.heading, 3)
        doc.paragraph(str(saved[question.id]), Place(theme.id, question.id).field)
    for listing in LISTS:
        if record.get(listing):
            doc.heading(ws.framework.term(listing).capitalize(), 3)
            doc.bullets(record[listing], Place(theme.id, listing).field)
    if not draft and len(unanswered) == len(theme.questions):
        doc.paragraph("The council has not written about this theme.")
    data_section(doc, ws, theme, draft)


def _rating(doc: Document, ws: Workspace, rating: dict[str, str | None]) -> None:
    now = ws.framework.level(rating.get("current") or "")
    aim = ws.framework.level(rating.get("target") or "")
    if now:
        doc.paragraph(f"Our own view: {now.label}" + (f", aiming for {aim.label}." if aim else "."))


def data_section(doc: Document, ws: Workspace, theme: Theme, draft: bool) -> None:
    """Where a theme's performance indicators and their trends go. None are kept in a
    workspace yet: a draft keeps the place for them, a signed-off statement says nothing."""
    if draft:
        doc.heading("Performance data", 3)
        doc.note(
            "Performance indicators for this theme, with their trends, will go here; until "
            "then, the documents the council cites hold the data."
        )


def _signatures(doc: Document, ws: Workspace, saved: dict[str, object], changed: bool) -> None:
    """The leader's and the chief executive's sign-off, and when and where it was given;
    once signed off, each row carries the date signed."""
    doc.heading("Sign-off")
    when = in_words(str(saved.get("status_date") or "")) or doc.dated
    rows = sign_off.signatories(ws)
    if changed:
        doc.paragraph(
            f"It was signed off{_on(saved)}, but has changed since and is to be signed off again."
        )
    elif saved.get("status") == "signed-off":
        approved = saved.get("approved_by")
        doc.paragraph(f"Signed off on {when}" + (f" ({approved})." if approved else "."))
        rows = [[*row, when] for row in rows]
    else:
        doc.paragraph(
            f"To be signed off by the leader of the council and the chief executive for "
            f"{ws.council}."
        )
    doc.sign_off(rows)
