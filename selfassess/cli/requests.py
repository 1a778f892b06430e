"""``selfassess request``: the group, the team's side and the list of either side (the
council's import and respond: council_requests.py); and ``selfassess log``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from selfassess import vocabulary
from selfassess.cli import council_requests
from selfassess.cli.options import (
    DATE,
    json_option,
    open_workspace,
    print_json,
    warn,
    workspace_option,
)

if TYPE_CHECKING:
    import datetime as dt


ROLE_CHOICE = click.Choice(
    [
        "lead-member-peer",
        "lead-officer-peer",
        "officer-peer",
        "shadow-peer",
        "peer-challenge-manager",
    ]
)
STATUS_CHOICE = click.Choice(list(vocabulary.REQUEST_STATUSES))
file_option = click.option(
    "--file",
    "requests_path",
    default="requests.yaml",
    show_default=True,
    metavar="REQUESTS",
    help="The team's requests file.",
)


@click.group()
def request() -> None:
    """Additional information requests: the team asks, the council answers.

    \b
    The peer team (needs only the pack):
      selfassess request add E-006 E-013 --pack ./pack --reason "..." --by lead-officer-peer
      selfassess request add --ask "latest corporate risk register" --pack ./pack
      selfassess request merge requests-*.yaml --out requests.yaml --with-reasons ours.yaml
      selfassess request list --pack ./pack-v2
    The council's single point of contact:
      selfassess request import requests.yaml -w ./cpc-2026
      selfassess request respond R-7f3k2a --evidence E-014 -w ./cpc-2026
      selfassess request list -w ./cpc-2026 --overdue
    """


# the council's commands live in council_requests.py
request.add_command(council_requests.import_)
request.add_command(council_requests.respond)


def _verified_manifest(pack_path: str) -> dict[str, Any]:
    from pathlib import Path

    from selfassess.errors import SelfAssessError
    from selfassess.pack import reader

    check = reader.verify(Path(pack_path))
    if not check.ok:
        changed = ", ".join(check.problems)
        raise SelfAssessError(
            f"{pack_path} does not match its manifest ({changed})",
            hint="ask the council for a fresh copy of the pack",
        )
    return reader.load_manifest(Path(pack_path))


@request.command()
@click.argument("items", nargs=-1, metavar="[ITEM_ID]...")
@click.option(
    "--pack",
    "pack_path",
    required=True,
    metavar="PACK",
    help="The council's pack (folder or .zip).",
)
@click.option("--ask", metavar="TEXT", help="What you need that is not in the library.")
@click.option(
    "--type",
    "kind",
    type=click.Choice(list(vocabulary.REQUEST_TYPES)),
    default="document",
    show_default=True,
)
@click.option("--theme", metavar="ID", help="The theme it is for.")
@click.option(
    "--reason",
    metavar="TEXT",
    help="Why you need it (stays in the team's file, never in the council's log).",
)
@click.option("--due", type=DATE, help="When you need it by.")
@click.option("--by", type=ROLE_CHOICE, help="Your role on the team.")
@file_option
def add(
    items: tuple[str, ...],
    pack_path: str,
    ask: str | None,
    kind: str,
    theme: str | None,
    reason: str | None,
    due: str | None,
    by: str | None,
    requests_path: str,
) -> None:
    """Ask for library items, or for something else (--ask), into your requests file.

    \b
    Example:
      selfassess request add E-006 --pack ./pack --reason "VFM follow-up" --due 2026-09-30
    """
    from pathlib import Path

    from selfassess.requests import teamfile

    asked = teamfile.NewRequests(
        items=items, ask=ask, kind=kind, theme=theme, reason=reason, due=due, by=by
    )
    asked.check()
    manifest = _verified_manifest(pack_path)
    path = Path(requests_path)
    requests_file, said = teamfile.add_to_file(path, manifest, asked)
    for line in said:
        (warn if line.startswith("warning:") else click.echo)(line.removeprefix("warning: "))
    click.echo(
        f"{path}: {len(requests_file.requests)} request(s). Send it to the peer challenge manager."
    )


@request.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--out",
    required=True,
    metavar="FILE",
    help="The merged file to send to the council: no member's reasons.",
)
@click.option(
    "--with-reasons",
    "team_out",
    metavar="FILE",
    help="Also write a merged copy for the team that keeps every member's reasons.",
)
def merge(files: tuple[str, ...], out: str, team_out: str | None) -> None:
    """Merge the members' requests files into one for the council, dropping duplicates.

    The file --out is the one to send to the council's single point of contact: it holds
    only what the council keeps, never a member's reason. --with-reasons writes the team's
    own merged copy, reasons and all. The members' files are not changed. Where members
    gave different due dates, the earliest that is not already past is kept, and each
    difference is listed.

    \b
    Example:
      selfassess request merge lead-member.yaml lead-officer.yaml --out requests.yaml \\
          --with-reasons team-requests.yaml
    """
    import os
    from pathlib import Path

    from selfassess.requests import merging, teamfile

    _refuse_overwriting_a_member(files, out, "--out")
    if team_out:
        _refuse_overwriting_a_member(files, team_out, "--with-reasons")
        if os.path.realpath(team_out) == os.path.realpath(out):
            raise click.UsageError("--out and --with-reasons need two different files")
    loaded = [(Path(f), teamfile.load_file(Path(f))) for f in files]
    merged = merging.merge(loaded)
    teamfile.save_file(merged.council_copy(), Path(out), note=teamfile.FOR_THE_COUNCIL)
    if team_out:
        teamfile.save_file(merged.team, Path(team_out), note=teamfile.FOR_THE_TEAM)
    total = sum(len(f.requests) for _, f in loaded)
    click.echo(
        f"Merged {total} request(s) from {len(files)} file(s) into {len(merged.team.requests)}: "
        f"{out} for the council (no reasons)" + (f", {team_out} for the team." if team_out else ".")
    )
    if merged.due_conflicts:
        on = teamfile.today()
        click.echo(f"Members gave different due dates for {len(merged.due_conflicts)} request(s):")
        for conflict in merged.due_conflicts:
            click.echo(f"  {conflict.describe(on)}")


def _refuse_overwriting_a_member(files: tuple[str, ...], out: str, option: str) -> None:
    """A merged copy must never replace a member's own file: not one of the files merged
    (by whatever path), and nothing through a link, which may lead to any member's file."""
    import os

    if os.path.islink(out):
        raise click.UsageError(
            f"{option} {out} is a link to {os.path.realpath(out)}: writing through it would "
            "replace that file (perhaps a member's, with their reasons); give a new file"
        )
    if any(os.path.realpath(out) == os.path.realpath(f) for f in files):
        raise click.UsageError(
            f"{option} {out} is one of the files to merge: it would lose its member's reasons; "
            "write the council's copy to a new file (or the team's copy with --with-reasons)"
        )


@request.command()
@click.argument("request_id", metavar="ID")
@file_option
def withdraw(request_id: str, requests_path: str) -> None:
    """Withdraw a request you no longer need (the council sees it at the next import).

    \b
    Example:
      selfassess request withdraw R-7f3k2a
    """
    from pathlib import Path

    from selfassess.requests import teamfile

    withdrawn = teamfile.withdraw_in_file(Path(requests_path), request_id)
    click.echo(f"Withdrew {withdrawn.id}: {withdrawn.subject()}.")


@request.command("list")
@click.option(
    "--pack",
    "pack_path",
    metavar="PACK",
    help="Show each request as this pack reports it (the team's view).",
)
@click.option(
    "--file",
    "requests_path",
    metavar="REQUESTS",
    help="The team's requests file (default requests.yaml).",
)
@workspace_option
@click.option("--status", type=STATUS_CHOICE, help="Only requests in this state.")
@click.option("--overdue", is_flag=True, help="Only open requests past their due date.")
@json_option
def list_(
    pack_path: str | None,
    requests_path: str | None,
    workspace_dir: str | None,
    status: str | None,
    overdue: bool,
    as_json: bool,
) -> None:
    """List requests: the team's (with --pack / --file) or the council's tracker (-w).

    \b
    Examples:
      selfassess request list --pack ./pack-v2            # the team: what came back
      selfassess request list -w ./cpc-2026 --overdue     # the council: what is late
    """
    import datetime as dt

    on = dt.date.today()
    if _team_side(pack_path, requests_path, workspace_dir):
        rows = _team_rows(pack_path, requests_path, on)
    else:
        rows = _council_rows(workspace_dir, on)
    if status:
        rows = [r for r in rows if r["status"] == status]
    if overdue:
        rows = [r for r in rows if r["overdue"]]
    if as_json:
        print_json(rows)
    else:
        _print_requests(rows, on)


def _team_side(pack_path: str | None, requests_path: str | None, workspace_dir: str | None) -> bool:
    """The team's requests when a pack or a requests file is given, or when there is no
    workspace here but a requests.yaml is; else the council's tracker."""
    from pathlib import Path

    from selfassess.assessment.layout import WORKSPACE_FILE
    from selfassess.assessment.workspace import resolve

    return bool(pack_path or requests_path) or (
        not workspace_dir
        and not (resolve(None) / WORKSPACE_FILE).exists()
        and Path("requests.yaml").exists()
    )


def _print_requests(rows: list[dict[str, Any]], on: dt.date) -> None:
    if not rows:
        click.echo("No requests.")
        return
    from tabulate import tabulate

    table = [
        (
            r["id"],
            r["what"],
            r["type"],
            r["due"] or "",
            r["status"] + (" (OVERDUE)" if r["overdue"] else ""),
            r["days_open"],
            r.get("answer") or "",
        )
        for r in rows
    ]
    click.echo(
        tabulate(
            table,
            headers=["id", "what", "type", "due", "status", "days open", "answer"],
            maxcolwidths=[None, 40, None, None, None, None, 40],
        )
    )
    click.echo(f"\n{len(rows)} request(s), as at {on.isoformat()}.")


def _team_rows(
    pack_path: str | None, requests_path: str | None, on: dt.date
) -> list[dict[str, Any]]:
    from pathlib import Path

    from selfassess.requests import listing, teamfile

    path = Path(requests_path or "requests.yaml")
    if pack_path and not requests_path and not path.exists():
        # no file of one's own: every request the pack reports
        return listing.pack_rows(_verified_manifest(pack_path), on)
    requests_file = teamfile.load_file(path)
    manifest = None
    if pack_path:
        manifest = _verified_manifest(pack_path)
        teamfile.check_same_pack(requests_file, manifest, path)
    return listing.team_rows(requests_file, manifest, on)


def _council_rows(workspace_dir: str | None, on: dt.date) -> list[dict[str, Any]]:
    from selfassess.requests import tracker

    return tracker.council_rows(open_workspace(workspace_dir).root, on)


@click.command()
@workspace_option
@json_option
def log(workspace_dir: str | None, as_json: bool) -> None:
    """The workspace's activity log: when, which role, what (never names, never a peer's reason).

    \b
    Example:
      selfassess log -w ./cpc-2026
    """
    from selfassess.datafiles import activity

    ws = open_workspace(workspace_dir)
    entries = activity.read(ws.root)
    if as_json:
        print_json(entries)
        return
    for e in entries:
        click.echo(f"{e['when']}  {e['role']:<24} {e['what']}")
    if not entries:
        click.echo("Nothing recorded yet.")
