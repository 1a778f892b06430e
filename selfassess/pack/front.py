"""The two documents a peer reads first, at the top of the pack's front page ("Start here"):
the council's position statement and the scoping document, each in HTML and in Word.

The position statement goes in once the council has written any of it (an answer or a part
of the council context), unless the workspace says ``position_statement: {in_pack: false}``.
A statement that cannot be made (for example one marked signed off with questions still
unanswered) is left out with a warning, rather than stopping the build: the pack carries far
more than the statement (the library, the answers to the team's requests), and the next build
puts the statement in once it is put right. An unfinished self-assessment is built all the
same, with one warning saying how much is missing and how to see it.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field
from typing import Any

from selfassess.assessment.answers import CONTEXT_FIELDS, is_answered
from selfassess.assessment.workspace import Workspace
from selfassess.documents.formats import Document
from selfassess.errors import SelfAssessError
from selfassess.evidence.evidence_log import Register

FORMATS = ("html", "docx")
POSITION_STATEMENT = "position-statement"
SCOPING_DOCUMENT = "scoping-document"


@dataclass
class Front:
    """What the front documents put in the pack: the files (name to bytes), the documents
    as the page lists them (title, what it is, a link to each format) and any warnings."""

    files: dict[str, bytes] = field(default_factory=dict)
    documents: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def documents(ws: Workspace, register: Register) -> Front:
    """The position statement (when there is one to show) and the scoping document."""
    from selfassess.documents import position_statement, scoping

    front = Front()
    if wanted(ws):
        try:
            statement = position_statement.build(ws, register=register)
        except SelfAssessError as exc:
            front.warnings.append(
                f"the position statement is not in this pack: {exc.message}"
                + (f" ({exc.hint})" if exc.hint else "")
            )
        else:
            _add(front, POSITION_STATEMENT, statement)
            front.documents.append(_entry(POSITION_STATEMENT, **_statement_words(ws)))
    _add(front, SCOPING_DOCUMENT, scoping.build(ws, register=register))
    front.documents.append(
        _entry(
            SCOPING_DOCUMENT,
            title="Scoping document",
            about="What the council asks the peer team to look at: the scope theme by theme, "
            "the council's own questions for the team, suggested areas to explore, the people "
            "the team will meet and the key dates.",
        )
    )
    unfinished = _unfinished(ws, register, [d["title"].lower() for d in front.documents])
    front.warnings[:0] = [unfinished] if unfinished else []
    return front


def wanted(ws: Workspace) -> bool:
    """Whether the pack carries the position statement: once any of it is written, unless
    the council has said to leave it out."""
    settings = ws.meta.get("position_statement") or {}
    if settings.get("in_pack") is False:
        return False
    return written(ws)


def written(ws: Workspace) -> bool:
    """Whether the council has written any of its position statement: a part of the council
    context (or the foreword), or an answer to any question."""
    context = ws.context()
    if any(is_answered(context.get(key)) for key in [*CONTEXT_FIELDS, "foreword"]):
        return True
    for theme in ws.framework.themes:
        saved = ws.theme_record(theme.id).get("answers", {})
        if any(is_answered(saved.get(q.id)) for q in theme.questions):
            return True
    return False


def _unfinished(ws: Workspace, register: Register, shown: list[str]) -> str | None:
    """One warning when the readiness check finds errors (required questions unanswered,
    council context missing): how many, and the command that lists them."""
    from selfassess.assessment import readiness

    errors = [f for f in readiness.check(ws, register=register) if f.severity == readiness.ERROR]
    if not errors:
        return None
    count = f"{len(errors)} thing{'s' if len(errors) != 1 else ''}"
    return (
        f"the self-assessment is unfinished ({count} to write: required questions unanswered "
        f"or council context missing), so the {' and the '.join(shown)} in the pack "
        f"{'show' if len(shown) > 1 else 'shows'} gaps; see "
        f"them with: selfassess check -w {shlex.quote(str(ws.root))}"
    )


def _statement_words(ws: Workspace) -> dict[str, str]:
    """The position statement's title and the line that says what it is and where it
    stands: a draft, for sign-off, or signed off (when, and by which meeting)."""
    from selfassess.documents.dates import in_words

    settings = ws.meta.get("position_statement") or {}
    status = settings.get("status") or "draft"
    when = in_words(settings.get("status_date"))
    if status == "signed-off":
        by = settings.get("approved_by")
        stands = (
            f"Signed off: approved by {by}"
            if by
            else "Signed off" + (f" on {when}" if when else "")
        )
    elif status == "for-sign-off":
        stands = "For sign-off" + (f" since {when}" if when else "")
    else:
        stands = "A draft: it may change before it is signed off"
    return {
        "title": "Position statement",
        "about": "The council's own account of where it stands, theme by theme: its "
        f"strengths, its areas for development and the evidence behind them. {stands}.",
    }


def _entry(name: str, *, title: str, about: str) -> dict[str, Any]:
    return {
        "name": name,
        "title": title,
        "about": about,
        "html": f"{name}.html",
        "docx": f"{name}.docx",
    }


def _add(front: Front, name: str, document: Document) -> None:
    from selfassess.documents import formats

    for fmt in FORMATS:
        front.files[f"{name}.{fmt}"] = formats.render(document, fmt)
