"""Issue 12's hand edits that `validate` (and every command's open) must catch: theme ids
that do not exist, visit days out of shape, a date that is not real, the answers file's
foreword and questions for the team, a bidi override or a repeat in a question for the team,
and a framework's yes/no pair or key-date timeline written wrongly. Each finding names the
file, the line and the JSON path, and says what to do."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import write

from selfassess.framework import catalogue

TYPO = "governance-and-cultur"
RTL = "\u202e"


def _line_of(path: Path, needle: str) -> int:
    return next(n for n, text in enumerate(path.read_text().splitlines(), 1) if needle in text)


def _edit_yaml(path: Path, change: Any) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def _problems(run: Any, target: Path) -> list[dict[str, Any]]:
    result = run("validate", str(target), "--json")
    assert "Traceback" not in result.output
    return list(json.loads(result.stdout)["problems"])


# --- 1. theme ids that do not exist -------------------------------------------------------------
def test_a_question_for_the_team_under_a_misspelt_theme_is_an_error(run, demo_ws: Path) -> None:
    context = demo_ws / "context.yaml"
    context.write_text(
        context.read_text().replace("theme: governance-and-culture", f"theme: {TYPO}")
    )
    result = run("validate", str(demo_ws))
    assert result.exit_code == 1
    line = _line_of(context, f"theme: {TYPO}")
    assert f"context.yaml:{line} ($.questions_for_the_team[3].theme)" in result.stderr
    assert "did you mean 'governance-and-culture'?" in result.stderr
    # and every command's open refuses it too, rather than dropping the question
    assert run("report", "-w", str(demo_ws), "--format", "md").exit_code == 1


def test_a_focus_area_is_a_theme_a_question_may_name(run, demo_ws: Path) -> None:
    # the demo tags questions to its focus area: that must stay valid
    assert run("validate", str(demo_ws)).exit_code == 0


def test_a_person_to_meet_under_a_misspelt_theme_is_an_error(run, demo_ws: Path) -> None:
    meta = demo_ws / "workspace.yaml"
    meta.write_text(meta.read_text().replace("  - governance-and-culture", f"  - {TYPO}"))
    result = run("validate", str(demo_ws))
    assert result.exit_code == 1
    line = _line_of(meta, f"- {TYPO}")
    assert f"workspace.yaml:{line} ($.people[4].themes[0])" in result.stderr
    assert "did you mean 'governance-and-culture'?" in result.stderr


# --- 2. visit days and the pre-onsite meeting ---------------------------------------------------
def _set_dates(demo_ws: Path, **dates: Any) -> None:
    _edit_yaml(demo_ws / "workspace.yaml", lambda data: data["dates"].update(dates))


def test_visit_days_repeated_out_of_order_or_spread_are_findings(run, demo_ws: Path) -> None:
    _set_dates(demo_ws, visit_days=["2026-10-09", "2026-10-06", "2026-10-06", "2027-01-20"])
    found = _problems(run, demo_ws)
    by_path = {(p["path"], p["severity"]): p["message"] for p in found}
    assert "twice" in by_path[("$.dates.visit_days[2]", "error")]
    assert "order" in by_path[("$.dates.visit_days[1]", "error")]
    spread = by_path[("$.dates.visit_days", "warning")]
    assert "weeks" in spread and "2027-01-20" in spread
    assert all(p["line"] for p in found)


def test_days_in_order_within_three_weeks_pass(run, demo_ws: Path) -> None:
    _set_dates(demo_ws, visit_days=["2026-10-06", "2026-10-07", "2026-10-20"])
    assert _problems(run, demo_ws) == []


def test_a_pre_onsite_meeting_on_or_after_the_first_visit_day_is_an_error(
    run, demo_ws: Path
) -> None:
    for day in ("2026-10-06", "2026-10-12"):
        _set_dates(demo_ws, pre_onsite_meeting=day)
        (problem,) = _problems(run, demo_ws)
        assert problem["path"] == "$.dates.pre_onsite_meeting"
        assert problem["severity"] == "error"
        assert "before the first visit day" in problem["message"]


def test_init_refuses_the_same_visit_day_twice(run, tmp_path: Path) -> None:
    result = run(
        "init", str(tmp_path / "ws"), "--council", "Kestleford Borough Council",
        "--framework", "corporate-peer-challenge",
        "--visit-day", "2026-10-06", "--visit-day", "2026-10-06",
    )  # fmt: skip
    assert result.exit_code == 1
    assert "twice" in result.output + result.stderr


# --- 3. the sign-off date and the workspace's other dates are real dates ------------------------
def test_a_status_date_that_is_not_real_is_an_error(run, demo_ws: Path) -> None:
    meta = demo_ws / "workspace.yaml"
    meta.write_text(
        meta.read_text().replace("status_date: '2026-08-28'", "status_date: '2026-02-30'")
    )
    result = run("validate", str(demo_ws))
    assert result.exit_code == 1
    line = _line_of(meta, "status_date:")
    assert f"workspace.yaml:{line} ($.position_statement.status_date)" in result.stderr
    assert "'2026-02-30' is not a real date" in result.stderr


def test_every_key_date_in_the_workspace_must_be_real(run, demo_ws: Path) -> None:
    _set_dates(demo_ws, feedback_report="2027-13-01")
    (problem,) = _problems(run, demo_ws)
    assert problem["path"] == "$.dates.feedback_report"
    assert "not a real date" in problem["message"]


# --- 4. the answers file carries the foreword and the questions for the team --------------------
def test_an_answers_file_carries_the_foreword_and_questions(run, demo_ws: Path) -> None:
    answers = write(
        demo_ws.parent / "answers.yaml",
        "context:\n"
        "  foreword: We asked for this challenge because we want to be told the truth.\n"
        "  questions_for_the_team:\n"
        "    - question: Is our savings plan deliverable?\n"
        "      theme: financial-planning-and-management\n",
    )
    assert run("validate", str(answers)).exit_code == 0
    result = run("start", "-w", str(demo_ws), "--answers", str(answers), "--no-input")
    assert "Traceback" not in result.output
    context = yaml.safe_load((demo_ws / "context.yaml").read_text())
    assert context["foreword"].startswith("We asked for this challenge")
    assert context["questions_for_the_team"] == [
        {
            "question": "Is our savings plan deliverable?",
            "theme": "financial-planning-and-management",
        }
    ]
    assert run("validate", str(demo_ws)).exit_code == 0


def test_an_answers_file_question_under_a_misspelt_theme_is_an_error(run, demo_ws: Path) -> None:
    answers = write(
        demo_ws.parent / "answers.yaml",
        "framework: corporate-peer-challenge\n"
        "context:\n"
        "  questions_for_the_team:\n"
        "    - question: Does scrutiny change decisions?\n"
        f"      theme: {TYPO}\n",
    )
    result = run("validate", str(answers))
    assert result.exit_code == 1
    assert "answers.yaml:5 ($.context.questions_for_the_team[0].theme)" in result.stderr
    assert "did you mean 'governance-and-culture'?" in result.stderr
    before = (demo_ws / "context.yaml").read_bytes()
    assert run("start", "-w", str(demo_ws), "--answers", str(answers), "--no-input").exit_code == 1
    assert (demo_ws / "context.yaml").read_bytes() == before


def test_an_answers_file_may_clear_the_foreword() -> None:
    from selfassess.datafiles import schemas

    enum = schemas.schema("answers")["properties"]["clear"]["properties"]["context"]["items"]
    assert {"foreword", "questions_for_the_team"} <= set(enum["enum"])


def test_the_readme_shows_the_foreword_and_questions_in_the_answers_file() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Scripts and CI: the answers file")[1].split("\n## ")[0]
    assert "foreword:" in section and "questions_for_the_team:" in section


# --- 5. a question for the team is one line, and not asked twice --------------------------------
def test_a_bidi_override_in_a_question_for_the_team_is_refused(run, demo_ws: Path) -> None:
    _edit_yaml(
        demo_ws / "context.yaml",
        lambda data: data["questions_for_the_team"][0].update(question=f"Is it {RTL}fine?"),
    )
    result = run("validate", str(demo_ws))
    assert result.exit_code == 1
    assert "($.questions_for_the_team[0].question)" in result.stderr
    assert "U+202E" in result.stderr and "one line" in result.stderr


def test_a_question_for_the_team_asked_twice_is_a_warning(run, demo_ws: Path) -> None:
    def repeat(data: dict[str, Any]) -> None:
        first = dict(data["questions_for_the_team"][0])
        first["question"] = "  " + first["question"].upper() + " "
        data["questions_for_the_team"].append(first)

    _edit_yaml(demo_ws / "context.yaml", repeat)
    last = len(yaml.safe_load((demo_ws / "context.yaml").read_text())["questions_for_the_team"]) - 1
    found = _problems(run, demo_ws)
    assert [(p["path"], p["severity"]) for p in found] == [
        (f"$.questions_for_the_team[{last}].question", "warning")
    ]
    assert "twice" in found[0]["message"] and "[0]" in found[0]["message"]
    assert run("validate", str(demo_ws)).exit_code == 0


# --- 6. a framework's yes/no pair and its timeline ----------------------------------------------
SHIPPED = catalogue.shipped_paths()
WHERE = "$.themes[0].questions[0]"


def _framework(tmp_path: Path, change: Any) -> Path:
    data = yaml.safe_load(SHIPPED["corporate-peer-challenge"].read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "corporate-peer-challenge.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def _question(reads: Any) -> Any:
    def change(data: dict[str, Any]) -> None:
        data["themes"][0]["questions"][0] = {
            "id": "x.q", "prompt": "Q?", "required": False, "type": "yes_no", "reads": reads
        }  # fmt: skip

    return change


@pytest.mark.parametrize(
    ("reads", "path", "words"),
    [
        ({"yes": "It does."}, "reads", "'no' is missing"),
        ({"no": "It does not."}, "reads", "'yes' is missing"),
        ({"yes": "It does.", "no": "It does not.", "maybe": "?"}, "reads.maybe",
         "only yes and no are allowed"),
    ],
)  # fmt: skip
def test_a_yes_no_pair_written_wrongly_says_what_to_do(
    tmp_path: Path, reads: Any, path: str, words: str
) -> None:
    framework = _framework(tmp_path, _question(reads))
    _, problems = catalogue.check_file(framework)
    assert [p.path for p in problems] == [f"{WHERE}.{path}"]
    assert words in problems[0].message
    assert "got a mapping" not in problems[0].message
    assert problems[0].line is not None


def test_the_suggested_pair_quotes_its_keys(tmp_path: Path) -> None:
    framework = _framework(tmp_path, _question("It does."))
    (problem,) = catalogue.check_file(framework)[1]
    assert '"yes": "..."' in problem.message and '"no": "..."' in problem.message


def _step(**fields: Any) -> Any:
    def change(data: dict[str, Any]) -> None:
        step = {"id": "odd_step", "label": "An odd step", "from": "visit_start"} | fields
        data["timeline"].append(step)

    return change


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"weeks": 4, "about": True, "by": True}, "about"),
        ({}, "days, weeks or months"),
        ({"weeks": -99999999}, "520"),
        ({"days": 4000}, "3660"),
        ({"months": 121}, "120"),
    ],
)
def test_a_timeline_step_written_wrongly_is_an_error(
    tmp_path: Path, fields: dict[str, Any], words: str
) -> None:
    framework = _framework(tmp_path, _step(**fields))
    data = yaml.safe_load(framework.read_text())
    _, problems = catalogue.check_file(framework)
    assert len(problems) == 1
    assert problems[0].path.startswith(f"$.timeline[{len(data['timeline']) - 1}]")
    assert words in problems[0].message
    assert problems[0].severity == "error"


def test_a_timeline_step_at_the_edge_of_the_range_passes(tmp_path: Path) -> None:
    framework = _framework(tmp_path, _step(weeks=-520, days=3660, months=120))
    assert catalogue.check_file(framework)[1] == []


def test_every_shipped_framework_still_passes() -> None:
    for path in SHIPPED.values():
        assert catalogue.check_file(path)[1] == [], path


def test_an_answers_file_alone_may_name_a_focus_area(run, tmp_path: Path) -> None:
    # without its workspace the file's focus areas are unknown: a focus area's id passes
    answers = write(
        tmp_path / "answers.yaml",
        "framework: corporate-peer-challenge\n"
        "context:\n"
        "  questions_for_the_team:\n"
        "    - question: Are we building enough homes?\n"
        "      theme: focus-housing-delivery-and-homelessness\n",
    )
    assert run("validate", str(answers)).exit_code == 0


def test_a_misspelt_theme_is_reported_beside_a_date_problem(run, demo_ws: Path) -> None:
    meta = demo_ws / "workspace.yaml"
    meta.write_text(meta.read_text().replace("  - governance-and-culture", f"  - {TYPO}"))
    _set_dates(demo_ws, pre_onsite_meeting="2026-10-07")
    paths = {p["path"] for p in _problems(run, demo_ws)}
    assert paths == {"$.dates.pre_onsite_meeting", "$.people[4].themes[0]"}
