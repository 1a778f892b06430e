"""The council's side of ``selfassess request``: import the team's requests files into the
council's tracker, and answer them. (The group and the team's side: requests.py.)"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from selfassess.cli.options import (
    DATE,
    can_ask,
    no_input_option,
    open_workspace,
    workspace_option,
)
from selfassess.vocabulary import ON_SITE, TO_FOLLOW

if TYPE_CHECKING:
    from selfassess.evidence.model import EvidenceItem
    from selfassess.requests.tracker import Tracked


@click.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@workspace_option
def import_(files: tuple[str, ...], workspace_dir: str | None) -> None:
    """Import the team's requests files into the council's tracker (safe to repeat).

    \b
    Example:
      selfassess request import requests.yaml -w ./cpc-2026
    """
    from pathlib import Path

    from selfassess.pack.history import latest_version, pack_id
    from selfassess.requests import tracker

    ws = open_workspace(workspace_dir)
    outcome = tracker.import_requests(
        ws.root,
        [Path(f) for f in files],
        council=ws.council,
        pack_id=pack_id(ws),
        pack_version=latest_version(ws),
    )
    click.echo(
        f"Imported {', '.join(files)}: {len(outcome.added)} new, {len(outcome.reopened)} "
        f"re-opened, {len(outcome.withdrawn)} withdrawn, {len(outcome.updated)} updated."
    )
    if not outcome.changed:
        click.echo("Nothing changed: the council's tracker already holds these requests.")
    for note in outcome.notes:
        click.echo(note)
    if outcome.reopened:
        click.echo(
            f"Asked for again after a decline: {', '.join(outcome.reopened)} (see 'request list "
            "--status re-opened' for the earlier decline)"
        )
    if outcome.added or outcome.reopened:
        click.echo(
            f"Answer them with: selfassess request respond ID -w {ws.root} (see 'request list')"
        )


@click.command()
@click.argument("request_id", metavar="ID")
@workspace_option
@click.option(
    "--evidence",
    "evidence_ids",
    multiple=True,
    metavar="E-ID",
    help="An evidence item that answers it (repeatable).",
)
@click.option(
    "--file",
    "files",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    help="A new document that answers it: added to the evidence log (repeatable).",
)
@click.option("--decline", metavar="REASON", help="Decline, saying why.")
@click.option("--partial", is_flag=True, help="It answers the request only in part.")
@click.option(
    "--team-room", is_flag=True, help="Answer that the item is available in the team room."
)
@click.option(
    "--to-follow",
    callback=lambda ctx, param, value: _date(ctx, param, value, "--to-follow", "DATE"),
    metavar="DATE",
    help="Answer for now: it will be sent by DATE (overdue if DATE passes).",
)
@click.option(
    "--on-site",
    is_flag=False,
    callback=lambda ctx, param, value: _date(ctx, param, value, "--on-site", "[DATE]"),
    flag_value="",
    metavar="[DATE]",
    help="Answer for now: it will be in the team room on site, from DATE "
    "(default: the first day of the visit).",
)
@click.option(
    "--note", metavar="TEXT", help="A note for the team (for example when a meeting is arranged)."
)
@click.option("--sensitive", is_flag=True, help="New --file documents are OFFICIAL-SENSITIVE.")
@click.option("--personal-data", is_flag=True, help="New --file documents contain personal data.")
@click.option("--exempt", is_flag=True, help="New --file documents are exempt (Part 2).")
@no_input_option
def respond(
    request_id: str,
    workspace_dir: str | None,
    evidence_ids: tuple[str, ...],
    files: tuple[str, ...],
    decline: str | None,
    partial: bool,
    team_room: bool,
    to_follow: str | None,
    on_site: str | None,
    note: str | None,
    sensitive: bool,
    personal_data: bool,
    exempt: bool,
    no_input: bool,
) -> None:
    """Answer a request: fulfil it (evidence or new files), decline it, point to the team room,
    or answer for now: it will follow (--to-follow DATE) or be on site (--on-site).

    \b
    Examples:
      selfassess request respond R-7f3k2a --evidence E-014
      selfassess request respond R-9m2x4b --file risk-q2.xlsx --partial --note "Q3 in May"
      selfassess request respond R-4k8p2c --decline "Not yet approved by cabinet"
      selfassess request respond R-2x7hqd --to-follow 2026-10-01 --note "After cabinet"
    """
    from selfassess.requests import answering

    options = answering.RespondOptions(
        evidence=evidence_ids,
        files=files,
        decline=decline,
        partial=partial,
        team_room=team_room,
        note=note,
        sensitive=sensitive,
        personal_data=personal_data,
        exempt=exempt,
        **_for_now(to_follow, on_site),
    )
    options.check()
    ws = open_workspace(workspace_dir)
    options = options.on_site_from(ws.first_visit_day)

    def describe(path: str, template: EvidenceItem) -> EvidenceItem:
        from selfassess.cli import interview

        return interview.ask_evidence_details(path, template, ws.framework)

    answered = answering.respond(
        ws.root,
        ws.framework,
        request_id,
        options,
        describe=describe if can_ask(no_input) else None,
        on_added=_print_added,
    )
    click.echo(f"{_in_words(answered)}. The next 'selfassess pack build' carries the answer.")


def _date(
    ctx: click.Context, param: click.Parameter, value: str | None, flag: str, date: str
) -> str | None:
    """The date given to ``flag``; a request id there was most likely meant to come first."""
    import re

    if value and re.fullmatch(r"R-\w+", value, flags=re.IGNORECASE):
        raise click.UsageError(
            f"{flag} takes a date, not the request id {value}: put the request id first, or "
            f"give the date: selfassess request respond {value} {flag} {date}",
            ctx,
        )
    if value is None or (value == "" and flag == "--on-site"):  # --on-site alone: no date
        return value
    return DATE.convert(value, param, ctx)


def _in_words(answered: Tracked) -> str:
    return (
        f"{answered.id}: {answered.status}"
        + (f" with {', '.join(answered.evidence)}" if answered.evidence else "")
        + (f" ({answered.expected})" if answered.expected else "")
    )


def _for_now(to_follow: str | None, on_site: str | None) -> dict[str, str | None]:
    """--to-follow DATE and --on-site [DATE] as an answer for now (one at most)."""
    if to_follow is not None and on_site is not None:
        raise click.UsageError("give --to-follow or --on-site, not both")
    if to_follow is not None:
        return {"for_now": TO_FOLLOW, "expected": to_follow}
    if on_site is not None:
        return {"for_now": ON_SITE, "expected": on_site or None}
    return {}


def _print_added(item: EvidenceItem, notices: list[str]) -> None:
    """Say that a new document answering the request joined the evidence log."""
    click.echo(f"Added {item.id}: {item.title} ({item.handling.label()})")
    for notice in notices:
        click.echo(f"  note: {notice}")
