"""All the cases: each reader with its recipes, then the command-line values."""

from __future__ import annotations

from tests.fuzz import catalogue as c
from tests.fuzz import mutations as m
from tests.fuzz.catalogue import ADD_NOTE, ANSWERS, IMPORT_REQUESTS, STATUS, VALIDATE
from tests.fuzz.readers import NOTE, WS, Case, Reader

ITEM = "ws/evidence/items/E-005.json"
TRACKED = "ws/requests/R-a7k2mq.json"
LOG = "{root}/log/evidence-log"


def readers() -> list[Reader]:
    json_recipes = tuple(m.byte_recipes(flips=3) + m.json_recipes(wrong=12, drops=3))
    jsonl_recipes = tuple(m.byte_recipes(flips=3) + m.jsonl_recipes(wrong=6))
    return [
        c.workspace_yaml("workspace", "workspace.yaml", (VALIDATE, STATUS, ADD_NOTE)),
        c.workspace_yaml("context", "context.yaml", (VALIDATE, ANSWERS, STATUS), wrong=4),
        c.workspace_yaml(
            "theme", "themes/capacity-for-improvement.yaml", (VALIDATE, ANSWERS, STATUS), wrong=4
        ),
        Reader(
            "answers",
            "answers.yaml",
            (
                ANSWERS,
                ANSWERS,
                ("validate", "{root}/answers.yaml", "--framework", "corporate-peer-challenge"),
            ),
            tuple(m.byte_recipes(flips=3) + m.yaml_recipes(wrong=6, drops=2)),
        ),
        Reader(
            "evidence-item",
            ITEM,
            (
                VALIDATE,
                ("evidence", "list", "-w", WS),
                ("evidence", "show", "E-005", "-w", WS),
                ADD_NOTE,
            ),
            json_recipes,
        ),
        Reader(
            "evidence-log-csv",
            "log/evidence-log.csv",
            (("evidence", "import", f"{LOG}.csv", "-w", WS),),
            tuple(c.csv_recipes() + m.byte_recipes(flips=6)),
        ),
        Reader(
            "evidence-log-xlsx",
            "log/evidence-log.xlsx",
            (("evidence", "import", f"{LOG}.xlsx", "-w", WS),),
            tuple(c.xlsx_recipes()),
        ),
        Reader(
            "team-requests",
            "requests.yaml",
            (
                IMPORT_REQUESTS,
                ("request", "merge", "{root}/requests.yaml", "--out", "{root}/out/merged.yaml"),
                ("request", "list", "--file", "{root}/requests.yaml"),
            ),
            tuple(m.byte_recipes(flips=3) + m.yaml_recipes(wrong=6, drops=2)),
        ),
        Reader(
            "tracked-request",
            TRACKED,
            (
                ("request", "list", "-w", WS),
                VALIDATE,
                IMPORT_REQUESTS,
                ("request", "list", "--json", "-w", WS),
            ),
            json_recipes,
        ),
        Reader(
            "manifest",
            "pack/manifest.json",
            c._pack_commands("{root}/pack"),
            tuple(c.manifest_recipes()),
        ),
        Reader(
            "pack-folder",
            "pack/search.sqlite",
            c._pack_commands("{root}/pack"),
            tuple(c.pack_folder_recipes()),
        ),
        Reader(
            "zip-pack", "pack.zip", c._pack_commands("{root}/pack.zip"), tuple(c.zip_pack_recipes())
        ),
        Reader(
            "framework",
            "fwdir/fw.yaml",
            (
                ("frameworks", "validate", "{root}/fwdir/fw.yaml"),
                ("--frameworks-dir", "{root}/fwdir", "frameworks", "list"),
                ("validate", "{root}/fwdir/fw.yaml"),
                ("--frameworks-dir", "{root}/fwdir", "frameworks", "show", "tiny"),
            ),
            tuple(m.byte_recipes(flips=3) + m.yaml_recipes(wrong=6, drops=2)),
        ),
        Reader(
            "activity-log",
            "ws/activity.jsonl",
            (("log", "-w", WS), ADD_NOTE, ("log", "--json", "-w", WS)),
            jsonl_recipes,
        ),
        Reader(
            "pack-history",
            "ws/packs/history.jsonl",
            (IMPORT_REQUESTS, IMPORT_REQUESTS, IMPORT_REQUESTS, ("pack", "build", "-w", WS)),
            jsonl_recipes,
        ),
        Reader(
            "workspace-state", "ws/.selfassess.lock", (VALIDATE, ADD_NOTE), tuple(c.state_recipes())
        ),
    ]


BAD_TEXT = {
    "newline": "A\nB",
    "carriage-return": "A\rB",
    "nul": "A\x00B",
    "escape": "\x1b[31mRed",
    "vertical-tab": "A\x0bB",
    "line-separator": "A\u2028B",
}
ODD_TEXT = {
    "empty": "",
    "spaces": "   ",
    "very-long": "C" * 100_000,
    "surrogate": "A\udcffB",
    "bidi": "\u202eLiam",
    "yaml-like": "key: value # not a comment",
    "yaml-document": "--- !!python/object:os.system",
}
BAD_DATES = {
    "feb-30": "2026-02-30",
    "month-13": "2026-13-01",
    "five-digit-year": "99999-01-01",
    "short": "2026-1-1",
    "empty": "",
    "newline": "2026-01-01\n",
    "huge": "9" * 5000,
}
FTS = {
    "quote": '"',
    "brackets": "[" * 10_000,
    "near": "NEAR(a b",
    "dangling-and": "a AND",
    "minus": "-x",
    "operators": "AND OR NOT",
    "nul": "risk\x00",
    "column": "title:risk",
    "mid-quote": 'a"b',
    "empty": "",
    "parentheses": "(" * 1000,
    "very-long": "x" * 100_000,
    "surrogate": "\udcff",
}


def _init(option: str, value: str) -> tuple[str, ...]:
    args = {"--council": "X Borough Council", "--cycle": "2026", option: value}
    flat = [part for pair in args.items() for part in pair]
    return (
        "init",
        "{root}/out/new",
        "--framework",
        "corporate-peer-challenge",
        "--no-input",
        *flat,
    )


def cli_cases() -> list[Case]:
    cases: list[Case] = []

    def add(name: str, *args: str, must_refuse: bool = False) -> None:
        cases.append(Case("cli", name, args, must_refuse=must_refuse))

    for label, text in BAD_TEXT.items():
        control = label != "line-separator"  # a C0 control character: no file can hold it as is
        add(f"init-council-{label}", *_init("--council", text), must_refuse=control)
        add(f"init-cycle-{label}", *_init("--cycle", text), must_refuse=control)
        add(f"init-focus-{label}", *_init("--focus", text))
        add(f"init-peer-{label}", *_init("--lead-member-peer", text))
        add(f"add-title-{label}", *ADD_NOTE[:-1], text)
        add(f"add-owner-{label}", *ADD_NOTE, "--owner", text)
        add(
            f"request-ask-{label}",
            *c.TEAM_ADD[:2],
            text,
            *c.TEAM_ADD[3:],
            "--pack",
            "{root}/pack",
            "--file",
            "{root}/out/t.yaml",
        )
    for label, text in ODD_TEXT.items():
        add(f"init-council-{label}", *_init("--council", text))
        add(f"add-title-{label}", *ADD_NOTE[:-1], text)
        add(f"add-summary-{label}", *ADD_NOTE, "--summary", text)
    for label, text in BAD_DATES.items():
        refuse = label != "short"  # 2026-1-1 may fairly be read as 1 January
        add(f"init-period-start-{label}", *_init("--period-start", text), must_refuse=refuse)
        add(f"init-visit-day-{label}", *_init("--visit-day", text), must_refuse=refuse)
        add(f"add-date-{label}", *ADD_NOTE, "--date", text, must_refuse=refuse)
        add(
            f"query-since-{label}",
            "query",
            "risk",
            "--pack",
            "{root}/pack",
            "--since",
            text,
            must_refuse=refuse,
        )
        add(
            f"request-due-{label}",
            *c.TEAM_ADD,
            "--pack",
            "{root}/pack",
            "--file",
            "{root}/out/t.yaml",
            "--due",
            text,
            must_refuse=refuse,
        )
    for label, text in FTS.items():
        add(f"query-pack-{label}", "query", text, "--pack", "{root}/pack")
        add(f"query-zip-{label}", "query", text, "--pack", "{root}/pack.zip")
        if label in ("quote", "brackets", "nul", "empty"):
            add(f"query-workspace-{label}", "query", text, "-w", WS)
    _odd_places(add)
    return cases


def _odd_places(add: object) -> None:
    """Paths and ids that point somewhere odd."""
    assert callable(add)
    for label, value in {
        "dotdot": "../x",
        "huge": "E-" + "9" * 5000,
        "newline": "E-005\n",
        "empty": "",
    }.items():
        add(f"show-id-{label}", "evidence", "show", value, "-w", WS)
        add(
            f"request-item-{label}",
            "request",
            "add",
            value,
            "--pack",
            "{root}/pack",
            "--file",
            "{root}/out/t.yaml",
        )
    for label, value in {
        "negative": "-1",
        "huge": "9" * 5000,
        "nan": "nan",
        "inf": "1e999",
    }.items():
        add(f"stale-after-{label}", "evidence", "check", "--stale-after", value, "-w", WS)
        add(f"query-limit-{label}", "query", "risk", "--pack", "{root}/pack", "--limit", value)
    for label, value in {
        "file": NOTE,
        "missing": "{root}/nowhere",
        "pack": "{root}/pack",
        "empty": "",
    }.items():
        add(f"workspace-is-{label}", "status", "-w", value)
        add(f"frameworks-dir-{label}", "--frameworks-dir", value, "frameworks", "list")
    for label, value in {
        "folder": "{root}/out",
        "workspace": WS,
        "missing": "{root}/nowhere",
    }.items():
        add(f"add-path-{label}", "evidence", "add", value, "-w", WS, "--title", "x")
        add(f"request-file-{label}", *c.TEAM_ADD, "--pack", "{root}/pack", "--file", value)
        add(f"pack-is-{label}", "pack", "verify", value)
    for label, value in {
        "javascript": "javascript:alert(1)",
        "spaces": "http:// x",
        "long": "http://" + "a" * 10_000,
        "file": "file:///etc/passwd",
    }.items():
        add(f"add-published-{label}", *ADD_NOTE, "--published", value)
        add(f"add-url-{label}", "evidence", "add", value, "-w", WS, "--title", "x")
    for label, value in {
        "kind": "no-such-kind",
        "theme": "no-such-theme",
        "question": "a\nb",
    }.items():
        add(f"add-{label}-unknown", *ADD_NOTE, f"--{label}", value)
    add(
        "init-framework-traversal",
        "init",
        "{root}/out/n",
        "--council",
        "X",
        "--framework",
        "../../etc/passwd",
        "--no-input",
    )
    add(
        "init-framework-newline",
        "init",
        "{root}/out/n",
        "--council",
        "X",
        "--framework",
        "corporate-peer-challenge\n",
        "--no-input",
    )
    add(
        "init-into-workspace",
        "init",
        WS,
        "--council",
        "X",
        "--framework",
        "corporate-peer-challenge",
        "--no-input",
    )
    add(
        "init-into-file",
        "init",
        NOTE,
        "--council",
        "X",
        "--framework",
        "corporate-peer-challenge",
        "--no-input",
    )
    add(
        "init-period-reversed", *_init("--period-start", "2026-03-31"), "--period-end", "2025-04-01"
    )


def all_cases() -> list[Case]:
    return [case for reader in readers() for case in reader.cases()] + cli_cases()
