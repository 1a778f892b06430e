"""Kill soak: SIGKILL the real interview at random moments and check nothing confirmed is lost.

    python benchmarks/kill_soak.py [--kills 200] [--seed 11]

Drives ``selfassess start`` in a pseudo-terminal (pexpect) on a fresh workspace of the small
test framework, answering every prompt with scripted keystrokes, and kills the process with
SIGKILL at a random moment: at a prompt, half-way through typing an answer, or a few
milliseconds after pressing Enter. After each kill it compares what the transcript shows
as confirmed with what is saved, and runs ``selfassess validate`` on the workspace. The
next round carries on the same workspace (as a person would, by running ``start`` again);
when an interview runs to the end, the next round starts a fresh workspace.

An answer counts as confirmed once the transcript shows the next prompt: the person saw
the interview move on. The current self-rating is confirmed when the target is asked.

Prints the machine, the kills, the confirmed answers lost (goal 0) and the workspaces
that no longer validate (goal 0). Not part of the test suite: it takes a few minutes.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pexpect
import yaml
from timing import ENV, machine

ROOT = Path(__file__).resolve().parent.parent
TINY = ROOT / "tests" / "cases" / "frameworks" / "tiny.yaml"
ENTER, FINISH, DOWN, SPACE = "\r", "\x1b\r", "\x1b[B", " "


@dataclass(frozen=True)
class Prompt:
    """One prompt of the interview: how to spot it, what to type, what must be saved."""

    name: str  # where the answer is saved: context.<key>, <theme>.<question>, <theme>.rating...
    spot: str  # text that appears only in this prompt
    keys: Callable[[int], list[str]]  # keystrokes for round n; the last one confirms
    saved: Callable[[int], Any]  # the value that must then be saved


def _text(n: int, what: str) -> list[str]:
    return [f"{what} r{n}", ENTER]


def _long(n: int, what: str) -> list[str]:
    return [f"{what} r{n}", ENTER, "second line", FINISH]


def _theme(theme: str, title: str, questions: list[Prompt]) -> list[Prompt]:
    """A theme's prompts in the interview's order, after its heading."""
    return [
        Prompt(
            f"{theme}.heading", f"Theme {1 if theme == 'alpha' else 2} of 2: {title}", _none, _none
        ),
        *questions,
        # the current level: Middle, whether it was saved before or the first is offered
        Prompt(f"{theme}.rating.current", f"{title}: where are you now?", _none, lambda n: "mid"),
        Prompt(f"{theme}.rating.target", f"{title}: where do you aim", _none, lambda n: "high"),
        Prompt(
            f"{theme}.strengths",
            "Strengths in this theme",
            lambda n: [f"strength r{n}", FINISH],
            lambda n: [f"strength r{n}"],
        ),
        Prompt(
            f"{theme}.areas_for_development",
            "Areas for development,",
            lambda n: [f"area r{n}", FINISH],
            lambda n: [f"area r{n}"],
        ),
        Prompt(
            f"{theme}.evidence_reviewed",
            f"New documents for '{title}'",
            lambda n: [FINISH],
            lambda n: True,
        ),
    ]


def _none(n: int) -> Any:
    return []


CONTEXT = [
    Prompt(
        f"context.{key}",
        spot,
        lambda n, k=key: _long(n, k),
        lambda n, k=key: f"{k} r{n}\nsecond line",
    )
    for key, spot in (
        ("local_context", "Local context:"),
        ("political_makeup", "Political make-up:"),
        ("aims", "What the council wants"),
        ("key_challenges", "key challenges"),
    )
]
ALPHA = [
    Prompt("alpha.a.text", "Short text?", lambda n: _text(n, "short"), lambda n: f"short r{n}"),
    Prompt(
        "alpha.a.long",
        "Long text?",
        lambda n: _long(n, "long"),
        lambda n: f"long r{n}\nsecond line",
    ),
    Prompt("alpha.a.choice", "Pick one?", lambda n: [DOWN, ENTER], lambda n: "green"),
    Prompt("alpha.a.multi", "Pick some?", lambda n: [SPACE, ENTER], lambda n: ["cats"]),
    Prompt("alpha.a.number", "How many?", lambda n: [str(n % 100), ENTER], lambda n: n % 100),
    Prompt("alpha.a.date", "When?", lambda n: ["31/10/2026", ENTER], lambda n: "2026-10-31"),
    Prompt("alpha.a.yes", "Yes or no?", lambda n: [ENTER], lambda n: True),
]
BETA = [
    Prompt(
        "beta.b.one", "First beta question?", lambda n: _text(n, "first"), lambda n: f"first r{n}"
    ),
    Prompt(
        "beta.b.two",
        "Second beta question?",
        lambda n: _text(n, "second"),
        lambda n: f"second r{n}",
    ),
]
PLAN = CONTEXT + _theme("alpha", "Alpha", ALPHA) + _theme("beta", "Beta", BETA)
SELFASSESS = [sys.executable, "-m", "selfassess"]
END = "All required questions are answered"


def prompt_keys(prompt: Prompt, n: int, workspace: Path) -> list[str]:
    """The keystrokes for a prompt; a rating's levels depend on what is saved."""
    theme, _, key = prompt.name.partition(".")
    if key.startswith("rating"):
        rating = saved_value(workspace, f"{theme}.rating") or {}
        # each select offers the saved level (or, for the target, the current one): move to
        # Middle (current) or High (target) from there
        wanted = prompt.saved(n)
        offered = (
            rating.get(key.split(".")[1])
            or (rating.get("current") if key == "rating.target" else None)
            or "low"
        )
        steps = {"low": 0, "mid": 1, "high": 2}
        return [DOWN] * (steps[wanted] - steps[offered]) + [ENTER]
    return list(prompt.keys(n))


def saved_value(workspace: Path, name: str) -> Any:
    """What the workspace files hold for a prompt's name (None when nothing is saved)."""
    where, _, key = name.partition(".")
    if where == "context":
        data = yaml.safe_load((workspace / "context.yaml").read_text(encoding="utf-8")) or {}
        return data.get(key)
    path = workspace / "themes" / f"{where}.yaml"
    record = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None
    record = record or {}
    if key.startswith("rating"):
        rating = record.get("rating") or {}
        return rating if key == "rating" else rating.get(key.split(".")[1])
    if key in ("strengths", "areas_for_development", "evidence_reviewed"):
        return record.get(key)
    return (record.get("answers") or {}).get(key)


@dataclass
class Tally:
    kills: int = 0
    confirmed: int = 0
    lost: list[str] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)
    finished: int = 0
    moments: dict[str, int] = field(default_factory=dict)


def spawn(args: list[str], home: Path) -> pexpect.spawn:
    env = dict(ENV, PROMPT_TOOLKIT_NO_CPR="1", TERM="xterm", XDG_DATA_HOME=str(home))
    return pexpect.spawn(
        sys.executable,
        ["-m", "selfassess", *args],
        env=env,
        encoding="utf-8",
        timeout=20,
        dimensions=(40, 120),
    )


def new_workspace(base: Path, home: Path, number: int) -> Path:
    workspace = base / f"ws{number}"
    subprocess.run(
        [*SELFASSESS, "init", str(workspace), "--council", "Soakbury", "--framework", "tiny"],
        env=dict(ENV, XDG_DATA_HOME=str(home)),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return workspace


def one_round(
    workspace: Path, home: Path, n: int, rng: random.Random, confirmed: dict[str, Any]
) -> tuple[bool, str]:
    """Run ``start`` until the kill (or the end). Adds what was confirmed to ``confirmed``;
    returns whether the interview finished, and the moment of the kill. The interview only
    moves forward through the plan, so each prompt is looked for after the last one seen."""
    child = spawn(["start", "-w", str(workspace)], home)
    position, answering = -1, None
    try:
        while True:
            ahead = _ahead(position)
            which = child.expect_exact([p.spot for p in ahead] + [END, pexpect.EOF])
            if answering is not None:  # the interview moved on: the last answer is confirmed
                confirmed[answering.name] = answering.saved(n)
                answering = None
            if which >= len(ahead):
                if which == len(ahead):
                    child.expect(pexpect.EOF)
                return True, "none"
            prompt = ahead[which]
            position = PLAN.index(prompt) + 1
            if prompt.name.endswith(".heading"):
                continue
            text = "".join(prompt_keys(prompt, n, workspace))
            moment = rng.random()
            if moment < 0.12:
                return False, _kill(child, rng.uniform(0, 0.05), "at a prompt")
            if moment < 0.24 and len(text) > 2:
                child.send(text[: len(text) // 2])
                return False, _kill(child, rng.uniform(0, 0.03), "while typing")
            child.send(text)
            answering = prompt
            if moment < 0.45:
                killed = _kill(child, rng.uniform(0, 0.08), "just after Enter")
                _drain_confirmations(child, _ahead(position), answering, confirmed, n)
                return False, killed
    finally:
        child.close(force=True)


def _ahead(position: int) -> list[Prompt]:
    """The prompts that can come next: up to the next theme's heading (the lists' prompts
    read the same in every theme). At the start (-1): the context, or any theme's heading."""
    if position < 0:
        return [p for p in PLAN if p.name.startswith("context.") or p.name.endswith(".heading")]
    ahead = PLAN[position:]
    for number, prompt in enumerate(ahead):
        if prompt.name.endswith(".heading"):
            return ahead[: number + 1]
    return ahead


def _kill(child: pexpect.spawn, delay: float, moment: str) -> str:
    time.sleep(delay)
    os.kill(child.pid, signal.SIGKILL)
    return moment


def _drain_confirmations(
    child: pexpect.spawn, ahead: list[Prompt], answering: Prompt, confirmed: dict[str, Any], n: int
) -> None:
    """After a kill just after Enter: did the transcript show the next prompt before it?"""
    try:
        rest = child.read()  # what the process wrote before it died, up to EOF
    except pexpect.ExceptionPexpect:
        rest = ""
    if any(p.spot in rest for p in ahead) or END in rest:
        confirmed[answering.name] = answering.saved(n)


def check(workspace: Path, home: Path, confirmed: dict[str, Any], tally: Tally) -> None:
    for name, value in confirmed.items():
        tally.confirmed += 1
        saved = saved_value(workspace, name)
        if saved != value:
            tally.lost.append(f"{workspace.name} {name}: confirmed {value!r}, saved {saved!r}")
    result = subprocess.run(
        [sys.executable, "-m", "selfassess", "validate", str(workspace)],
        env=dict(ENV, XDG_DATA_HOME=str(home)),
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        tally.invalid.append(f"{workspace.name}: {result.stderr.strip()[:300]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--kills", type=int, default=200, help="how many SIGKILLs (200)")
    parser.add_argument("--seed", type=int, default=11, help="the random seed (11)")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    tally = Tally()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        home = base / "data"
        (home / "selfassess" / "frameworks").mkdir(parents=True)
        shutil.copy(TINY, home / "selfassess" / "frameworks")
        number, workspace = 1, new_workspace(base, home, 1)
        confirmed: dict[str, Any] = {}
        started = time.perf_counter()
        while tally.kills < args.kills:
            finished, moment = one_round(workspace, home, number, rng, confirmed)
            if finished:
                tally.finished += 1
                check(workspace, home, confirmed, tally)
                tally.confirmed -= len(confirmed)  # counted at the kills, not again here
                number += 1
                workspace, confirmed = new_workspace(base, home, number), {}
                continue
            tally.kills += 1
            tally.moments[moment] = tally.moments.get(moment, 0) + 1
            check(workspace, home, confirmed, tally)
        elapsed = time.perf_counter() - started
    report(args, tally, elapsed)


def report(args: argparse.Namespace, tally: Tally, elapsed: float) -> None:
    print(machine())
    print(f"seed {args.seed}: {tally.kills} SIGKILLs of 'selfassess start' in {elapsed:.0f} s")
    moments = ", ".join(f"{count} {name}" for name, count in sorted(tally.moments.items()))
    print(f"  kills: {moments}")
    print(f"  interviews run to the end between kills: {tally.finished}")
    print(f"  confirmed answers checked after kills: {tally.confirmed}")
    print(f"  confirmed answers lost:            {len(tally.lost):4d}  (goal 0)")
    print(f"  workspaces that no longer validate: {len(tally.invalid):4d}  (goal 0)")
    for line in (tally.lost + tally.invalid)[:20]:
        print(f"    {line}")


if __name__ == "__main__":
    main()
