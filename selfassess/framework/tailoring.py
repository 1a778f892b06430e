"""Tailoring a framework with a small profile file, without copying it.

A profile names the framework it tailors and may add focus-area themes, add questions to a
theme, take optional questions out of scope, reword a question's prompt or help, and set a
different self-rating scale. The result is checked like any framework.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from selfassess.datafiles import datafile, schemas
from selfassess.errors import InvalidData, Problem, did_you_mean
from selfassess.framework import catalogue
from selfassess.framework.model import Framework


def load(path: Path) -> datafile.Loaded:
    loaded = datafile.load(path)
    problems = schemas.check("profile", loaded)
    if problems:
        raise InvalidData(problems, summary=f"{path}: not a valid tailoring profile")
    return loaded


def apply(framework: Framework, profile: datafile.Loaded) -> Framework:
    """The framework with the profile applied; every problem is reported against the profile."""
    spec = profile.data
    _check_tailors(framework, profile)
    data = copy.deepcopy(framework.data)
    # only the framework's own questions can be taken out of scope or reworded
    questions = {q["id"]: q for t in data["themes"] for q in t["questions"]}
    problems = _add_questions(data, profile)
    data["themes"] += copy.deepcopy(spec.get("add_themes", []))
    problems += _take_out_of_scope(data, questions, profile)
    problems += _reword(data, questions, profile)
    if "scale" in spec:
        data["scale"] = copy.deepcopy(spec["scale"])
    if not problems:
        problems = _check_tailored(framework, data, profile)
    if problems:
        raise InvalidData(problems, summary=f"{profile.path}: the tailored framework is not valid")
    return _mark_added_themes(framework, data, profile)


def _check_tailors(framework: Framework, profile: datafile.Loaded) -> None:
    """Refuse a profile written for another framework."""
    named = profile.data["framework"]
    if named != framework.id:
        problem = profile.problem(
            f"this profile tailors '{named}', not '{framework.id}'", ["framework"]
        )
        raise InvalidData([problem], summary=f"{profile.path}: cannot tailor this framework")


def _add_questions(data: dict[str, Any], profile: datafile.Loaded) -> list[Problem]:
    """Add the profile's questions to the end of the framework's themes."""
    problems: list[Problem] = []
    themes = {t["id"]: t for t in data["themes"]}
    for theme_id, extra in profile.data.get("add_questions", {}).items():
        if theme_id not in themes:
            problems.append(
                profile.problem(
                    f"no theme '{theme_id}' to add questions to{did_you_mean(theme_id, themes)}",
                    ["add_questions", theme_id],
                )
            )
            continue
        themes[theme_id]["questions"] += copy.deepcopy(extra)
    return problems


def _take_out_of_scope(
    data: dict[str, Any], questions: dict[str, dict[str, Any]], profile: datafile.Loaded
) -> list[Problem]:
    """Remove the optional questions the profile takes out of scope, from every theme."""
    problems: list[Problem] = []
    for n, question_id in enumerate(profile.data.get("out_of_scope", [])):
        if question_id not in questions:
            problems.append(
                profile.problem(
                    f"no question '{question_id}'{did_you_mean(question_id, questions)}",
                    ["out_of_scope", n],
                )
            )
        elif questions[question_id]["required"]:
            problems.append(
                profile.problem(
                    f"'{question_id}' is required by the framework; only optional questions can be taken "
                    "out of scope",
                    ["out_of_scope", n],
                )
            )
        else:
            for theme in data["themes"]:
                theme["questions"] = [q for q in theme["questions"] if q["id"] != question_id]
    return problems


def _reword(
    data: dict[str, Any], questions: dict[str, dict[str, Any]], profile: datafile.Loaded
) -> list[Problem]:
    """Give questions the profile's own prompt or help."""
    problems: list[Problem] = []
    for question_id, wording in profile.data.get("reword", {}).items():
        if question_id not in questions:
            problems.append(
                profile.problem(
                    f"no question '{question_id}' to reword{did_you_mean(question_id, questions)}",
                    ["reword", question_id],
                )
            )
            continue
        for theme in data["themes"]:
            for question in theme["questions"]:
                if question["id"] == question_id:
                    question.update(wording)
    return problems


def _check_tailored(
    framework: Framework, data: dict[str, Any], profile: datafile.Loaded
) -> list[Problem]:
    """Check the tailored framework like any framework, reporting against the profile."""
    virtual = datafile.Loaded(Path(f"{framework.id}.yaml"), "", data)
    problems = [
        Problem(str(profile.path), f"after tailoring: {problem.message}", problem.path)
        for problem in schemas.check("framework", virtual) + catalogue.meaning_problems(virtual)
    ]
    emptied = [t["id"] for t in data["themes"] if not t["questions"]]
    problems += [
        profile.problem(f"theme '{t}' would have no questions left", ["out_of_scope"])
        for t in emptied
    ]
    return problems


def _mark_added_themes(
    framework: Framework, data: dict[str, Any], profile: datafile.Loaded
) -> Framework:
    """The tailored framework, its added themes marked as focus areas."""
    from dataclasses import replace

    spec = profile.data
    label = spec.get("name") or profile.path.name
    tailored = Framework.from_data(data, source=f"{framework.source} tailored by {label}")
    added = {t["id"] for t in spec.get("add_themes", [])}
    marked = tuple(replace(t, focus_area=True) if t.id in added else t for t in tailored.themes)
    return replace(tailored, themes=marked)


def describe(spec: dict[str, Any]) -> list[str]:
    """What a profile changes, in words."""
    lines = []
    if spec.get("add_themes"):
        lines.append(f"adds theme(s): {', '.join(t['id'] for t in spec['add_themes'])}")
    for theme_id, extra in spec.get("add_questions", {}).items():
        lines.append(f"adds {len(extra)} question(s) to {theme_id}")
    if spec.get("out_of_scope"):
        lines.append(f"takes out of scope: {', '.join(spec['out_of_scope'])}")
    if spec.get("reword"):
        lines.append(f"rewords: {', '.join(spec['reword'])}")
    if "scale" in spec:
        lines.append(f"sets the scale: {', '.join(level['id'] for level in spec['scale'])}")
    return lines
