"""The two documents a peer reads first, at the top of the pack's front page ("Start here"):
the council's position statement and the scoping document, each in HTML and in Word.

The position statement goes in once the council has written any of it (an answer or a part
of the council context), unless the workspace says ``position_statement: {in_pack: false}``.
A statement signed off and changed since (edited, or an answer or the council context
cleared without ``allow_gaps``) goes in as it now stands, with a warning to sign it off
again. A statement that cannot be made at all (its template broken, say) is left out with
a warning, rather than stopping the build: the pack carries far more than the statement,
and the next build puts it in once it is put right. An unfinished self-assessment is built all the same, with
one warning saying how many questions are still to answer and how to see them.

Each document's content hash (its content without the date it carries) goes in the
manifest, so the next pack's "what's new" can say which of them changed.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import shlex
from dataclasses import dataclass, field
from typing import Any

from selfassess.assessment import sign_off
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
    as the page lists them (title, what it is, a link to each format), each document's
    content hash (name to SHA-256, see :func:`content_hash`) and any warnings."""

    files: dict[str, bytes] = field(default_factory=dict)
    documents: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    hashes: dict[str, str] = field(default_factory=dict)


# how "what's new" names each document
NAMES = {POSITION_STATEMENT: "the position statement", SCOPING_DOCUMENT: "the scoping document"}


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
            changed = changed_warning(ws)
            if changed:
                front.warnings.append(changed)
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
    unfinished = _unfinished(ws, [d["title"].lower() for d in front.documents])
    front.warnings[:0] = [unfinished] if unfinished else []
    return front


def content_hash(document: Document) -> str:
    """The SHA-256 of what a document says, leaving out the date it carries: built again
    the next day with nothing else changed, it is the same document."""
    undated = dataclasses.asdict(dataclasses.replace(document, dated="", warnings=[]))
    text = json.dumps(undated, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def changes(before: dict[str, str] | None, now: dict[str, str]) -> list[str]:
    """What "what's new" says of the front documents, given the content hashes the previous
    pack's manifest recorded (None: a pack from before they were kept, so nothing is said)."""
    if before is None:
        return []
    notes = []
    changed = [NAMES[n] for n in now if n in before and before[n] != now[n]]
    if changed:
        verb = "have" if len(changed) > 1 else "has"
        notes.append(f"{' and '.join(changed)} {verb} changed")
    added = [NAMES[n] for n in now if n not in before]
    if added:
        notes.append(f"{' and '.join(added)} {'are' if len(added) > 1 else 'is'} now in the pack")
    gone = [NAMES.get(n, n) for n in before if n not in now]
    if gone:
        notes.append(
            f"{' and '.join(gone)} {'are' if len(gone) > 1 else 'is'} no longer in the pack"
        )
    return notes


def changed_warning(ws: Workspace) -> str | None:
    """A warning when the statement is marked signed off but has changed since: edited, or
    gaps come back (an answer or a part of the council context cleared, gaps not allowed)."""
    changes = sign_off.changes_since_sign_off(ws)
    if not changes:
        return None
    from selfassess.documents.dates import in_words

    when = in_words(sign_off.current(ws).get("status_date"))
    where = shlex.quote(str(ws.root))
    return (
        f"the position statement was signed off{f' on {when}' if when else ''} but has changed "
        f"since ({'; '.join(changes)}); sign it off again (selfassess sign-off -w {where} "
        f"--status signed-off), or set it back to a draft (selfassess sign-off -w {where} "
        "--status draft)"
    )


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


def _unfinished(ws: Workspace, shown: list[str]) -> str | None:
    """One warning when the self-assessment has gaps (questions unanswered, council context
    unwritten; counted as ``report`` counts them): how many, and the command that lists them.
    None when there are none, or the council signed off with gaps on purpose."""
    missing = sign_off.gaps(ws)
    saved = sign_off.current(ws)
    if not missing or (saved["status"] == "signed-off" and saved["allow_gaps"]):
        return None
    return (
        f"the self-assessment is unfinished ({sign_off.gaps_said(missing)}), "
        f"so the {' and the '.join(shown)} in the pack "
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
        if sign_off.changed_since_sign_off(ws):
            stands += ", but it has changed since and is to be signed off again"
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
    front.hashes[name] = content_hash(document)
