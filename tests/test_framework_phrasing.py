"""How a framework's questions read in a position statement (heading, reads, unit), the
roles the team meets, the key dates of the timeline, and the meaning checks on them."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from selfassess.datafiles import datafile
from selfassess.framework import catalogue, model

SHIPPED = catalogue.shipped_paths()
SHORT = {"number", "date", "yes_no", "choice", "multi_choice", "text"}
TIMELINE_IDS = {
    "scoping_meeting",
    "position_statement_due",
    "pre_reading_issued",
    "pre_onsite_meeting",
    "feedback_presentation",
    "feedback_report",
    "action_plan",
    "progress_review",
}


def _all_questions(framework: model.Framework) -> list[model.Question]:
    themes = framework.themes + framework.optional_themes
    focus = [model.Question.from_data(q) for q in framework.focus_area_questions]
    return [q for t in themes for q in t.questions] + focus


def _all_themes(framework: model.Framework) -> tuple[model.Theme, ...]:
    return framework.themes + framework.optional_themes


@pytest.fixture(params=sorted(SHIPPED), ids=sorted(SHIPPED))
def shipped(request: pytest.FixtureRequest) -> model.Framework:
    return catalogue.load(request.param)


# --- the shipped frameworks --------------------------------------------------------------
def test_every_short_question_says_how_it_reads(shipped: model.Framework) -> None:
    missing = [q.id for q in _all_questions(shipped) if q.type in SHORT and q.reads is None]
    assert missing == []


def test_yes_no_questions_read_as_a_pair_and_others_as_one_sentence(
    shipped: model.Framework,
) -> None:
    for question in _all_questions(shipped):
        if question.type == "yes_no":
            assert isinstance(question.reads, tuple), question.id
        elif question.type in SHORT:
            assert isinstance(question.reads, str) and question.reads.count("{answer}") == 1


def test_numbers_in_money_or_percent_carry_their_unit(shipped: model.Framework) -> None:
    for question in _all_questions(shipped):
        prompt = " ".join(question.prompt.split()).lower()
        if question.type != "number":
            assert question.unit is None, question.id
        elif "in £ million" in prompt:
            assert question.unit == "£m", question.id
        elif "percentage" in prompt:
            assert question.unit == "%", question.id


def test_headings_are_short_statements_over_long_answers_only(
    shipped: model.Framework,
) -> None:
    headed = [q for q in _all_questions(shipped) if q.heading is not None]
    assert headed, "a framework with long answers gives some of them a heading"
    for question in headed:
        assert question.type == "long_text", question.id
        assert 1 <= len(question.heading.split()) <= 6, question.heading
        assert not question.heading.endswith("?"), question.heading


def _role_key(role: str) -> str:
    key = role.lower().replace("the council", "").replace("the ", "")
    return re.sub(r"[^a-z0-9]+", " ", key).strip()


def test_people_to_meet_name_each_role_one_way(shipped: model.Framework) -> None:
    """One list deduplicated by exact role reads well only if a role is always written
    alike: roles that differ only in wording ("the", "the council", case) are one role."""
    roles = {role for theme in _all_themes(shipped) for role in theme.people_to_meet}
    keys = [_role_key(role) for role in roles]
    assert sorted(k for k in keys if keys.count(k) > 1) == []


def test_people_to_meet_use_one_wording_for_the_common_roles() -> None:
    """The leader, the scrutiny chair and the statutory officers are written one way in
    every framework (today's scoping documents showed three scrutiny chairs)."""
    one_way = {
        ("leader ",): "Leader and cabinet members",
        ("chair", "scrutiny"): "Chair of overview and scrutiny",
    }
    for framework_id in SHIPPED:
        for theme in _all_themes(catalogue.load(framework_id)):
            for role in theme.people_to_meet:
                low = role.lower()
                for words, wording in one_way.items():
                    if low.startswith(words[0]) and all(w in low for w in words):
                        assert role == wording, (framework_id, role)
                assert "section 151 officer and" not in low, (framework_id, role)
                assert "monitoring officer and" not in low, (framework_id, role)


def test_every_framework_has_the_key_dates(shipped: model.Framework) -> None:
    timeline = shipped.data.get("timeline", [])
    ids = [entry["id"] for entry in timeline]
    assert set(ids) == TIMELINE_IDS and len(ids) == len(set(ids))
    by_id = {entry["id"]: entry for entry in timeline}
    assert by_id["feedback_presentation"] == {**by_id["feedback_presentation"], "days": 0}
    assert by_id["feedback_presentation"]["from"] == "visit_end"
    assert by_id["scoping_meeting"].get("weeks", 0) < by_id["position_statement_due"]["weeks"]
    assert by_id["feedback_report"]["by"] and by_id["action_plan"]["by"]


def test_new_framework_template_shows_the_phrasing_and_timeline(run, tmp_path: Path) -> None:
    out = tmp_path / "housing-review.yaml"
    assert run("frameworks", "new", "housing-review", "-o", str(out)).exit_code == 0
    data = datafile.load(out).data
    questions = [q for t in data["themes"] for q in t["questions"]]
    assert any("heading" in q for q in questions)
    assert any("{answer}" in str(q.get("reads", "")) for q in questions)
    assert any("unit" in q for q in questions)
    assert {entry["id"] for entry in data["timeline"]} == TIMELINE_IDS
    assert catalogue.check_file(out)[1] == []


# --- meaning checks ----------------------------------------------------------------------
def _framework_with(tmp_path: Path, question: dict[str, Any]) -> Path:
    """The corporate framework, its first theme's first question replaced by ``question``."""
    data = yaml.safe_load(SHIPPED["corporate-peer-challenge"].read_text(encoding="utf-8"))
    data["themes"][0]["questions"][0] = {"id": "x.q", "prompt": "Q?", "required": False} | (
        question
    )
    path = tmp_path / "corporate-peer-challenge.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


WHERE = "$.themes[0].questions[0]"


@pytest.mark.parametrize(
    ("question", "field", "words"),
    [
        ({"type": "date", "reads": "It was approved."}, "reads", "{answer}"),
        ({"type": "date", "reads": "On {answer} and {answer}."}, "reads", "once"),
        ({"type": "number", "reads": "{answer} of {total}."}, "reads", "{total}"),
        ({"type": "text", "reads": {"yes": "It does.", "no": "It does not."}}, "reads", "yes_no"),
        ({"type": "yes_no", "reads": "It is {answer}."}, "reads", "yes"),
        ({"type": "text", "unit": "%"}, "unit", "number"),
        ({"type": "choice", "heading": "Cadence", "choices": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}]},
         "heading", "long"),
        ({"type": "long_text", "reads": "{answer}"}, "reads", "short"),
        ({"type": "long_text", "heading": "How often is it reported?"}, "heading", "question"),
    ],
)  # fmt: skip
def test_meaning_check_names_the_file_and_path(
    tmp_path: Path, question: dict[str, Any], field: str, words: str
) -> None:
    path = _framework_with(tmp_path, question)
    _, problems = catalogue.check_file(path)
    assert [p.path for p in problems] == [f"{WHERE}.{field}"]
    assert words in problems[0].message
    assert problems[0].file.endswith(path.name)
    assert problems[0].line is not None


def test_good_phrasing_passes(tmp_path: Path) -> None:
    path = _framework_with(
        tmp_path,
        {"type": "number", "reads": "The gap is {answer}.", "unit": "£m"},
    )
    assert catalogue.check_file(path)[1] == []


def test_a_yes_no_sentence_with_the_answer_in_it_is_refused(tmp_path: Path) -> None:
    path = _framework_with(
        tmp_path, {"type": "yes_no", "reads": {"yes": "It is {answer}.", "no": "It is not."}}
    )
    problems = catalogue.check_file(path)[1]
    assert [p.path for p in problems] == [f"{WHERE}.reads.yes"]


def test_a_key_date_given_twice_is_a_finding(tmp_path: Path) -> None:
    data = yaml.safe_load(SHIPPED["finance"].read_text(encoding="utf-8"))
    data["timeline"].append(dict(data["timeline"][0]))
    path = tmp_path / "finance.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    problems = catalogue.check_file(path)[1]
    assert [p.path for p in problems] == [f"$.timeline[{len(data['timeline']) - 1}].id"]
    assert "scoping_meeting" in problems[0].message


def test_framework_validate_reports_the_phrasing_finding(run, tmp_path: Path) -> None:
    path = _framework_with(tmp_path, {"type": "text", "unit": "days"})
    result = run("frameworks", "validate", str(path), "--json")
    assert result.exit_code == 1
    found = json.loads(result.output)
    assert f"{WHERE}.unit" in json.dumps(found)
