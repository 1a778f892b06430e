"""Signing off the position statement: who signs it, where it stands (draft → for sign-off
→ signed off), when, which meeting approved it, its version, and the gaps it still has.

All of it lives in ``workspace.yaml`` under ``position_statement``. A statement with
questions unanswered or council context unwritten is not signed off unless the council says
so (``allow_gaps``); the draft shows each gap where it belongs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from selfassess.assessment.answers import CONTEXT_FIELDS, is_answered
from selfassess.assessment.creation import SIGNATORIES
from selfassess.assessment.layout import WORKSPACE_FILE, header
from selfassess.datafiles import activity, datafile, schemas
from selfassess.errors import FindingsFound, InvalidData, UsageError

if TYPE_CHECKING:
    from selfassess.assessment.workspace import Workspace

STATUSES = ("draft", "for-sign-off", "signed-off")
SHOWN = {"draft": "Draft", "for-sign-off": "For sign-off", "signed-off": ""}


@dataclass(frozen=True)
class Gap:
    """Something the position statement does not yet say: a question (by its heading, else
    its prompt) in a theme, or a part of the council context (``theme_id`` None)."""

    theme_id: str | None
    what: str


def gaps(ws: Workspace) -> list[Gap]:
    """Every part of the council context still to write and every question unanswered."""
    context = ws.context()
    found = [
        Gap(None, label.split(":")[0])
        for key, label in CONTEXT_FIELDS.items()
        if not is_answered(context.get(key))
    ]
    for theme in ws.framework.themes:
        saved = ws.theme_record(theme.id).get("answers", {})
        found += [
            Gap(theme.id, q.heading or q.prompt)
            for q in theme.questions
            if not is_answered(saved.get(q.id))
        ]
    return found


def gaps_said(missing: list[Gap]) -> str:
    """The one way every command and document counts what is still to write: "48 questions
    still to answer and 4 parts of the council context still to write"."""
    questions = sum(1 for g in missing if g.theme_id)
    context = len(missing) - questions
    said = []
    if questions:
        said.append(f"{questions} question{'s' if questions != 1 else ''} still to answer")
    if context:
        part = "part" if context == 1 else "parts"
        said.append(f"{context} {part} of the council context still to write")
    return " and ".join(said) or "nothing still to write"


def content_fingerprint(ws: Workspace) -> str:
    """A fingerprint of what the statement says: the council context and each theme's
    answers, strengths and areas for development (self-ratings are not in it)."""
    said = {
        "context": ws.context(),
        "themes": {
            t.id: {k: ws.theme_record(t.id).get(k) for k in SAID_IN_A_THEME}
            for t in ws.framework.themes
        },
    }
    text = json.dumps(said, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


SAID_IN_A_THEME = ("answers", "strengths", "areas_for_development")


def changes_since_sign_off(ws: Workspace) -> list[str]:
    """How a signed-off statement has changed since: gaps come back (unless allowed) and
    anything edited; empty while it is as signed off, or not signed off at all."""
    saved = current(ws)
    if saved["status"] != "signed-off":
        return []
    missing = [] if saved["allow_gaps"] else gaps(ws)
    said = [gaps_said(missing)] if missing else []
    signed = saved.get("signed_content")
    if signed and signed != content_fingerprint(ws):
        said.append("what it says has been edited")
    return said


def changed_since_sign_off(ws: Workspace) -> bool:
    """Signed off, but changed since: gaps come back (unless allowed), or anything edited."""
    return bool(changes_since_sign_off(ws))


def current(ws: Workspace) -> dict[str, Any]:
    """The workspace's ``position_statement`` with its defaults: a draft, no version."""
    saved = ws.meta.get("position_statement") or {}
    return {"status": "draft", "allow_gaps": False, **saved}


def status(ws: Workspace) -> str:
    return str(current(ws)["status"])


def signatories(ws: Workspace) -> list[list[str]]:
    """[title, name] for the leader and the chief executive; a name not given is ""."""
    saved = current(ws)
    rows = []
    for role, title in SIGNATORIES.items():
        person = saved.get(role) or {}
        rows.append([person.get("title") or title, person.get("name") or ""])
    return rows


def signed_on(ws: Workspace) -> str | None:
    """The date (YYYY-MM-DD) the statement was signed off, while it is signed off."""
    saved = current(ws)
    return str(saved.get("status_date") or "") or None if saved["status"] == "signed-off" else None


# what belongs to one sign-off only, cleared when the statement leaves "signed off"
ONE_SIGN_OFF = {
    "approved_by": "the approving meeting",
    "version": "version",
    "allow_gaps": "gaps allowed",
}


def cleared(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """What leaving "signed off" cleared, as people say it: "the approving meeting (Cabinet,
    14 July 2026)", "version 1.0", "gaps allowed"."""
    said = []
    for key, name in ONE_SIGN_OFF.items():
        if before.get(key) and not after.get(key):
            value = before[key]
            said.append(
                name
                if value is True
                else f"{name} ({value})"
                if key != "version"
                else f"version {value}"
            )
    return said


@dataclass(frozen=True)
class Change:
    """What ``sign-off`` sets: a status, the date it was set (default today), the meeting
    that approved it, a version, and whether gaps are allowed."""

    status: str
    date: str | None = None
    approved_by: str | None = None
    version: str | None = None
    allow_gaps: bool = False


def set_status(ws: Workspace, change: Change, today: dt.date | None = None) -> dict[str, Any]:
    """Record ``change`` in ``workspace.yaml``, atomically and under the workspace lock.
    Signing off with gaps is refused (:class:`FindingsFound`, naming them) unless the change
    allows them. Returns the new ``position_statement``."""
    if change.status not in STATUSES:
        raise UsageError(
            f"status {change.status!r} is not one of {', '.join(STATUSES)}",
            hint="give --status draft, for-sign-off or signed-off",
        )
    when = _date(change.date, today)
    with ws.lock("selfassess sign-off"):
        path = ws.root / WORKSPACE_FILE
        meta = dict(datafile.load(path).data)
        saved = dict(meta.get("position_statement") or {})
        missing = gaps(ws)
        if change.status == "signed-off" and missing and not change.allow_gaps:
            raise FindingsFound(refusal(ws, missing))
        if change.status != "signed-off" or not change.allow_gaps:
            saved.pop("allow_gaps", None)  # allowed for one sign-off only
        if saved.get("status") == "signed-off" and change.status != "signed-off":
            saved.pop("approved_by", None)
            saved.pop("version", None)
        saved.pop("signed_content", None)
        if change.status == "signed-off":  # to tell later whether it still says the same
            saved["signed_content"] = content_fingerprint(ws)
        saved.update(status=change.status, status_date=when)
        for key in ("approved_by", "version"):
            if getattr(change, key) is not None:
                saved[key] = getattr(change, key).strip() or None
        if change.allow_gaps:
            saved["allow_gaps"] = True
        meta["position_statement"] = {k: v for k, v in saved.items() if v is not None}
        problems = schemas.check("workspace", datafile.Loaded(path, "", meta))
        if problems:
            raise InvalidData(problems, summary=f"{path}: not saved")
        datafile.write_yaml(path, meta, header("Workspace", meta))
        ws.meta = meta
        activity.record(
            ws.root, activity.COUNCIL, "sign-off", f"position statement: {change.status}"
        )
    return dict(meta["position_statement"])


def refusal(ws: Workspace, missing: list[Gap]) -> str:
    """Why a statement with gaps is not signed off, each gap under its theme."""
    titles = {t.id: t.title for t in ws.framework.themes}
    lines = [f"Not signed off: the position statement has {gaps_said(missing)}:"]
    for gap in missing:
        where = titles.get(gap.theme_id or "", "Council context")
        lines.append(f"  {where}: {gap.what}")
    lines.append(
        "Write them ('selfassess start'), or sign off with them: "
        "'selfassess sign-off --status signed-off --allow-gaps'."
    )
    return "\n".join(lines)


def _date(given: str | None, today: dt.date | None) -> str:
    day = today or dt.date.today()
    if given is None or given == "today":
        return day.isoformat()
    if not datafile.is_real_date(given):
        raise UsageError(
            f"--date {given!r} is not a date", hint="give it as YYYY-MM-DD, or 'today'"
        )
    return given
