"""The architecture is checked, not promised: import-linter's contracts in pyproject.toml
(the library never imports click or questionary, the layers, no import cycles, a light
reader for the peer team), and the file list that shows it."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_import_contracts_are_kept(capsys: pytest.CaptureFixture[str]) -> None:
    from importlinter import cli

    kept = cli.lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True)
    report = capsys.readouterr().out
    assert kept == cli.EXIT_STATUS_SUCCESS, report
    assert "0 broken" in report and "4 kept" in report


def test_the_command_table_agrees_with_each_command() -> None:
    import click

    from selfassess.cli import COMMANDS, cli

    for name, (_, summary) in COMMANDS.items():
        command = cli.get_command(None, name)  # type: ignore[arg-type]
        assert command is not None and command.name == name
        own = command.get_short_help_str(limit=1000)
        assert own == click.Command(name, help=summary).get_short_help_str(limit=1000)
    groups = {name for name, c in cli.commands.items() if hasattr(c, "commands")}
    assert groups == {"evidence", "frameworks", "pack", "request"}


def test_top_level_help_imports_no_command_module_and_no_heavy_library() -> None:
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from selfassess.cli import cli\n"
        "try:\n"
        "    cli(['--help'], prog_name='selfassess')\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(' '.join(sorted(sys.modules)), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    loaded = set(done.stderr.split())
    assert "Commands:" in done.stdout and "validate" in done.stdout
    assert not {m for m in loaded if m.startswith("selfassess.cli.")}
    assert not loaded & {"yaml", "jsonschema", "jinja2", "questionary", "docx", "openpyxl"}


def test_a_mistyped_command_gets_a_suggestion(run) -> None:
    result = run("stauts")
    assert result.exit_code == 2 and "Did you mean" in result.output and "'status'" in result.output


def test_every_module_and_function_reads_in_one_sitting() -> None:
    """STYLE.md: modules under about 400 lines, functions under about 60."""
    import ast

    too_long = []
    for path in sorted((ROOT / "selfassess").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        name = str(path.relative_to(ROOT))
        if len(text.splitlines()) > 450:
            too_long.append(f"{name}: {len(text.splitlines())} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > 60:
                    too_long.append(f"{name}: {node.name} is {length} lines")
    assert too_long == []
