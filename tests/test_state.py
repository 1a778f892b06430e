"""No process-wide state: caches belong to the workspace that opened them and are saved
when the operation ends; settings travel with the call."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from selfassess.assessment.workspace import Workspace
from selfassess.evidence.evidence_log import Register


def test_demo_leaves_nothing_beside_its_folder(tmp_path: Path) -> None:
    parent = tmp_path / "parent"
    parent.mkdir()
    for n in (1, 2):  # two runs once left two hidden folders behind
        target = parent / f"demo{n}"
        done = subprocess.run(
            [sys.executable, "-m", "selfassess", "demo", str(target)],
            capture_output=True,
            text=True,
            env={**os.environ, "CI": "true"},
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
    assert sorted(os.listdir(parent)) == ["demo1", "demo2"]


def test_the_check_cache_is_saved_by_the_operation_in_the_resolved_workspace(
    new_ws: Workspace, tmp_path: Path, monkeypatch
) -> None:
    cache = new_ws.root / ".selfassess" / "checked.json"
    cache.unlink(missing_ok=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(new_ws.root.parent)
    ws = Workspace.open(Path(new_ws.root.name))  # a relative path
    monkeypatch.chdir(elsewhere)  # the process moves on before it ends
    assert cache.is_file(), "saved when opening ended, not at interpreter exit"
    remembered = json.loads(cache.read_text())["files"]
    assert any(key.endswith(str(new_ws.root / "workspace.yaml")) for key in remembered)
    ws.theme_record(ws.framework.themes[0].id)
    Register(ws.root, ws.checks).items()
    assert not (elsewhere / new_ws.root.name).exists()
    assert os.listdir(elsewhere) == []


def test_two_workspaces_keep_their_own_caches(tmp_path: Path) -> None:
    made = [
        Workspace.create(tmp_path / name, council="C", framework_id="finance", cycle="2026").root
        for name in ("a", "b")
    ]
    for root in made:
        Workspace.open(root)
    for root, other in (made, made[::-1]):
        files = json.loads((root / ".selfassess" / "checked.json").read_text())["files"]
        assert files and not any(str(other) in key for key in files)
