"""Reading a short answer back from the words a person leaves in a key fact's Word control:
the inverse of ``phrasing.answer``.

``£4.3m`` → 4.3, ``25 February 2026`` → ``2026-02-25``, a choice's label → its id, several
labels ("a, b and c") → their ids, a yes/no question's own sentence → True or False. Words
that do not fit the question raise ValueError with what was expected, in plain words, so the
import can list them as a finding instead of changing the answer silently.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from selfassess.assessment.answers import parse_typed
from selfassess.documents.dates import in_words
from selfassess.framework.model import Question

# a money unit and the letters after the number: £6.8m (phrasing writes them, this reads them)
MONEY_UNITS = {"£": "", "£k": "k", "£m": "m", "£bn": "bn"}
MONTHS: tuple[str, ...] = ("january", "february", "march", "april", "may", "june", "july")
MONTHS += ("august", "september", "october", "november", "december")
SCALES = {"": 0, "k": 3, "thousand": 3, "m": 6, "million": 6, "bn": 9, "billion": 9}
_NUMBER = r"(\d[\d,]*(?:\.\d+)?|\.\d+)"
_MONEY = re.compile(
    rf"(-)?\s*(£)?\s*(-)?\s*{_NUMBER}\s*(k|thousand|m|million|bn|billion)?", re.IGNORECASE
)
_DATE_WORDS = re.compile(r"(?:([a-z]+),?\s+)?(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4})")
_SEPARATOR = re.compile(r"\s*(?:,\s*and\s+|,\s*|;\s*|\s+and\s+)")
_YES = {"yes": True, "y": True, "true": True, "no": False, "n": False, "false": False}


def read_answer(question: Question, text: str) -> Any:
    """The value ``text`` stands for as an answer to ``question``; None when it is blank.
    Raises ValueError saying what was expected when the words do not fit."""
    text = _tidy(text)
    if not text:
        return None
    kind = question.type
    if kind == "number":
        return read_number(text, question.unit, question)
    if kind == "date":
        return read_date(text)
    if kind == "choice":
        return read_choice(question, text)
    if kind == "multi_choice":
        return read_choices(question, text)
    if kind == "yes_no":
        return read_yes_no(question, text)
    return text


def read_number(text: str, unit: str | None, question: Question) -> int | float:
    """A number written with the question's unit (or bare, in that unit)."""
    if unit in MONEY_UNITS:
        return _money(text, unit, question)
    example = _example(unit)
    digits = text
    if unit == "%":
        digits = re.sub(r"\s*(%|per\s*cent|percent)$", "", text, flags=re.IGNORECASE)
    elif unit:
        words = {unit.lower(), unit.lower().removesuffix("s")}
        found = re.fullmatch(r"(.*?\d)\s*([a-z]+)", text, re.IGNORECASE)
        if found and found.group(2).lower() in words:
            digits = found.group(1)
    if not re.fullmatch(rf"-?\s*{_NUMBER}", digits):
        raise ValueError(f"expected {example}; found “{text}”")
    return _parse(digits.replace(" ", ""), question, example, text)


def _money(text: str, unit: str | None, question: Question) -> int | float:
    suffix = MONEY_UNITS[unit or "£"]
    example = _example(unit)
    found = _MONEY.fullmatch(text)
    if not found or (found.group(1) and found.group(3)):
        raise ValueError(f"expected {example}; found “{text}”")
    minus = "-" if found.group(1) or found.group(3) else ""
    digits, scale = found.group(4), (found.group(5) or "").lower()
    if found.group(2) and not scale and suffix:
        # "£4.3" in a £m question: pounds or millions? Ask for the unit rather than guess
        raise ValueError(f"“{text}” has no scale: write it as £{digits}{suffix}, in {unit}")
    if not scale:
        scale = suffix
    shift = SCALES[scale] - SCALES[suffix]
    if shift:
        try:
            exact = Decimal(digits.replace(",", "")).scaleb(shift)
        except InvalidOperation:
            raise ValueError(f"expected {example}; found “{text}”") from None
        digits = format(exact.normalize(), "f")
    return _parse(minus + digits, question, example, text)


def _parse(digits: str, question: Question, example: str, text: str) -> int | float:
    try:
        value = parse_typed(question, digits)
    except ValueError:
        raise ValueError(f"expected {example}; found “{text}”") from None
    if not isinstance(value, int | float):
        raise ValueError(f"expected {example}; found “{text}”")
    return value


def _example(unit: str | None) -> str:
    """What a number with ``unit`` looks like, said to a person."""
    if unit in MONEY_UNITS:
        return f"an amount in {unit}, like £{'4.3' if MONEY_UNITS[unit] else '1,250'}{MONEY_UNITS[unit]}"
    if unit == "%":
        return "a percentage, like 12.4%"
    if unit:
        return f"a number of {unit}, like 37 {unit}"
    return "a number, like 37"


def read_date(text: str) -> str:
    """``25 February 2026``, ``25 Feb 2026``, ``Wednesday 25 February 2026``, ``25/02/2026``
    or ``2026-02-25`` → ``2026-02-25``."""
    said = text.lower()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", said):
        day, month, year = int(said[8:]), int(said[5:7]), int(said[:4])
        weekday = None
    elif re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}", said):
        day, month, year = (int(part) for part in said.split("/"))
        weekday = None
    elif found := _DATE_WORDS.fullmatch(said):
        weekday, day, month, year = (
            found.group(1),
            int(found.group(2)),
            _month(found.group(3)),
            int(found.group(4)),
        )
        if not month:
            raise ValueError(f"expected a date, like 25 February 2026; found “{text}”")
    else:
        raise ValueError(f"expected a date, like 25 February 2026; found “{text}”")
    try:
        date = dt.date(year, month, day)
    except ValueError:
        raise ValueError(
            f"“{text}” is not a date: {_said(day, month, year)} is not a date"
        ) from None
    if weekday and not f"{date:%A}".lower().startswith(weekday[:3]):
        raise ValueError(f"“{text}”: {in_words(date)} is a {date:%A}")
    return date.isoformat()


def _month(word: str) -> int:
    word = "sep" if word == "sept" else word
    if len(word) < 3:
        return 0
    return next((n for n, name in enumerate(MONTHS, 1) if name.startswith(word)), 0)


def _said(day: int, month: int, year: int) -> str:
    name = MONTHS[month - 1].capitalize() if 1 <= month <= 12 else f"month {month}"
    return f"{day} {name} {year}"


def read_choice(question: Question, text: str) -> str:
    """A choice's label (any case) or its id → the id."""
    said = _plain(text)
    for key, choice_id in _keys(question):
        if key == said:
            return choice_id
    raise ValueError(f"expected one of: {_labels(question)}; found “{text}”")


def read_choices(question: Question, text: str) -> list[str]:
    """Several choices as "a, b and c", "a; b" or "a and b" → their ids in the order given.
    Labels are matched longest first, so a label with " and " in it still reads as one."""
    found = _split(_plain(text), 0, _keys(question))
    if found is None:
        raise ValueError(f"expected choices from: {_labels(question)}; found “{text}”")
    return list(dict.fromkeys(found))


def _split(said: str, start: int, keys: list[tuple[str, str]]) -> list[str] | None:
    """The ids ``said[start:]`` lists, or None when it is not a list of the keys."""
    for key, choice_id in keys:
        if not said.startswith(key, start):
            continue
        end = start + len(key)
        if end == len(said):
            return [choice_id]
        separator = _SEPARATOR.match(said, end)
        if separator and separator.end() < len(said):
            rest = _split(said, separator.end(), keys)
            if rest is not None:
                return [choice_id, *rest]
    return None


def _keys(question: Question) -> list[tuple[str, str]]:
    """(words, id) for each choice's label and id, lower case, the longest words first (a
    label before an id that reads the same)."""
    labels = [(_plain(c.label), c.id, 0) for c in question.choices]
    ids = [(_plain(c.id), c.id, 1) for c in question.choices]
    ordered = sorted(labels + ids, key=lambda key: (-len(key[0]), key[2]))
    return [(words, choice_id) for words, choice_id, _ in ordered]


def _labels(question: Question) -> str:
    return "; ".join(c.label for c in question.choices)


def read_yes_no(question: Question, text: str) -> bool:
    """The question's sentence for yes or for no (case, spaces and the full stop aside), or
    yes / no / true / false."""
    said = _plain(text).rstrip(".")
    if isinstance(question.reads, tuple):
        yes, no = (_plain(s).rstrip(".") for s in question.reads)
        if said in (yes, no):
            return said == yes
    if said in _YES:
        return _YES[said]
    if isinstance(question.reads, tuple):
        yes_said, no_said = question.reads
        raise ValueError(f"expected “{yes_said}” or “{no_said}”; found “{text}”")
    raise ValueError(f"expected yes or no; found “{text}”")


def _tidy(text: str) -> str:
    """Word's typography undone: no-break spaces, a typographic minus, outer quotes."""
    text = text.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2212", "-")
    text = text.replace("\u2013", "-").strip()
    if len(text) > 1 and text[0] in "\u201c\"'\u2018" and text[-1] in "\u201d\"'\u2019":
        text = text[1:-1].strip()
    return text


def _plain(text: str) -> str:
    """Compared without case, runs of spaces or curly apostrophes."""
    return re.sub(r"\s+", " ", text.replace("\u2019", "'").replace("\u2018", "'")).strip().lower()
