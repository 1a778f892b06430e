"""Recipes for malformed inputs. A recipe has a stable name (it becomes part of a test id) and
turns a valid file's bytes into broken bytes, or into something that is not a regular file
(a folder, a FIFO, a symlink loop). What a recipe does is fixed by a seeded generator, so a
case id always means the same input."""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import yaml

# stand-ins for a file that a reader must refuse without opening it as data
SPECIALS = ("missing", "folder", "fifo", "symlink-loop", "symlink-dev-null")

Change = bytes | str  # new bytes, or one of SPECIALS
Make = Callable[[bytes, random.Random], Change]

HUGE_INT = "9" * 5000  # over Python's 4,300-digit limit for int(str)
DEEP = 100_000
HUGE_STRING = "x" * 200_000


@dataclass(frozen=True)
class Recipe:
    name: str
    make: Make
    target: str | None = None  # a path in the sandbox other than the reader's own file
    must_refuse: bool = False  # the only right answer is a refusal


def _const(value: Change) -> Make:
    return lambda original, rng: value


def _insert(data: bytes, rng: random.Random, piece: bytes) -> bytes:
    at = rng.randrange(len(data) + 1) if data else 0
    return data[:at] + piece + data[at:]


def _flip(data: bytes, rng: random.Random) -> bytes:
    if not data:
        return b"\xff"
    buf = bytearray(data)
    for _ in range(rng.choice((1, 1, 2, 4))):
        at = rng.randrange(len(buf))
        buf[at] = (buf[at] ^ (1 << rng.randrange(8))) if rng.random() < 0.5 else rng.randrange(256)
    return bytes(buf)


def _reencode(encoding: str) -> Make:
    return lambda data, rng: data.decode("utf-8", "replace").encode(encoding, "replace")


def _truncate(fraction: float) -> Make:
    return lambda data, rng: data[: int(len(data) * fraction)]


def specials(target: str | None = None) -> list[Recipe]:
    return [Recipe(name, _const(name), target) for name in SPECIALS]


def byte_recipes(flips: int = 8, target: str | None = None, text: bool = True) -> list[Recipe]:
    """Damage that knows nothing of the format: for every file."""
    recipes = [
        Recipe("empty", _const(b""), target),
        Recipe("truncated-third", _truncate(1 / 3), target),
        Recipe("truncated-half", _truncate(1 / 2), target),
        Recipe("truncated-last-byte", lambda d, r: d[:-1], target),
        Recipe("nul-bytes", lambda d, r: _insert(d, r, b"\x00" * 3), target),
        Recipe("random-garbage", lambda d, r: r.randbytes(max(len(d) // 4, 64)), target),
    ]
    recipes += [Recipe(f"byte-flip-{i:02d}", _flip, target) for i in range(flips)]
    if text:
        recipes += [
            Recipe("non-utf8-ff", lambda d, r: _insert(d, r, b"\xff\xfe"), target),
            Recipe("non-utf8-continuation", lambda d, r: _insert(d, r, b"\x80"), target),
            Recipe("non-utf8-cut-sequence", lambda d, r: d + b"\xc3", target),
            Recipe("bom-utf8", lambda d, r: b"\xef\xbb\xbf" + d, target),
            Recipe("utf16-le-bom", _reencode("utf-16"), target),
            Recipe("utf16-be-no-bom", _reencode("utf-16-be"), target),
            Recipe("cp1252", _reencode("cp1252"), target),
            Recipe("control-chars", lambda d, r: _insert(d, r, b"\x01\x1b[2J\x7f\x08"), target),
            Recipe(
                "unicode-separators",
                lambda d, r: _insert(d, r, "\u2028\x85\u2029".encode()),
                target,
            ),
            Recipe("bidi-override", lambda d, r: _insert(d, r, "\u202e".encode()), target),
            Recipe("bare-cr", lambda d, r: d.replace(b"\n", b"\r"), target),
            Recipe("only-bom", _const(b"\xef\xbb\xbf"), target),
        ]
    return recipes + specials(target)


# --- JSON -----------------------------------------------------------------------------------------
def paths(doc: Any, here: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every place in a parsed document, the root last."""
    if isinstance(doc, dict):
        for key, value in doc.items():
            yield from paths(value, (*here, key))
    elif isinstance(doc, list):
        for i, value in enumerate(doc):
            yield from paths(value, (*here, i))
    if here:
        yield here


def _set(doc: Any, path: tuple[Any, ...], value: Any) -> None:
    for step in path[:-1]:
        doc = doc[step]
    doc[path[-1]] = value


def _delete(doc: Any, path: tuple[Any, ...]) -> None:
    for step in path[:-1]:
        doc = doc[step]
    del doc[path[-1]]


class Raw(str):
    """Text spliced into the dumped JSON as it is (a marker replaced after dumping)."""


WRONG_VALUES: tuple[Any, ...] = (
    [],
    {},
    0,
    -1,
    None,
    True,
    "",
    HUGE_STRING,
    1e308,
    [None, {"x": []}],
    Raw(HUGE_INT),
    Raw("[" * 2000 + "]" * 2000),
    Raw('"\\ud800"'),
    "2026-02-30",
    "../../../etc/passwd",
)


def _pick(rng: random.Random, doc: Any) -> tuple[Any, ...] | None:
    every = list(paths(doc))
    return rng.choice(every) if every else None


def json_replace(data: bytes, rng: random.Random, value: Any, path: Any = "random") -> bytes:
    doc = json.loads(data)
    where = _pick(rng, doc) if path == "random" else path
    if where is None:
        return json.dumps(value).encode()
    marker = f"@@raw{rng.randrange(10**9)}@@"
    _set(doc, where, marker if isinstance(value, Raw) else value)
    text = json.dumps(doc, indent=2)
    return text.replace(json.dumps(marker), str(value)).encode()


def _wrong_type(data: bytes, rng: random.Random) -> bytes:
    return json_replace(data, rng, rng.choice(WRONG_VALUES))


def _json_drop(data: bytes, rng: random.Random) -> bytes:
    doc = json.loads(data)
    where = _pick(rng, doc)
    if where is not None:
        _delete(doc, where)
    return json.dumps(doc, indent=2).encode()


def _first_key_again(data: bytes, rng: random.Random) -> bytes:
    text = data.decode()
    brace = text.index("{")
    return (
        text[: brace + 1] + '"id": ["dup"], "schema_version": "2", ' + text[brace + 1 :]
    ).encode()


def json_recipes(wrong: int = 24, drops: int = 6) -> list[Recipe]:
    nest = Raw("[" * DEEP + "]" * DEEP)
    recipes = [
        Recipe("deep-nesting", _const(b"[" * DEEP)),
        Recipe("deep-nesting-objects", _const(b'{"a":' * DEEP)),
        Recipe("deep-nesting-balanced", lambda d, r: json_replace(d, r, nest)),
        Recipe("huge-int", lambda d, r: json_replace(d, r, Raw(HUGE_INT))),
        Recipe("huge-int-top", _const(HUGE_INT.encode())),
        Recipe("lone-surrogate", lambda d, r: json_replace(d, r, Raw('"a\\udc80b"'))),
        Recipe("lone-surrogate-raw-bytes", lambda d, r: _insert(d, r, b"\xed\xa0\x80")),
        Recipe("duplicate-keys", _first_key_again),
        Recipe("top-list", _const(b"[]")),
        Recipe("top-string", _const(b'"x"')),
        Recipe("top-null", _const(b"null")),
        Recipe("top-number", _const(b"1")),
        Recipe("nan-infinity", lambda d, r: json_replace(d, r, Raw("NaN"))),
        Recipe("trailing-garbage", lambda d, r: d + b"\n}{,"),
        Recipe("two-documents", lambda d, r: d + d),
        Recipe("comment", lambda d, r: b"// saved by hand\n" + d),
    ]
    recipes += [Recipe(f"wrong-type-{i:02d}", _wrong_type) for i in range(wrong)]
    recipes += [Recipe(f"missing-key-{i:02d}", _json_drop) for i in range(drops)]
    return recipes


# --- YAML -----------------------------------------------------------------------------------------
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # as the library reads YAML


def _yaml_doc(data: bytes) -> Any:
    return yaml.load(data.decode("utf-8"), Loader=_LOADER)


def _yaml_replace(data: bytes, rng: random.Random, value: Any) -> bytes:
    doc = _yaml_doc(data)
    where = _pick(rng, doc)
    if where is None:
        return yaml.safe_dump(value).encode()
    _set(doc, where, value)
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True).encode()


def _yaml_wrong(data: bytes, rng: random.Random) -> bytes:
    value = rng.choice([v for v in WRONG_VALUES if not isinstance(v, Raw)])
    return _yaml_replace(data, rng, value)


def _yaml_drop(data: bytes, rng: random.Random) -> bytes:
    doc = _yaml_doc(data)
    where = _pick(rng, doc)
    if where is not None:
        _delete(doc, where)
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True).encode()


def _yaml_top_value(text: str) -> Make:
    """Replace the value of a random top-level key with ``text`` (YAML source)."""

    def make(data: bytes, rng: random.Random) -> bytes:
        doc = _yaml_doc(data)
        key = rng.choice(list(doc)) if isinstance(doc, dict) and doc else "x"
        rest = {k: v for k, v in doc.items() if k != key} if isinstance(doc, dict) else {}
        dumped = yaml.safe_dump(rest, sort_keys=False, allow_unicode=True) if rest else ""
        return (dumped + f"{key}: {text}\n").encode()

    return make


def _first_key(data: bytes, rng: random.Random) -> bytes:
    doc = _yaml_doc(data)
    key = next(iter(doc)) if isinstance(doc, dict) and doc else "x"
    return data + f"\n{key}: again\n".encode()


LAUGHS = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 10)
)


def yaml_recipes(wrong: int = 14, drops: int = 4) -> list[Recipe]:
    recipes = [
        Recipe("complex-key", lambda d, r: d + b"\n? [a, b]\n: 1\n"),
        Recipe("complex-key-mapping", lambda d, r: d + b"\n? {a: 1}\n: 1\n"),
        Recipe("null-key", lambda d, r: d + b"\n~: 1\n"),
        Recipe("int-key", lambda d, r: d + b"\n12: 1\n"),
        Recipe("billion-laughs", lambda d, r: d + b"\n" + LAUGHS.encode()),
        Recipe(
            "billion-laughs-value",
            _yaml_top_value("&x [" + ", ".join(["lol"] * 9) + "]\n" + LAUGHS),
        ),
        Recipe("undefined-alias", lambda d, r: d + b"\nx: *nowhere\n"),
        Recipe("merge-key", lambda d, r: d + b"\nbase: &b {k: 1}\nmore:\n  <<: *b\n"),
        Recipe("duplicate-key", _first_key),
        Recipe("huge-int", _yaml_top_value(HUGE_INT)),
        Recipe("huge-float", _yaml_top_value("1e999999")),
        Recipe("deep-nesting", _const(b"[" * DEEP)),
        Recipe("deep-nesting-value", _yaml_top_value("[" * DEEP + "]" * DEEP)),
        Recipe("deep-nesting-mappings", _const(b"{a: " * DEEP)),
        Recipe("python-tag", _yaml_top_value('!!python/object/apply:os.system ["true"]')),
        Recipe("binary-tag", _yaml_top_value("!!binary aGVsbG8=")),
        Recipe("set-tag", _yaml_top_value("!!set {a, b}")),
        Recipe("bad-timestamp", _yaml_top_value("2026-02-30")),
        Recipe("timestamp-value", _yaml_top_value("2026-02-01 10:00:00")),
        Recipe("nan-value", _yaml_top_value(".nan")),
        Recipe("tab-indent", lambda d, r: d.replace(b"\n  ", b"\n\t")),
        Recipe("multi-document", lambda d, r: d + b"\n---\n" + d),
        Recipe("top-list", _const(b"- a\n- b\n")),
        Recipe("top-scalar", _const(b"just words\n")),
        Recipe("top-null", _const(b"~\n")),
        Recipe("unclosed-quote", lambda d, r: d + b'\nx: "never closed\n'),
    ]
    recipes += [Recipe(f"wrong-type-{i:02d}", _yaml_wrong) for i in range(wrong)]
    recipes += [Recipe(f"missing-key-{i:02d}", _yaml_drop) for i in range(drops)]
    return recipes


# --- JSON lines -----------------------------------------------------------------------------------
def _line(make: Callable[[bytes, random.Random], bytes]) -> Make:
    """Apply ``make`` to one random line of a JSON-lines file."""

    def apply(data: bytes, rng: random.Random) -> bytes:
        lines = data.splitlines(keepends=True)
        at = rng.randrange(len(lines)) if lines else 0
        old = lines[at].rstrip(b"\n") if lines else b"{}"
        new = make(old, rng).replace(b"\n", b" ") + b"\n"
        return b"".join([*lines[:at], new, *lines[at + 1 :]])

    return apply


def _compact(make: Make) -> Callable[[bytes, random.Random], bytes]:
    def apply(data: bytes, rng: random.Random) -> bytes:
        out = make(data, rng)
        assert isinstance(out, bytes)
        try:
            return json.dumps(json.loads(out)).encode()
        except (ValueError, RecursionError):  # kept as it is: damage of its own
            return out

    return apply


def jsonl_recipes(wrong: int = 10) -> list[Recipe]:
    recipes = [
        Recipe("line-not-json", _line(lambda d, r: b"this is not json")),
        Recipe("line-deep-nesting", _line(lambda d, r: b"[" * DEEP)),
        Recipe("line-huge-int", _line(lambda d, r: HUGE_INT.encode())),
        Recipe("line-list", _line(lambda d, r: b"[1, 2]")),
        Recipe("line-null", _line(lambda d, r: b"null")),
        Recipe("line-lone-surrogate", _line(lambda d, r: b'{"what": "\\udc80"}')),
        Recipe("blank-lines", lambda d, r: d.replace(b"\n", b"\n\n")),
        Recipe("no-final-newline", lambda d, r: d.rstrip(b"\n")),
        Recipe(
            "huge-line", lambda d, r: d + json.dumps({"what": HUGE_STRING * 5}).encode() + b"\n"
        ),
        Recipe("many-lines", lambda d, r: d * 2000),
    ]
    wrong_line = _line(_compact(_wrong_type))
    recipes += [Recipe(f"line-wrong-type-{i:02d}", wrong_line) for i in range(wrong)]
    return recipes
