"""Answers: what fits each question type, and the answers file that scripts merge in.

The answers file (``schemas/answers.schema.json``)::

    context:      {local_context: ..., political_makeup: ..., aims: ..., key_challenges: ...}
    answers:      {<question id>: <value>}
    ratings:      {<theme id>: {current: <level id>, target: <level id>}}
    strengths:    {<theme id>: [<text>, ...]}
    areas_for_development: {<theme id>: [<text>, ...]}
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from typing import Any

from selfassess.datafiles import datafile, schemas
from selfassess.datafiles.datafile import is_real_date
from selfassess.errors import Problem, did_you_mean
from selfassess.framework.model import Framework, Question

CONTEXT_FIELDS = {
    "local_context": "Local context: the place, its people, economy and communities",
    "political_makeup": "Political make-up: seats by party, leadership model, next elections",
    "aims": "What the council wants from the peer challenge",
    "key_challenges": "The council's key challenges",
}
THEME_LISTS = ("strengths", "areas_for_development")


def check_value(question: Question, value: Any) -> str | None:
    """Why ``value`` does not fit ``question``, or None when it fits. None (blank) always fits."""
    if value is None:
        return None
    kind = question.type
    if kind in ("text", "long_text"):
        if isinstance(value, str):
            return None
        return (
            f"expected text, got {_yaml_word(value)}; put the answer in quotes to keep it as text"
        )
    if kind == "yes_no":
        return None if isinstance(value, bool) else f"expected true or false, got {value!r}"
    if kind == "number":
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            return f"expected a number, got {value!r}"
        if question.min is not None and value < question.min:
            return f"{value} is below the minimum of {question.min:g}"
        if question.max is not None and value > question.max:
            return f"{value} is above the maximum of {question.max:g}"
        return None
    if kind == "date":
        if not isinstance(value, str):
            return f"expected a date YYYY-MM-DD, got {value!r}"
        return (
            None if is_real_date(value) else f"{value!r} is not a real date in the form YYYY-MM-DD"
        )
    ids = [c.id for c in question.choices]
    if kind == "choice":
        if not isinstance(value, str):
            return f"expected one choice id, got {value!r}"
        if value not in ids:
            return (
                f"'{value}' is not a choice here{did_you_mean(value, ids)}; "
                f"choices: {', '.join(ids)}"
            )
        return None
    if kind == "multi_choice":
        if not isinstance(value, list):
            return f"expected a list of choice ids, got {value!r}"
        for item in value:
            if item not in ids:
                return (
                    f"'{item}' is not a choice here{did_you_mean(str(item), ids)}; "
                    f"choices: {', '.join(ids)}"
                )
        return None
    return f"unknown question type {kind!r}"


def _yaml_word(value: Any) -> str:
    """How YAML wrote a value that was not read as text (``no`` reads as false)."""
    if isinstance(value, bool):
        return "true/false (YAML reads yes/no/on/off as true or false)"
    return repr(value)


def parse_typed(question: Question, text: str) -> Any:
    """Turn what a person typed for a number or date question into the stored value."""
    text = text.strip()
    if not text:
        return None
    if question.type == "date":
        match = re.fullmatch(
            r"(\d{1,2})/(\d{1,2})/(\d{4})", text
        )  # 31/10/2026, as UK officers write it
        if match:
            day, month, year = (int(g) for g in match.groups())
            try:
                return dt.date(year, month, day).isoformat()
            except ValueError:
                return text
        return text
    if question.type == "number":
        text = text.removesuffix("%").strip()
        # "1,234" is a thousands separator; "1,8" is ambiguous (a decimal comma?), so refused
        if "," in text:
            if not re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?", text):
                raise ValueError(text)
            text = text.replace(",", "")
        number = float(text)
        if not math.isfinite(number):
            raise ValueError(text)
        return int(number) if number.is_integer() and "." not in text else number
    return text


def is_answered(value: Any) -> bool:
    return value is not None and value != "" and value != []


def display(question: Question, value: Any) -> str:
    """An answer as a person reads it (choice labels, Yes/No)."""
    if not is_answered(value):
        return "(no answer)"
    if question.type == "yes_no":
        return "Yes" if value else "No"
    if question.type == "choice":
        return question.choice_label(value)
    if question.type == "multi_choice":
        return "; ".join(question.choice_label(v) for v in value)
    if question.type == "number":
        return f"{value:g}" if isinstance(value, float) else str(value)
    return str(value)


@dataclass
class AnswerSet:
    """An answers file checked against a framework: what to apply, what was ignored."""

    context: dict[str, str | None] = field(default_factory=dict)
    themes: dict[str, dict[str, Any]] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)

    def theme(self, theme_id: str) -> dict[str, Any]:
        return self.themes.setdefault(theme_id, {})


def check_answers_file(loaded: datafile.Loaded, framework: Framework | None) -> AnswerSet:
    """Check an answers file against the schema and, given a framework, for meaning.

    Answers for questions or themes outside the framework in use are warnings (they are
    ignored); values of the wrong type or unknown rating levels are errors.
    """
    result = AnswerSet()
    result.errors = schemas.check("answers", loaded)
    if result.errors or framework is None:
        return result
    data = loaded.data
    named = data.get("framework")
    if named is not None and named != framework.id:
        result.errors.append(
            loaded.problem(
                f"these answers are for framework '{named}', but this workspace follows "
                f"'{framework.id}'",
                ["framework"],
            )
        )
        return result
    result.context = dict(data.get("context", {}))
    _take_answers(result, loaded, framework)
    _take_ratings(result, loaded, framework)
    _take_theme_lists(result, loaded, framework)
    return result


def _take_answers(result: AnswerSet, loaded: datafile.Loaded, framework: Framework) -> None:
    """Each answer that fits its question, by theme; an answer that does not is an error."""
    index = framework.question_index()
    for qid, value in loaded.data.get("answers", {}).items():
        if qid not in index:
            result.warnings.append(
                _not_in_framework(loaded, framework, "question", qid, ["answers", qid], list(index))
            )
            continue
        theme, question = index[qid]
        problem = check_value(question, value)
        if problem:
            result.errors.append(loaded.problem(f"{qid}: {problem}", ["answers", qid]))
        else:
            result.theme(theme.id).setdefault("answers", {})[qid] = value


def _take_ratings(result: AnswerSet, loaded: datafile.Loaded, framework: Framework) -> None:
    """Each theme's self-rating; a level not on the framework's scale is an error."""
    theme_ids = framework.theme_ids
    for tid, rating in loaded.data.get("ratings", {}).items():
        if tid not in theme_ids:
            result.warnings.append(
                _not_in_framework(loaded, framework, "theme", tid, ["ratings", tid], theme_ids)
            )
            continue
        for key, level in rating.items():
            problem = check_level(framework, level)
            if problem:
                result.errors.append(loaded.problem(problem, ["ratings", tid, key]))
        result.theme(tid)["rating"] = dict(rating)


def _take_theme_lists(result: AnswerSet, loaded: datafile.Loaded, framework: Framework) -> None:
    """Each theme's strengths and areas for development."""
    theme_ids = framework.theme_ids
    for listing in THEME_LISTS:
        for tid, items in loaded.data.get(listing, {}).items():
            if tid not in theme_ids:
                result.warnings.append(
                    _not_in_framework(loaded, framework, "theme", tid, [listing, tid], theme_ids)
                )
                continue
            result.theme(tid)[listing] = list(items)


def _not_in_framework(
    loaded: datafile.Loaded,
    framework: Framework,
    what: str,
    key: str,
    path: list[str | int],
    known: list[str],
) -> Problem:
    """The warning for an answer to a question or theme the framework does not have."""
    return loaded.problem(
        f"{what} '{key}' is not in this workspace's framework ({framework.id}); "
        f"ignored{did_you_mean(key, known)}",
        path,
        severity="warning",
    )


def check_level(framework: Framework, level: str | None) -> str | None:
    if level is None:
        return None
    if not framework.scale:
        return f"framework '{framework.id}' has no self-rating scale, so no rating can be given"
    ids = [lv.id for lv in framework.scale]
    if level not in ids:
        return (
            f"'{level}' is not a level of the scale{did_you_mean(level, ids)}; "
            f"levels: {', '.join(ids)}"
        )
    return None
