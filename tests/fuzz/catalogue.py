"""The corpus: every reader with its malformed inputs, and the command-line values."""

from __future__ import annotations

import csv
import io
import json
import random
import re

from tests.fuzz import mutations as m
from tests.fuzz.mutations import HUGE_INT, Raw, Recipe
from tests.fuzz.readers import (
    NOTE,
    PACK_DOC,
    WS,
    Reader,
    _bad_crc,
    _zip_bomb,
    _zip_extra,
    member,
)

VALIDATE = ("validate", "-w", WS)
STATUS = ("status", "-w", WS)
ADD_NOTE = ("evidence", "add", NOTE, "-w", WS, "--title", "A note")
ANSWERS = ("start", "--answers", "{root}/answers.yaml", "--no-input", "-w", WS)
IMPORT_REQUESTS = ("request", "import", "{root}/requests.yaml", "-w", WS)
TEAM_ADD = ("request", "add", "--ask", "Staff numbers", "--by", "officer-peer", "--reason", "r")


def _pack_commands(pack: str) -> tuple[tuple[str, ...], ...]:
    return (
        ("pack", "verify", pack),
        ("query", "risk", "--pack", pack),
        (*TEAM_ADD, "--pack", pack, "--file", "{root}/out/team.yaml"),
        ("pack", "verify", pack, "--json"),
        ("request", "list", "--pack", pack, "--file", "{root}/requests.yaml"),
    )


def _sub(pattern: str, new: str) -> m.Make:
    return lambda data, rng: re.sub(pattern.encode(), new.encode(), data, count=1)


def _csv_cell(column: str, value: str) -> m.Make:
    """Set one cell of a random data row in ``column``."""

    def apply(data: bytes, rng: random.Random) -> bytes:
        rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
        rows[1 + rng.randrange(len(rows) - 1)][rows[0].index(column)] = value
        out = io.StringIO()
        csv.writer(out).writerows(rows)
        return out.getvalue().encode("utf-8")

    return apply


def csv_recipes() -> list[Recipe]:
    abs_file = Recipe("file-absolute-path", _csv_cell("file", "/etc/hostname"), must_refuse=True)
    outside = Recipe(
        "file-outside-folder", _csv_cell("file", "../ws/workspace.yaml"), must_refuse=True
    )
    return [
        abs_file,
        outside,
        Recipe("huge-field", _csv_cell("summary", "x" * 200_000)),
        Recipe("file-missing", _csv_cell("file", "no-such-file.docx")),
        Recipe("file-is-folder", _csv_cell("file", ".")),
        Recipe("bad-date", _csv_cell("date", "2026-02-30")),
        Recipe("huge-int-date", _csv_cell("date", HUGE_INT)),
        Recipe("date-as-number", _csv_cell("date", "1e308")),
        Recipe("bad-kind", _csv_cell("kind", "\x00\x1b")),
        Recipe("unknown-theme", _csv_cell("themes", "no-such-theme;;;")),
        Recipe("bad-handling", _csv_cell("classification", "TOP SECRET\n")),
        Recipe("newline-title", _csv_cell("title", "A\nB\r\nC")),
        Recipe("formula", _csv_cell("title", "=cmd|' /C calc'!A0")),
        Recipe("unbalanced-quote", lambda d, r: d.replace(b",", b',"', 1)),
        Recipe("extra-columns", lambda d, r: d.replace(b"\n", b",x,y,z\n")),
        Recipe("short-rows", lambda d, r: b"\n".join(line[:40] for line in d.split(b"\n"))),
        Recipe("header-only", lambda d, r: d.split(b"\n")[0] + b"\n"),
        Recipe("no-header", lambda d, r: d.split(b"\n", 1)[1]),
        Recipe("duplicate-header", lambda d, r: d.replace(b"summary", b"title", 1)),
        Recipe("semicolons", lambda d, r: d.replace(b",", b";")),
        Recipe("many-rows", lambda d, r: d + d.split(b"\n", 1)[1] * 2000),
    ]


_SHEET = "xl/worksheets/sheet1.xml"
_BOMB = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">'
        for i in range(1, 10)
    )
    + ']><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    + '<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>'
)


def xlsx_recipes() -> list[Recipe]:
    sheet = lambda make: member(_SHEET, make)  # noqa: E731
    return [
        *m.byte_recipes(flips=6, text=False),
        Recipe("not-a-zip", lambda d, r: b"ref,title\nA,B\n"),
        Recipe(
            "shared-string-out-of-range",
            sheet(_sub(r't="inlineStr"><is><t>[^<]*</t></is>', 't="s"><v>99999</v>')),
        ),
        Recipe(
            "cell-at-last-row",
            sheet(
                _sub(
                    "</sheetData>",
                    '<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>',
                )
            ),
        ),
        Recipe(
            "dimension-huge",
            sheet(_sub(r'<dimension ref="[^"]*"/>', '<dimension ref="A1:XFD1048576"/>')),
        ),
        Recipe("entity-bomb", sheet(lambda d, r: _BOMB.encode())),
        Recipe(
            "deep-xml",
            sheet(lambda d, r: d.replace(b"<sheetData>", b"<sheetData>" + b"<x>" * 100_000)),
        ),
        Recipe("non-utf8-sheet", sheet(lambda d, r: d.replace(b"<t>", b"<t>\xff", 1))),
        Recipe(
            "huge-number-cell",
            sheet(
                _sub(
                    r'<c r="E2" t="inlineStr"><is><t>[^<]*</t></is></c>',
                    f'<c r="E2"><v>{HUGE_INT}</v></c>',
                )
            ),
        ),
        Recipe(
            "date-serial-huge",
            sheet(
                _sub(
                    r'<c r="E2" t="inlineStr"><is><t>[^<]*</t></is></c>',
                    '<c r="E2" s="1"><v>1e308</v></c>',
                )
            ),
        ),
        Recipe(
            "formula-cell",
            sheet(
                _sub(
                    r'<c r="B2" t="inlineStr"><is><t>[^<]*</t></is></c>', '<c r="B2"><f>1/0</f></c>'
                )
            ),
        ),
        Recipe("missing-sheet", member(_SHEET, lambda d, r: "missing")),
        Recipe("missing-workbook", member("xl/workbook.xml", lambda d, r: "missing")),
        Recipe("garbage-workbook", member("xl/workbook.xml", lambda d, r: b"<workbook")),
        Recipe("missing-content-types", member("[Content_Types].xml", lambda d, r: "missing")),
        Recipe("sheet-bad-crc", _bad_crc(_SHEET)),
    ]


def manifest_recipes() -> list[Recipe]:
    named = [
        ("files-null", ("files",), None),
        ("files-list", ("files",), []),
        ("files-string", ("files",), "x"),
        ("items-null", ("items",), None),
        ("items-string", ("items",), "x"),
        ("item-file-traversal", ("items", 0, "file"), "../../../etc/passwd"),
        ("item-file-absolute", ("items", 0, "file"), "/etc/passwd"),
        ("version-huge", ("version",), Raw(HUGE_INT)),
        ("requests-deep", ("requests",), Raw("[" * m.DEEP + "]" * m.DEEP)),
    ]
    recipes = [Recipe(n, lambda d, r, p=p, v=v: m.json_replace(d, r, v, p)) for n, p, v in named]
    return recipes + m.byte_recipes(flips=3) + m.json_recipes(wrong=10, drops=2)


def pack_folder_recipes() -> list[Recipe]:
    search, doc = "pack/search.sqlite", f"pack/{PACK_DOC}"
    return [
        *m.byte_recipes(flips=4, target=search, text=False),
        Recipe("doc-flip", lambda d, r: m._flip(d, r), doc),
        *[Recipe(f"doc-{s}", m._const(s), doc) for s in m.SPECIALS],
        Recipe("nested-manifest", lambda d, r: b'{"files": {}}', "pack/documents/manifest.json"),
        *[Recipe(f"library-{s}", m._const(s), "pack/library.csv") for s in ("fifo", "folder")],
        Recipe("extra-fifo", m._const("fifo"), "pack/documents/extra.docx"),
        Recipe("extra-symlink-loop", m._const("symlink-loop"), "pack/documents/loop.docx"),
    ]


def _in_manifest(make: m.Make) -> m.Make:
    return member("manifest.json", make)


def zip_pack_recipes() -> list[Recipe]:
    manifest = [
        r
        for r in manifest_recipes()
        if r.name.startswith(
            ("files-", "items-", "item-", "deep", "top-", "huge", "lone", "empty", "version")
        )
    ]
    return [
        *m.byte_recipes(flips=12, text=False),
        *[Recipe(f"manifest-{r.name}", _in_manifest(r.make)) for r in manifest],
        Recipe("member-bad-crc", _bad_crc(PACK_DOC)),
        Recipe("search-bad-crc", _bad_crc("search.sqlite")),
        Recipe("manifest-bad-crc", _bad_crc("manifest.json")),
        Recipe("manifest-missing", _in_manifest(lambda d, r: "missing")),
        Recipe("duplicate-member", _zip_extra("manifest.json", b"{}")),
        Recipe("traversal-member", _zip_extra("../../evil.txt", b"x")),
        Recipe("absolute-member", _zip_extra("/tmp/evil.txt", b"x")),
        Recipe("nested-manifest", _zip_extra("documents/manifest.json", b"{}")),
        Recipe("zip-bomb-member", _zip_bomb),
        Recipe("search-garbage", member("search.sqlite", lambda d, r: b"not a database" * 100)),
    ]


def workspace_yaml(
    name: str, target: str, commands: tuple[tuple[str, ...], ...], wrong: int = 6
) -> Reader:
    recipes = m.byte_recipes(flips=3) + m.yaml_recipes(wrong=wrong, drops=2)
    return Reader(name, f"ws/{target}", commands, tuple(recipes))


def state_recipes() -> list[Recipe]:
    lock, checked, text = (
        "ws/.selfassess.lock",
        "ws/.selfassess/checked.json",
        "ws/.selfassess/text",
    )
    return [
        *[Recipe(f"lock-{s}", m._const(s), lock) for s in ("folder", "fifo", "symlink-loop")],
        Recipe("lock-garbage", m._const(b"\xff\x00" * 100), lock),
        Recipe("lock-empty", m._const(b""), lock),
        Recipe("lock-other-holder", m._const(b'{"pid": 1, "host": "elsewhere"}'), lock),
        *[Recipe(f"checked-{s}", m._const(s), checked) for s in ("folder", "fifo", "symlink-loop")],
        Recipe("checked-garbage", m._const(b"[" * m.DEEP), checked),
        Recipe("checked-empty", m._const(b""), checked),
        Recipe("checked-huge-int", m._const(f'{{"key": {HUGE_INT}}}'.encode()), checked),
        Recipe("checked-wrong", m._const(json.dumps({"key": [], "files": None}).encode()), checked),
        Recipe("text-cache-file", m._const(b"x"), text),
        Recipe("written-garbage", m._const(b"\xff"), "ws/.selfassess/written.json"),
        Recipe("last-build-garbage", m._const(b'{"files": 5}'), "ws/.selfassess/last-build.json"),
    ]
