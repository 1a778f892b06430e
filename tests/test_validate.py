"""`selfassess validate`: every bad file gets the file, the line, the JSON path and what to do."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import CASES, write

INVALID = sorted((CASES / "invalid").glob("*.yaml"))


def expectations(path: Path) -> list[str]:
    lines = path.read_bytes().decode("utf-8", "replace").splitlines()
    return [line.removeprefix("# expect: ") for line in lines if line.startswith("# expect: ")]


@pytest.mark.parametrize("case", INVALID, ids=[p.stem for p in INVALID])
def test_invalid_case_reports_expected_message(case: Path, tmp_path: Path, run) -> None:
    # copy so the file name in messages is short and the framework-id check sees the stem
    target = shutil.copy(case, tmp_path / case.name.replace(".answers", ""))
    result = run("validate", str(target))
    warning_only = any(e.startswith("warning:") for e in expectations(case))
    assert result.exit_code == (0 if warning_only else 1), result.output
    for expected in expectations(case):
        expected = expected.replace("framework-dup-question", Path(target).stem)
        assert expected in result.stderr, f"{expected!r} not in:\n{result.stderr}"
    assert "Traceback" not in result.output


def test_json_output_lists_problems_with_line_and_path(run, tmp_path: Path) -> None:
    target = shutil.copy(CASES / "invalid" / "bad-level.answers.yaml", tmp_path / "a.yaml")
    result = run("validate", str(target), "--json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["kind"] == "answers" and report["valid"] is False
    (problem,) = report["problems"]
    assert problem["line"] == 5
    assert problem["path"] == "$.ratings.governance-and-culture.current"


def test_the_demo_workspace_is_valid(run, demo_ws: Path) -> None:
    result = run("validate", str(demo_ws))
    assert result.exit_code == 0, result.output
    assert "valid workspace" in result.stdout


def test_validate_defaults_to_the_workspace_from_the_environment(run, demo_ws: Path) -> None:
    result = run("validate", env={"SELFASSESS_WORKSPACE": str(demo_ws)})
    assert result.exit_code == 0 and "valid workspace" in result.stdout


def test_hand_edited_theme_file_with_typo_is_caught_with_did_you_mean(run, demo_ws: Path) -> None:
    theme = demo_ws / "themes" / "financial-planning-and-management.yaml"
    text = theme.read_text().replace("finance.mtfs-gap:", "finance.mtfs-gp:")
    theme.write_text(text)
    result = run("validate", str(demo_ws))
    assert result.exit_code == 1
    line = next(n for n, t in enumerate(text.splitlines(), 1) if t.startswith("  finance.mtfs-gp:"))
    assert f"financial-planning-and-management.yaml:{line}" in result.stderr
    assert "did you mean 'finance.mtfs-gap'?" in result.stderr


def test_every_broken_file_in_a_workspace_is_reported_not_just_the_first(
    run, demo_ws: Path
) -> None:
    write(demo_ws / "themes" / "governance-and-culture.yaml", "answers: [unclosed\n")
    write(demo_ws / "themes" / "capacity-for-improvement.yaml", b"answers:\n  x: \xff\n")
    write(demo_ws / "themes" / "no-such-theme.yaml", "answers: {}\n")
    result = run("validate", str(demo_ws))
    assert result.exit_code == 1
    assert "governance-and-culture.yaml:1" in result.stderr
    assert "capacity-for-improvement.yaml:2: the file is not UTF-8" in result.stderr
    assert "'no-such-theme' is not a theme of this workspace" in result.stderr


def test_oversized_file_is_refused_before_parsing(run, tmp_path: Path) -> None:
    big = write(tmp_path / "big.yaml", "answers:\n" + "  x: " + "y" * (6 * 1024 * 1024) + "\n")
    result = run("validate", str(big))
    assert result.exit_code == 1
    assert "over the 5 MB limit" in result.stderr


def test_missing_path_is_a_usage_error(run) -> None:
    result = run("validate", "nowhere.yaml")
    assert result.exit_code == 2
    assert "nowhere.yaml: no such file or folder" in result.stderr


def test_folder_that_is_not_a_workspace_is_a_usage_error(run, tmp_path: Path) -> None:
    result = run("validate", str(tmp_path))
    assert result.exit_code == 2
    assert "not a workspace" in result.stderr


def test_answers_file_checked_against_named_framework(run, tmp_path: Path) -> None:
    target = write(tmp_path / "a.yaml", "answers:\n  finance.reserves-months: 75\n")
    assert run("validate", str(target)).exit_code == 0  # no framework named: schema only
    result = run("validate", str(target), "--framework", "corporate-peer-challenge")
    assert result.exit_code == 1 and "above the maximum of 60" in result.stderr


def test_missing_framework_in_workspace_file_is_reported(run, demo_ws: Path) -> None:
    meta = demo_ws / "workspace.yaml"
    meta.write_text(meta.read_text().replace("id: corporate-peer-challenge", "id: corporate-peer"))
    result = run("validate", str(demo_ws))
    assert result.exit_code == 1
    assert "no framework called 'corporate-peer'" in result.stderr
    assert "workspace.yaml:" in result.stderr


def test_evidence_items_are_validated_with_the_workspace(run, new_ws, tmp_path: Path) -> None:
    doc = write(tmp_path / "plan.txt", "plan")
    run(
        "evidence",
        "add",
        str(doc),
        "--theme",
        "governance-and-culture",
        "-w",
        str(new_ws.root),
        "--no-input",
    )
    item = new_ws.root / "evidence" / "items" / "E-001.json"
    data = json.loads(item.read_text())
    data["themes"] = ["governance-and-culturee"]
    data["kind"] = "memo"
    item.write_text(json.dumps(data, indent=2))
    result = run("validate", str(new_ws.root))
    assert result.exit_code == 1
    assert "E-001.json:5 ($.kind)" in result.stderr or "E-001.json" in result.stderr
    assert "memo" in result.stderr
    data["kind"] = "other"
    item.write_text(json.dumps(data, indent=2))
    result = run("validate", str(new_ws.root))
    assert "did you mean 'governance-and-culture'" in result.stderr


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "answers:\n  finance.mtfs: x\n  finance.mtfs: y\n",
            ":3: not valid YAML (column 3): the key 'finance.mtfs' is given twice "
            "(first on line 2)",
        ),
        ("answers:\n\tfinance.mtfs: x\n", ":2: not valid YAML: this line has a tab"),
        (
            "framework: corporate-peer-challenge\nanswers:\n  finance.reserves-months: .inf\n",
            "expected a number, got inf",
        ),
        (
            "framework: corporate-peer-challenge\nanswers:\n  capacity.programme-lead: no\n",
            "put the answer in quotes to keep it as text",
        ),
    ],
    ids=["duplicate-key", "tab", "infinity", "yes-no-as-text"],
)
def test_subtle_yaml_mistakes_are_caught(run, tmp_path: Path, text: str, expected: str) -> None:
    target = write(tmp_path / "a.yaml", text)
    result = run("validate", str(target))
    assert result.exit_code == 1
    assert expected in result.stderr


def test_workspace_dates_must_be_real_and_in_order(run, demo_ws: Path) -> None:
    meta = demo_ws / "workspace.yaml"
    original = meta.read_text()
    meta.write_text(original.replace("period_start: '2023-04-01'", "period_start: '2023-02-30'"))
    result = run("validate", str(demo_ws))
    assert result.exit_code == 1 and "'2023-02-30' is not a real date" in result.stderr
    meta.write_text(original.replace("period_start: '2023-04-01'", "period_start: '2027-04-01'"))
    assert "starts (2027-04-01) after it ends" in run("validate", str(demo_ws)).stderr


def test_focus_area_clashing_with_a_theme_is_caught(run, demo_ws: Path) -> None:
    meta = demo_ws / "workspace.yaml"
    meta.write_text(
        meta.read_text().replace(
            "id: focus-housing-delivery-and-homelessness", "id: governance-and-culture"
        )
    )
    result = run("validate", str(demo_ws))
    assert (
        result.exit_code == 1
        and "focus area id 'governance-and-culture' is already used" in result.stderr
    )
    assert run("status", "-w", str(demo_ws)).exit_code == 1
