"""Every reader under malformed input (issue 11): for each file or value the tool reads from
outside, inputs derived from a valid one by a seeded generator (damaged bytes, wrong
encodings, YAML and JSON edge cases, wrong types at every place, things that are not regular
files, odd command-line values). Each run must end within a few seconds with exit 0, 1 or 2
and no traceback; a refusal (a non-zero exit) must leave every file as it was.

Runs in-process (CliRunner) in one sandbox per reader, put back after each case. A failure
names the reader and the input (``manifest-deep-nesting``); with ``-v`` the first test lists
how many inputs each reader gets."""

from __future__ import annotations

import os
import random
import warnings
from collections import Counter
from pathlib import Path

import pytest

from tests.fuzz import sandbox
from tests.fuzz.corpus import all_cases
from tests.fuzz.readers import Case, build_template

CASES = all_cases()
COUNTS = Counter(case.reader for case in CASES)


@pytest.fixture(scope="module")
def template(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fuzz-template") / "root"
    root.mkdir()
    build_template(demo_template, root)
    return root


@pytest.fixture(scope="module")
def sandboxes() -> dict[str, sandbox.Sandbox]:
    return {}


@pytest.mark.parametrize("reader", sorted(COUNTS), ids=lambda r: f"{r}: {COUNTS[r]} inputs")
def test_corpus_covers_every_reader(reader: str) -> None:
    """At least 500 inputs in all, and each reader gets enough of them to mean something."""
    assert sum(COUNTS.values()) >= 500
    assert COUNTS[reader] >= 15
    assert len({case.id for case in CASES}) == len(CASES), "case ids must be unique"


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_malformed_input(
    case: Case,
    template: Path,
    sandboxes: dict[str, sandbox.Sandbox],
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # durability is not what this tests: without syncs a thousand runs take seconds, not minutes
    monkeypatch.setattr(os, "fsync", lambda fd: None)
    monkeypatch.setattr(os, "sync", lambda: None)
    if case.reader not in sandboxes:
        root = tmp_path_factory.getbasetemp() / "fuzz" / case.reader
        sandboxes[case.reader] = sandbox.Sandbox(template, root)
    box = sandboxes[case.reader]
    change: bytes | str | None = None
    try:
        if case.recipe is not None and case.target is not None:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # zipfile's duplicate-name warning is the point
                change = case.recipe.make(
                    box.original.get(case.target, b""), random.Random(case.id)
                )
            sandbox.place(box.root / case.target, change)
        args = [arg.replace("{root}", str(box.root)) for arg in case.args]
        outcome = sandbox.invoke(box.root, args)
        problems = outcome.problems(case.must_refuse)
        if outcome.refused:
            problems += box.changed(outcome, case.target, change)
    finally:
        box.reset(case.target or "out")
    assert not problems, _report(case, change, outcome, problems)


def _report(
    case: Case, change: bytes | str | None, outcome: sandbox.Outcome, problems: list[str]
) -> str:
    shown = " ".join(a if len(a) < 80 else a[:60] + f"...[{len(a)} chars]" for a in case.args)
    what = f"{len(change)} bytes" if isinstance(change, bytes) else change
    return (
        f"{case.id}: {case.target or 'command line'} ({what}), ran `{shown}`, exit {outcome.exit_code}\n  "
        + "\n  ".join(problems)
        + f"\n  output: {outcome.output[-600:]}"
    )
