"""Reading the council's own words for the readiness check: does a planned action say who
will do it and by when, where does the council call itself the best, and how to quote the
words a finding is about.

The word lists live in :mod:`selfassess.vocabulary`; this module only turns them into
patterns. It reads, it never judges: a finding is the readiness check's to make.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from selfassess.datafiles.datafile import is_real_date
from selfassess.vocabulary import (
    ACTION_OWNER_LABELS,
    ACTION_OWNERS,
    OWNER_PLACEHOLDERS,
    SUPERLATIVES,
)

ELLIPSIS = "\u2026"

_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
# 2027, 2026/27, 2026-27; never the start of a date (2027-02-30 is read as a date, or not)
_YEAR = r"20\d\d(?:\s*[/-]\s*\d\d(?!\d))?(?!\s*[/-]\s*\d)"
_ISO = re.compile(r"\d{4}-\d\d-\d\d")
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


@cache
def _placeholder_pattern() -> re.Pattern[str]:
    return _phrases(OWNER_PLACEHOLDERS)


# the words each readiness rule flags in the claim it quotes (other rules: the whole claim)
_FLAGGED: dict[str, Callable[[], re.Pattern[str]]] = {"superlative-claim": _superlative_pattern}


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
    return PlannedAction(_names_owner(text), _names_date(text))


def _names_owner(text: str) -> bool:
    """An owner's role or body; a label ("Owner:", "led by", "Lead officer:") counts only
    with someone after it, not nothing or a placeholder such as TBC."""
    labels = {" ".join(label.split()) for label in ACTION_OWNER_LABELS}
    for found in _owner_pattern().finditer(text):
        rest = text[found.end() :]
        after = rest.lstrip(" \t:-\u2013\u2014")
        labelled = " ".join(found.group().lower().replace("-", " ").split()) in labels
        if not labelled and after == rest.lstrip():  # no colon or dash: the role itself
            return True
        if re.match(r"[^\W\d_]", after) and not _placeholder_pattern().match(after):
            return True
    return False


def _names_date(text: str) -> bool:
    """A time the action is due; an ISO date counts only if it is a real one."""
    for found in DUE.finditer(text):
        iso = _ISO.search(found.group())
        if iso is None or is_real_date(iso.group()):
            return True
    return False


def sentences(text: str) -> list[str]:
    """``text`` cut into sentences (and list lines), each on one line."""
    return [" ".join(s.split()) for s in _SENTENCE_END.split(text) if s.strip()]


def superlative_sentences(text: str) -> list[str]:
    """The sentences of ``text`` that use a superlative, in order."""
    return [s for s in sentences(text) if _superlative_pattern().search(s)]


def quote(text: str, width: int, *, rule: str | None = None) -> str:
    """``text`` on one line in at most ``width`` characters, cut between words with an
    ellipsis where cut: for a rule that flags a word (a superlative), a window around that
    word; otherwise from the start."""
    line = " ".join(text.split())
    if len(line) <= width:
        return line
    words = [(w.start(), w.end()) for w in re.finditer(r"\S+", line)]
    pattern = _FLAGGED.get(rule or "")
    flagged = pattern().search(line) if pattern else None
    first = last = 0
    if flagged:
        first = next(n for n, (_, end) in enumerate(words) if end > flagged.start())
        last = next(n for n, (_, end) in enumerate(words) if end >= flagged.end())

    def size(a: int, b: int) -> int:
        return words[b][1] - words[a][0] + (a > 0) + (b < len(words) - 1)

    if size(first, last) > width:  # one word longer than the line: cut it, there is no other way
        return (line[words[first][0] :][: width - 1] + ELLIPSIS).lstrip()
    grew = True
    while grew:  # one word to the right, then one to the left, while they fit
        grew = False
        if last + 1 < len(words) and size(first, last + 1) <= width:
            last, grew = last + 1, True
        if first > 0 and size(first - 1, last) <= width:
            first, grew = first - 1, True
    cut = line[words[first][0] : words[last][1]]
    return (ELLIPSIS if first else "") + cut + (ELLIPSIS if last < len(words) - 1 else "")
