"""Suggested areas to explore, each with the reason it was suggested, at most a handful a
theme: the council's own questions for the team first, then what it claims without evidence
(each strength, and each superlative), then its areas for development, then stale evidence.
A suggestion that says much the same as one already made is not made twice."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from selfassess.assessment import readiness
from selfassess.assessment.workspace import Workspace
from selfassess.documents.wording import near
from selfassess.evidence import handling
from selfassess.evidence.evidence_log import Register
from selfassess.framework.model import Theme

MOST = 5  # a theme: the team forms its own lines of enquiry; these only start it off
FROM_FRAMEWORK = 2  # a theme the council has said nothing about yet: what good looks like

ASKED = "the council asks the team to look at this"
UNSUPPORTED = "a strength the council claims, with no evidence for this theme in the library"
SUPERLATIVE = "the council's own strong words; the team will want to see what they rest on"
NO_EVIDENCE = "no evidence is offered for this theme yet"
GAP = "the council sees a long way between where it is and where it wants to be"
AREA = "the council names it as an area for development"
STALE = "the evidence offered is more than a few years old"
FRAMEWORK = (
    "from the framework's description of what good looks like (the council has not yet said)"
)


@dataclass(frozen=True)
class Suggestion:
    theme: str
    area: str
    reason: str


def questions_for_the_team(ws: Workspace) -> list[tuple[str, str]]:
    """The council's questions for the team as (theme id, question), in its order."""
    asked = ws.context().get("questions_for_the_team") or []
    return [
        (str(q.get("theme")), str(q.get("question")).strip())
        for q in asked
        if isinstance(q, dict) and str(q.get("question") or "").strip()
    ]


def suggestions(
    ws: Workspace, today: dt.date | None = None, register: Register | None = None
) -> list[Suggestion]:
    """Suggested areas to explore, each traced to why it was suggested."""
    register = register or Register(ws.root)
    findings = readiness.check(ws, today, register)
    titles = {i.id: handling.team_title(i, handling.Rules()) for i in register.items()}
    asked = questions_for_the_team(ws)
    out: list[Suggestion] = []
    for theme in ws.framework.themes:
        mine = [f for f in findings if f.theme == theme.id]
        candidates = [(q, ASKED) for t, q in asked if t == theme.id]
        candidates += _claims(ws, theme, mine)
        record = ws.theme_record(theme.id)
        candidates += [(str(a), AREA) for a in record.get("areas_for_development", [])]
        candidates += [
            (f"What has changed since {f.item} '{titles.get(f.item or '', '')}'", STALE)
            for f in mine
            if f.rule == "stale-evidence"
        ]
        if not candidates or _silent(ws, theme, asked):
            candidates += [(g, FRAMEWORK) for g in theme.what_good_looks_like[:FROM_FRAMEWORK]]
        out += [Suggestion(theme.id, area, why) for area, why in _distinct(candidates)][:MOST]
    return out


def _claims(ws: Workspace, theme: Theme, mine: list[readiness.Finding]) -> list[tuple[str, str]]:
    """Each claim without evidence, each superlative, and a long way to go."""
    record = ws.theme_record(theme.id)
    rules = {f.rule for f in mine}
    out: list[tuple[str, str]] = []
    for finding in mine:
        if finding.rule == "superlative-claim" and finding.claim:
            out.append((f'What lies behind "{finding.claim.strip()}"', SUPERLATIVE))
        elif finding.rule == "strength-without-evidence":
            claims = [finding.claim] if finding.claim else record.get("strengths") or []
            out += [(f"How the council knows: {c}", UNSUPPORTED) for c in claims]
    if "theme-without-evidence" in rules and "strength-without-evidence" not in rules:
        out.append((f"How the council knows where it stands on {theme.title.lower()}", NO_EVIDENCE))
    if "rating-gap" in rules:
        out.append(("Whether the improvement the council aims for is realistic and planned", GAP))
    return out


def _silent(ws: Workspace, theme: Theme, asked: list[tuple[str, str]]) -> bool:
    """Whether the council has yet said anything of its own about the theme."""
    record = ws.theme_record(theme.id)
    return not (
        record.get("strengths")
        or record.get("areas_for_development")
        or any(t == theme.id for t, _ in asked)
    )


def _distinct(candidates: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """The first of each set of near-duplicates (by their meaningful words), with the reasons
    of those it stands for: an area for development the council also asks about is one."""
    kept: list[tuple[str, str]] = []
    for area, why in candidates:
        same = next((n for n, (other, _) in enumerate(kept) if near(area, other)), None)
        if same is None:
            kept.append((area, why))
        elif why not in kept[same][1]:
            kept[same] = (
                kept[same][0],
                f"{kept[same][1]}; {why.replace('the council ', 'it also ')}",
            )
    return kept
