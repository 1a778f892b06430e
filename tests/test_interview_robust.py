"""Nothing the council gave is lost: empty values in an answers file change nothing, clearing
is asked for by name, the merge says what it replaced, and an interview stopped part-way
keeps each choice made and the answer being typed (as a draft, offered back next time)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from conftest import CTRL_C, DOWN, ENTER, FINISH, keys, load_yaml, write
from test_interview import ALPHA, BETA, CONTEXT, reopen

from selfassess.assessment.drafts import DRAFTS_FILE
from selfassess.assessment.interview import is_done, plan
from selfassess.assessment.workspace import Workspace
from selfassess.cli import interview
from selfassess.errors import Interrupted

FINANCE = "financial-planning-and-management"


def merge(run, ws: Workspace, tmp_path: Path, text: str, name: str = "answers.yaml"):  # type: ignore[no-untyped-def]
    result = run("start", "-w", str(ws.root), "--answers", str(write(tmp_path / name, text)))
    return result


FIRST = f"""
context: {{aims: Test our finances.}}
answers:
  finance.mtfs: A three-year plan.
  finance.reserves-months: 4.5
ratings:
  {FINANCE}: {{current: developing, target: established}}
strengths:
  {FINANCE}: [Reserves rebuilt.]
"""


# --- item 1: an empty value is no change; clearing is explicit ----------------------------------
def test_an_empty_value_leaves_the_saved_answer_and_says_so(run, new_ws, tmp_path) -> None:  # type: ignore[no-untyped-def]
    merge(run, new_ws, tmp_path, FIRST, "first.yaml")
    finance_file = new_ws.theme_path(FINANCE)
    before = finance_file.read_bytes(), (new_ws.root / "context.yaml").read_bytes()
    empty = f"""
context: {{aims: }}
answers:
  finance.mtfs:
  finance.reserves-months: ""
ratings:
  {FINANCE}: {{current: null}}
strengths:
  {FINANCE}: []
"""
    result = merge(run, new_ws, tmp_path, empty, "empty.yaml")
    assert "Merged 0 answer(s)" in result.stdout
    assert "5 left as it was (empty)" in result.stdout
    assert "finance.mtfs: empty in the answers file, left as it was" in result.stdout
    assert "context.aims: empty in the answers file, left as it was" in result.stdout
    assert (finance_file.read_bytes(), (new_ws.root / "context.yaml").read_bytes()) == before
    assert load_yaml(finance_file)["answers"]["finance.mtfs"] == "A three-year plan."


def test_the_merge_says_how_many_saved_answers_it_replaced(run, new_ws, tmp_path) -> None:  # type: ignore[no-untyped-def]
    merge(run, new_ws, tmp_path, FIRST, "first.yaml")
    second = f"""
answers:
  finance.mtfs: A four-year plan.
  finance.reserves-months: 4.5
  finance.mtfs-approved: 2026-02-25
  finance.mtfs-gap:
ratings:
  {FINANCE}: {{target: leading}}
"""
    result = merge(run, new_ws, tmp_path, second, "second.yaml")
    assert "Traceback" not in result.output
    assert (
        "Merged 4 answer(s) from "
        f"{tmp_path / 'second.yaml'}: 1 new, 2 replaced saved answers, 1 same as saved, "
        "1 left as it was (empty)." in result.stdout
    )
    finance = load_yaml(new_ws.theme_path(FINANCE))
    assert finance["answers"]["finance.mtfs"] == "A four-year plan."
    # the level the file left out keeps the saved one
    assert finance["rating"] == {"current": "developing", "target": "leading"}


def test_the_clear_section_wipes_saved_values_so_they_are_asked_again(
    run, new_ws, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    merge(run, new_ws, tmp_path, FIRST, "first.yaml")
    clear = f"""
clear:
  context: [aims]
  answers: [finance.mtfs]
  ratings: [{FINANCE}]
  strengths: [{FINANCE}]
"""
    result = merge(run, new_ws, tmp_path, clear, "clear.yaml")
    assert "Merged 0 answer(s)" in result.stdout
    assert "4 cleared" in result.stdout
    assert "finance.mtfs: cleared" in result.stdout
    finance = load_yaml(new_ws.theme_path(FINANCE))
    assert "finance.mtfs" not in finance["answers"]
    assert "rating" not in finance and "strengths" not in finance
    assert finance["answers"]["finance.reserves-months"] == 4.5  # not named: kept
    assert load_yaml(new_ws.root / "context.yaml")["aims"] is None
    todo = {
        s.key for s in plan(reopen(new_ws).framework, FINANCE) if not is_done(reopen(new_ws), s)
    }
    assert {"finance.mtfs", "rating", "strengths"} <= todo


def test_a_value_both_given_and_cleared_changes_nothing(run, new_ws, tmp_path) -> None:  # type: ignore[no-untyped-def]
    merge(run, new_ws, tmp_path, FIRST, "first.yaml")
    before = new_ws.theme_path(FINANCE).read_bytes()
    both = "answers:\n  finance.mtfs: New.\nclear:\n  answers: [finance.mtfs]\n"
    result = merge(run, new_ws, tmp_path, both, "both.yaml")
    assert result.exit_code == 1
    assert "finance.mtfs is both given a value and cleared" in result.stderr
    assert "Traceback" not in result.output
    assert new_ws.theme_path(FINANCE).read_bytes() == before


# --- item 4: each choice saved as made; the answer being typed kept as a draft -------------------
def test_ctrl_c_while_typing_keeps_a_draft_that_the_next_start_offers(tiny: Workspace) -> None:
    with (
        keys(*CONTEXT, "Short", ENTER, "Half an", ENTER, "answer", CTRL_C),
        pytest.raises(Interrupted) as stop,
    ):
        interview.run(tiny)
    assert "your unfinished answer to 'Long text?' (a.long) is kept as a draft" in (
        stop.value.message
    )
    assert "a.long" not in load_yaml(tiny.theme_path("alpha"))["answers"]  # not an answer
    assert load_yaml(tiny.root / DRAFTS_FILE) == {"a.long": "Half an\nanswer"}

    said = io.StringIO()
    rest = ALPHA[ALPHA.index(FINISH) + 1 :]
    with keys(" too.", FINISH, *rest, *BETA):
        interview.run(reopen(tiny), out=said)
    assert "You had started this answer: Half an answer" in said.getvalue()
    assert load_yaml(tiny.theme_path("alpha"))["answers"]["a.long"] == "Half an\nanswer too."
    assert not (tiny.root / DRAFTS_FILE).exists()  # answered: the draft is gone


def test_a_single_line_answer_being_typed_is_kept_too(tiny: Workspace) -> None:
    with keys(*CONTEXT, "Sho", CTRL_C), pytest.raises(Interrupted):
        interview.run(tiny)
    assert load_yaml(tiny.root / DRAFTS_FILE) == {"a.text": "Sho"}


def test_stopping_at_an_unchanged_saved_answer_keeps_no_draft(tiny: Workspace) -> None:
    with keys(*CONTEXT, *ALPHA, *BETA):
        interview.run(tiny)
    with keys(CTRL_C), pytest.raises(Interrupted) as stop:
        interview.run(reopen(tiny), review=True)  # the saved context is offered as it was
    assert "draft" not in stop.value.message
    assert not (tiny.root / DRAFTS_FILE).exists()


def test_a_rating_stopped_before_its_target_keeps_the_current_level_and_is_asked_again(
    tiny: Workspace,
) -> None:
    upto_rating = ALPHA[: ALPHA.index("42") + 5]
    with keys(*CONTEXT, *upto_rating, DOWN, ENTER, CTRL_C), pytest.raises(Interrupted):
        interview.run(tiny)
    assert load_yaml(tiny.theme_path("alpha"))["rating"] == {"current": "mid"}
    # resuming asks the rating again, offering the saved level: Enter keeps Middle
    rest = ALPHA[ALPHA.index("42") + 9 :]
    with keys(ENTER, DOWN, ENTER, *rest, *BETA):
        interview.run(reopen(tiny))
    assert load_yaml(tiny.theme_path("alpha"))["rating"] == {"current": "mid", "target": "high"}
