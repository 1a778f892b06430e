"""Signing off the position statement, and who signs it (``init --leader``)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import load_yaml

from selfassess.assessment import sign_off
from selfassess.assessment.workspace import Workspace
from selfassess.errors import FindingsFound, UsageError

TODAY = dt.date(2026, 11, 25)


def test_init_keeps_who_signs_with_titles_given_or_usual(run, tmp_path: Path) -> None:
    result = run(
        "init", str(tmp_path / "ws"), "--council", "Testbury District Council",
        "--framework", "corporate-peer-challenge",
        "--leader", "Cllr Jo Marsh",
        "--chief-executive", "Dr Amir Shah, Managing Director",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    saved = load_yaml(tmp_path / "ws" / "workspace.yaml")["position_statement"]
    assert saved == {
        "leader": {"name": "Cllr Jo Marsh", "title": "Leader of the Council"},
        "chief_executive": {"name": "Dr Amir Shah", "title": "Managing Director"},
    }
    ws = Workspace.open(tmp_path / "ws")
    assert sign_off.signatories(ws) == [
        ["Leader of the Council", "Cllr Jo Marsh"],
        ["Managing Director", "Dr Amir Shah"],
    ]


def test_init_refuses_a_signatory_with_no_name(run, tmp_path: Path) -> None:
    result = run(
        "init", str(tmp_path / "ws"), "--council", "Testbury District Council",
        "--framework", "corporate-peer-challenge", "--leader", ", Leader",
    )  # fmt: skip
    assert result.exit_code == 2 and "--leader" in result.output
    assert not (tmp_path / "ws" / "workspace.yaml").exists()


def test_signing_off_with_gaps_is_refused_and_names_them(new_ws: Workspace) -> None:
    with pytest.raises(FindingsFound) as refused:
        sign_off.set_status(new_ws, sign_off.Change("signed-off"), TODAY)
    first = new_ws.framework.themes[0].questions[0]
    assert first.prompt in refused.value.message and "--allow-gaps" in refused.value.message
    assert "position_statement" not in load_yaml(new_ws.root / "workspace.yaml")


def test_allowed_gaps_are_recorded(new_ws: Workspace) -> None:
    sign_off.set_status(new_ws, sign_off.Change("signed-off", allow_gaps=True), TODAY)
    saved = load_yaml(new_ws.root / "workspace.yaml")["position_statement"]
    assert saved == {"status": "signed-off", "status_date": "2026-11-25", "allow_gaps": True}
    assert Workspace.open(new_ws.root).meta["position_statement"] == saved


def test_a_finished_statement_is_signed_off_and_kept_with_the_rest(demo_ws: Path, run) -> None:
    before = load_yaml(demo_ws / "workspace.yaml")
    result = run(
        "sign-off", "-w", str(demo_ws), "--status", "signed-off", "--date", "2026-07-14",
        "--approved-by", "Cabinet, 14 July 2026", "--version", "1.0",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "signed off as of 14 July 2026 (Cabinet, 14 July 2026), version 1.0." in result.output
    after = load_yaml(demo_ws / "workspace.yaml")
    assert after["position_statement"] == {
        **(before.get("position_statement") or {}),
        "status": "signed-off",
        "status_date": "2026-07-14",
        "approved_by": "Cabinet, 14 July 2026",
        "version": "1.0",
    }
    assert {k: v for k, v in after.items() if k != "position_statement"} == {
        k: v for k, v in before.items() if k != "position_statement"
    }
    assert "sign-off" in (demo_ws / "activity.jsonl").read_text()


def test_the_cli_refuses_gaps_with_exit_1(run, new_ws: Workspace) -> None:
    result = run("sign-off", "-w", str(new_ws.root), "--status", "signed-off")
    assert result.exit_code == 1
    assert "Not signed off" in result.output and "Council context: Local context" in result.output
    allowed = run("sign-off", "-w", str(new_ws.root), "--status", "signed-off", "--allow-gaps")
    assert allowed.exit_code == 0 and "signed off with them" in allowed.output


@pytest.mark.parametrize(
    "args",
    [
        ("--status", "approved"),
        ("--status", "draft", "--date", "14/07/2026"),
        ("--status", "draft", "--date", "2026-02-30"),
        (),
    ],
)
def test_the_cli_says_usage_mistakes_with_exit_2(
    run, new_ws: Workspace, args: tuple[str, ...]
) -> None:
    result = run("sign-off", "-w", str(new_ws.root), *args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output


def test_a_bad_status_in_the_library_is_a_usage_error(new_ws: Workspace) -> None:
    with pytest.raises(UsageError):
        sign_off.set_status(new_ws, sign_off.Change("approved"), TODAY)


def test_report_says_when_gaps_came_back_after_sign_off(run, demo_ws: Path) -> None:
    assert run("sign-off", "-w", str(demo_ws), "--status", "signed-off").exit_code == 0
    ws = Workspace.open(demo_ws)
    theme = ws.framework.themes[0]
    ws.set_answer(theme.id, theme.questions[0].id, None)
    result = run("report", "-w", str(demo_ws), "--format", "md", "--out", "-")
    assert result.exit_code == 0
    assert "signed off, but 1 gap(s) have appeared since" in result.output


def test_report_on_a_draft_counts_every_gap_truthfully(run, new_ws: Workspace) -> None:
    result = run("report", "-w", str(new_ws.root), "--format", "md", "--out", "-")
    total = len(sign_off.gaps(new_ws))
    assert f"Note: {total} gap(s) still to write" in result.output
    assert "their themes say so" not in result.output


def test_status_says_where_the_position_statement_stands(run, new_ws: Workspace) -> None:
    result = run("status", "-w", str(new_ws.root))
    assert "Position statement: draft" in result.output
