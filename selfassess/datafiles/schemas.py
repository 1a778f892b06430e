"""The JSON Schemas shipped in ``schemas/``: loading them, and checking data against them.

jsonschema is slow to import, so it is imported here, on first use, and each validator is
built once per process (a validator is immutable: sharing it is safe).
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
from pathlib import Path
from typing import Any

from selfassess.datafiles.checkcache import CheckCache
from selfassess.datafiles.datafile import Loaded
from selfassess.datafiles.resources import data_file
from selfassess.errors import Problem

ONE_LINE = "^[^\\x00-\\x1f\\x7f-\\x9f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069]*$(?!\\n)"
"""The schemas' pattern for one line of text (a council's name, a cycle, a title): no line
break or other control character, which would break the comment a file starts with, and no
bidi override or isolate, which would show the text in another order than it is.
``$(?!\\n)`` is the end of the text: Python's ``$`` (jsonschema's) also matches before a
last line break."""

TEXT = "^[^\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f]*$"
"""The schemas' pattern for free text (a summary, an answer, a request): line breaks and
tabs, but no other control character (an escape, a bell, NUL), which a terminal or a
report page would act on or choke on."""

SCHEMAS = (
    "framework",
    "workspace",
    "context",
    "theme",
    "answers",
    "evidence",
    "manifest",
    "requests",
    "profile",
)


@functools.cache
def schema(name: str) -> dict[str, Any]:
    """The parsed schema ``schemas/<name>.schema.json``."""
    result: dict[str, Any] = json.loads(data_file("schemas", f"{name}.schema.json").read_text())
    return result


def validator(name: str) -> Any:
    """The jsonschema validator for schema ``name``, built once per process (a validator is immutable: sharing it is safe)."""
    return _validator(name)


@functools.cache
def _validator(name: str) -> Any:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(schema(name))


def _message(error: Any) -> str:
    """Turn a jsonschema error into words a council officer can act on."""
    validator = error.validator
    if validator == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        extra = (
            sorted(set(error.instance) - set(allowed)) if isinstance(error.instance, dict) else []
        )
        names = ", ".join(repr(e) for e in extra)
        hint = f"; allowed here: {', '.join(allowed)}" if allowed else ""
        return f"unknown key {names}{hint}"
    if validator == "required":
        return f"{error.message.split(' is a required')[0]} is required here"
    if validator == "type":
        wanted = error.validator_value
        quote = (
            "; put it in quotes to keep it as text"
            if "string" in wanted and isinstance(error.instance, int | float | bool)
            else ""
        )
        wanted = " or ".join(wanted) if isinstance(wanted, list) else wanted
        wanted = wanted.replace("string", "text")
        return f"expected {wanted}, got {_kind(error.instance)} {_short(error.instance)}{quote}"
    if validator == "pattern":
        return _pattern_message(error)
    if validator == "enum":
        return (
            f"{_short(error.instance)} is not one of: {', '.join(map(str, error.validator_value))}"
        )
    if validator == "maxLength":
        return (
            f"is {len(error.instance):,} characters long, over the limit of "
            f"{error.validator_value:,}; shorten it"
        )
    if validator == "maxItems":
        return f"has {len(error.instance)} entries, over the limit of {error.validator_value}"
    if validator == "minItems" and error.validator_value == 1:
        return "must not be empty"
    if validator == "minItems":
        return f"needs at least {error.validator_value} entries, has {len(error.instance)}"
    if validator == "minLength" and error.validator_value == 1:
        return "must not be empty"
    if validator == "propertyNames":
        return f"{_short(error.instance)}: {error.message}"
    if validator == "not" and isinstance(error.instance, dict):
        return (
            "has a key that does not belong with this question type (choices go only with "
            "choice/multi_choice; min/max only with number)"
        )
    return str(error.message)


def _pattern_message(error: Any) -> str:
    """A value that does not match its pattern: one line, free text, a date or an id."""
    if error.validator_value in (ONE_LINE, TEXT):
        one_line = error.validator_value == ONE_LINE
        what = text_problem(str(error.instance), one_line=one_line)
        if one_line:
            return f"must be one line of text, but it holds {what}; remove it"
        return f"must be plain text, but it holds {what}; remove it"
    if "\\d{4}" in error.validator_value:
        return f"{_short(error.instance)} is not a date in the form YYYY-MM-DD"
    return (
        f"{_short(error.instance)} is not a valid id (use lowercase letters, digits, "
        "and '-' or '.' between them)"
    )


def text_problem(text: str, *, one_line: bool) -> str | None:
    """What makes ``text`` not one line of text (``one_line``) or not free text, in words
    ('a line break', 'the control character U+001B'); None when it is fine."""
    pattern = ONE_LINE if one_line else TEXT
    if re.search(pattern, text):
        return None
    odd = next(c for c in text if not re.fullmatch(pattern, c))
    names = {"\n": "a line break", "\r": "a line break", "\t": "a tab"}
    if odd in names:
        return names[odd]
    if "\u202a" <= odd <= "\u202e" or "\u2066" <= odd <= "\u2069":
        return f"the bidi control character U+{ord(odd):04X} (it reorders the text shown)"
    if odd in "\u2028\u2029":
        return f"a line or paragraph separator (U+{ord(odd):04X})"
    return f"the control character U+{ord(odd):04X}"


def _kind(value: Any) -> str:
    return {
        dict: "a mapping",
        list: "a list",
        str: "text",
        bool: "true/false",
        int: "a number",
        float: "a number",
        type(None): "nothing",
    }.get(type(value), type(value).__name__)


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 60 else text[:57] + "..."


def _leaves(error: Any) -> list[Any]:
    """For oneOf/anyOf/if-then, report the most specific failure instead of the umbrella."""
    if error.context:
        best = max(error.context, key=lambda e: len(e.absolute_path))
        deeper = [e for e in error.context if len(e.absolute_path) == len(best.absolute_path)]
        return [deeper[0]] if error.validator in ("oneOf", "anyOf") else deeper
    return [error]


def cache_at(path: Path) -> CheckCache:
    """A cache of files that passed their schema, kept in ``path`` (a workspace's
    ``.selfassess/checked.json``): an unchanged file is not checked again by the next command.
    The caller owns it and saves it when its operation ends."""
    text = "".join(data_file("schemas", f"{n}.schema.json").read_text() for n in SCHEMAS)
    return CheckCache(path, text)


def user_cache() -> CheckCache:
    """Outside a workspace (a framework file, say): the user's cache folder."""
    from platformdirs import user_cache_path

    return cache_at(user_cache_path("selfassess", appauthor=False) / "checked.json")


def check(name: str, loaded: Loaded, cache: CheckCache | None = None) -> list[Problem]:
    """Check a loaded file against schema ``name``: one :class:`Problem` per error, in
    file order. With a ``cache``, a file that passed before, unchanged since, is not checked
    again."""
    if loaded.data is None:
        return [loaded.problem("the file is empty")]
    info, key = None, f"{name}:{os.path.abspath(loaded.path)}"
    if cache is not None:
        with contextlib.suppress(OSError):
            info = os.stat(loaded.path)
        if info is not None and cache.passed(key, info):
            return []
    problems = []
    for error in _validator(name).iter_errors(loaded.data):
        for leaf in _leaves(error):
            path = list(leaf.absolute_path)
            if leaf.validator == "additionalProperties" and isinstance(leaf.instance, dict):
                known = leaf.schema.get("properties", {})
                path += [k for k in leaf.instance if k not in known][:1]
            problems.append(loaded.problem(_message(leaf), path))
    problems.sort(key=lambda p: (p.line or 0, p.path))
    if not problems and info is not None and cache is not None:
        cache.remember(key, info)
    return problems
