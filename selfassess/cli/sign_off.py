"""``selfassess sign-off``: where the position statement stands, and who approved it."""

from __future__ import annotations

import click

from selfassess.cli.options import ONE_LINE, open_workspace, warn, workspace_option


@click.command("sign-off")
@workspace_option
@click.option(
    "--status",
    "state",
    required=True,
    type=click.Choice(["draft", "for-sign-off", "signed-off"]),
    help="Where the position statement stands: a draft, ready for sign-off, or signed off.",
)
@click.option(
    "--date",
    metavar="YYYY-MM-DD|today",
    help="When the status was reached, e.g. the date of the meeting (default: today).",
)
@click.option(
    "--approved-by",
    type=ONE_LINE,
    metavar="MEETING",
    help="The meeting that approved it, e.g. 'Cabinet, 14 July 2026'.",
)
@click.option(
    "--version", type=ONE_LINE, metavar="V", help="The version it carries, e.g. '0.3' or '1.0'."
)
@click.option(
    "--allow-gaps",
    is_flag=True,
    help="Sign it off with questions still unanswered (for this sign-off only).",
)
def sign_off(
    workspace_dir: str | None,
    state: str,
    date: str | None,
    approved_by: str | None,
    version: str | None,
    allow_gaps: bool,
) -> None:
    """Set the position statement's status: draft, for sign-off, or signed off.

    The status, its date, the approving meeting and the version are kept in workspace.yaml
    (position_statement) and printed on the statement ('selfassess report'). Signing off a
    statement that still has gaps (questions unanswered, council context unwritten) is
    refused, listing them (exit 1), unless --allow-gaps. Who signs it is set at 'init'
    (--leader, --chief-executive) or in workspace.yaml.

    \b
    Examples:
      selfassess sign-off -w ./cpc-2026 --status for-sign-off --version 0.9
      selfassess sign-off -w ./cpc-2026 --status signed-off --date 2026-07-14 \\
          --approved-by "Cabinet, 14 July 2026" --version 1.0
    """
    from selfassess.assessment import sign_off as lib
    from selfassess.documents.dates import in_words

    ws = open_workspace(workspace_dir)
    before = lib.current(ws)
    change = lib.Change(state, date, approved_by, version, allow_gaps)
    saved = lib.set_status(ws, change)
    said = {"draft": "a draft", "for-sign-off": "for sign-off", "signed-off": "signed off"}
    click.echo(
        f"The position statement is {said[state]} as of {in_words(saved['status_date'])}"
        + (f" ({saved['approved_by']})" if saved.get("approved_by") else "")
        + (f", version {saved['version']}" if saved.get("version") else "")
        + "."
    )
    gone = lib.cleared(before, saved)
    if gone:
        click.echo(f"No longer signed off, so cleared: {', '.join(gone)}.")
    missing = lib.gaps(ws)
    if missing and state == "signed-off":
        click.echo(f"Signed off with {lib.gaps_said(missing)} (--allow-gaps, for this sign-off).")
    elif missing and state == "for-sign-off":
        warn(
            f"it goes for sign-off with {lib.gaps_said(missing)}; signing it off will be "
            "refused until they are written (see 'selfassess check')"
        )
    elif missing:
        click.echo(f"It has {lib.gaps_said(missing)}.")
