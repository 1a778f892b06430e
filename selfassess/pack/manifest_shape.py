"""The shape of a pack's manifest, checked before anything reads it: a manifest made by
hand, damaged, or from something that is not selfassess is refused with the JSON path of
what is wrong, never met later as a traceback. The standard library only (``query`` and
``pack verify`` start quickly)."""

from __future__ import annotations

import json
import re
from typing import Any

from selfassess.errors import FileProblem, Problem, json_path

SHA256 = re.compile(r"[0-9a-f]{64}")
# what every reader of a pack takes for granted (the schema asks for more)
REQUIRED = ("pack_id", "version", "council", "items", "files")


def parse(raw: bytes, where: str) -> dict[str, Any]:
    """The manifest in ``raw`` (the file ``where``), parsed and of the shape readers use."""
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise _bad(where, [], f"not UTF-8 text (byte {exc.start})") from None
    except ValueError as exc:
        raise _bad(where, [], f"not valid JSON ({exc})") from None
    except RecursionError:
        raise _bad(where, [], "not valid JSON (nested too deeply)") from None
    check(data, where)
    result: dict[str, Any] = data
    return result


def check(data: Any, where: str) -> None:
    """Refuse ``data`` unless it is a manifest readers can use; the message names the
    place (a JSON path) of the first thing wrong."""
    if not isinstance(data, dict):
        raise _bad(where, [], f"expected a JSON object, got {_kind(data)}")
    for key in REQUIRED:
        if key not in data:
            raise _bad(where, [key], "is required here")
    for key, wanted in (("pack_id", str), ("council", str), ("version", int)):
        if not isinstance(data[key], wanted) or isinstance(data[key], bool):
            raise _bad(where, [key], f"expected {_name(wanted)}, got {_kind(data[key])}")
    files = data["files"]
    if not isinstance(files, dict):
        raise _bad(where, ["files"], f"expected a mapping of file to SHA-256, got {_kind(files)}")
    for name, digest in files.items():
        if not isinstance(digest, str) or not SHA256.fullmatch(digest):
            raise _bad(
                where, ["files", name], f"expected a SHA-256 (64 hex digits), got {_short(digest)}"
            )
    _entries(data, where, "items", {"id": str, "title": str, "state": str}, {"themes": list})
    _entries(data, where, "requests", {"id": str}, {"status": str, "also": list})


def _entries(
    data: dict[str, Any],
    where: str,
    key: str,
    required: dict[str, type],
    optional: dict[str, type],
) -> None:
    """Each entry of list ``key`` (when there) a JSON object with these fields so typed
    (a list field, a list of text)."""
    entries = data.get(key, [])
    if not isinstance(entries, list):
        raise _bad(where, [key], f"expected a list, got {_kind(entries)}")
    for number, entry in enumerate(entries):
        if not isinstance(entry, dict):
            raise _bad(where, [key, number], f"expected a JSON object, got {_kind(entry)}")
        for field, wanted in {**required, **optional}.items():
            if field not in entry:
                if field in required:
                    raise _bad(where, [key, number, field], "is required here")
                continue
            value = entry[field]
            if not isinstance(value, wanted) or (
                isinstance(value, list) and not all(isinstance(v, str) for v in value)
            ):
                shown = "a list of text" if wanted is list else _name(wanted)
                raise _bad(where, [key, number, field], f"expected {shown}, got {_short(value)}")


def _bad(where: str, path: list[str | int], message: str) -> FileProblem:
    return FileProblem(
        Problem(where, message, json_path(path)),
        hint="the manifest was changed or damaged since the council built the pack; "
        "ask the council for a fresh copy",
    )


def _name(wanted: type) -> str:
    return {str: "text", int: "a whole number", list: "a list"}.get(wanted, wanted.__name__)


def _kind(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    return {dict: "an object", list: "a list", str: "text", int: "a number", float: "a number"}.get(
        type(value), type(value).__name__
    )


def _short(value: Any) -> str:
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (ValueError, RecursionError):
        text = _kind(value)
    return text if len(text) <= 60 else text[:57] + "..."
