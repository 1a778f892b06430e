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
    assert len(saved.pop("signed_content")) == 64  # what it said, to tell later changes
    assert saved == {"status": "signed-off", "status_date": "2026-11-25", "allow_gaps": True}
    saved["signed_content"] = sign_off.content_fingerprint(new_ws)
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
        "signed_content": sign_off.content_fingerprint(Workspace.open(demo_ws)),
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
    assert (
        allowed.exit_code == 0
        and "Signed off with" in allowed.output
        and "questions still to answer" in allowed.output
    )


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
    assert "signed off, but has changed since: 1 question still to answer" in result.output


def test_report_on_a_draft_counts_every_gap_truthfully(run, new_ws: Workspace) -> None:
    result = run("report", "-w", str(new_ws.root), "--format", "md", "--out", "-")
    total = len(sign_off.gaps(new_ws))
    assert f"Note: {sign_off.gaps_said(sign_off.gaps(new_ws))};" in result.output
    assert total == len(sign_off.gaps(new_ws))
    assert "their themes say so" not in result.output


def test_status_says_where_the_position_statement_stands(run, new_ws: Workspace) -> None:
    result = run("status", "-w", str(new_ws.root))
    assert "Position statement: draft" in result.output


# --- issue 12 follow-up --------------------------------------------------------------------


def test_one_count_of_gaps_and_one_way_of_saying_it(run, new_ws: Workspace) -> None:
    missing = sign_off.gaps(new_ws)
    said = sign_off.gaps_said(missing)
    assert str(len(missing)) not in said or "gap(s)" not in said
    questions = [g for g in missing if g.theme_id]
    assert f"{len(questions)} questions still to answer" in said
    result = run("report", "-w", str(new_ws.root), "--format", "md", "--out", "-")
    assert said in result.output and "gap(s)" not in result.output


def test_leaving_signed_off_clears_the_meeting_and_allowed_gaps_and_says_so(
    run, demo_ws: Path
) -> None:
    signed = run(
        "sign-off", "-w", str(demo_ws), "--status", "signed-off", "--date", "2026-07-14",
        "--approved-by", "Cabinet, 14 July 2026", "--version", "1.0", "--allow-gaps",
    )  # fmt: skip
    assert signed.exit_code == 0, signed.output
    back = run("sign-off", "-w", str(demo_ws), "--status", "draft")
    assert back.exit_code == 0, back.output
    saved = load_yaml(demo_ws / "workspace.yaml")["position_statement"]
    assert "approved_by" not in saved and "allow_gaps" not in saved
    assert saved.get("version") != "1.0"
    assert "Cabinet, 14 July 2026" in back.output and "cleared" in back.output


def test_allowing_gaps_is_for_that_sign_off_only(new_ws: Workspace) -> None:
    sign_off.set_status(new_ws, sign_off.Change("signed-off", allow_gaps=True), TODAY)
    sign_off.set_status(new_ws, sign_off.Change("draft"), TODAY)
    with pytest.raises(FindingsFound):
        sign_off.set_status(new_ws, sign_off.Change("signed-off"), TODAY)


def test_for_sign_off_with_gaps_warns(run, new_ws: Workspace) -> None:
    result = run("sign-off", "-w", str(new_ws.root), "--status", "for-sign-off")
    assert result.exit_code == 0
    assert "Warning" in result.output and "questions still to answer" in result.output


def test_status_says_signed_off_in_words_and_when_it_changed_since(run, demo_ws: Path) -> None:
    assert run("sign-off", "-w", str(demo_ws), "--status", "signed-off").exit_code == 0
    result = run("status", "-w", str(demo_ws))
    assert "Position statement: signed off" in result.output
    ws = Workspace.open(demo_ws)
    theme = ws.framework.themes[0]
    ws.set_answer(theme.id, theme.questions[0].id, None)
    result = run("status", "-w", str(demo_ws))
    assert "changed since it was signed off" in result.output


@pytest.mark.parametrize(
    ("given", "name", "title"),
    [
        ("Dr Amir Shah, OBE", "Dr Amir Shah, OBE", "Chief Executive"),
        ("Dr Amir Shah, OBE, Managing Director", "Dr Amir Shah, OBE", "Managing Director"),
        (
            "Jo Bloggs, CPFA FCA, Head of Paid Service",
            "Jo Bloggs, CPFA FCA",
            "Head of Paid Service",
        ),
        ("Sam Lee PhD", "Sam Lee PhD", "Chief Executive"),
    ],
)
def test_letters_after_a_name_stay_with_the_name(given: str, name: str, title: str) -> None:
    from selfassess.assessment.creation import signatories

    found = signatories(None, given)["chief_executive"]
    assert (found["name"], found["title"]) == (name, title)


def test_a_name_too_long_is_a_usage_error(run, tmp_path: Path) -> None:
    result = run(
        "init", str(tmp_path / "ws"), "--council", "Testbury District Council",
        "--framework", "corporate-peer-challenge", "--leader", "Jo " + "x" * 300,
    )  # fmt: skip
    assert result.exit_code == 2 and "--leader" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("where", ["file", "readonly"])
def test_out_into_a_place_that_cannot_be_written_names_it(
    run, new_ws: Workspace, tmp_path: Path, where: str
) -> None:
    import os

    if where == "file":
        (tmp_path / "afile").write_text("x")
        target = tmp_path / "afile" / "sub" / "ps.md"
    else:
        if os.geteuid() == 0:
            pytest.skip("root can write anywhere")
        locked = tmp_path / "locked"
        locked.mkdir()
        locked.chmod(0o500)
        target = locked / "sub" / "ps.md"
    result = run("report", "-w", str(new_ws.root), "--out", str(target))
    assert result.exit_code == 1, result.output
    assert str(target) in result.output and "Traceback" not in result.output


def test_a_sign_off_without_a_recorded_date_invents_none(run, demo_ws: Path) -> None:
    """A status set by hand with no date: the statement never says "None" or today."""
    ws = Workspace.open(demo_ws)
    theme = ws.framework.themes[0]
    ws.set_answer(theme.id, theme.questions[0].id, None)  # one gap, not allowed
    path = demo_ws / "workspace.yaml"
    data = load_yaml(path)
    data["position_statement"] = {"status": "signed-off"}
    import yaml

    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    text = run("report", "-w", str(demo_ws), "--format", "md", "--out", "-").stdout
    assert "None" not in text
    assert "> **Changed since it was signed off: to be signed off again**" in text
    assert "It was signed off, but has changed since" in text
    assert (
        "> Changed since it was signed off: 1 question still to answer. Sign it off again" in text
    )


def test_an_edit_after_sign_off_is_noticed_not_only_a_cleared_answer(run, demo_ws: Path) -> None:
    assert run("sign-off", "-w", str(demo_ws), "--status", "signed-off").exit_code == 0
    ws = Workspace.open(demo_ws)
    assert not sign_off.changed_since_sign_off(ws)
    theme = ws.framework.themes[0]
    question = next(q for q in theme.questions if q.type == "long_text")
    ws.set_answer(theme.id, question.id, "Rewritten after the cabinet meeting.")
    ws = Workspace.open(demo_ws)
    assert sign_off.changes_since_sign_off(ws) == ["what it says has been edited"]
    result = run("report", "-w", str(demo_ws), "--format", "md", "--out", "-")
    assert "has changed since: what it says has been edited" in result.output
    assert "Changed since it was signed off on" in result.stdout
    assert "has changed since it was signed off" in run("status", "-w", str(demo_ws)).output.lower()
    assert run("sign-off", "-w", str(demo_ws), "--status", "signed-off").exit_code == 0
    assert not sign_off.changed_since_sign_off(Workspace.open(demo_ws))  # signed again


def test_status_says_its_dates_in_words_and_names_the_version(run, demo_ws: Path) -> None:
    out = run("status", "-w", str(demo_ws)).output
    assert "On-site visit: 6 October 2026 to 9 October 2026" in out
    assert "pre-onsite meeting 15 September 2026" in out
    assert "version 0.4" in out and "2026-10-06" not in out
