"""Answers: what fits each question type, and the answers file that scripts merge in.

The answers file (``schemas/answers.schema.json``)::

    context:      {local_context: ..., political_makeup: ..., aims: ..., key_challenges: ...,
                   foreword: ..., questions_for_the_team: [{question: ..., theme: ...}]}
    answers:      {<question id>: <value>}
    ratings:      {<theme id>: {current: <level id>, target: <level id>}}
    strengths:    {<theme id>: [<text>, ...]}
    areas_for_development: {<theme id>: [<text>, ...]}
    clear:        {context: [<field>], answers: [<question id>], ratings: [<theme id>],
                   strengths: [<theme id>], areas_for_development: [<theme id>]}

An empty value (nothing after the colon, ``""`` or ``[]``) changes nothing: a script that
leaves a key blank must not wipe what the council wrote. Wiping a saved value is asked for
by name, in ``clear``; a cleared answer is asked again by the next interview.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
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
# in an answers file's context, beside CONTEXT_FIELDS (as context.yaml keeps them)
FOREWORD, TEAM_QUESTIONS = "foreword", "questions_for_the_team"


class Clear:
    """The value :class:`AnswerSet` holds for a saved value the answers file clears."""

    def __repr__(self) -> str:
        return "CLEAR"


CLEAR = Clear()


def is_empty(value: Any) -> bool:
    """A value in an answers file that gives nothing: null, blank text or an empty list."""
    return value is None or value == [] or (isinstance(value, str) and not value.strip())


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
    """An answers file checked against a framework: what to apply, what was ignored.

    A value of :data:`CLEAR` wipes the saved one; ``empty`` names each value the file left
    empty (and so leaves as it was)."""

    context: dict[str, str | list[dict[str, str]] | Clear] = field(default_factory=dict)
    themes: dict[str, dict[str, Any]] = field(default_factory=dict)
    empty: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)

    def theme(self, theme_id: str) -> dict[str, Any]:
        return self.themes.setdefault(theme_id, {})


def check_answers_file(
    loaded: datafile.Loaded, framework: Framework | None, *, alone: bool = False
) -> AnswerSet:
    """Check an answers file against the schema and, given a framework, for meaning;
    ``alone``: the file is checked without its workspace (the framework has no focus areas).

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
    _take_context(result, loaded, framework, alone)
    _take_answers(result, loaded, framework)
    _take_ratings(result, loaded, framework)
    _take_theme_lists(result, loaded, framework)
    _take_clears(result, loaded, framework)
    return result


def _take_context(
    result: AnswerSet, loaded: datafile.Loaded, framework: Framework, alone: bool
) -> None:
    """The council context, its foreword and its questions for the team (each under a theme
    or focus area the workspace has; given, the list replaces the saved one)."""
    from selfassess.assessment import meaning

    for key, value in loaded.data.get("context", {}).items():
        if is_empty(value):
            result.empty.append(f"context.{key}")
            continue
        if key == TEAM_QUESTIONS:
            found = meaning.questions_problems(
                loaded,
                value,
                ["context", key],
                meaning.question_themes(framework, value, alone=alone),
            )
            result.errors += [p for p in found if p.severity == "error"]
            result.warnings += [p for p in found if p.severity != "error"]
            value = [{"question": q["question"].strip(), "theme": q["theme"]} for q in value]
        result.context[key] = value


def _take_answers(result: AnswerSet, loaded: datafile.Loaded, framework: Framework) -> None:
    """Each answer that fits its question, by theme; an answer that does not is an error."""
    index = framework.question_index()
    for qid, value in loaded.data.get("answers", {}).items():
        if qid not in index:
            result.warnings.append(
                _not_in_framework(loaded, framework, "question", qid, ["answers", qid], list(index))
            )
            continue
        if is_empty(value):
            result.empty.append(qid)
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
        given = {key: level for key, level in rating.items() if not is_empty(level)}
        for key in ("current", "target"):
            if key in rating and key not in given:
                result.empty.append(f"ratings.{tid}.{key}")
        if not given:
            if not rating:
                result.empty.append(f"ratings.{tid}")
            continue
        for key, level in given.items():
            problem = check_level(framework, level)
            if problem:
                result.errors.append(loaded.problem(problem, ["ratings", tid, key]))
        result.theme(tid)["rating"] = given  # a level left empty keeps the saved one


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
            if is_empty([item for item in items if item.strip()]):
                result.empty.append(f"{listing}.{tid}")
                continue
            result.theme(tid)[listing] = list(items)


def _take_clears(result: AnswerSet, loaded: datafile.Loaded, framework: Framework) -> None:
    """What the file's ``clear`` section wipes; a value both given and cleared is an error."""
    clear = loaded.data.get("clear", {})
    for key in clear.get("context", []):
        if key in result.context:
            result.errors.append(_both(loaded, f"context.{key}", ["clear", "context"]))
        result.context[key] = CLEAR
    index = framework.question_index()
    for qid in clear.get("answers", []):
        if qid not in index:
            path: list[str | int] = ["clear", "answers"]
            result.warnings.append(
                _not_in_framework(loaded, framework, "question", qid, path, list(index))
            )
            continue
        answers = result.theme(index[qid][0].id).setdefault("answers", {})
        if qid in answers:
            result.errors.append(_both(loaded, qid, ["clear", "answers"]))
        answers[qid] = CLEAR
    for section in ("ratings", *THEME_LISTS):
        key = "rating" if section == "ratings" else section
        for tid in clear.get(section, []):
            if tid not in framework.theme_ids:
                result.warnings.append(
                    _not_in_framework(
                        loaded, framework, "theme", tid, ["clear", section], framework.theme_ids
                    )
                )
                continue
            if key in result.theme(tid):
                result.errors.append(_both(loaded, f"{section}.{tid}", ["clear", section]))
            result.theme(tid)[key] = CLEAR


def _both(loaded: datafile.Loaded, what: str, path: list[str | int]) -> Problem:
    return loaded.problem(f"{what} is both given a value and cleared; keep one or the other", path)


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


@dataclass
class MergeReport:
    """What merging an answers file did to the saved values: each value written was new,
    replaced a saved one, or matched it; empty values were left alone; some were cleared."""

    new: int = 0
    replaced: int = 0
    same: int = 0
    empty: list[str] = field(default_factory=list)
    cleared: list[str] = field(default_factory=list)

    @property
    def merged(self) -> int:
        return self.new + self.replaced + self.same

    def count(self, saved: Any, value: Any) -> None:
        if not is_answered(saved):
            self.new += 1
        elif saved == value and type(saved) is type(value):
            self.same += 1
        else:
            self.replaced += 1

    def lines(self, source: str) -> list[str]:
        """The report a person reads: one summary line, then each value left or cleared."""
        parts = [f"{self.new} new"] if self.new or not (self.empty or self.cleared) else []
        if self.replaced:
            parts.append(f"{self.replaced} replaced saved answer{_s(self.replaced)}")
        if self.same:
            parts.append(f"{self.same} same as saved")
        if self.empty:
            parts.append(f"{len(self.empty)} left as it was (empty)")
        if self.cleared:
            parts.append(f"{len(self.cleared)} cleared")
        lines = [f"Merged {self.merged} answer(s) from {source}: {', '.join(parts)}."]
        lines += [f"  {name}: empty in the answers file, left as it was" for name in self.empty]
        lines += [f"  {name}: cleared, as the file's 'clear' section asks" for name in self.cleared]
        return lines


def _s(count: int) -> str:
    return "" if count == 1 else "s"


def compare(
    answer_set: AnswerSet, context: dict[str, Any], record_for: Callable[[str], dict[str, Any]]
) -> MergeReport:
    """How merging ``answer_set`` changes the saved context and theme records."""
    report = MergeReport(empty=list(answer_set.empty))
    for key, value in answer_set.context.items():
        if value is CLEAR:
            report.cleared.append(f"context.{key}")
        else:
            report.count(context.get(key), value)
    for theme_id, update in answer_set.themes.items():
        record = record_for(theme_id)
        saved_answers = record.get("answers", {})
        for qid, value in update.get("answers", {}).items():
            if value is CLEAR:
                report.cleared.append(qid)
            else:
                report.count(saved_answers.get(qid), value)
        if "rating" in update:
            saved = {k: v for k, v in (record.get("rating") or {}).items() if v is not None}
            if update["rating"] is CLEAR:
                report.cleared.append(f"ratings.{theme_id}")
            else:
                report.count(saved or None, {**saved, **update["rating"]})
        for listing in THEME_LISTS:
            if update.get(listing) is CLEAR:
                report.cleared.append(f"{listing}.{theme_id}")
            elif listing in update:
                report.count(record.get(listing), update[listing])
    return report
