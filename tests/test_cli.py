"""The command line as a user meets it: help, exit codes, no prompts without a terminal."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import click
import pytest
from conftest import ROOT, load_yaml, write

from selfassess.cli import cli


def all_commands(group: click.Group = cli, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command and subcommand (the top-level ones are loaded by name, lazily)."""
    found = []
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        found.append((*prefix, name))
        if isinstance(command, click.Group):
            found += all_commands(command, (*prefix, name))
    return found


COMMANDS = all_commands()
assert len(COMMANDS) > 25, COMMANDS  # every command and subcommand, so none goes untested


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_has_help_with_text(run, command: tuple[str, ...]) -> None:
    result = run(*command, "--help")
    assert result.exit_code == 0
    assert "Usage: selfassess" in result.output or "Usage: cli" in result.output
    body = result.output.split("\n\n", 2)[1].strip()
    assert len(body) > 20, f"{command} has no help text"


def test_version(run) -> None:
    from selfassess import __version__

    assert run("--version").output.strip() == f"selfassess, version {__version__}"


def test_module_entry_point_and_light_startup() -> None:
    """`python -m selfassess --help` works and loads none of the heavy libraries."""
    code = (
        "import sys, runpy; sys.argv=['selfassess','--help'];\n"
        "try:\n    runpy.run_module('selfassess', run_name='__main__')\n"
        "except SystemExit: pass\n"
        "heavy = [m for m in ('questionary', 'jsonschema', 'jinja2', 'yaml', 'tabulate',\n"
        "                     'prompt_toolkit') if m in sys.modules]\n"
        "print('HEAVY', heavy, file=sys.stderr)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "Usage: selfassess" in out.stdout
    assert "HEAVY []" in out.stderr


def test_init_without_a_terminal_names_the_missing_flags(run) -> None:
    result = run("init", "ws")
    assert result.exit_code == 2
    assert "init needs --council and --framework" in result.stderr


def test_init_with_unknown_framework_suggests_the_right_one(run) -> None:
    result = run("init", "ws", "--council", "X", "--framework", "corporate")
    assert result.exit_code == 2
    assert "no framework called 'corporate'" in result.stderr
    assert "corporate-peer-challenge" in result.stderr
    assert not Path("ws").exists()


def test_init_with_bad_date_is_a_usage_error(run) -> None:
    result = run(
        "init",
        "ws",
        "--council",
        "X",
        "--framework",
        "corporate-peer-challenge",
        "--visit-day",
        "6/10/2026",
    )
    assert result.exit_code == 2
    assert "'6/10/2026' is not a date in the form YYYY-MM-DD" in result.stderr


def test_init_records_dates_and_team(run) -> None:
    result = run(
        "init",
        "ws",
        "--council",
        "Testbury",
        "--framework",
        "corporate-peer-challenge",
        "--cycle",
        "2027",
        "--visit-day",
        "2027-03-03",
        "--visit-day",
        "2027-03-02",
        "--lead-officer-peer",
        "A. Chief",
        "--officer-peer",
        "B",
        "--officer-peer",
        "C",
        "--focus",
        "Climate",
        "--no-input",
    )
    assert result.exit_code == 0, result.output
    meta = load_yaml(Path("ws/workspace.yaml"))
    assert meta["cycle"] == "2027"
    assert meta["dates"]["visit_days"] == ["2027-03-02", "2027-03-03"]
    assert meta["team"]["officer_peers"] == ["B", "C"]
    assert meta["focus_areas"][0]["id"] == "focus-climate"


def test_start_without_a_terminal_exits_2_naming_the_flags(run, new_ws) -> None:
    result = run("start", "-w", str(new_ws.root))
    assert result.exit_code == 2
    assert "--answers" in result.stderr and "--no-input" in result.stderr


def test_start_in_a_folder_that_is_not_a_workspace(run) -> None:
    result = run("start", "--no-input")
    assert result.exit_code == 2
    assert "not a selfassess workspace" in result.stderr
    assert "selfassess init" in result.stderr


def test_scripted_start_merges_answers_and_lists_what_is_missing(
    run, new_ws, tmp_path: Path
) -> None:
    answers = write(
        tmp_path / "answers.yaml",
        """
context: {aims: Test our finances.}
answers:
  finance.mtfs: A three-year plan.
  finance.reserves-months: 4.5
  finance.mtfs-approved: 2026-02-25
  governance.audit-independent-member: true
  leadership.partnership-forums: [health-and-wellbeing-board]
  focus-nowhere.aims: a theme not in scope
ratings:
  financial-planning-and-management: {current: developing, target: established}
strengths:
  financial-planning-and-management: [Reserves rebuilt.]
""",
    )
    result = run("start", "-w", str(new_ws.root), "--answers", str(answers), "--no-input")
    assert result.exit_code == 1
    assert "Merged 8 answer(s)" in result.stdout
    assert "focus-nowhere.aims' is not in this workspace's framework" in result.stderr
    assert "required question(s) still unanswered" in result.stderr
    assert "finance.mtfs-gap" in result.stderr and "finance.mtfs\n" not in result.stderr
    finance = load_yaml(new_ws.theme_path("financial-planning-and-management"))
    assert finance["answers"]["finance.reserves-months"] == 4.5
    assert finance["answers"]["finance.mtfs-approved"] == "2026-02-25"
    assert finance["rating"] == {"current": "developing", "target": "established"}
    assert load_yaml(new_ws.root / "context.yaml")["aims"] == "Test our finances."


def test_scripted_start_with_a_bad_answer_changes_nothing(run, new_ws, tmp_path: Path) -> None:
    answers = write(
        tmp_path / "answers.yaml", "answers:\n  finance.mtfs: ok\n  finance.reserves-months: many\n"
    )
    result = run("start", "-w", str(new_ws.root), "--answers", str(answers), "--no-input")
    assert result.exit_code == 1
    assert "answers.yaml:3" in result.stderr and "nothing was changed" in result.stderr
    assert not new_ws.theme_path("financial-planning-and-management").exists()


def test_complete_answers_exit_0(run, new_ws, tmp_path: Path) -> None:
    from selfassess.assessment import answers
    from selfassess.datafiles import datafile
    from selfassess.datafiles.resources import data_file

    demo = datafile.parse(Path("a.yaml"), data_file("demo", "answers.yaml").read_text())
    demo["answers"] = {k: v for k, v in demo["answers"].items() if not k.startswith("focus-")}
    demo["answers"].update(
        {
            f"focus-housing-delivery.{q}": "x"
            for q in ("aims", "current-position", "evidence", "help-wanted")
        }
    )
    for listing in ("ratings", *answers.THEME_LISTS):
        demo[listing] = {k: v for k, v in demo[listing].items() if not k.startswith("focus-")}
    path = write(tmp_path / "full.json", json.dumps(demo))
    result = run("start", "-w", str(new_ws.root), "--answers", str(path), "--no-input")
    assert result.exit_code == 0, result.output
    assert "All required questions are answered" in result.stdout


def test_start_with_unknown_theme(run, new_ws) -> None:
    result = run("start", "-w", str(new_ws.root), "--theme", "finance", "--no-input")
    assert result.exit_code == 1
    assert (
        "has no theme 'finance' (did you mean 'financial-planning-and-management'?)"
        in result.stderr
    )


def test_start_on_a_locked_workspace(run, new_ws) -> None:
    with new_ws.lock("selfassess start"):
        result = run("start", "-w", str(new_ws.root), "--no-input")
    assert result.exit_code == 1
    assert "is in use by 'selfassess start'" in result.stderr


def test_status_json(run, demo_ws: Path) -> None:
    result = run("status", "-w", str(demo_ws), "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["framework"]["id"] == "corporate-peer-challenge"
    assert len(data["themes"]) == 6
    assert all(theme["complete"] for theme in data["themes"])
    assert data["context_missing"] == []


def test_status_table(run, new_ws) -> None:
    new_ws.set_answer("governance-and-culture", "governance.scrutiny", "x")
    result = run("status", "-w", str(new_ws.root))
    assert result.exit_code == 0
    row = next(
        line for line in result.stdout.splitlines() if line.startswith("Governance and culture")
    )
    assert "1/9" in row and "1/7" in row
    assert "Required questions answered: 1 of 39." in result.stdout


def test_demo_builds_a_valid_workspace_and_can_be_rebuilt(run) -> None:
    first = run("demo", "d")
    assert first.exit_code == 0, first.output
    assert "Kestleford Borough Council" in first.stdout
    assert run("validate", "d").exit_code == 0
    assert run("demo", "d").exit_code == 0


def test_demo_never_overwrites_a_folder_it_did_not_make(run) -> None:
    write(Path("mine/notes.txt"), "precious")
    result = run("demo", "mine")
    assert result.exit_code == 1
    assert "not an untouched demo folder" in result.stderr
    assert Path("mine/notes.txt").read_text() == "precious"


def test_frameworks_list_and_show(run) -> None:
    listing = json.loads(run("frameworks", "list", "--json").stdout)
    assert "corporate-peer-challenge" in [f["id"] for f in listing]
    shown = json.loads(run("frameworks", "show", "corporate-peer-challenge", "--json").stdout)
    on_disk = load_yaml(ROOT / "frameworks" / "corporate-peer-challenge.yaml")
    assert shown == on_disk
    text = run("frameworks", "show", "corporate-peer-challenge").stdout
    assert "Ground rules:" in text and "finance.mtfs-gap" in text


def test_frameworks_validate_broken_file(run, tmp_path: Path) -> None:
    broken = write(tmp_path / "mine.yaml", "id: mine\nversion: 1\ntitle: x\n")
    result = run("frameworks", "validate", str(broken))
    assert result.exit_code == 1
    assert "'summary' is required here" in result.stderr


def test_demo_keeps_a_demo_folder_someone_has_worked_in(run) -> None:
    assert run("demo", "d").exit_code == 0
    write(Path("d/mynotes.txt"), "mine")
    result = run("demo", "d")
    assert result.exit_code == 1 and "mynotes.txt" in result.stderr
    assert Path("d/mynotes.txt").read_text() == "mine"


@pytest.mark.parametrize(
    "args",
    [
        ["check"],  # required questions unanswered
        ["evidence", "check"],  # themes without evidence
        ["validate", "{ws}/themes/governance-and-culture.yaml"],
        ["start", "--no-input"],
    ],
)
def test_findings_exit_1_with_the_report_and_no_second_message(run, new_ws, args) -> None:
    """Findings go through the one error hierarchy: exit 1, nothing added to the report."""
    from selfassess.errors import FindingsFound, SelfAssessError

    assert issubclass(FindingsFound, SelfAssessError) and FindingsFound().message == ""
    if args[0] == "validate":
        write(new_ws.root / "themes" / "governance-and-culture.yaml", "answers: {nope: 1}\n")
    filled = [a.format(ws=new_ws.root) for a in args]
    result = run(*filled, *([] if args[0] == "validate" else ["-w", str(new_ws.root)]))
    assert result.exit_code == 1
    assert "Error:" not in result.stderr and result.output.strip()


def test_pack_verify_reports_a_changed_file_with_exit_1(run, demo_ws: Path) -> None:
    pack = demo_ws / "packs" / "v1"
    (pack / "library.csv").write_text("changed\n")
    result = run("pack", "verify", str(pack))
    assert result.exit_code == 1 and "modified: library.csv" in result.stderr
    assert "Error:" not in result.stderr
