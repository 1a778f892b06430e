"""``selfassess status``: where the self-assessment stands, theme by theme, then the totals."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from selfassess.cli.options import json_option, open_workspace, print_json, workspace_option
from selfassess.vocabulary import RATINGS_HANDLING

if TYPE_CHECKING:
    from selfassess.assessment.summary import Summary
    from selfassess.assessment.workspace import Workspace


@click.command()
@workspace_option
@json_option
def status(workspace_dir: str | None, as_json: bool) -> None:
    """Progress theme by theme: questions answered, self-rating, strengths, areas for development.

    \b
    Example:
      selfassess status -w ./cpc-2026
    """
    from selfassess.assessment.summary import summarise

    ws = open_workspace(workspace_dir)
    summary = summarise(ws)
    if as_json:
        print_json(summary.as_dict())
        return
    _print_theme_table(ws, summary)
    _print_totals(summary)
    _print_position_statement(ws)
    click.echo(f"Self-ratings are the council's own: {RATINGS_HANDLING}.")


def _print_theme_table(ws: Workspace, summary: Summary) -> None:
    """The council, then one row per theme: answers, self-rating, strengths and evidence."""
    from tabulate import tabulate

    def level(level_id: str | None) -> str:
        found = ws.framework.level(level_id) if level_id else None
        return found.label if found else "-"

    table = [
        (
            row.title + (" (focus)" if ws.framework.theme(row.theme_id).focus_area else ""),
            f"{row.answered}/{row.questions}",
            f"{row.required_answered}/{row.required}" + (" done" if row.complete else ""),
            f"{level(row.rating_current)} -> {level(row.rating_target)}"
            if ws.framework.scale
            else "n/a",
            row.strengths,
            row.areas_for_development,
            summary.evidence_by_theme[row.theme_id] or "none",
        )
        for row in summary.themes
    ]
    click.echo(f"{ws.council} - {ws.framework.title} ({ws.cycle})")
    click.echo(f"Workspace: {ws.root}\n")
    click.echo(
        tabulate(
            table,
            headers=[
                "Theme",
                "Answered",
                "Required",
                "Self-rating now -> target",
                "Strengths",
                "Areas for dev.",
                "Evidence",
            ],
        )
    )


def _print_totals(summary: Summary) -> None:
    """Required questions, the evidence log, the requests, the visit and the context."""
    from selfassess.assessment.answers import CONTEXT_FIELDS

    click.echo(f"\nRequired questions answered: {summary.required_answered} of {summary.required}.")
    click.echo(
        f"Evidence log: {summary.evidence_items} item(s); pre-reading {summary.pre_reading} "
        f"document(s), {summary.pre_reading_pages} pages."
    )
    if summary.requests:
        late = summary.requests_overdue
        click.echo(
            f"Additional information requests: {summary.requests}, "
            f"{len(summary.requests_open)} open"
            + (f", {len(late)} overdue ({', '.join(late)})" if late else "")
            + "."
        )
    dates = summary.dates or {}
    if dates.get("visit_days"):
        from selfassess.documents.dates import in_words

        first, last = in_words(dates["visit_days"][0]), in_words(dates["visit_days"][-1])
        click.echo(
            f"On-site visit: {first}"
            + (f" to {last}" if last != first else "")
            + (
                f"; pre-onsite meeting {in_words(dates['pre_onsite_meeting'])}"
                if dates.get("pre_onsite_meeting")
                else ""
            )
            + "."
        )
    if summary.context_missing:
        labels = [CONTEXT_FIELDS[key].split(":")[0].lower() for key in summary.context_missing]
        click.echo(f"Council context still to write: {', '.join(labels)}.")


def _print_position_statement(ws: Workspace) -> None:
    """Where the position statement stands: its status, since when, and the version."""
    from selfassess.assessment import sign_off
    from selfassess.documents.dates import in_words

    saved = sign_off.current(ws)
    details = [str(saved["approved_by"])] if saved.get("approved_by") else []
    details += [f"version {saved['version']}"] if saved.get("version") else []
    if saved.get("status_date"):
        details.insert(0, f"since {in_words(saved['status_date'])}")
    said = {"draft": "draft", "for-sign-off": "for sign-off", "signed-off": "signed off"}
    click.echo(
        f"Position statement: {said.get(str(saved['status']), saved['status'])}"
        + (f" ({', '.join(details)})" if details else "")
        + " (change it with 'selfassess sign-off')."
    )
    changes = sign_off.changes_since_sign_off(ws)
    if changes:
        click.echo(
            f"  It has changed since it was signed off: {'; '.join(changes)}; the statement "
            "says so."
        )
