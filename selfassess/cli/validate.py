"""``selfassess validate``: check a workspace or any of its files, and print the report."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from selfassess.cli.options import json_option, print_json, settings, workspace_option
from selfassess.errors import FindingsFound

if TYPE_CHECKING:
    from selfassess.assessment.validation import Report


@click.command()
@click.argument("path", required=False, type=click.Path())
@workspace_option
@click.option(
    "--framework",
    "framework_id",
    metavar="ID",
    help="Check an answers file against this framework.",
)
@json_option
def validate(
    path: str | None, workspace_dir: str | None, framework_id: str | None, as_json: bool
) -> None:
    """Check a workspace, or a framework, answers or workspace file (exit 1 if not valid).

    PATH may be a workspace folder or a single file; what it is is worked out from its name
    and keys. Without PATH, the workspace (-w, $SELFASSESS_WORKSPACE or the current folder).

    \b
    Examples:
      selfassess validate ./cpc-2026
      selfassess validate answers.yaml --framework corporate-peer-challenge
    """
    from pathlib import Path

    from selfassess.assessment import workspace as ws_lib
    from selfassess.assessment.validation import validate as run_validate

    target = Path(path) if path else ws_lib.resolve(workspace_dir)
    report_validation(run_validate(target, framework_id, settings()), as_json)


def report_validation(report: Report, as_json: bool) -> None:
    """Print a validation report; exit 1 when it has errors."""
    from selfassess.assessment.validation import KINDS

    if as_json:
        print_json(report.as_dict())
    else:
        for problem in report.problems:
            click.echo(f"{problem.severity}: {problem}", err=True)
        if report.ok:
            extra = f" ({len(report.problems)} warning(s))" if report.problems else ""
            click.echo(f"{report.path}: valid {KINDS[report.kind]}{extra}")
        else:
            click.echo(
                f"{report.path}: {len(report.errors)} problem(s) in this {KINDS[report.kind]}",
                err=True,
            )
    if not report.ok:
        raise FindingsFound
