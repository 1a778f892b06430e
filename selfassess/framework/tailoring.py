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
    problems: list[Problem] = []
    if spec["framework"] != framework.id:
        problems.append(
            profile.problem(
                f"this profile tailors '{spec['framework']}', not '{framework.id}'", ["framework"]
            )
        )
        raise InvalidData(problems, summary=f"{profile.path}: cannot tailor this framework")
    data = copy.deepcopy(framework.data)
    themes = {t["id"]: t for t in data["themes"]}
    questions = {q["id"]: q for t in data["themes"] for q in t["questions"]}
    for theme_id, extra in spec.get("add_questions", {}).items():
        if theme_id not in themes:
            problems.append(
                profile.problem(
                    f"no theme '{theme_id}' to add questions to{did_you_mean(theme_id, themes)}",
                    ["add_questions", theme_id],
                )
            )
            continue
        themes[theme_id]["questions"] += copy.deepcopy(extra)
    data["themes"] += copy.deepcopy(spec.get("add_themes", []))
    for n, question_id in enumerate(spec.get("out_of_scope", [])):
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
    for question_id, wording in spec.get("reword", {}).items():
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
    if "scale" in spec:
        data["scale"] = copy.deepcopy(spec["scale"])
    if not problems:
        virtual = datafile.Loaded(Path(f"{framework.id}.yaml"), "", data)
        for problem in schemas.check("framework", virtual) + catalogue.meaning_problems(virtual):
            problems.append(
                Problem(str(profile.path), f"after tailoring: {problem.message}", problem.path)
            )
        emptied = [t["id"] for t in data["themes"] if not t["questions"]]
        problems += [
            profile.problem(f"theme '{t}' would have no questions left", ["out_of_scope"])
            for t in emptied
        ]
    if problems:
        raise InvalidData(problems, summary=f"{profile.path}: the tailored framework is not valid")
    label = spec.get("name") or profile.path.name
    from dataclasses import replace

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
