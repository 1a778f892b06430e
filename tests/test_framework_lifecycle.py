"""Every shipped framework end to end; tailoring; a council's own frameworks and versions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import CASES, load_yaml, write

from selfassess.framework import catalogue
from selfassess.framework.model import Framework, Question

SHIPPED = sorted(catalogue.shipped_paths())


def generated_value(question: Question) -> object:
    """A valid answer for any question."""
    if question.type == "choice":
        return question.choices[0].id
    if question.type == "multi_choice":
        return [question.choices[-1].id]
    if question.type == "number":
        return question.min if question.min is not None else 3
    if question.type == "date":
        return "2026-01-31"
    if question.type == "yes_no":
        return True
    return f"A considered answer to: {question.prompt}"


def generated_answers(framework: Framework, themes: list[str]) -> dict:
    levels = [level.id for level in framework.scale]
    chosen = [t for t in framework.themes + framework.optional_themes if t.id in themes]
    return {
        "context": {
            key: f"The council's {key.replace('_', ' ')}."
            for key in ("local_context", "political_makeup", "aims", "key_challenges")
        },
        "answers": {q.id: generated_value(q) for t in chosen for q in t.questions},
        "ratings": {t.id: {"current": levels[0], "target": levels[1]} for t in chosen}
        if levels
        else {},
        "strengths": {t.id: ["Something that works well."] for t in chosen},
        "areas_for_development": {
            t.id: ["Something to improve; we will act on it by March 2027."] for t in chosen
        },
    }


@pytest.mark.parametrize("framework_id", SHIPPED)
def test_every_shipped_framework_runs_end_to_end(run, tmp_path: Path, framework_id: str) -> None:
    framework = catalogue.load(framework_id)
    focus = (
        [framework.optional_themes[0].id] if framework.optional_themes else ["Our own focus area"]
    )
    ws = tmp_path / framework_id
    init = run(
        "init",
        str(ws),
        "--council",
        "Testbury Council",
        "--framework",
        framework_id,
        *[arg for f in focus for arg in ("--focus", f)],
        "--no-input",
    )
    assert init.exit_code == 0, init.output
    from selfassess.assessment.workspace import Workspace

    opened = Workspace.open(ws)
    answers = write(
        tmp_path / "answers.json",
        json.dumps(generated_answers(opened.framework, opened.framework.theme_ids)),
    )
    started = run("start", "-w", str(ws), "--answers", str(answers), "--no-input")
    assert started.exit_code == 0, started.output
    assert run("validate", str(ws)).exit_code == 0
    check = json.loads(run("check", "-w", str(ws), "--json").stdout)
    assert [f for f in check if f["severity"] == "error"] == []
    for command in ("scope", "report"):
        for fmt in ("md", "html", "docx"):
            out = tmp_path / f"{command}.{fmt}"
            assert run(command, "-w", str(ws), "--format", fmt, "--out", str(out)).exit_code == 0
            assert out.stat().st_size > 500
    report = (tmp_path / "report.md").read_text()
    assert f"\n# Testbury Council: {framework.term('self_assessment')}\n" in report
    assert f"### {framework.term('areas_for_development').capitalize()}" in report


def test_childrens_services_topics_are_chosen_at_init(run, tmp_path: Path) -> None:
    result = run(
        "init",
        str(tmp_path / "cs"),
        "--council",
        "X",
        "--framework",
        "childrens-services",
        "--focus",
        "early-help-and-front-door",
        "--focus",
        "Special educational needs and disabilities",
        "--no-input",
    )
    assert result.exit_code == 0, result.output
    meta = load_yaml(tmp_path / "cs" / "workspace.yaml")
    assert next(a["id"] for a in meta["focus_areas"]) == "early-help-and-front-door"
    from selfassess.assessment.workspace import Workspace

    theme = Workspace.open(tmp_path / "cs").framework.theme("early-help-and-front-door")
    assert theme.focus_area and any(q.id.endswith(".know") for q in theme.questions)


# --- tailoring --------------------------------------------------------------------------------
PROFILE = """
framework: corporate-peer-challenge
name: Testbury 2026
add_themes:
  - id: climate
    title: Climate and nature
    summary: How the council leads on net zero.
    what_good_looks_like: [A funded plan.]
    typical_evidence: [Climate action plan.]
    people_to_meet: [Cabinet member for climate.]
    questions:
      - {id: climate.plan, prompt: What is the plan?, type: long_text, required: true}
add_questions:
  governance-and-culture:
    - {id: governance.town-councils, prompt: How do you work with town councils?, type: long_text, required: false}
out_of_scope: [priorities.benchmarking]
reword:
  finance.mtfs: {prompt: "Tell us about the MTFS, in plain words."}
scale:
  - {id: red, label: Red, description: Not there.}
  - {id: amber, label: Amber, description: Partly there.}
  - {id: green, label: Green, description: There.}
"""


def test_a_profile_adds_removes_rewords_and_rescales(run, tmp_path: Path) -> None:
    profile = write(tmp_path / "profile.yaml", PROFILE)
    shown = json.loads(
        run(
            "frameworks", "show", "corporate-peer-challenge", "--profile", str(profile), "--json"
        ).stdout
    )
    questions = {q["id"]: q for t in shown["themes"] for q in t["questions"]}
    assert "climate.plan" in questions and "governance.town-councils" in questions
    assert "priorities.benchmarking" not in questions
    assert questions["finance.mtfs"]["prompt"] == "Tell us about the MTFS, in plain words."
    assert [level["id"] for level in shown["scale"]] == ["red", "amber", "green"]
    text = run("frameworks", "show", "corporate-peer-challenge", "--profile", str(profile)).stdout
    assert text.startswith("Tailored by") and "takes out of scope: priorities.benchmarking" in text
    # init with it: the workspace keeps the profile and sees the tailored framework
    ws = tmp_path / "ws"
    assert (
        run("init", str(ws), "--council", "T", "--profile", str(profile), "--no-input").exit_code
        == 0
    )
    assert (ws / "profile.yaml").exists()
    from selfassess.assessment.workspace import Workspace

    opened = Workspace.open(ws)
    assert "climate" in opened.framework.theme_ids and opened.framework.scale[0].id == "red"
    answers = write(
        tmp_path / "a.json",
        json.dumps(generated_answers(opened.framework, opened.framework.theme_ids)),
    )
    assert run("start", "-w", str(ws), "--answers", str(answers), "--no-input").exit_code == 0
    assert run("validate", str(ws)).exit_code == 0


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ("out_of_scope: [finance.mtfs]", "'finance.mtfs' is required by the framework"),
        (
            "out_of_scope: [finance.mtfz]",
            "no question 'finance.mtfz' (did you mean 'finance.mtfs'?)",
        ),
        (
            "add_questions: {governance: [{id: g.x, prompt: P, type: text, required: true}]}",
            "no theme 'governance' to add questions to (did you mean 'governance-and-culture'?)",
        ),
        (
            "add_questions: {governance-and-culture: [{id: finance.mtfs, prompt: P, type: text, required: true}]}",
            "after tailoring: question id 'finance.mtfs' is already used",
        ),
        ("reword: {nope.q: {prompt: x}}", "no question 'nope.q' to reword"),
        ("framework: childrens-services", "this profile tailors 'childrens-services'"),
    ],
    ids=["required-out", "typo", "unknown-theme", "clash", "reword-unknown", "other-framework"],
)
def test_bad_profiles_are_refused_with_the_reason(
    run, tmp_path: Path, change: str, expected: str
) -> None:
    body = "framework: corporate-peer-challenge\n" if not change.startswith("framework") else ""
    profile = write(tmp_path / "p.yaml", body + change + "\n")
    result = run("frameworks", "show", "corporate-peer-challenge", "--profile", str(profile))
    assert result.exit_code == 1
    assert expected in result.stderr


# --- a council's own frameworks ----------------------------------------------------------------
def test_a_new_framework_is_valid_and_usable_from_a_folder(run, tmp_path: Path) -> None:
    folder = tmp_path / "ours"
    folder.mkdir()
    assert (
        run(
            "frameworks", "new", "housing-review", "-o", str(folder / "housing-review.yaml")
        ).exit_code
        == 0
    )
    assert run("frameworks", "validate", str(folder / "housing-review.yaml")).exit_code == 0
    listed = json.loads(run("--frameworks-dir", str(folder), "frameworks", "list", "--json").stdout)
    assert "housing-review" in [f["id"] for f in listed]
    ws = tmp_path / "ws"
    made = run(
        "--frameworks-dir",
        str(folder),
        "init",
        str(ws),
        "--council",
        "T",
        "--framework",
        "housing-review",
        "--no-input",
    )
    assert made.exit_code == 0, made.output
    # the workspace keeps its own copy, so later commands need no --frameworks-dir
    assert (ws / "frameworks" / "housing-review.yaml").exists()
    assert run("status", "-w", str(ws)).exit_code == 0
    # ... and it is that copy they use: without it, and without --frameworks-dir, the
    # framework cannot be found (--frameworks-dir does not linger from one run to the next)
    (ws / "frameworks" / "housing-review.yaml").unlink()
    lost = run("status", "-w", str(ws))
    assert lost.exit_code == 1 and "no framework called 'housing-review'" in lost.output
    assert run("--frameworks-dir", str(folder), "status", "-w", str(ws)).exit_code == 0


def test_a_shipped_id_is_used_only_when_extended(run, tmp_path: Path) -> None:
    folder = tmp_path / "ours"
    shipped = (catalogue.shipped_paths()["finance"]).read_text()
    write(
        folder / "finance.yaml",
        shipped.replace("title: Finance peer challenge", "title: Our finance review"),
    )
    listing = run("--frameworks-dir", str(folder), "frameworks", "list")
    assert (
        "Finance peer challenge" in listing.stdout
        and "declare 'extends: finance'" in listing.stderr
    )
    write(
        folder / "finance.yaml",
        "extends: finance\n"
        + shipped.replace("title: Finance peer challenge", "title: Our finance review"),
    )
    assert "Our finance review" in run("--frameworks-dir", str(folder), "frameworks", "list").stdout


def _version(text: str, version: int) -> str:
    return text.replace("version: 1", f"version: {version}", 1)


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda t: t, "version 1 must be higher than the previous version 1"),
        (
            lambda t: _version(t, 2).replace("type: long_text             #", "type: text  #", 1),
            "now asks a different question",
        ),
        (
            lambda t: _version(t, 2).replace("id: first.choice", "id: first.pick"),
            "question 'first.choice' was removed; record it under 'retired'",
        ),
    ],
    ids=["version-not-up", "meaning-changed", "removed-not-retired"],
)
def test_a_new_version_is_checked_against_the_previous(
    run, tmp_path: Path, edit, expected: str
) -> None:
    run("frameworks", "new", "review", "-o", str(tmp_path / "review.yaml"))
    old = tmp_path / "old" / "review.yaml"
    write(old, (tmp_path / "review.yaml").read_text())
    write(tmp_path / "review.yaml", edit((tmp_path / "review.yaml").read_text()))
    result = run("frameworks", "validate", str(tmp_path / "review.yaml"), "--previous", str(old))
    assert result.exit_code == 1 and expected in result.stderr


def test_a_properly_retired_question_passes_and_shows_in_the_diff(run, tmp_path: Path) -> None:
    run("frameworks", "new", "review", "-o", str(tmp_path / "review.yaml"))
    old = write(tmp_path / "old" / "review.yaml", (tmp_path / "review.yaml").read_text())
    text = _version(old.read_text(), 2).replace("id: first.choice", "id: first.pick")
    text += "retired:\n  - {id: first.choice, in_version: 2, replaced_by: first.pick}\n"
    write(tmp_path / "review.yaml", text)
    assert (
        run(
            "frameworks", "validate", str(tmp_path / "review.yaml"), "--previous", str(old)
        ).exit_code
        == 0
    )
    diff = run("frameworks", "diff", str(old), str(tmp_path / "review.yaml")).stdout
    assert (
        "version 1 -> 2" in diff
        and "+ question first.pick" in diff
        and "- question first.choice" in diff
    )


def test_more_invalid_frameworks(run, tmp_path: Path) -> None:
    base = (CASES / "frameworks" / "tiny.yaml").read_text()
    cases = {
        "retired-in-use": (
            base + "retired:\n  - {id: a.text, in_version: 1}\n",
            "listed as retired but is still in use",
        ),
        "bad-extends": (
            "extends: corporate-peer-challenge\n" + base,
            "must name this framework's own id",
        ),
        "optional-clash": (
            base
            + "optional_themes:\n  - {id: gamma, title: G, summary: S, what_good_looks_like: [], "
            "typical_evidence: [], people_to_meet: [], questions: [{id: a.text, prompt: P, type: text, "
            "required: true}]}\n",
            "question id 'a.text' is already used",
        ),
    }
    for name, (text, expected) in cases.items():
        path = write(tmp_path / name / "tiny.yaml", text)
        result = run("frameworks", "validate", str(path))
        assert result.exit_code == 1, name
        assert expected in result.stderr, (name, result.stderr)


def test_a_mistyped_topic_gets_a_suggestion_and_words_make_a_focus_area(
    run, tmp_path: Path
) -> None:
    wrong = run(
        "init",
        str(tmp_path / "a"),
        "--council",
        "X",
        "--framework",
        "childrens-services",
        "--focus",
        "early-help",
        "--no-input",
    )
    assert wrong.exit_code == 2 and "did you mean 'early-help-and-front-door'" in wrong.stderr


def test_validate_reads_a_tailoring_profile(run, tmp_path: Path) -> None:
    good = write(tmp_path / "profile.yaml", PROFILE)
    assert "valid tailoring profile" in run("validate", str(good)).stdout
    bad = write(
        tmp_path / "bad.yaml", "framework: corporate-peer-challenge\nout_of_scope: [finance.mtfs]\n"
    )
    result = run("validate", str(bad))
    assert result.exit_code == 1 and "only optional questions" in result.stderr


def test_themes_a_profile_adds_are_not_called_core(run, tmp_path: Path) -> None:
    profile = write(tmp_path / "profile.yaml", PROFILE)
    ws = tmp_path / "ws"
    run("init", str(ws), "--council", "T", "--profile", str(profile), "--no-input")
    text = run("scope", "-w", str(ws), "--format", "md", "--out", "-").stdout
    assert "covers five core themes" in text and "and one focus area" in text
    assert "- Climate and nature (focus area)\n  - How the council leads on net zero." in text
