"""Reading a short answer back from the words in a key fact's Word control
(``phrasing.read_answer``): the inverse of ``phrasing.in_sentence``."""

from __future__ import annotations

from typing import Any

import pytest

from selfassess.documents import phrasing
from selfassess.framework import catalogue, model


def _q(kind: str, **extra: Any) -> model.Question:
    return model.Question(id="q", prompt="How many?", type=kind, required=False, **extra)


MILLIONS = _q("number", unit="£m")
POUNDS = _q("number", unit="£")
PERCENT = _q("number", unit="%")
DAYS = _q("number", unit="days")
PLAIN = _q("number")
DATE = _q("date")
BOARD = _q(
    "choice",
    choices=(
        model.Choice("hwb", "Health and wellbeing board"),
        model.Choice("cabinet", "A leader and cabinet"),
        model.Choice("lep", "LEP board"),
    ),
)
OFFER = _q(
    "multi_choice",
    choices=(
        model.Choice("housing", "Housing"),
        model.Choice("money", "Money advice"),
        model.Choice("breaks", "Breaks and support for unpaid carers"),
        model.Choice("breaks_only", "Breaks"),
        model.Choice("none", "Not yet; data is incomplete"),
    ),
)
PAIR = _q("yes_no", reads=("The board meets monthly.", "The board does not meet monthly."))
YES_NO = _q("yes_no")
TEXT = _q("text")


@pytest.mark.parametrize(
    ("question", "text", "value"),
    [
        (MILLIONS, "£4.3m", 4.3),
        (MILLIONS, "4.3", 4.3),
        (MILLIONS, "-£0.2m", -0.2),
        (MILLIONS, "£-0.2m", -0.2),
        (MILLIONS, " £12m ", 12),
        (MILLIONS, "£4.3 million", 4.3),
        (MILLIONS, "£4.3 M", 4.3),
        (MILLIONS, "£4,300k", 4.3),
        (MILLIONS, "£1.2bn", 1200),
        (MILLIONS, "\u2212£0.2m", -0.2),  # a typographic minus, as Word's autocorrect writes it
        (POUNDS, "£1,250", 1250),
        (POUNDS, "1250", 1250),
        (POUNDS, "£1.5m", 1500000),
        (PERCENT, "12.4%", 12.4),
        (PERCENT, "12.4 %", 12.4),
        (PERCENT, "12.4 per cent", 12.4),
        (PERCENT, "12.4", 12.4),
        (DAYS, "37 days", 37),
        (DAYS, "1 day", 1),
        (DAYS, "37", 37),
        (PLAIN, "1,234", 1234),
        (PLAIN, "-3.5", -3.5),
        (DATE, "25 February 2026", "2026-02-25"),
        (DATE, "25 Feb 2026", "2026-02-25"),
        (DATE, "25th February 2026", "2026-02-25"),
        (DATE, "Wednesday 25 February 2026", "2026-02-25"),
        (DATE, "25/02/2026", "2026-02-25"),
        (DATE, "2026-02-25", "2026-02-25"),
        (DATE, "29 February 2028", "2028-02-29"),
        (DATE, "3 Sept 2026", "2026-09-03"),
        (BOARD, "health and wellbeing board", "hwb"),
        (BOARD, "Health and Wellbeing Board", "hwb"),
        (BOARD, "a leader and cabinet", "cabinet"),
        (BOARD, "LEP board", "lep"),
        (BOARD, "lep", "lep"),
        (OFFER, "housing, money advice and breaks", ["housing", "money", "breaks_only"]),
        (OFFER, "money advice; housing", ["money", "housing"]),
        (OFFER, "housing and breaks and support for unpaid carers", ["housing", "breaks"]),
        (OFFER, "breaks and support for unpaid carers and housing", ["breaks", "housing"]),
        (OFFER, "housing, money advice, and breaks", ["housing", "money", "breaks_only"]),
        (OFFER, "not yet; data is incomplete", ["none"]),
        (OFFER, "Money", ["money"]),
        (PAIR, "The board meets monthly.", True),
        (PAIR, "the board  meets monthly", True),
        (PAIR, "The board does not meet monthly.", False),
        (PAIR, "No", False),
        (YES_NO, "Yes", True),
        (YES_NO, "no", False),
        (YES_NO, "true", True),
        (YES_NO, "False", False),
        (TEXT, "  Three hubs  ", "Three hubs"),
    ],
)
def test_reads_what_a_person_writes(question: model.Question, text: str, value: Any) -> None:
    got = phrasing.read_answer(question, text)
    assert got == value
    assert type(got) is type(value)


@pytest.mark.parametrize(
    ("question", "text", "why"),
    [
        (MILLIONS, "about four million", "expected an amount in £m, like £4.3m"),
        (MILLIONS, "£4.3", "write it as £4.3m"),
        (MILLIONS, "£4.3k", None),  # a different scale converts: not an error
        (MILLIONS, "1,8", "expected an amount in £m"),
        (PERCENT, "12.4 days", "expected a percentage, like 12.4%"),
        (DAYS, "37 weeks", "expected a number of days, like 37 days"),
        (PLAIN, "many", "expected a number, like 37"),
        (POUNDS, "lots", "expected an amount in £, like £1,250"),
        (DATE, "30 February 2026", "30 February 2026 is not a date"),
        (DATE, "31/04/2026", "not a date"),
        (DATE, "next spring", "expected a date, like 25 February 2026"),
        (DATE, "Tuesday 25 February 2026", "25 February 2026 is a Wednesday"),
        (BOARD, "a mayor", "expected one of: Health and wellbeing board; A leader"),
        (OFFER, "housing and a mayor", "expected choices from: Housing; Money advice"),
        (PAIR, "The board meets weekly.", "The board meets monthly."),
        (YES_NO, "maybe", "expected yes or no"),
    ],
)
def test_words_that_do_not_fit_say_what_was_expected(
    question: model.Question, text: str, why: str | None
) -> None:
    if why is None:
        assert phrasing.read_answer(question, text) == pytest.approx(0.0043)
        return
    with pytest.raises(ValueError, match=None) as raised:
        phrasing.read_answer(question, text)
    assert why in str(raised.value)


@pytest.mark.parametrize("question", [MILLIONS, DATE, BOARD, OFFER, PAIR, YES_NO, TEXT])
def test_blank_words_are_no_answer(question: model.Question) -> None:
    assert phrasing.read_answer(question, "  ") is None


def _shipped_short_questions() -> list[tuple[str, model.Question]]:
    found = []
    for name, path in sorted(catalogue.shipped_paths().items()):
        framework = catalogue.load_file(path)
        themes = framework.themes + framework.optional_themes
        questions = [q for t in themes for q in t.questions]
        questions += [model.Question.from_data(q) for q in framework.focus_area_questions]
        found += [(f"{name}:{q.id}", q) for q in questions if phrasing.is_short(q)]
    return found


SHIPPED = _shipped_short_questions()
NUMBERS = [0, 1, 37, -4, 4.3, -0.2, 12.5, 1250, -1250, 1234567, 0.05, 2.75]
DATES = ["2026-02-25", "2028-02-29", "2026-12-31", "2027-01-01", "2026-09-03"]


def _samples(question: model.Question) -> list[Any]:
    ids = [c.id for c in question.choices]
    if question.type == "number":
        return NUMBERS
    if question.type == "date":
        return DATES
    if question.type == "choice":
        return ids
    if question.type == "multi_choice":
        several = [ids[:2], ids[::-1], ids[1::2], ids]
        return [[i] for i in ids] + [s for s in several if s]
    if question.type == "yes_no":
        return [True, False]
    return ["Three community hubs", "A mix of in-house and commissioned"]


def test_every_shipped_framework_has_short_questions_of_each_kind() -> None:
    kinds = {q.type for _, q in SHIPPED}
    assert kinds >= {"number", "date", "yes_no", "choice", "multi_choice"}


@pytest.mark.parametrize(("name", "question"), SHIPPED, ids=[n for n, _ in SHIPPED])
def test_reads_back_what_the_document_wrote(name: str, question: model.Question) -> None:
    for value in _samples(question):
        words = phrasing.in_sentence(question, value)
        if words == "":  # the sentence as a whole is the answer
            words = phrasing.sentence(question, value)
        got = phrasing.read_answer(question, words)
        assert got == value, (name, value, words)
        if question.type == "number":
            assert isinstance(got, int) == isinstance(value, int), (name, value, words)


@pytest.mark.parametrize(("name", "question"), SHIPPED, ids=[n for n, _ in SHIPPED])
def test_reads_back_any_case_and_the_id(name: str, question: model.Question) -> None:
    for value in _samples(question):
        if question.type in ("choice", "multi_choice"):
            shouted = phrasing.in_sentence(question, value).upper()
            assert phrasing.read_answer(question, shouted) == value, (name, shouted)
        if question.type == "choice":
            assert phrasing.read_answer(question, value) == value
