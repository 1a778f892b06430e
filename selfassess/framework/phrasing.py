"""Checking how a question reads in a position statement: a long answer's ``heading``, a
short answer's ``reads`` sentence and a number's ``unit`` (what the schema cannot say)."""

from __future__ import annotations

import re
from typing import Any

from selfassess.datafiles import datafile
from selfassess.errors import Problem

_PLACEHOLDER = re.compile(r"\{[^{}]*\}")
ANSWER = "{answer}"
YES_NO = ("yes", "no")
# the keys in quotes: unquoted, YAML reads yes and no as true and false
PAIR = (
    'write \'reads: {"yes": "...", "no": "..."}\' (the keys in quotes: unquoted, YAML reads '
    "yes and no as true and false)"
)


def problems(
    loaded: datafile.Loaded, question: dict[str, Any], where: list[str | int]
) -> list[Problem]:
    """Each misplaced or malformed heading, reads or unit, with its JSON path."""
    kind = question["type"]
    found = _heading_problems(loaded, question, where, kind)
    found += _reads_problems(loaded, question.get("reads"), [*where, "reads"], kind)
    if "unit" in question and kind != "number":
        found.append(
            loaded.problem(
                f"'unit' belongs only on a number question, and this one is '{kind}'; "
                "remove it, or put the unit in 'reads'",
                [*where, "unit"],
            )
        )
    return found


def _heading_problems(
    loaded: datafile.Loaded, question: dict[str, Any], where: list[str | int], kind: str
) -> list[Problem]:
    heading = question.get("heading")
    if heading is None:
        return []
    if kind != "long_text":
        return [
            loaded.problem(
                f"'heading' belongs only on a long_text question (a short answer reads as a "
                f"sentence under its theme, not under a heading), and this one is '{kind}'; "
                "remove it, or give the question 'reads'",
                [*where, "heading"],
            )
        ]
    if heading.rstrip().endswith("?"):
        return [
            loaded.problem(
                f"the heading '{heading}' is a question; a position statement's headings "
                "are short statements, such as 'Financial resilience'",
                [*where, "heading"],
            )
        ]
    return []


def _reads_problems(
    loaded: datafile.Loaded, reads: Any, where: list[str | int], kind: str
) -> list[Problem]:
    if reads is None:
        return []
    if kind == "long_text":
        return [
            loaded.problem(
                "'reads' is for a short answer (number, date, yes/no, choice, text); a long "
                "answer is printed as written: remove it, or give the question a 'heading'",
                where,
            )
        ]
    if kind == "yes_no":
        if isinstance(reads, str):
            return [
                loaded.problem(
                    f"a yes/no question reads as two sentences, one for each answer: {PAIR}", where
                )
            ]
        wrong = _pair_problems(loaded, reads, where)
        if wrong:
            return wrong
        return [
            loaded.problem(
                f"the '{answer}' sentence is printed as it stands, so it cannot hold {{...}}; "
                "write the whole sentence",
                [*where, answer],
            )
            for answer in ("yes", "no")
            if _PLACEHOLDER.search(reads[answer])
        ]
    if not isinstance(reads, str):
        return [
            loaded.problem(
                f"'reads' as a yes/no pair belongs only on a yes_no question, and this one "
                f"is '{kind}'; write one sentence with {ANSWER} where the answer goes",
                where,
            )
        ]
    return _sentence_problems(loaded, reads, where)


def _pair_problems(
    loaded: datafile.Loaded, reads: dict[str, Any], where: list[str | int]
) -> list[Problem]:
    """A yes/no pair with a sentence missing, or with a key other than yes and no."""
    extra = [key for key in reads if key not in YES_NO]
    if extra:
        return [
            loaded.problem(
                f"only yes and no are allowed in a yes/no pair, not '{key}'; remove it",
                [*where, key],
            )
            for key in extra
        ]
    return [
        loaded.problem(
            f"'{key}' is missing from the yes/no pair: give both sentences; {PAIR}", where
        )
        for key in YES_NO
        if key not in reads
    ]


def _sentence_problems(
    loaded: datafile.Loaded, reads: str, where: list[str | int]
) -> list[Problem]:
    others = sorted({p for p in _PLACEHOLDER.findall(reads) if p != ANSWER})
    if others:
        return [
            loaded.problem(
                f"'reads' may hold only {ANSWER}, not {', '.join(others)}; write the rest "
                "out in words",
                where,
            )
        ]
    count = reads.count(ANSWER)
    if count != 1:
        return [
            loaded.problem(
                f"'reads' must contain {ANSWER} exactly once, where the answer goes "
                f"(found {'none' if count == 0 else f'{count} times, not once'}), for "
                f"example 'Full council last approved the strategy on {ANSWER}.'",
                where,
            )
        ]
    return []
