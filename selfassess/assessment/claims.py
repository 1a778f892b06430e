"""Reading the council's own words for the readiness check: does a planned action say who
will do it and by when, and where does the council call itself the best?

The word lists live in :mod:`selfassess.vocabulary`; this module only turns them into
patterns. It reads, it never judges: a finding is the readiness check's to make.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from selfassess.vocabulary import ACTION_OWNERS, SUPERLATIVES

_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_YEAR = r"20\d\d(?:\s*[/-]\s*\d\d(?!\d))?"  # 2027, 2026/27, 2026-27
# a time an action is due: a month, season or quarter (with or without a year), a year or
# financial year, or an ISO date, after a word that makes it a deadline or a start
_WHEN = (
    rf"(?:(?:the\s+)?(?:end|start|beginning|middle)\s+of\s+)?(?:"
    rf"(?:{_MONTHS})(?:\s+{_YEAR})?|(?:spring|summer|autumn|winter)(?:\s+{_YEAR})?|"
    rf"(?:q[1-4]|quarter\s+[1-4]|(?:first|second|third|fourth)\s+quarter)(?:\s+(?:of\s+)?{_YEAR})?|"
    rf"{_YEAR}|\d{{4}}-\d\d-\d\d)"
)
DUE = re.compile(
    rf"\b(?:(?:by|in|from|before|until|during|within|starting|due|deadline|for)\s*:?\s+{_WHEN}"
    rf"|q[1-4]\s+{_YEAR}|\d{{4}}-\d\d-\d\d)\b",
    re.IGNORECASE,
)
# a sentence ends at a full stop before a capital, a blank line, or a new list line; a single
# line break inside a paragraph (typed or wrapped) does not end it
_SENTENCE_END = re.compile(
    r"(?<=[.!?])\s+(?=[\"'(]?[A-Z0-9£])|\n\s*\n|\n(?=\s*(?:[-*\u2022\u2013]|\d+[.)])\s)"
)


def _phrases(words: tuple[str, ...]) -> re.Pattern[str]:
    """Whole words or phrases, any case; a space in a phrase matches spaces or a hyphen."""
    parts = sorted((re.escape(w).replace(r"\ ", r"[\s-]+") for w in words), key=len, reverse=True)
    return re.compile(rf"(?<![\w-])(?:{'|'.join(parts)})(?![\w-])", re.IGNORECASE)


@cache
def _owner_pattern() -> re.Pattern[str]:
    return _phrases(ACTION_OWNERS)


@cache
def _superlative_pattern() -> re.Pattern[str]:
    return _phrases(SUPERLATIVES)


@dataclass(frozen=True)
class PlannedAction:
    """What an area for development says about its action."""

    owner: bool
    date: bool

    @property
    def missing(self) -> str | None:
        """'owner', 'date', 'owner or date', or None when both are there."""
        gaps = [name for name, there in (("owner", self.owner), ("date", self.date)) if not there]
        return " or ".join(gaps) or None


def planned_action(text: str) -> PlannedAction:
    """Whether ``text`` names an owner (a role or body) and a date for its action."""
    return PlannedAction(bool(_owner_pattern().search(text)), bool(DUE.search(text)))


def sentences(text: str) -> list[str]:
    """``text`` cut into sentences (and list lines), each on one line."""
    return [" ".join(s.split()) for s in _SENTENCE_END.split(text) if s.strip()]


def superlative_sentences(text: str) -> list[str]:
    """The sentences of ``text`` that use a superlative, in order."""
    return [s for s in sentences(text) if _superlative_pattern().search(s)]
