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
