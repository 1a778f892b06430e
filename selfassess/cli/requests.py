"""``selfassess request`` (the team's and the council's sides) and ``selfassess log``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from selfassess import vocabulary
from selfassess.cli.options import (
    DATE,
    can_ask,
    json_option,
    no_input_option,
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
STATUS_CHOICE = click.Choice(["open", "fulfilled", "partly-fulfilled", "declined", "withdrawn"])
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
      selfassess request merge requests-*.yaml --out requests.yaml
      selfassess request list --pack ./pack-v2
    The council's single point of contact:
      selfassess request import requests.yaml -w ./cpc-2026
      selfassess request respond R-7f3k2a --evidence E-014 -w ./cpc-2026
      selfassess request list -w ./cpc-2026 --overdue
    """


def _verified_manifest(pack_path: str) -> dict[str, Any]:
    from pathlib import Path

    from selfassess.errors import SelfAssessError
    from selfassess.pack import reader

    check = reader.verify(Path(pack_path))
    if not check.ok:
        changed = ", ".join(check.modified + check.missing + check.unexpected)
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
    requests_file = teamfile.load_file(path) if path.exists() else teamfile.for_pack(manifest)
    teamfile.check_same_pack(requests_file, manifest, path)
    said = teamfile.add(requests_file, manifest, asked)
    teamfile.save_file(requests_file, path)
    for line in said:
        (warn if line.startswith("warning:") else click.echo)(line.removeprefix("warning: "))
    click.echo(
        f"{path}: {len(requests_file.requests)} request(s). Send it to the peer challenge manager."
    )


@request.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--out", required=True, metavar="FILE", help="The merged requests file to write.")
def merge(files: tuple[str, ...], out: str) -> None:
    """Merge the members' requests files into one, dropping duplicates and keeping every reason.

    \b
    Example:
      selfassess request merge lead-member.yaml lead-officer.yaml --out requests.yaml
    """
    from pathlib import Path

    from selfassess.requests import teamfile

    loaded = [(Path(f), teamfile.load_file(Path(f))) for f in files]
    merged = teamfile.merge(loaded)
    teamfile.save_file(merged, Path(out))
    total = sum(len(f.requests) for _, f in loaded)
    click.echo(
        f"Merged {total} request(s) from {len(files)} file(s) into {len(merged.requests)} in {out}."
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

    path = Path(requests_path)
    requests_file = teamfile.load_file(path)
    withdrawn = teamfile.withdraw(requests_file, request_id)
    teamfile.save_file(requests_file, path)
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
    from pathlib import Path

    from selfassess.assessment.layout import WORKSPACE_FILE
    from selfassess.assessment.workspace import resolve

    team_side = bool(pack_path or requests_path) or (
        not workspace_dir
        and not (resolve(None) / WORKSPACE_FILE).exists()
        and Path("requests.yaml").exists()
    )
    on = dt.date.today()
    rows = (
        _team_rows(pack_path, requests_path, on) if team_side else _council_rows(workspace_dir, on)
    )
    if status:
        rows = [r for r in rows if r["status"] == status]
    if overdue:
        rows = [r for r in rows if r["overdue"]]
    if as_json:
        print_json(rows)
        return
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


@request.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@workspace_option
def import_(files: tuple[str, ...], workspace_dir: str | None) -> None:
    """Import the team's requests files into the council's tracker (safe to repeat).

    \b
    Example:
      selfassess request import requests.yaml -w ./cpc-2026
    """
    from pathlib import Path

    from selfassess.pack import builder
    from selfassess.requests import tracker

    ws = open_workspace(workspace_dir)
    outcome = tracker.import_requests(
        ws.root,
        [Path(f) for f in files],
        council=ws.council,
        pack_id=builder.pack_id(ws),
        pack_version=builder.latest_version(ws),
    )
    added, withdrawn, updated = outcome.added, outcome.withdrawn, outcome.updated
    click.echo(
        f"Imported {', '.join(files)}: {len(added)} new, {len(withdrawn)} withdrawn, "
        f"{len(updated)} updated."
    )
    if added:
        click.echo(
            f"Answer them with: selfassess request respond ID -w {ws.root} (see 'request list')"
        )


@request.command()
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
    note: str | None,
    sensitive: bool,
    personal_data: bool,
    exempt: bool,
    no_input: bool,
) -> None:
    """Answer a request: fulfil it (evidence or new files), decline it, or point to the team room.

    \b
    Examples:
      selfassess request respond R-7f3k2a --evidence E-014
      selfassess request respond R-9m2x4b --file risk-q2.xlsx --partial --note "Q3 in May"
      selfassess request respond R-4k8p2c --decline "Not yet approved by cabinet"
    """
    from selfassess.evidence.evidence_log import EvidenceItem
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
    )
    options.check()
    ws = open_workspace(workspace_dir)

    def describe(path: str, template: EvidenceItem) -> EvidenceItem:
        from selfassess.cli import interview

        return interview.ask_evidence_details(path, template, ws.framework)

    def report_added(item: EvidenceItem, notices: list[str]) -> None:
        click.echo(f"Added {item.id}: {item.title} ({item.handling.label()})")
        for notice in notices:
            click.echo(f"  note: {notice}")

    answered = answering.respond(
        ws.root,
        ws.framework,
        request_id,
        options,
        describe=describe if can_ask(no_input) else None,
        on_added=report_added,
    )
    click.echo(
        f"{answered.id}: {answered.status}"
        + (f" with {', '.join(answered.evidence)}" if answered.evidence else "")
        + ". The next 'selfassess pack build' carries the answer."
    )


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
