"""The readiness check reads the council's own words: planned actions with an owner and a date,
claims probed one by one, superlatives questioned, and evidence that stands however old it is."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from conftest import write

from selfassess import vocabulary
from selfassess.assessment import readiness
from selfassess.assessment.claims import quote
from selfassess.assessment.workspace import Workspace

TODAY = dt.date(2026, 11, 25)
THEME = "capacity-for-improvement"


def findings(ws: Workspace, rule: str, theme: str = THEME) -> list[readiness.Finding]:
    return [
        f
        for f in readiness.check(Workspace.open(ws.root), TODAY)
        if f.rule == rule and f.theme == theme
    ]


def add_evidence(ws: Workspace, tmp_path: Path, theme: str = THEME, **fields: str) -> None:
    from selfassess.evidence.evidence_log import Register, add
    from selfassess.evidence.model import EvidenceItem

    doc = write(tmp_path / f"doc-{len(list(tmp_path.iterdir()))}.txt", "evidence")
    item = EvidenceItem(id="E-000", title="A document", themes=[theme], **fields)  # type: ignore[arg-type]
    add(Register(ws.root), str(doc), item, ws.framework.theme_ids, [])


# --- a planned action has an owner and a date ------------------------------------------------
@pytest.mark.parametrize(
    "area",
    [
        "Workforce planning is weak; the Director of Resources will agree a plan by March 2027.",
        "Workforce planning is weak; Head of HR to finish a strategy in Q2 2027.",
        "Budget scrutiny: the Cabinet Member for Finance will lead a review by autumn 2026.",
        "Reserves are low; the Section 151 officer will set a minimum level in 2026/27.",
        "Too many actions: the corporate leadership team will cut the plan by 2027-03-31.",
        "Slow transformation; a reset led by the Assistant Director, Digital, from April 2027.",
        "Slow transformation. Owner: Programme Manager. Due: June 2027.",
    ],
)
def test_an_action_with_an_owner_and_a_date_counts(new_ws: Workspace, area: str) -> None:
    new_ws.set_list(THEME, "areas_for_development", [area])
    assert findings(new_ws, "area-without-action") == []


@pytest.mark.parametrize(
    ("area", "missing"),
    [
        ("Workforce planning is weak; we will do better.", "owner or date"),
        ("Workforce planning is weak; we will agree a plan by March 2027.", "owner"),
        ("Workforce planning is weak; the Head of HR will agree a plan.", "date"),
        ("Scrutiny is officer-led and weak; it will improve in time.", "owner or date"),
    ],
)
def test_an_action_without_an_owner_or_a_date_is_found_and_says_what_is_missing(
    new_ws: Workspace, area: str, missing: str
) -> None:
    new_ws.set_list(THEME, "areas_for_development", [area, "Second area; we will do it."])
    found = findings(new_ws, "area-without-action")
    assert [f.claim for f in found] == [area, "Second area; we will do it."]
    assert f"no {missing}" in found[0].message


def test_the_words_that_name_an_owner_are_data_not_code() -> None:
    assert "head of" in vocabulary.ACTION_OWNERS and "led by" in vocabulary.ACTION_OWNERS


# --- evidence that is old but still stands ----------------------------------------------------
def test_old_evidence_is_stale_but_the_previous_peer_challenge_is_not(
    new_ws: Workspace, tmp_path: Path
) -> None:
    add_evidence(new_ws, tmp_path, kind="committee-report", date="2021-07-13")
    assert len(findings(new_ws, "stale-evidence")) == 1
    add_evidence(new_ws, tmp_path, kind="previous-peer-challenge", date="2021-07-13")
    assert len(findings(new_ws, "stale-evidence")) == 1  # only the committee report


def test_a_plan_still_in_force_is_not_stale_one_that_has_ended_is(
    new_ws: Workspace, tmp_path: Path
) -> None:
    add_evidence(
        new_ws, tmp_path, kind="plan-or-strategy", date="2022-09-01", period_end="2027-03-31"
    )
    assert findings(new_ws, "stale-evidence") == []
    add_evidence(
        new_ws, tmp_path, kind="plan-or-strategy", date="2019-09-01", period_end="2023-03-31"
    )
    assert len(findings(new_ws, "stale-evidence")) == 1


def test_the_previous_peer_challenge_is_a_kind_of_evidence() -> None:
    assert "previous-peer-challenge" in vocabulary.EVIDENCE_KINDS


# --- ratings ---------------------------------------------------------------------------------
def test_a_target_below_the_current_rating_is_flagged(new_ws: Workspace) -> None:
    new_ws.set_rating(THEME, "established", "developing")
    [found] = findings(new_ws, "target-below-current")
    assert found.severity == readiness.WARNING
    new_ws.set_rating(THEME, "established", "established")
    assert findings(new_ws, "target-below-current") == []


# --- every unsupported claim probed ----------------------------------------------------------
def test_each_strength_without_evidence_is_its_own_finding(
    new_ws: Workspace, tmp_path: Path
) -> None:
    strengths = ["Staff are proud to work here.", "Our digital services are modern."]
    new_ws.set_list(THEME, "strengths", strengths)
    assert [f.claim for f in findings(new_ws, "strength-without-evidence")] == strengths
    add_evidence(new_ws, tmp_path, date="2026-01-01")
    assert findings(new_ws, "strength-without-evidence") == []


@pytest.mark.parametrize(
    "phrase",
    ["excellent", "sector-leading", "best in class", "punches above its weight", "Outstanding"],
)
def test_a_superlative_in_a_strength_is_probed_with_its_sentence(
    new_ws: Workspace, phrase: str
) -> None:
    new_ws.set_list(THEME, "strengths", [f"Pay is fair. Our HR service is {phrase}. Staff stay."])
    [found] = findings(new_ws, "superlative-claim")
    assert found.claim == f"Our HR service is {phrase}."


def test_a_superlative_in_a_long_answer_is_probed(new_ws: Workspace) -> None:
    question = next(q for q in new_ws.framework.theme(THEME).questions if q.type == "long_text")
    new_ws.set_answer(THEME, question.id, "We plan well.\nOur data team is world-class and more.")
    [found] = findings(new_ws, "superlative-claim")
    assert found.claim == "Our data team is world-class and more."


def test_a_superlative_is_still_asked_about_when_the_theme_has_evidence(
    new_ws: Workspace, tmp_path: Path
) -> None:
    new_ws.set_list(THEME, "strengths", ["Our planning service is second to none."])
    [without] = findings(new_ws, "superlative-claim")
    add_evidence(new_ws, tmp_path, date="2026-01-01")
    [with_evidence] = findings(new_ws, "superlative-claim")
    assert without.message != with_evidence.message
    assert "no evidence" in without.message


def test_plain_words_are_not_superlatives(new_ws: Workspace) -> None:
    new_ws.set_list(THEME, "strengths", ["A centre of excellence for apprenticeships."])
    assert findings(new_ws, "superlative-claim") == []


# --- on the demo -----------------------------------------------------------------------------
def test_the_demo_council_is_probed_where_a_peer_would_probe(run, demo_ws: Path) -> None:
    found = json.loads(run("check", "-w", str(demo_ws), "--json").stdout)
    rules = {f["rule"] for f in found}
    assert {"area-without-action", "superlative-claim"} <= rules
    # the 2018 peer challenge's final update and the council plan in force stand
    stale = {f["item"] for f in found if f["rule"] == "stale-evidence"}
    assert not stale & {"E-001", "E-012"}
    assert all(f["claim"] for f in found if f["rule"] == "area-without-action")


def test_check_prints_each_claim_under_its_finding(run, demo_ws: Path) -> None:
    out = run("check", "-w", str(demo_ws)).stdout
    found = [f for f in readiness.check(Workspace.open(demo_ws)) if f.claim]
    claims = [quote(f.claim, 90, rule=f.rule) for f in found if f.claim]
    assert claims and all(f'"{c}"' in out for c in claims)
    quoted = [line for line in out.splitlines() if line.lstrip().startswith('"')]
    assert len(quoted) == len(claims) and max(len(line) for line in quoted) <= 100


def test_saving_the_context_keeps_the_foreword_and_questions_written_by_hand(
    new_ws: Workspace,
) -> None:
    questions = [{"question": "Push us hard on the budget.", "theme": THEME}]
    new_ws.set_context("questions_for_the_team", questions)
    new_ws.set_context("foreword", "We asked for this challenge.")
    new_ws.set_context("aims", "A frank view.")  # the interview saving one answer
    context = Workspace.open(new_ws.root).context()
    assert context["questions_for_the_team"] == questions
    assert context["foreword"] == "We asked for this challenge."
