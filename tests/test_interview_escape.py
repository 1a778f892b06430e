"""Esc then Enter finishes a typed answer; at a choice, a multiple choice, a yes/no or a
self-rating it leaves the answer as it was (or unanswered), never saving ''. The library
refuses to save a choice that is not one of the question's own."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import CTRL_C, DOWN, ENTER, FINISH, SPACE, keys, load_yaml
from test_interview import ALPHA, CONTEXT, reopen

from selfassess.assessment.workspace import Workspace
from selfassess.cli import interview
from selfassess.errors import Interrupted, SelfAssessError

ALPHA_STEPS = 12  # 7 questions, current and target rating, 2 lists, new documents


def question(ws: Workspace, question_id: str) -> Any:
    return ws.framework.question_index()[question_id][1]


@pytest.mark.parametrize(
    ("question_id", "saved"),
    [
        ("a.choice", "blue"),
        ("a.choice", None),
        ("a.multi", ["dogs", "owls"]),
        ("a.multi", None),
        ("a.yes", False),
        ("a.yes", None),
    ],
)
def test_esc_enter_at_a_choice_leaves_the_answer_as_it_was(
    tiny: Workspace, question_id: str, saved: Any
) -> None:
    with keys(FINISH):
        assert interview.ask_question(question(tiny, question_id), saved) == saved


def test_esc_enter_after_moving_still_leaves_the_answer_as_it_was(tiny: Workspace) -> None:
    with keys(DOWN, FINISH):
        assert interview.ask_question(question(tiny, "a.choice"), "red") == "red"
    with keys(SPACE, FINISH):  # a tick, then Esc Enter: the saved ticks stand
        assert interview.ask_question(question(tiny, "a.multi"), ["owls"]) == ["owls"]


def answered(ws: Workspace) -> dict[str, Any]:
    for key, value in {
        "a.text": "Short",
        "a.long": "Line one",
        "a.choice": "green",
        "a.multi": ["cats"],
        "a.number": 42,
        "a.date": "2026-01-31",
        "a.yes": True,
    }.items():
        ws.set_answer("alpha", key, value)
    ws.set_rating("alpha", "mid", "high")
    ws.set_list("alpha", "strengths", ["Good data"])
    ws.set_list("alpha", "areas_for_development", ["Scrutiny"])
    return dict(load_yaml(ws.theme_path("alpha")))


def test_reviewing_with_esc_enter_everywhere_changes_nothing(tiny: Workspace, run) -> None:  # type: ignore[no-untyped-def]
    before = answered(tiny)
    with keys(*[FINISH] * ALPHA_STEPS):
        interview.run(tiny, theme_id="alpha", review=True)
    after = load_yaml(tiny.theme_path("alpha"))
    assert after["answers"] == before["answers"]
    assert after["rating"] == {"current": "mid", "target": "high"}
    assert run("validate", str(tiny.root)).exit_code == 0


def test_esc_enter_at_unanswered_choices_leaves_them_unanswered(tiny: Workspace, run) -> None:  # type: ignore[no-untyped-def]
    with keys(*[FINISH] * ALPHA_STEPS):
        interview.run(tiny, theme_id="alpha")
    saved = load_yaml(tiny.theme_path("alpha"))
    for key in ("a.choice", "a.multi", "a.yes"):
        assert saved["answers"].get(key) is None, key
    assert saved["rating"] == {"current": None, "target": None}
    assert "''" not in tiny.theme_path("alpha").read_text(encoding="utf-8")
    assert run("validate", str(tiny.root)).exit_code == 0


def test_esc_enter_at_the_target_does_not_take_the_current_level_as_the_target(
    tiny: Workspace,
) -> None:
    upto_rating = ALPHA[: ALPHA.index("42") + 5]  # every question of theme alpha
    with keys(*CONTEXT, *upto_rating, DOWN, ENTER, FINISH, CTRL_C), pytest.raises(Interrupted):
        interview.run(tiny)
    assert load_yaml(tiny.theme_path("alpha"))["rating"] == {"current": "mid", "target": None}


@pytest.mark.parametrize(
    ("question_id", "value", "words"),
    [
        ("a.choice", "", "'' is not a choice"),
        ("a.choice", "purple", "choices: red, green, blue"),
        ("a.multi", ["cats", ""], "not a choice"),
        ("a.multi", "", "expected a list"),
        ("a.yes", "", "expected true or false"),
    ],
)
def test_the_library_refuses_a_value_that_is_not_a_choice(
    tiny: Workspace, question_id: str, value: Any, words: str
) -> None:
    tiny.set_answer("alpha", question_id, None)
    before = tiny.theme_path("alpha").read_bytes()
    with pytest.raises(SelfAssessError) as refused:
        tiny.set_answer("alpha", question_id, value)
    assert question_id in refused.value.message and words in refused.value.message
    assert tiny.theme_path("alpha").read_bytes() == before


@pytest.mark.parametrize(("current", "target"), [("", "mid"), ("mid", ""), ("top", None)])
def test_the_library_refuses_a_rating_that_is_not_on_the_scale(
    tiny: Workspace, current: Any, target: Any
) -> None:
    tiny.set_rating("alpha", "low", "mid")
    before = tiny.theme_path("alpha").read_bytes()
    with pytest.raises(SelfAssessError) as refused:
        tiny.set_rating("alpha", current, target)
    assert "low, mid, high" in refused.value.message
    if target is None:
        with pytest.raises(SelfAssessError):
            tiny.set_rating_current("alpha", current)
    assert tiny.theme_path("alpha").read_bytes() == before


def test_ctrl_c_after_a_self_rating_counts_it_as_saved(tiny: Workspace) -> None:
    answered(tiny)
    tiny.theme_record("alpha").pop("rating")  # every question answered, no rating yet
    tiny.set_list("alpha", "strengths", ["Good data"])
    with keys(DOWN, ENTER, CTRL_C), pytest.raises(Interrupted) as stop:  # current: mid
        interview.run(reopen(tiny), theme_id="alpha")
    assert load_yaml(tiny.theme_path("alpha"))["rating"] == {"current": "mid"}
    assert "1 answer saved" in stop.value.message
