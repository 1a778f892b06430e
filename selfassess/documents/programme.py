"""The outline programme for the visit: arrival, the team's briefing and the welcome on the
first day, then the sessions spread over the days, and the feedback presentation on the last.
A meeting the council has arranged in answer to an additional information request goes on the
day its answer names ("arranged for the afternoon of the second day", "on 7 October")."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence

from selfassess.assessment.workspace import Workspace
from selfassess.documents.dates import in_words
from selfassess.documents.people import people
from selfassess.requests.tracker import Tracked
from selfassess.vocabulary import DECLINED, OPEN, REOPENED, WITHDRAWN

FIRST = [
    "Arrival and team briefing",
    "Welcome from the leader and chief executive",
    "Tour of the place",
]
LAST = [
    "Team preparation",
    "Feedback presentation to the leader, chief executive and others they invite",
]
DEFAULT_DAYS = 4
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5}
MONTHS = {dt.date(2000, m, 1).strftime("%B").lower(): m for m in range(1, 13)}
MEETINGS = ("meeting", "site-visit")


def visit_days(ws: Workspace) -> list[str]:
    """The visit days in date order, each once (a hand-edited file may list them otherwise)."""
    return sorted({str(d) for d in (ws.meta.get("dates") or {}).get("visit_days") or []})


def outline(ws: Workspace, requests: Iterable[Tracked] = ()) -> list[tuple[str, list[str]]]:
    """Each day's label and its sessions: sessions shared out over the days in order, the
    first day after arrival and the last day's morning, before the team prepares its
    feedback, counting as part days."""
    days = visit_days(ws)
    count = len(days) or DEFAULT_DAYS
    placed, loose = _arranged(requests, days, count)
    plan = spread(sessions(ws) + loose, count)
    plan[0] = FIRST + plan[0]
    plan[-1] = plan[-1] + LAST
    for day, session in placed:
        plan[day].insert(len(plan[day]) - (len(LAST) if day == count - 1 else 0), session)
    return [(_label(days, n), p) for n, p in enumerate(plan)]


def spread(items: Sequence[str], count: int) -> list[list[str]]:
    """``items`` in order over ``count`` days: a half share on the first day (after arrival)
    and on the last (its morning, before the team prepares its feedback)."""
    weights = [1.0] * count
    if count >= 2:
        weights[0] = weights[-1] = 0.5
    total = sum(weights) or 1.0
    plan: list[list[str]] = [[] for _ in range(count)]
    for n, item in enumerate(items):
        at, bound = (n + 0.5) * total / len(items), 0.0
        for day, weight in enumerate(weights):
            bound += weight
            if at <= bound or day == count - 1:
                plan[day].append(item)
                break
    return plan


def sessions(ws: Workspace) -> list[str]:
    """A session for each theme, then the framework's on-site sessions (or, without them, the
    first eight people the themes suggest meeting)."""
    themes = [f"Theme session: {t.title}" for t in ws.framework.themes]
    groups = list(ws.framework.data.get("onsite_sessions", []))
    if not groups:
        groups = [p.role for p in people(ws)][:8]
    return themes + [str(g) for g in groups]


def place(answer: str, days: Sequence[str], count: int) -> tuple[int, str] | None:
    """The day (from 0) an answer names, and "morning" or "afternoon" where it says, or None."""
    text = answer.lower()
    part = next((p for p in ("morning", "afternoon", "evening") if p in text), "")
    day = _named_day(text, days, count)
    return None if day is None else (day, part)


def _named_day(text: str, days: Sequence[str], count: int) -> int | None:
    found = re.search(r"\b(first|second|third|fourth|fifth|last|final) day\b", text)
    if found:
        word = found.group(1)
        n = count if word in ("last", "final") else ORDINALS[word]
        return n - 1 if n <= count else None
    found = re.search(r"\bday (\d)\b", text)
    if found and 1 <= int(found.group(1)) <= count:
        return int(found.group(1)) - 1
    for n, day in enumerate(days):
        date = dt.date.fromisoformat(day)
        month = date.strftime("%B").lower()
        if day in text or re.search(rf"\b{date.day}(?:st|nd|rd|th)? {month}\b", text):
            return n
    return None


def _arranged(
    requests: Iterable[Tracked], days: Sequence[str], count: int
) -> tuple[list[tuple[int, str]], list[str]]:
    """Meetings the council has arranged: those whose answer names a day, and the rest."""
    placed: list[tuple[int, str]] = []
    loose: list[str] = []
    for tracked in requests:
        status = tracked.effective_status
        if tracked.type not in MEETINGS or status in (OPEN, REOPENED, DECLINED, WITHDRAWN):
            continue
        what = f"Arranged at the team's request: {_after_colon(tracked.ask or tracked.item or tracked.id)}"
        where = place(tracked.note or "", days, count)
        if where is None:
            loose.append(what)
        else:
            placed.append((where[0], what + (f" ({where[1]})" if where[1] else "")))
    return placed, loose


def _after_colon(text: str) -> str:
    """ "A meeting with ..." to follow a colon: "a meeting with ..." (only these little words,
    so a name or an acronym keeps its capital)."""
    text = text.strip()
    for word in ("A ", "An ", "The "):
        if text.startswith(word):
            return word.lower() + text[len(word) :]
    return text


def _label(days: Sequence[str], n: int) -> str:
    if n < len(days):
        return f"Day {n + 1}: {in_words(days[n], weekday=True)}"
    return f"Day {n + 1}"
