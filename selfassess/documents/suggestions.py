"""Suggested areas to explore, each with the reason it was suggested, at most a handful a
theme and the strongest first: superlatives the evidence doesn't yet show, areas for
development with no owner or date, strengths claimed without evidence (several in one
suggestion), a theme with no evidence, a long way to go, then the council's other areas for
development as topics to explore (never its own fix word for word), then stale evidence.

The council's own questions for the team come first in their theme: the team's lines of
enquiry start there. A finding or an area for development a question already covers is
not suggested again; the question's reason says what else points to it."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from selfassess.assessment import claims, readiness
from selfassess.assessment.workspace import Workspace
from selfassess.documents.wording import lower_first, near, topic
from selfassess.evidence import handling
from selfassess.evidence.evidence_log import Register
from selfassess.framework.model import Theme
from selfassess.vocabulary import SUPERLATIVES

MOST = 5  # a theme: the team forms its own lines of enquiry; these only start it off
FROM_FRAMEWORK = 2  # a theme the council has said nothing about yet: what good looks like

SUPERLATIVE = "{phrase}: a superlative the evidence doesn't yet show"
NO_ACTION = "an area for development with no {missing} yet"
UNSUPPORTED = "a strength claimed without evidence in the library"
UNSUPPORTED_MANY = "strengths claimed without evidence in the library"
NO_EVIDENCE = "no evidence is offered for this theme yet"
HIGH_RATING = "the council rates itself highly here with no evidence in the library"
GAP = "the council sees a long way between where it is and where it wants to be"
AREA = "an area for development the council names, with an owner and a date for its plan"
STALE = "the evidence offered is more than a few years old"
FRAMEWORK = (
    "from the framework's description of what good looks like (the council has not yet said)"
)
ASKED = "the council's own question for the team"


@dataclass(frozen=True)
class Suggestion:
    theme: str
    area: str
    reason: str


@dataclass(frozen=True)
class _Candidate:
    area: str
    reason: str
    source: str  # the council's words it comes from, to tell near-duplicates apart


def questions_for_the_team(ws: Workspace) -> list[tuple[str, str]]:
    """The council's questions for the team as (theme id, question), in its order, each
    once."""
    asked = ws.context().get("questions_for_the_team") or []
    out: list[tuple[str, str]] = []
    for q in asked:
        if isinstance(q, dict) and str(q.get("question") or "").strip():
            pair = (str(q.get("theme")), " ".join(str(q.get("question")).split()))
            if not any(t == pair[0] and o.lower() == pair[1].lower() for t, o in out):
                out.append(pair)
    return out


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
        questions = [q for t, q in asked if t == theme.id]
        candidates = [_Candidate(q, ASKED, q) for q in questions]
        candidates += _claims(ws, theme, mine)
        candidates += _areas(ws, theme, mine)
        candidates += [
            _Candidate(
                f"What has changed since {f.item} '{titles.get(f.item or '', '')}'", STALE, ""
            )
            for f in mine
            if f.rule == "stale-evidence"
        ]
        if _silent(ws, theme, asked):
            candidates += [
                _Candidate(g, FRAMEWORK, g) for g in theme.what_good_looks_like[:FROM_FRAMEWORK]
            ]
        out += [Suggestion(theme.id, c.area, c.reason) for c in _distinct(candidates)[:MOST]]
    return out


def _claims(ws: Workspace, theme: Theme, mine: list[readiness.Finding]) -> list[_Candidate]:
    """Each superlative, the strengths claimed without evidence (in one suggestion when there
    are several), no evidence at all, a high rating or a long way to go."""
    record = ws.theme_record(theme.id)
    rules = {f.rule for f in mine}
    out: list[_Candidate] = []
    for f in mine:  # one a superlative: "excellent" said twice is one thing to probe
        reason = _superlative(f.claim) if f.rule == "superlative-claim" and f.claim else ""
        if f.claim and reason and not any(o.reason == reason for o in out):
            out.append(
                _Candidate(f"What lies behind \u201c{f.claim.strip()}\u201d", reason, f.claim)
            )
    out += [
        _Candidate(topic(f.claim, planned=False), _no_action(f.claim), f.claim)
        for f in mine
        if f.rule == "area-without-action" and f.claim
    ]
    strengths = [
        str(c)
        for f in mine
        if f.rule == "strength-without-evidence"
        for c in ([f.claim] if f.claim else record.get("strengths") or [])
        if not any(near(str(c), o.source) for o in out)  # its superlative is asked already
    ]
    out += _unsupported(strengths)
    if "theme-without-evidence" in rules and not strengths:
        where = f"How the council knows where it stands on {theme.title.lower()}"
        out.append(_Candidate(where, NO_EVIDENCE, where))
    elif "high-rating-without-evidence" in rules and not strengths:
        out.append(_Candidate("What the council's own rating rests on", HIGH_RATING, ""))
    if "rating-gap" in rules:
        out.append(_Candidate("Whether the improvement the council aims for is realistic and planned", GAP, ""))  # fmt: skip
    return out


def _unsupported(strengths: list[str]) -> list[_Candidate]:
    said = [lower_first(s).rstrip(".") for s in strengths]
    if len(said) == 1:
        return [_Candidate(f"How the council knows that {said[0]}", UNSUPPORTED, strengths[0])]
    if said:
        listed = "; ".join(f"that {s}" for s in said)
        return [
            _Candidate(f"How the council knows {listed}", UNSUPPORTED_MANY, " ".join(strengths))
        ]
    return []


def _areas(ws: Workspace, theme: Theme, mine: list[readiness.Finding]) -> list[_Candidate]:
    """The council's areas for development that already have a plan, as topics to explore
    (those without an owner or a date come earlier, with the findings)."""
    without = {f.claim for f in mine if f.rule == "area-without-action"}
    areas = [str(a) for a in ws.theme_record(theme.id).get("areas_for_development", [])]
    return [_Candidate(topic(a), AREA, a) for a in areas if a not in without]


def _no_action(area: str) -> str:
    return NO_ACTION.format(missing=claims.planned_action(area).missing or "owner or date")


@cache
def _superlatives() -> re.Pattern[str]:
    parts = sorted((re.escape(w).replace(r"\ ", r"[\s-]+") for w in SUPERLATIVES), key=len)
    return re.compile(rf"(?<![\w-])(?:{'|'.join(reversed(parts))})(?![\w-])", re.IGNORECASE)


def _superlative(claim: str) -> str:
    found = _superlatives().search(claim)
    phrase = found.group(0).lower() if found else "strong words"
    return SUPERLATIVE.format(phrase=f"\u2018{phrase}\u2019")


def _silent(ws: Workspace, theme: Theme, asked: list[tuple[str, str]]) -> bool:
    """Whether the council has yet said anything of its own about the theme."""
    record = ws.theme_record(theme.id)
    return not (
        record.get("strengths")
        or record.get("areas_for_development")
        or any(t == theme.id for t, _ in asked)
    )


def _distinct(candidates: Iterable[_Candidate]) -> list[_Candidate]:
    """The first of each set of near-duplicates (by the council's words they come from); a
    council question that covers a later one gains its reason ("…; also an area for
    development with no owner or date yet")."""
    kept: list[_Candidate] = []
    for c in candidates:
        same = next((k for k in kept if c.source and k.source and near(c.source, k.source)), None)
        if same is None:
            kept.append(c)
        elif same.reason.startswith(ASKED) and ";" not in same.reason:
            kept[kept.index(same)] = _Candidate(
                same.area, f"{same.reason}; also {c.reason}", same.source
            )
    return kept
