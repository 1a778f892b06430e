"""The position statement reads like the ones councils publish: prose under the themes'
headings, short answers as key facts in sentences, gaps shown in a draft, a sign-off block."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from selfassess.assessment.workspace import Workspace
from selfassess.documents import phrasing, position_statement
from selfassess.documents.formats import Block, Document
from selfassess.framework.model import Choice, Question

TODAY = dt.date(2026, 11, 25)


def q(kind: str, **fields: Any) -> Question:
    base: dict[str, Any] = {"id": "q", "prompt": "What is it?", "type": kind, "required": False}
    return Question(**(base | fields))


# --- phrasing: checked by hand -------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "unit", "said"),
    [
        (6.8, "£m", "£6.8m"),
        (12.4, "%", "12.4%"),
        (1250, "£", "£1,250"),
        (1250.0, "£", "£1,250"),
        (37, "days", "37 days"),
        (1, "days", "1 day"),
        (2.0, "£bn", "£2bn"),
        (450, "£k", "£450k"),
        (1234567.5, None, "1,234,567.5"),
        (-1.5, "£m", "-£1.5m"),
        (0.1 + 0.2, "%", "0.3%"),
        (42, None, "42"),
    ],
)
def test_numbers_take_their_unit(value: float, unit: str | None, said: str) -> None:
    assert phrasing.number(value, unit) == said


@pytest.mark.parametrize(
    ("items", "said"),
    [([], ""), (["a"], "a"), (["a", "b"], "a and b"), (["a", "b", "c"], "a, b and c")],
)
def test_lists_read_as_words(items: list[str], said: str) -> None:
    assert phrasing.listing(items) == said


def test_the_framework_reading_carries_the_answer() -> None:
    gap = q("number", unit="£m", reads="The budget gap over the MTFS period is {answer}")
    assert phrasing.sentence(gap, 6.8) == "The budget gap over the MTFS period is £6.8m."
    when = q("date", reads="Full council approved the MTFS on {answer}.")
    assert phrasing.sentence(when, "2026-02-25") == (
        "Full council approved the MTFS on 25 February 2026."
    )


def test_yes_no_picks_its_own_sentence() -> None:
    audit = q("yes_no", reads=("The committee has an independent member.", "It has none."))
    assert phrasing.sentence(audit, True) == "The committee has an independent member."
    assert phrasing.sentence(audit, False) == "It has none."


def test_choices_read_by_their_labels() -> None:
    choices = (Choice("a", "the health and wellbeing board"), Choice("b", "the LEP"))
    choice = q("choice", choices=(Choice("qtr", "quarterly"),), reads="Reported {answer}.")
    assert phrasing.sentence(choice, "qtr") == "Reported quarterly."
    several = q("multi_choice", choices=choices, reads="The council leads {answer}.")
    assert phrasing.sentence(several, ["a", "b"]) == (
        "The council leads the health and wellbeing board and the LEP."
    )


def test_without_a_reading_the_heading_or_the_prompt_carries_the_answer() -> None:
    headed = q("number", heading="Vacancy rate", unit="%")
    assert phrasing.sentence(headed, 12.0) == "Vacancy rate: 12%."
    asked = q("date", prompt="When did the last staff survey close?")
    assert phrasing.sentence(asked, "2025-10-31") == (
        "When did the last staff survey close? 31 October 2025."
    )
    yes = q("yes_no", prompt="Is there an induction?")
    assert phrasing.sentence(yes, False) == "Is there an induction? No."
    told = q("text", prompt="Name of the plan")
    assert (
        phrasing.sentence(told, "Kestleford Together") == "Name of the plan: Kestleford Together."
    )


def test_a_sentence_starting_with_the_answer_starts_with_a_capital() -> None:
    lead = q("choice", choices=(Choice("x", "quarterly reports"),), reads="{answer} go to cabinet")
    assert phrasing.sentence(lead, "x") == "Quarterly reports go to cabinet."


def test_only_long_answers_are_prose() -> None:
    assert all(phrasing.is_short(q(kind)) for kind in ("number", "text", "date", "yes_no"))
    assert not phrasing.is_short(q("long_text"))


def test_choice_labels_sit_inside_a_sentence_in_lower_case_unless_an_acronym() -> None:
    several = q(
        "multi_choice",
        choices=(Choice("h", "Health and wellbeing board"), Choice("l", "LEP board")),
        reads="The council leads the {answer}.",
    )
    assert phrasing.sentence(several, ["h", "l"]) == (
        "The council leads the health and wellbeing board and LEP board."
    )
    plain = q("choice", prompt="How often?", choices=(Choice("q", "Quarterly"),))
    assert phrasing.sentence(plain, "q") == "How often? Quarterly."


# --- the document ----------------------------------------------------------------------------


def blocks(doc: Document, kind: str) -> list[Block]:
    return [b for b in doc.blocks if b.kind == kind]


def test_no_question_prompt_is_a_heading_on_the_demo(demo_ws: Path) -> None:
    ws = Workspace.open(demo_ws)
    doc = position_statement.build(ws, today=TODAY)
    headings = {b.text for b in blocks(doc, "heading")}
    prompts = {question.prompt for _, question in ws.framework.questions()}
    assert headings and not headings & prompts
    assert not [h for h in headings if h.endswith("?")]


def test_short_answers_become_key_facts_and_long_answers_prose(demo_ws: Path) -> None:
    ws = Workspace.open(demo_ws)
    doc = position_statement.build(ws, today=TODAY)
    facts = [fact for b in blocks(doc, "key_facts") for fact in b.items]
    assert "Full council last approved the medium-term financial strategy on 25 February 2026." in (
        facts
    )
    text = " ".join(b.text for b in blocks(doc, "paragraph"))
    assert "2026-02-25" not in text and "2026-02-25" not in " ".join(facts)
    gap = ws.framework.question_index()["finance.gap-amount"][1]
    assert phrasing.sentence(gap, ws.answer("finance.gap-amount")) in facts


def test_the_framework_reading_and_heading_are_used(demo_ws: Path) -> None:
    ws = Workspace.open(demo_ws)
    from dataclasses import replace

    theme = ws.framework.theme("financial-planning-and-management")
    changed = []
    for question in theme.questions:
        if question.id == "finance.gap-amount":
            question = replace(question, unit="£m", reads="The budget gap is {answer}.")
        elif question.type == "long_text" and not changed:
            question = replace(question, heading="The medium-term financial strategy")
        changed.append(question)
    object.__setattr__(theme, "questions", tuple(changed))
    doc = position_statement.build(ws, today=TODAY)
    facts = [fact for b in blocks(doc, "key_facts") for fact in b.items]
    assert f"The budget gap is £{ws.answer('finance.gap-amount'):g}m." in facts
    assert ("heading", "The medium-term financial strategy", 3) in [
        (b.kind, b.text, b.level) for b in doc.blocks
    ]


def test_a_draft_shows_what_is_still_to_write(new_ws: Workspace) -> None:
    theme = new_ws.framework.themes[0]
    first, second = theme.questions[0], theme.questions[1]
    new_ws.set_answer(theme.id, first.id, _an_answer(first))
    new_ws.set_answer(theme.id, second.id, _an_answer(second))
    doc = position_statement.build(new_ws, today=TODAY)
    assert doc.status == "Draft" and doc.marking == "OFFICIAL" and doc.contents
    assert doc.dated == "25 November 2026"
    gaps = blocks(doc, "gaps")
    intros = [g.text for g in gaps]
    total = len(theme.questions)
    assert f"2 of {total} questions answered; still to write:" in intros
    mine = gaps[intros.index(f"2 of {total} questions answered; still to write:")]
    assert len(mine.items) == total - 2 and first.prompt not in mine.items
    assert any("0 of 4 sections" in g.text for g in gaps)  # the council context
    assert "(to be written)" not in str(doc.blocks)


def test_a_fresh_workspace_opens_with_an_introduction_and_ends_with_a_sign_off(
    new_ws: Workspace,
) -> None:
    doc = position_statement.build(new_ws, today=TODAY)
    headings = [b.text for b in blocks(doc, "heading")]
    assert headings[0] == "Introduction" and headings[-1] == "Sign-off"
    assert "Testbury District Council's position statement" in blocks(doc, "paragraph")[0].text
    assert blocks(doc, "sign_off")[0].rows == [
        ["Leader of the Council", ""],
        ["Chief Executive", ""],
    ]
    assert "Performance data" in headings


def test_a_signed_off_statement_says_when_and_where_and_shows_no_draft_furniture(
    demo_ws: Path,
) -> None:
    from selfassess.assessment import sign_off

    ws = Workspace.open(demo_ws)
    sign_off.set_status(
        ws, sign_off.Change("signed-off", "2026-07-14", "Cabinet, 14 July 2026", "1.0")
    )
    doc = position_statement.build(Workspace.open(demo_ws), today=TODAY)
    assert (doc.status, doc.version, doc.dated) == ("", "1.0", "14 July 2026")
    said = [b.text for b in blocks(doc, "paragraph")]
    assert "Signed off on 14 July 2026 (Cabinet, 14 July 2026)." in said
    assert not blocks(doc, "gaps") and not blocks(doc, "note")
    assert "Performance data" not in [b.text for b in blocks(doc, "heading")]


def test_a_foreword_opens_the_statement(demo_ws: Path) -> None:
    ws = Workspace.open(demo_ws)
    ws.context()["foreword"] = "We welcome the peer team to Kestleford."
    doc = position_statement.build(ws, today=TODAY)
    assert blocks(doc, "heading")[0].text == "Foreword"
    assert blocks(doc, "paragraph")[0].text == "We welcome the peer team to Kestleford."


def _an_answer(question: Question) -> Any:
    return {
        "yes_no": True,
        "number": 3,
        "date": "2026-01-31",
        "choice": question.choices[0].id if question.choices else None,
        "multi_choice": [question.choices[0].id] if question.choices else None,
    }.get(question.type, "Some words.")


@pytest.mark.parametrize(
    ("first", "last", "said"),
    [
        ("2026-10-06", "2026-10-09", "from 6 to 9 October 2026"),
        ("2026-09-30", "2026-10-02", "from 30 September to 2 October 2026"),
        ("2026-12-31", "2027-01-01", "from 31 December 2026 to 1 January 2027"),
        ("2026-10-06", "2026-10-06", "on 6 October 2026"),
        ("2026-10-06", "late 2026", "from 6 October 2026 to late 2026"),
    ],
)
def test_visit_days_read_as_a_span(first: str, last: str, said: str) -> None:
    assert phrasing.date_range(first, last) == said


# --- issue 12 follow-up: sentences, not a form ---------------------------------------------


FRAMEWORKS = sorted(p.stem for p in (Path(__file__).parents[1] / "frameworks").glob("*.yaml"))


@pytest.mark.parametrize("framework_id", FRAMEWORKS)
def test_no_reading_is_a_label_and_a_colon_or_opens_with_the_figure(framework_id: str) -> None:
    import re

    from selfassess.framework import catalogue
    from selfassess.settings import Settings

    framework = catalogue.load(framework_id, Settings())
    themes = list(framework.themes) + list(framework.optional_themes)
    for theme in themes:
        for question in theme.questions:
            reads = question.reads
            if not isinstance(reads, str):
                continue
            assert not reads.startswith("{answer}"), (question.id, reads)
            if question.type in ("choice", "text"):
                assert not re.match(r"^[^:]{0,120}: \{answer\}\.$", reads), (question.id, reads)


def test_an_article_at_the_start_of_a_label_is_lower_case_in_a_sentence() -> None:
    kind = q("choice", choices=(Choice("a", "A committee system"),), reads="It is {answer}.")
    assert phrasing.sentence(kind, "a") == "It is a committee system."


def test_the_context_gaps_sit_in_the_context_without_a_heading_of_their_own(
    new_ws: Workspace,
) -> None:
    doc = position_statement.build(new_ws, today=TODAY)
    headings = [b.text for b in blocks(doc, "heading")]
    assert "Council context still to write" not in headings
    assert "Council context" in headings
    context_at = headings.index("Council context")
    kinds = [b.kind for b in doc.blocks]
    first_gaps = kinds.index("gaps")
    assert doc.blocks[first_gaps - 1].text == "Council context" or context_at < first_gaps


def test_gap_lists_name_each_question_by_its_heading_where_it_has_one(
    new_ws: Workspace,
) -> None:
    doc = position_statement.build(new_ws, today=TODAY)
    listed = [item for g in blocks(doc, "gaps") for item in g.items]
    for theme in new_ws.framework.themes:
        for question in theme.questions:
            if question.heading:
                assert question.heading in listed and question.prompt not in listed


def test_a_statement_changed_after_sign_off_says_so_and_shows_its_gaps(demo_ws: Path) -> None:
    from selfassess.assessment import sign_off

    ws = Workspace.open(demo_ws)
    sign_off.set_status(
        ws, sign_off.Change("signed-off", "2026-07-14", "Cabinet, 14 July 2026", "1.0")
    )
    theme = ws.framework.themes[0]
    ws.set_answer(theme.id, theme.questions[0].id, None)
    ws = Workspace.open(demo_ws)
    assert sign_off.changed_since_sign_off(ws)
    doc = position_statement.build(ws, today=TODAY)
    assert doc.status == "Changed since it was signed off on 14 July 2026"
    assert blocks(doc, "gaps")
    said = " ".join(b.text for b in blocks(doc, "paragraph"))
    assert "Signed off on 14 July 2026" not in said.replace("was signed off", "")


def test_signed_off_rows_carry_the_date_in_words(demo_ws: Path) -> None:
    from selfassess.assessment import sign_off

    ws = Workspace.open(demo_ws)
    sign_off.set_status(ws, sign_off.Change("signed-off", "2026-07-14"))
    rows = blocks(position_statement.build(Workspace.open(demo_ws), today=TODAY), "sign_off")
    assert all(row[2] == "14 July 2026" for row in rows[0].rows)


def test_a_statement_signed_off_with_gaps_allowed_says_what_it_left_out(new_ws: Workspace) -> None:
    from selfassess.assessment import sign_off

    sign_off.set_status(new_ws, sign_off.Change("signed-off", allow_gaps=True), TODAY)
    doc = position_statement.build(Workspace.open(new_ws.root), today=TODAY)
    headings = [b.text for b in doc.blocks if b.kind == "heading"]
    assert "Local context" in headings  # the part is there, saying it was not written
    said = [b.text for b in doc.blocks if b.kind == "paragraph"]
    assert "The council has not written this part." in said
