"""The fixed word lists: one definition, and the schemas, the CLI and the pack page agree with it."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import click
import pytest
from conftest import ROOT

from selfassess import vocabulary
from selfassess.cli import cli


def schema_at(name: str, *path: str) -> Any:
    """The part of ``schemas/<name>.schema.json`` at ``path`` (keys, in order)."""
    node = json.loads((ROOT / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8"))
    for key in path:
        node = node[key]
    return node


REQUEST = ("properties", "requests", "items", "properties")
QUESTION = ("$defs", "question", "properties", "type", "enum")


@pytest.mark.parametrize(
    ("words", "schema", "path"),
    [
        (vocabulary.EVIDENCE_KINDS, "evidence", ("properties", "kind", "enum")),
        (vocabulary.EVIDENCE_STATUSES, "evidence", ("properties", "status", "enum")),
        (
            vocabulary.CLASSIFICATIONS,
            "evidence",
            ("properties", "handling", "properties", "classification", "enum"),
        ),
        (
            vocabulary.PACK_STATES,
            "manifest",
            ("properties", "items", "items", "properties", "state", "enum"),
        ),
        (vocabulary.REQUEST_TYPES, "requests", (*REQUEST, "type", "enum")),
        (vocabulary.TEAM_FILE_STATUSES, "requests", (*REQUEST, "status", "enum")),
        (vocabulary.ROLE_LABELS, "requests", (*REQUEST, "by", "enum")),
        (
            vocabulary.ROLE_LABELS,
            "requests",
            (*REQUEST, "reasons", "items", "properties", "by", "enum"),
        ),
        (vocabulary.TEAM_ROLES, "workspace", ("properties", "team", "properties")),
        (vocabulary.QUESTION_TYPES, "framework", QUESTION),
        (vocabulary.QUESTION_TYPES, "profile", QUESTION),
    ],
)
def test_each_list_is_its_schema_enum(words: Any, schema: str, path: tuple[str, ...]) -> None:
    found = schema_at(schema, *path)
    assert [w for w in found if w is not None] == list(words)  # null: 'by' may be left blank


def test_handling_marks_are_the_schema_handling_fields() -> None:
    fields = schema_at("evidence", "properties", "handling", "properties")
    assert list(fields) == ["classification", *vocabulary.HANDLING_MARKS]


def test_subsets_and_roles_hang_together() -> None:
    statuses = set(vocabulary.REQUEST_STATUSES)
    assert set(vocabulary.ANSWERED) < set(vocabulary.RESPONDED) < statuses
    assert set(vocabulary.TEAM_FILE_STATUSES) < statuses
    assert {vocabulary.OPEN, vocabulary.WITHDRAWN}.isdisjoint(vocabulary.RESPONDED)
    # every state is awaiting an answer, answered (for now or for good), or withdrawn: once
    awaiting, responded = set(vocabulary.AWAITING), set(vocabulary.RESPONDED)
    assert awaiting.isdisjoint(responded) and vocabulary.WITHDRAWN not in awaiting | responded
    assert awaiting | responded | {vocabulary.WITHDRAWN} == statuses
    assert set(vocabulary.FOR_NOW) < responded and set(vocabulary.FOR_NOW).isdisjoint(
        vocabulary.ANSWERED
    )
    assert vocabulary.CLASSIFICATIONS[0] == vocabulary.OFFICIAL  # the least strict
    for role in vocabulary.ROLES:  # the two stored spellings of one role
        assert role.team_key.rstrip("s") == role.id.replace("-", "_")


def _choices(*command: str, option: str) -> list[str]:
    group: Any = cli
    for name in command:  # get_command loads a lazily listed command, as a run would
        group = group.get_command(click.Context(group), name)
    param = next(p for p in group.params if option in getattr(p, "opts", ()))
    assert isinstance(param.type, click.Choice)
    return list(param.type.choices)


def test_cli_choices_are_the_vocabulary() -> None:
    assert _choices("request", "add", option="--by") == list(vocabulary.ROLE_LABELS)
    assert _choices("request", "add", option="--type") == list(vocabulary.REQUEST_TYPES)
    assert _choices("request", "list", option="--status") == list(vocabulary.REQUEST_STATUSES)
    assert _choices("scope", option="--format") == list(vocabulary.DOCUMENT_FORMATS)


def test_evidence_add_help_names_every_kind(run) -> None:
    text = run("evidence", "add", "--help").output
    assert all(kind in text for kind in vocabulary.EVIDENCE_KINDS)


class _Page(HTMLParser):
    """The options of each <select>, the ticking boxes and the open requests' cells."""

    def __init__(self) -> None:
        super().__init__()
        self.options: dict[str, list[tuple[str, str]]] = {}
        self.ticks: list[str] = []
        self.open_cells = 0
        self._select: str | None = None
        self._option: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "select":
            self._select = a["id"]
            self.options[self._select or ""] = []
        elif tag == "option" and self._select:
            self._option = a["value"]
        elif tag == "input" and "pick" in (a.get("class") or "").split():
            self.ticks.append(a["value"] or "")
        elif tag == "td" and "status-open" in (a.get("class") or "").split():
            self.open_cells += 1

    def handle_data(self, data: str) -> None:
        if self._select and self._option is not None:
            self.options[self._select].append((self._option, data.strip()))
            self._option = None

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None


@pytest.fixture
def page_with_an_open_request(demo_ws: Path, run) -> tuple[_Page, dict[str, Any]]:
    """The demo's next pack, built after the team asks for one more library item."""
    latest = demo_ws / "packs" / "v2"
    asked = demo_ws.parent / "asked.yaml"
    run(
        "request",
        "add",
        "E-007",
        "--pack",
        str(latest),
        "--by",
        "shadow-peer",
        "--file",
        str(asked),
    )
    assert run("request", "import", str(asked), "-w", str(demo_ws)).exit_code == 0
    assert run("pack", "build", "-w", str(demo_ws)).exit_code == 0
    pack = demo_ws / "packs" / "v3"
    page = _Page()
    page.feed((pack / "index.html").read_text(encoding="utf-8"))
    return page, json.loads((pack / "manifest.json").read_text(encoding="utf-8"))


def test_pack_page_is_made_from_the_vocabulary(
    page_with_an_open_request: tuple[_Page, dict[str, Any]],
) -> None:
    page, manifest = page_with_an_open_request
    roles = page.options["role"]  # each member of the team by name, with their role
    assert list(dict.fromkeys(role for role, _ in roles)) == list(vocabulary.ROLE_LABELS)
    assert all(label.endswith(f"({vocabulary.ROLE_LABELS[role].lower()})") for role, label in roles)
    assert page.options["ask-type"] == list(vocabulary.REQUEST_TYPES.items())
    can_tick = {i["id"] for i in manifest["items"] if i["state"] != vocabulary.INCLUDED}
    assert set(page.ticks) == can_tick and can_tick
    open_requests = [r for r in manifest["requests"] if r["status"] == vocabulary.OPEN]
    assert page.open_cells == len(open_requests) == 1
