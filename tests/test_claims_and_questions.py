"""The council's questions for the team are checked before they are saved (a workspace is never
left failing its own schema); `selfassess check` quotes the words it flags; a planned action's
owner and date are real ones."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import DOWN, ENTER, FINISH, keys, load_yaml

from selfassess.assessment import claims, readiness
from selfassess.assessment.interview import TEAM_QUESTIONS, Sitting, team_question_problem
from selfassess.assessment.workspace import Workspace
from selfassess.cli import interview
from selfassess.errors import Interrupted, SelfAssessError
from selfassess.vocabulary import SUPERLATIVES

CONTEXT = ("Our place.", FINISH, "No overall control.", FINISH, "Challenge us.", FINISH)
CONTEXT += ("Money.", FINISH)
THEME = "capacity-for-improvement"


def saved(ws: Workspace) -> object:
    return load_yaml(ws.root / "context.yaml").get(TEAM_QUESTIONS)


# --- 1. a question for the team is checked before it is saved ---------------------------------
@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("x" * 2001, "2,001 characters"),
        ("Two\nlines", "line break"),
        ("Bell \x07 here", "U+0007"),
        ("Hidden \u202e order", "bidi"),
    ],
)
def test_a_question_that_would_break_the_workspace_has_a_reason(typed: str, reason: str) -> None:
    problem = team_question_problem(typed)
    assert problem is not None and reason in problem


def test_a_question_up_to_the_limit_is_fine() -> None:
    assert team_question_problem("x" * 2000) is None
    assert team_question_problem("Are our savings real?") is None
    assert team_question_problem("") is None  # blank: no more questions


def test_the_sitting_refuses_a_long_question_and_writes_nothing(tiny: Workspace) -> None:
    with Sitting(tiny) as sitting, pytest.raises(SelfAssessError, match="2,000"):
        sitting.save_team_question("x" * 6000, "alpha")
    assert saved(tiny) is None
    Workspace.open(tiny.root).context()  # the workspace still opens


def test_the_workspace_refuses_a_context_that_fails_its_schema(tiny: Workspace) -> None:
    tiny.set_context("aims", "A frank view.")
    bad = [{"question": "y" * 6000, "theme": "alpha"}]
    with pytest.raises(SelfAssessError, match=r"questions_for_the_team\[0\]\.question"):
        tiny.set_context(TEAM_QUESTIONS, bad)
    assert TEAM_QUESTIONS not in tiny.context()  # the value in memory is put back too
    assert load_yaml(tiny.root / "context.yaml")["aims"] == "A frank view."
    reopened = Workspace.open(tiny.root)
    assert reopened.context()["aims"] == "A frank view."


def test_the_interview_asks_again_with_the_reason_then_saves_a_good_question(
    tiny: Workspace,
) -> None:
    backspaces = "\x7f" * 6000
    typed = ("z" * 6000, ENTER, backspaces, "Are our savings real?", ENTER, DOWN, ENTER, ENTER)
    with keys(*CONTEXT, *typed), pytest.raises(Interrupted):
        interview.run(tiny)
    assert saved(tiny) == [{"question": "Are our savings real?", "theme": "beta"}]
    Workspace.open(tiny.root).context()


# --- 2. a quoted claim shows the word it flags -------------------------------------------------
DEMO_SENTENCE = (
    "Partners routinely look to the council to take the lead on issues affecting the "
    "borough, and we are confident they would describe us as an excellent and ambitious "
    "partner."
)


def test_a_superlative_is_quoted_with_the_words_around_it() -> None:
    quoted = claims.quote(DEMO_SENTENCE, 90, rule="superlative-claim")
    assert "excellent" in quoted and len(quoted) <= 90
    assert quoted.startswith("\u2026") and quoted.endswith("partner.")
    inner = quoted.lstrip("\u2026")
    assert inner.split()[0] in DEMO_SENTENCE.split()  # never cut mid-word


@pytest.mark.parametrize("where", [0, 20, 40, 60, 79])
def test_the_window_is_cut_at_words_with_ellipses(where: int) -> None:
    words = [f"word{n:02d}" for n in range(80)]
    words[where] = "outstanding"
    text = " ".join(words)
    quoted = claims.quote(text, 90, rule="superlative-claim")
    assert "outstanding" in quoted and len(quoted) <= 90
    assert quoted.startswith("\u2026") == (where > 5)
    assert quoted.endswith("\u2026") == (where < 75)
    for part in quoted.strip("\u2026").split():
        assert part in words
    assert len(quoted) > 70  # the window is used, not thrown away


def test_a_short_claim_is_quoted_whole_and_other_rules_from_the_start() -> None:
    assert claims.quote("We are excellent.", 90, rule="superlative-claim") == "We are excellent."
    long = "Workforce planning is weak " * 10
    quoted = claims.quote(long, 90, rule="area-without-action")
    assert quoted.startswith("Workforce planning") and quoted.endswith("\u2026")
    assert len(quoted) <= 90


def test_superlatives_are_still_a_vocabulary_list() -> None:
    assert "excellent" in SUPERLATIVES


def test_check_prints_the_flagged_superlative(run, demo_ws: Path) -> None:
    out = run("check", "-w", str(demo_ws)).stdout
    line = next(ln for ln in out.splitlines() if "describe us as" in ln)
    assert "excellent" in line and len(line.strip()) <= 92  # quotes around the 90


# --- 3. a planned action's owner and date are real ---------------------------------------------
@pytest.mark.parametrize(
    "area",
    [
        "Owner: the Head of Legal. Done by 2027-02-30.",
        "Refresh the plan by 2027-13-01; the Director of Place will lead.",
    ],
)
def test_a_date_that_is_not_a_date_is_not_a_date(area: str) -> None:
    assert claims.planned_action(area).missing == "date"


@pytest.mark.parametrize(
    "area",
    [
        "Refresh the plan by March 2027 owner: ",
        "Refresh the plan by March 2027. Owner: TBC",
        "Refresh the plan by March 2027. Led by:",
    ],
)
def test_an_empty_owner_is_not_an_owner(area: str) -> None:
    assert claims.planned_action(area).missing == "owner"


@pytest.mark.parametrize(
    "area",
    [
        "Owner: the Head of Legal. Done by 2027-02-28.",
        "Refresh the plan by March 2027. Owner: Priya Shah.",
        "Refresh the plan by 2026-27; led by Jo Bloggs.",
        "The lead officer will refresh the plan by March 2027.",
    ],
)
def test_real_owners_and_dates_still_count(area: str) -> None:
    assert claims.planned_action(area).missing is None


def test_the_readiness_check_flags_the_impossible_date(new_ws: Workspace) -> None:
    new_ws.set_list(
        THEME, "areas_for_development", ["Owner: the Head of Legal. Done by 2027-02-30."]
    )
    found = [
        f for f in readiness.check(Workspace.open(new_ws.root)) if f.rule == "area-without-action"
    ]
    assert [f.message for f in found] == ["area for development with no date for its action"]


# --- 4. start --help names the questions for the team -----------------------------------------
def test_start_help_mentions_the_questions_for_the_team(run) -> None:
    out = run("start", "--help").stdout
    assert "questions for the peer team" in " ".join(out.split()).lower()


# --- end to end, in a real terminal ------------------------------------------------------------
def test_in_a_terminal_a_long_question_is_asked_again_and_the_workspace_still_opens(
    tiny: Workspace,
) -> None:
    import os
    import sys

    pexpect = pytest.importorskip("pexpect")
    env = dict(os.environ, PROMPT_TOOLKIT_NO_CPR="1", TERM="xterm")

    def spawn(*args: str) -> pexpect.spawn:
        return pexpect.spawn(
            sys.executable, ["-m", "selfassess", *args], env=env, encoding="utf-8", timeout=30
        )

    for key in ("local_context", "political_makeup", "aims", "key_challenges"):
        tiny.set_context(key, "Given.")  # straight to the questions for the team
    child = spawn("start", "-w", str(tiny.root))
    child.expect("push you hard on")
    child.send("q" * 2100 + ENTER)
    child.expect("over the limit of 2,000")
    child.send("\x15Are our savings real?" + ENTER)  # Ctrl-U clears the line
    child.expect("Which theme")
    child.send(ENTER)
    child.expect("Another question for the team")
    child.send(ENTER)
    child.expect("Theme 1 of 2")
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    assert saved(tiny) == [{"question": "Are our savings real?", "theme": "alpha"}]
    status = spawn("status", "-w", str(tiny.root))
    status.expect(pexpect.EOF)
    status.close()
    assert status.exitstatus == 0, status.before
