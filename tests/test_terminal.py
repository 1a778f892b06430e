"""End to end in a real pseudo-terminal: the command a council officer actually runs."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest
from conftest import CASES, load_yaml

pexpect = pytest.importorskip("pexpect")


def spawn(*args: str, home: Path) -> pexpect.spawn:
    env = dict(os.environ, PROMPT_TOOLKIT_NO_CPR="1", TERM="xterm", XDG_DATA_HOME=str(home))
    child = pexpect.spawn(
        sys.executable,
        ["-m", "selfassess", *args],
        env=env,
        encoding="utf-8",
        timeout=20,
        dimensions=(40, 120),
    )
    return child


@pytest.fixture
def tiny_home(tmp_path: Path) -> Path:
    home = tmp_path / "data"
    (home / "selfassess" / "frameworks").mkdir(parents=True)
    shutil.copy(CASES / "frameworks" / "tiny.yaml", home / "selfassess" / "frameworks")
    return home


def test_interview_ctrl_c_then_resume_to_the_end(tmp_path: Path, tiny_home: Path) -> None:
    ws = tmp_path / "ws"
    evidence_file = tmp_path / "minutes.txt"
    evidence_file.write_text("Cabinet minutes")
    init = spawn("init", str(ws), "--council", "Testbury", "--framework", "tiny", home=tiny_home)
    init.expect("Next: selfassess start")
    init.expect(pexpect.EOF)

    child = spawn("start", "-w", str(ws), "--theme", "alpha", home=tiny_home)
    child.expect("Theme 1 of 2: Alpha")
    child.expect("Short text")
    child.send("Typed in a terminal\r")
    child.expect("Long text")
    child.sendcontrol("c")
    child.expect("stopped - 1 answer saved")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert load_yaml(ws / "themes" / "alpha.yaml")["answers"] == {"a.text": "Typed in a terminal"}

    child = spawn("start", "-w", str(ws), "--theme", "alpha", home=tiny_home)
    child.expect("Carrying on where you left off")
    child.expect("Long text")
    child.send("Two\rlines\x1b\r")
    child.expect("Pick one")
    child.send("\x1b[B\r")  # Green
    child.expect("Pick some")
    child.send(" \r")  # Cats
    child.expect("How many")
    child.send("7\r")
    child.expect("When")
    child.send("\r")
    child.expect("Yes or no")
    child.send("\x1b[B\r")  # No
    child.expect("where are you now")
    child.send("\r")
    child.expect("where do you aim to be")
    child.send("\x1b[B\r")
    child.expect("Strengths")
    child.send("Listening\x1b\r")
    child.expect("Areas for development")
    child.send("Pace\x1b\r")
    child.expect("New documents for 'Alpha'")
    child.send(f"{evidence_file}\x1b\r")
    child.expect("added E-001")
    child.expect("All required questions are answered")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    alpha = load_yaml(ws / "themes" / "alpha.yaml")
    assert alpha["answers"]["a.long"] == "Two\nlines"
    assert alpha["answers"]["a.choice"] == "green"
    assert alpha["answers"]["a.multi"] == ["cats"]
    assert alpha["answers"]["a.yes"] is False
    assert alpha["rating"] == {"current": "low", "target": "mid"}
    assert alpha["evidence_reviewed"] is True
    item = json.loads((ws / "evidence" / "items" / "E-001.json").read_text())
    assert item["themes"] == ["alpha"] and item["title"] == "minutes.txt"


def test_init_asks_for_what_it_was_not_given(tmp_path: Path, tiny_home: Path) -> None:
    ws = tmp_path / "asked"
    child = spawn("init", str(ws), home=tiny_home)
    child.expect("council's name")
    child.send("Askham Town Council\r")
    child.expect("Which framework")
    child.send("\r")
    child.expect("Created workspace")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    meta = load_yaml(ws / "workspace.yaml")
    assert meta["council"] == "Askham Town Council"
    assert meta["framework"]["id"] == "corporate-peer-challenge"


def test_ctrl_c_while_typing_keeps_a_draft_that_the_next_start_offers(
    tmp_path: Path, tiny_home: Path
) -> None:
    ws = tmp_path / "ws"
    init = spawn("init", str(ws), "--council", "Testbury", "--framework", "tiny", home=tiny_home)
    init.expect(pexpect.EOF)
    child = spawn("start", "-w", str(ws), "--theme", "alpha", home=tiny_home)
    child.expect("Short text")
    child.send("Typed but not finished")
    child.sendcontrol("c")
    child.expect("kept as a draft")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    child = spawn("start", "-w", str(ws), "--theme", "alpha", home=tiny_home)
    child.expect("You had started this answer: Typed but not finished")
    child.send(", now finished\r")
    child.expect("Long text")
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()
    answers = load_yaml(ws / "themes" / "alpha.yaml")["answers"]
    assert answers == {"a.text": "Typed but not finished, now finished"}
