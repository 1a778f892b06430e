"""How a short answer reads in the position statement: a sentence, not a form's field.

The framework says how each short answer reads (a question's ``reads``, with ``{answer}`` in
it; a yes/no question gives the sentence for yes and the one for no) and its unit. Numbers
take the unit (``£6.8m``, ``12.4%``, ``£1,250``, ``37 days``), dates are said in words,
choices by their labels, several choices as "a, b and c". A question without ``reads`` (a
council's own framework may have none) reads as its heading, or its prompt, and the answer.
"""

from __future__ import annotations

from typing import Any

from selfassess.documents.dates import in_words
from selfassess.documents.reading import MONEY_UNITS
from selfassess.documents.reading import read_answer as _read_answer
from selfassess.framework.model import Question

# the types whose answers are short: they become a theme's key facts, not its prose
SHORT_TYPES = ("text", "number", "date", "yes_no", "choice", "multi_choice")


def is_short(question: Question) -> bool:
    """Does the answer to ``question`` read as a key fact (not as prose under the theme)?"""
    return question.type in SHORT_TYPES


def number(value: float | int, unit: str | None = None) -> str:
    """``6.8`` with ``£m`` → ``£6.8m``; ``12.4`` with ``%`` → ``12.4%``; ``1250`` with ``£``
    → ``£1,250``; ``37`` with ``days`` → ``37 days`` (``1 day``): thousands separated, a
    trailing ``.0`` dropped."""
    plain = _plain_number(abs(value))
    sign = "-" if value < 0 else ""
    if unit in MONEY_UNITS:
        return f"{sign}£{plain}{MONEY_UNITS[unit]}"
    if unit == "%":
        return f"{sign}{plain}%"
    if unit:
        word = unit[:-1] if abs(value) == 1 and unit.endswith("s") and len(unit) > 2 else unit
        return f"{sign}{plain} {word}"
    return sign + plain


def _plain_number(value: float | int) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:,.12g}"


def listing(items: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def date_range(first: str, last: str) -> str:
    """``from 6 to 9 October 2026``, ``from 30 September to 2 October 2026``, ``on 6 October
    2026``: a span of days as people write it (anything not a date: both as given)."""
    import datetime as dt

    try:
        start, end = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    except ValueError:
        return f"from {in_words(first)} to {in_words(last)}"
    if start == end:
        return f"on {in_words(start)}"
    if (start.year, start.month) == (end.year, end.month):
        return f"from {start.day} to {in_words(end)}"
    if start.year == end.year:
        return f"from {start.day} {start:%B} to {in_words(end)}"
    return f"from {in_words(start)} to {in_words(end)}"


def answer(question: Question, value: Any) -> str:
    """The answer as it sits in a sentence: a number with its unit, a date in words, a
    choice's label, several choices as a list, yes or no."""
    kind = question.type
    if kind == "yes_no":
        return "yes" if value else "no"
    if kind == "number" and isinstance(value, int | float) and not isinstance(value, bool):
        return number(value, question.unit)
    if kind == "date":
        return in_words(str(value))
    if kind == "choice":
        return _in_sentence(question.choice_label(str(value)))
    if kind == "multi_choice":
        values = value if isinstance(value, list) else [value]
        return listing([_in_sentence(question.choice_label(str(v))) for v in values])
    return str(value).strip()


def sentence(question: Question, value: Any) -> str:
    """The key fact a short answer makes: the framework's ``reads`` with the answer in it,
    else the question's heading (or prompt) and the answer."""
    reads = question.reads
    if question.type == "yes_no" and isinstance(reads, tuple):
        return _finish(reads[0] if value else reads[1])
    said = answer(question, value)
    if isinstance(reads, str) and "{answer}" in reads:
        return _finish(reads.replace("{answer}", said))
    if question.type == "yes_no":
        said = said.capitalize()
    if question.heading:
        return _finish(f"{question.heading.strip().rstrip(':.')}: {said}")
    prompt = question.prompt.strip()
    if prompt.endswith("?"):
        return _finish(f"{prompt} {_capital(said)}")
    return _finish(f"{prompt.rstrip(':.')}: {said}")


def in_sentence(question: Question, value: Any) -> str:
    """The words of ``sentence(question, value)`` that are the answer (what a Word control
    holds); "" when the sentence as a whole is the answer (a yes/no question's own pair)."""
    if question.type == "yes_no" and isinstance(question.reads, tuple):
        return ""
    said = answer(question, value)
    if question.type == "yes_no":
        return _capital(said) if not isinstance(question.reads, str) else said
    return said


def read_answer(question: Question, text: str) -> Any:
    """The value a short answer's words (as ``in_sentence`` wrote them, or as a person
    edited them in Word) stand for: "£4.3m" → 4.3, "25 February 2026" → "2026-02-25", a
    choice's label → its id. Raises ValueError saying why the words do not fit."""
    return _read_answer(question, text)


def _in_sentence(label: str) -> str:
    """A choice's label inside a sentence: "Health and wellbeing board" → "health and
    wellbeing board", "A committee system" → "a committee system"; a label starting with an
    acronym ("LEP board") keeps its capital. The sentence's own first letter is capitalised."""
    if len(label) > 1 and label[0].isupper() and label[1].islower():
        return label[0].lower() + label[1:]
    if label.startswith("A "):  # the article: "A committee system" → "a committee system"
        return "a" + label[1:]
    return label


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _finish(text: str) -> str:
    """A sentence: a capital first letter, a full stop at the end (unless it has one)."""
    text = _capital(text.strip())
    return text if text.endswith((".", "!", "?", ".)", '."', ".'")) else text + "."
