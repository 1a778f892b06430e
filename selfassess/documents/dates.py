"""Dates as people write them in a document: ``2026-02-25`` → ``25 February 2026``.

Every document says dates in words (the data files keep ISO dates, which sort and validate).
"""

from __future__ import annotations

import datetime as dt


def in_words(value: str | dt.date | None, weekday: bool = False) -> str:
    """``25 February 2026`` (``Wednesday 25 February 2026`` with ``weekday``). Anything that
    is not an ISO date comes back as it was, so a council's "to be agreed" survives."""
    if value is None:
        return ""
    if isinstance(value, str):
        try:
            return in_words(dt.date.fromisoformat(value.strip()), weekday)
        except ValueError:
            return value
    said = f"{value.day} {value:%B %Y}"
    return f"{value:%A} {said}" if weekday else said
