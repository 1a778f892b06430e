"""The shape of a request's record in the council's tracker (``requests/<id>.json``),
checked before any code uses it: a record mended by hand with a number for a status, or
text where a list belongs, is refused naming the file and the field, never met later as a
crash in the middle of a listing or a pack build."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from selfassess.datafiles.datafile import Loaded, is_real_date
from selfassess.errors import Problem
from selfassess.vocabulary import REQUEST_STATUSES, REQUEST_TYPES

Path_ = list[str | int]
# each says what is wrong with a value (None when nothing is), given where it is
Check = Callable[[Loaded, Any, Path_], list[Problem]]


def _text(loaded: Loaded, value: Any, where: Path_) -> list[Problem]:
    return (
        [] if isinstance(value, str) else [loaded.problem(f"expected text, got {value!r}", where)]
    )


def _maybe(check: Check) -> Check:
    return lambda loaded, value, where: [] if value is None else check(loaded, value, where)


def _date(loaded: Loaded, value: Any, where: Path_) -> list[Problem]:
    if isinstance(value, str) and is_real_date(value):
        return []
    return [loaded.problem(f"expected a date in the form YYYY-MM-DD, got {value!r}", where)]


def _one_of(choices: dict[str, str]) -> Check:
    def check(loaded: Loaded, value: Any, where: Path_) -> list[Problem]:
        if isinstance(value, str) and value in choices:
            return []
        return [loaded.problem(f"{value!r} is not one of: {', '.join(choices)}", where)]

    return check


def _flag(loaded: Loaded, value: Any, where: Path_) -> list[Problem]:
    if isinstance(value, bool):
        return []
    return [loaded.problem(f"expected true or false, got {value!r}", where)]


def _count(loaded: Loaded, value: Any, where: Path_) -> list[Problem]:
    if type(value) is int and value >= 0:
        return []
    return [loaded.problem(f"expected a whole number, got {value!r}", where)]


def _list_of(check: Check) -> Check:
    def each(loaded: Loaded, value: Any, where: Path_) -> list[Problem]:
        if not isinstance(value, list):
            return [loaded.problem(f"expected a list, got {value!r}", where)]
        return [p for i, inner in enumerate(value) for p in check(loaded, inner, [*where, i])]

    return each


def _decline(loaded: Loaded, value: Any, where: Path_) -> list[Problem]:
    """An earlier decline: its reason and date, and the ids it was asked for again as."""
    if not isinstance(value, dict):
        return [loaded.problem(f"expected a decline (reason, declined), got {value!r}", where)]
    return (
        _maybe(_text)(loaded, value.get("reason"), [*where, "reason"])
        + _maybe(_date)(loaded, value.get("declined"), [*where, "declined"])
        + _maybe(_list_of(_text))(loaded, value.get("asked_again_as"), [*where, "asked_again_as"])
    )


FIELDS: dict[str, Check] = {
    "id": _text,
    "type": _one_of(REQUEST_TYPES),
    "raised": _date,
    "item": _maybe(_text),
    "ask": _maybe(_text),
    "theme": _maybe(_text),
    "due": _maybe(_date),
    "by": _list_of(_text),
    "also": _list_of(_text),
    "withdrawn": _flag,
    "asked_as": _list_of(_text),
    "withdrawn_as": _list_of(_text),
    "reasons_given": _count,
    "pack_version": _count,
    "status": _one_of(REQUEST_STATUSES),
    "evidence": _list_of(_text),
    "team_room": _flag,
    "note": _maybe(_text),
    "decline_reason": _maybe(_text),
    "responded": _maybe(_date),
    "expected": _maybe(_date),
    "declines": _list_of(_decline),
    "reopened": _maybe(_date),
}
"""Every field a record may have and its check (one for each field of ``Tracked``)."""

REQUIRED = ("id", "type", "raised")


def problems(loaded: Loaded) -> list[Problem]:
    """What is wrong with the shape of a request's record, each at its JSON path."""
    data = loaded.data
    if not isinstance(data, dict):
        return [loaded.problem(f"expected a request's record (a mapping), got {data!r:.60}")]
    found = [loaded.problem(f"{name} is required here") for name in REQUIRED if name not in data]
    for name, value in data.items():
        check = FIELDS.get(name)
        if check is None:
            found.append(loaded.problem(f"unknown key {name!r}", [name]))
        else:
            found += check(loaded, value, [name])
    return found
