"""The key dates of a peer challenge: those the workspace gives, the rest worked out from the
visit with the framework's ``timeline`` (so many days, weeks or months before the first visit
day or after the last), and all said in words. Every worked-out date says so: "by" where the
timeline marks a deadline, else "about"; one beyond the calendar is to be agreed."""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from selfassess.documents.dates import in_words

TO_AGREE = "to be agreed"

# Only for a framework that has no timeline of its own: the usual shape of a corporate peer
# challenge, counted from the visit.
FALLBACK_TIMELINE: tuple[dict[str, Any], ...] = (
    {"id": "scoping-meeting", "label": "Scoping meeting", "from": "visit_start",
     "weeks": -12, "about": True},
    {"id": "position-statement-due", "label": "Position statement due",
     "from": "visit_start", "weeks": -4, "by": True},
    {"id": "pre-reading-issued",
     "label": "Pre-reading issued to the peer team (two to three weeks before the visit)",
     "from": "visit_start", "weeks": -3, "about": True},
    {"id": "pre-onsite-meeting", "label": "Pre-onsite meeting", "from": "visit_start",
     "weeks": -2, "about": True},
    {"id": "feedback-presentation", "label": "Feedback presentation", "from": "visit_end",
     "days": 0},
    {"id": "feedback-report", "label": "Feedback report (within three months)",
     "from": "visit_end", "months": 3, "by": True},
    {"id": "action-plan", "label": "The council's action plan (within five months)",
     "from": "visit_end", "months": 5, "by": True},
    {"id": "progress-review", "label": "Progress review (about ten months after the visit)",
     "from": "visit_end", "months": 10, "about": True},
)  # fmt: skip


def add_months(date: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (or earlier), or the month's last day where it is shorter:
    31 January + 1 month is 28 February (29 in a leap year)."""
    index = date.year * 12 + date.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(date.day, last))


def shift(date: dt.date, *, days: int = 0, weeks: int = 0, months: int = 0) -> dt.date:
    """``date`` moved by whole months first, then by weeks and days."""
    return add_months(date, months) + dt.timedelta(days=days + 7 * weeks)


def said(date: dt.date, *, about: bool = False, by: bool = False, months: bool = False) -> str:
    """A worked-out date in words: "by 9 January 2027", "about August 2027" (a month away or
    more is only ever about a month), "about 15 September 2026"."""
    if about:
        return f"about {date:%B %Y}" if months else f"about {in_words(date)}"
    return f"by {in_words(date)}" if by else in_words(date)


@dataclass(frozen=True)
class KeyDate:
    label: str
    when: str  # in words, or "to be agreed"


def key_dates(dates: Mapping[str, Any], timeline: Sequence[Mapping[str, Any]]) -> list[KeyDate]:
    """The period covered, then each step of the timeline (the workspace's own date where it
    gives one, under the step's id with underscores) and the visit, in date order."""
    visit = sorted({str(d) for d in dates.get("visit_days") or []})
    anchors = {
        "visit_start": dt.date.fromisoformat(visit[0]) if visit else None,
        "visit_end": dt.date.fromisoformat(visit[-1]) if visit else None,
    }
    steps = list(timeline or FALLBACK_TIMELINE)
    rows = [_step(step, dates, anchors) for step in steps]
    after = [n for n, step in enumerate(steps) if step["from"] == "visit_end"]
    rows.insert(after[0] if after else len(rows), (anchors["visit_start"], _visit_row(visit)))
    if all(when for when, _ in rows):  # in date order; else as the timeline lists them
        rows.sort(key=lambda row: row[0] or dt.date.min)
    return [KeyDate("Period covered", _period(dates)), *(row for _, row in rows)]


def _step(
    step: Mapping[str, Any],
    dates: Mapping[str, Any],
    anchors: Mapping[str, dt.date | None],
) -> tuple[dt.date | None, KeyDate]:
    label = str(step["label"])
    given = dates.get(str(step["id"]).replace("-", "_"))
    if given:
        try:
            return dt.date.fromisoformat(str(given)), KeyDate(label, in_words(str(given)))
        except ValueError:
            return None, KeyDate(label, str(given))
    anchor = anchors.get(str(step["from"]))
    if anchor is None:
        return None, KeyDate(label, TO_AGREE)
    offset = {k: int(step.get(k, 0)) for k in ("days", "weeks", "months")}
    try:
        moved = shift(anchor, **offset)
    except (OverflowError, ValueError):  # beyond the calendar: not a date anyone can meet
        return None, KeyDate(label, TO_AGREE)
    if not any(offset.values()):  # the visit's own day: known, not worked out
        return moved, KeyDate(label, in_words(moved))
    by = bool(step.get("by"))
    when = said(moved, about=not by, by=by, months=bool(offset["months"]))
    return moved, KeyDate(label, when)


def _period(dates: Mapping[str, Any]) -> str:
    if dates.get("period_start") and dates.get("period_end"):
        return f"{in_words(dates['period_start'])} to {in_words(dates['period_end'])}"
    return TO_AGREE


def _visit_row(days: list[str]) -> KeyDate:
    return KeyDate("On-site visit", _visit(days))


def _visit(days: list[str]) -> str:
    """ "6 to 9 October 2026" for days running on, else each day."""
    if not days:
        return TO_AGREE
    parsed = [dt.date.fromisoformat(d) for d in days]
    running = all((b - a).days == 1 for a, b in itertools.pairwise(parsed))
    if len(parsed) == 1 or not running:
        return "; ".join(in_words(d, weekday=True) for d in parsed)
    first, last = parsed[0], parsed[-1]
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day} to {in_words(last)}"
    return f"{in_words(first)} to {in_words(last)}"
