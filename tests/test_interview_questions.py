"""The interview asks the council's own questions for the peer team, after its context:
driven in-process through prompt_toolkit's pipe input."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CTRL_C, DOWN, ENTER, FINISH, keys, load_yaml, tiny_workspace

from selfassess.assessment import summary
from selfassess.assessment.interview import TEAM_QUESTIONS, Sitting, is_done, plan
from selfassess.assessment.workspace import Workspace
from selfassess.cli import interview
from selfassess.errors import Interrupted, SelfAssessError

CONTEXT = ("Our place.", FINISH, "No overall control.", FINISH, "Challenge us.", FINISH)
CONTEXT += ("Money.", FINISH)


@pytest.fixture
def tiny(tmp_path: Path) -> Workspace:
    return tiny_workspace(tmp_path / "tiny", focus_areas=["Housing delivery"])


def saved(ws: Workspace) -> object:
    return load_yaml(ws.root / "context.yaml").get(TEAM_QUESTIONS)


def test_the_questions_come_straight_after_the_council_context(tiny: Workspace) -> None:
    kinds = [step.kind for step in plan(tiny.framework)]
    assert kinds[:5] == ["context"] * 4 + [TEAM_QUESTIONS]
    assert TEAM_QUESTIONS not in [step.kind for step in plan(tiny.framework, "alpha")]


def test_each_question_is_tagged_to_a_theme_and_a_blank_one_ends(tiny: Workspace) -> None:
    focus = [t for t in tiny.framework.themes if t.focus_area]
    assert focus, "the fixture's workspace has a focus area"
    last = len(tiny.framework.themes) - 1  # the focus area comes last in the theme choice
    questions = ("Are our savings real?", ENTER, DOWN, ENTER)  # beta
    questions += ("Will the housing plan deliver?", ENTER, *(DOWN,) * last, ENTER, ENTER)
    with keys(*CONTEXT, *questions), pytest.raises(Interrupted):  # stops at the first theme
        interview.run(tiny)
    assert saved(tiny) == [
        {"question": "Are our savings real?", "theme": "beta"},
        {"question": "Will the housing plan deliver?", "theme": focus[0].id},
    ]
    # the context file keeps its four parts beside the questions
    assert load_yaml(tiny.root / "context.yaml")["local_context"] == "Our place."


def test_skipping_saves_an_empty_list_so_a_resumed_interview_moves_on(tiny: Workspace) -> None:
    with keys(*CONTEXT, ENTER), pytest.raises(Interrupted):
        interview.run(tiny)
    assert saved(tiny) == []
    ws = Workspace.open(tiny.root)
    assert next(s.kind for s in plan(ws.framework) if not is_done(ws, s)) == "question"


def test_ctrl_c_keeps_the_questions_already_saved(tiny: Workspace) -> None:
    with (
        keys(*CONTEXT, "Is scrutiny strong enough?", ENTER, ENTER, "Half a quest", CTRL_C),
        pytest.raises(Interrupted) as stop,
    ):
        interview.run(tiny)
    assert saved(tiny) == [{"question": "Is scrutiny strong enough?", "theme": "alpha"}]
    assert "5 answers saved" in stop.value.message  # four context answers and one question


def test_asked_again_the_saved_questions_are_shown_kept_and_more_added(
    tiny: Workspace, capsys: pytest.CaptureFixture[str]
) -> None:
    with (
        keys(*CONTEXT, "Are our savings real?", ENTER, DOWN, ENTER, ENTER),
        pytest.raises(Interrupted),
    ):
        interview.run(tiny)
    capsys.readouterr()
    again = ("Is the council plan funded?", ENTER, ENTER, ENTER)
    with keys(*(FINISH,) * 4, *again), pytest.raises(Interrupted):
        interview.run(Workspace.open(tiny.root), review=True)
    shown = capsys.readouterr().out
    assert "Are our savings real? (Beta)" in shown
    assert saved(tiny) == [
        {"question": "Are our savings real?", "theme": "beta"},
        {"question": "Is the council plan funded?", "theme": "alpha"},
    ]


def test_a_sitting_refuses_a_theme_the_framework_does_not_have(tiny: Workspace) -> None:
    with Sitting(tiny) as sitting, pytest.raises(SelfAssessError, match="alpha, beta"):
        sitting.save_team_question("Why?", "gamma")
    assert saved(tiny) is None


def test_the_status_summary_copes_with_the_list(tiny: Workspace) -> None:
    with Sitting(tiny) as sitting:
        sitting.save_context("local_context", "Our place.")
        sitting.save_team_question("Are our savings real?", "beta")
    found = summary.summarise(Workspace.open(tiny.root))
    assert found.context_missing == ["political_makeup", "aims", "key_challenges"]


def test_a_question_half_typed_when_stopped_is_offered_back_next_time(tiny: Workspace) -> None:
    with keys(*CONTEXT, "Is scrutiny", CTRL_C), pytest.raises(Interrupted) as stop:
        interview.run(tiny)
    assert "'Questions for the peer team' is kept as a draft" in stop.value.message
    ws = Workspace.open(tiny.root)
    assert next(s.kind for s in plan(ws.framework) if not is_done(ws, s)) == TEAM_QUESTIONS
    with keys(" strong enough?", ENTER, DOWN, ENTER, ENTER), pytest.raises(Interrupted):
        interview.run(ws)
    assert saved(tiny) == [{"question": "Is scrutiny strong enough?", "theme": "beta"}]
    ws = Workspace.open(tiny.root)
    assert next(s.kind for s in plan(ws.framework) if not is_done(ws, s)) == "question"


def test_a_question_stopped_at_its_theme_is_kept_as_a_draft(tiny: Workspace) -> None:
    with keys(*CONTEXT, "Are our savings real?", ENTER, CTRL_C), pytest.raises(Interrupted):
        interview.run(tiny)
    assert saved(tiny) is None  # no theme yet: not saved as a question, but not lost either
    with keys(ENTER, ENTER, ENTER), pytest.raises(Interrupted):
        interview.run(Workspace.open(tiny.root))
    assert saved(tiny) == [{"question": "Are our savings real?", "theme": "alpha"}]
