"""Commands on one council's assessment: init, start and demo (status and validate have
their own modules)."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import TYPE_CHECKING

import click

from selfassess.cli.options import (
    DATE,
    ONE_LINE,
    can_ask,
    no_input_option,
    open_workspace,
    settings,
    warn,
    workspace_option,
)
from selfassess.cli.status import status  # demo shows it
from selfassess.errors import FindingsFound, NotFound, UsageError

if TYPE_CHECKING:
    from selfassess.assessment.workspace import Workspace


@click.command()
@click.argument("directory", type=click.Path(file_okay=False))
@click.option(
    "--council", type=ONE_LINE, help="The council's name, e.g. 'Brackenford Borough Council'."
)
@click.option(
    "--framework",
    "framework_id",
    metavar="ID",
    help="Framework id (see 'selfassess frameworks list').",
)
@click.option(
    "--profile",
    type=click.Path(exists=True, dir_okay=False),
    help="A tailoring profile for the framework (kept in the workspace as profile.yaml).",
)
@click.option(
    "--cycle",
    type=ONE_LINE,
    metavar="LABEL",
    help="Which challenge this is, e.g. 2026 (default: this year).",
)
@click.option(
    "--focus",
    type=ONE_LINE,
    multiple=True,
    metavar="TEXT",
    help="A focus area the council adds: one of the framework's topics (by id or title), or "
    "your own words (repeatable).",
)
@click.option("--period-start", type=DATE, help="Start of the period the self-assessment covers.")
@click.option("--period-end", type=DATE, help="End of the period covered.")
@click.option(
    "--pre-onsite-meeting", type=DATE, help="Date of the pre-onsite meeting with the team."
)
@click.option(
    "--visit-day", type=DATE, multiple=True, help="A day of the on-site visit (repeatable)."
)
@click.option(
    "--lead-member-peer", type=ONE_LINE, metavar="NAME", help="The lead member peer (a councillor)."
)
@click.option(
    "--lead-officer-peer",
    type=ONE_LINE,
    metavar="NAME",
    help="The lead officer peer (usually a chief executive).",
)
@click.option(
    "--officer-peer",
    type=ONE_LINE,
    multiple=True,
    metavar="NAME",
    help="An officer peer (repeatable).",
)
@click.option(
    "--shadow-peer", type=ONE_LINE, metavar="NAME", help="A shadow peer, if the team has one."
)
@click.option(
    "--peer-challenge-manager",
    type=ONE_LINE,
    metavar="NAME",
    help="The LGA peer challenge manager.",
)
@click.option(
    "--leader",
    type=ONE_LINE,
    metavar="NAME[, TITLE]",
    help="Who signs the position statement for the councillors: 'Cllr Jo Marsh' or "
    "'Cllr Jo Marsh, Leader of the Council' (title default: Leader of the Council).",
)
@click.option(
    "--chief-executive",
    type=ONE_LINE,
    metavar="NAME[, TITLE]",
    help="Who signs it for the officers: 'Dr Amir Shah' or 'Dr Amir Shah, OBE, Managing "
    "Director' (letters after a name stay with it; title default: Chief Executive).",
)
@no_input_option
def init(
    directory: str,
    council: str | None,
    framework_id: str | None,
    cycle: str | None,
    focus: tuple[str, ...],
    period_start: str | None,
    period_end: str | None,
    pre_onsite_meeting: str | None,
    visit_day: tuple[str, ...],
    lead_member_peer: str | None,
    lead_officer_peer: str | None,
    officer_peer: tuple[str, ...],
    shadow_peer: str | None,
    peer_challenge_manager: str | None,
    leader: str | None,
    chief_executive: str | None,
    no_input: bool,
    profile: str | None,
) -> None:
    """Create a workspace: a folder for one council's self-assessment.

    Dates, the peer team and who signs the position statement are optional here; add them
    later by editing workspace.yaml. Without --leader or --chief-executive the position
    statement leaves a line for each to sign on.

    \b
    Example:
      selfassess init ./cpc-2026 --council "Brackenford Borough Council" \\
          --framework corporate-peer-challenge --focus "Housing delivery" \\
          --leader "Cllr Jo Marsh" --chief-executive "Dr Amir Shah"
    """
    from selfassess.assessment.workspace import InitOptions
    from selfassess.assessment.workspace import init as init_workspace

    council, framework_id = _council_and_framework(council, framework_id, profile, no_input)
    options = InitOptions(
        council=council,
        framework_id=framework_id,
        cycle=cycle,
        focus_areas=focus,
        period_start=period_start,
        period_end=period_end,
        pre_onsite_meeting=pre_onsite_meeting,
        visit_days=visit_day,
        lead_member_peer=lead_member_peer,
        lead_officer_peer=lead_officer_peer,
        officer_peers=officer_peer,
        shadow_peer=shadow_peer,
        peer_challenge_manager=peer_challenge_manager,
        profile=Path(profile) if profile else None,
        leader=leader,
        chief_executive=chief_executive,
    )
    ws = init_workspace(Path(directory), options, settings())
    _print_created(ws, directory)


def _council_and_framework(
    council: str | None, framework_id: str | None, profile: str | None, no_input: bool
) -> tuple[str, str]:
    """The council and the framework: from the flags or the profile, else asked in a
    terminal; the framework must be one that can be found."""
    from selfassess.framework import catalogue

    if profile and not framework_id:  # the profile names the framework it tailors
        from selfassess.framework import tailoring

        framework_id = tailoring.load(Path(profile)).data["framework"]
    if not council or not framework_id:
        council, framework_id = _ask_council_and_framework(council, framework_id, no_input)
    try:
        catalogue.load(framework_id, settings())
    except NotFound as exc:  # a mistyped --framework is a usage mistake
        raise UsageError(exc.message, hint=exc.hint) from None
    return council, framework_id


def _ask_council_and_framework(
    council: str | None, framework_id: str | None, no_input: bool
) -> tuple[str, str]:
    """Ask for the council or the framework init was not given, or say which flags to pass."""
    from selfassess.framework import catalogue

    if not can_ask(no_input):
        missing = " and ".join(
            flag
            for flag, value in (("--council", council), ("--framework", framework_id))
            if not value
        )
        raise UsageError(
            f"init needs {missing}",
            hint="pass them, or run in a terminal without --no-input to be asked",
        )
    from selfassess.cli import interview

    return interview.ask_init_details(council, framework_id, catalogue.available(settings())[0])


def _print_created(ws: Workspace, directory: str) -> None:
    click.echo(
        f"Created workspace {directory} for {ws.council} ({ws.framework.title}, {ws.cycle})."
    )
    click.echo(
        f"{len(ws.framework.themes)} themes, {sum(1 for _ in ws.framework.questions())} questions."
    )
    click.echo(f"Next: selfassess start -w {directory}")


@click.command()
@workspace_option
@click.option(
    "--theme",
    "theme_id",
    metavar="ID",
    help="Answer one theme only (so each director can take their own).",
)
@click.option(
    "--review",
    is_flag=True,
    help="Go through answered questions again, with saved answers as defaults.",
)
@click.option(
    "--answers",
    "answers_file",
    type=click.Path(exists=True, dir_okay=False),
    help="Merge answers from a YAML or JSON file first (see the README).",
)
@click.option(
    "--no-input",
    is_flag=True,
    help="Ask nothing: list the required questions still unanswered and exit 1 if there are any.",
)
def start(
    workspace_dir: str | None,
    theme_id: str | None,
    review: bool,
    answers_file: str | None,
    no_input: bool,
) -> None:
    """The interview: council context, then theme by theme. Every answer is saved at once.

    After the council context come your questions for the peer team ("push us hard
    on..."), each tagged to a theme: they become the team's lines of enquiry in the
    scoping document. --review shows them and lets you add more.

    Run it again to carry on where you stopped; Ctrl-C keeps what you have answered.
    In scripts, give --answers FILE and --no-input: required questions still unanswered
    are listed and the exit code is 1.

    \b
    Examples:
      selfassess start -w ./cpc-2026
      selfassess start -w ./cpc-2026 --theme financial-planning-and-management
      selfassess start -w ./cpc-2026 --answers answers.yaml --no-input
    """

    ws = open_workspace(workspace_dir)
    if theme_id:
        ws.framework.theme(theme_id)  # fail early on a wrong id, with a "did you mean"
    interactive = can_ask(no_input)
    if not interactive and not no_input and not answers_file:
        raise UsageError(
            "start needs a terminal to ask its questions",
            hint="pass --answers FILE to give the answers from a file, and --no-input to "
            "check what is still missing without asking",
        )
    missing = _answer(ws, theme_id, review, answers_file, interactive)
    if theme_id:
        missing = [m for m in missing if m[0] == theme_id]
    if missing:
        _print_missing(missing)
        if not interactive:
            raise FindingsFound
        _print_how_to_carry_on(ws, theme_id)
    else:
        click.echo(
            "All required questions are answered. Next: selfassess validate, selfassess status."
        )


def _answer(
    ws: Workspace,
    theme_id: str | None,
    review: bool,
    answers_file: str | None,
    interactive: bool,
) -> list[tuple[str, str]]:
    """Merge the answers file, then run the interview if a person is there; returns the
    required questions (and parts of the council context) still unanswered."""
    from selfassess.datafiles.lock import hold

    # held as an operation: the answers file and the interview join this lock
    with hold(ws.root, "selfassess start"):
        if answers_file:
            from selfassess.assessment.interview import merge_answers

            report = merge_answers(ws, Path(answers_file), lambda problem: warn(str(problem)))
            click.echo("\n".join(report.lines(answers_file)))
        if interactive:
            from selfassess.cli import interview

            return interview.run(ws, theme_id=theme_id, review=review).remaining_required
        return ws.missing_required()


def _print_missing(missing: list[tuple[str, str]]) -> None:
    context = [key for where, key in missing if where == "context"]
    questions = [(where, key) for where, key in missing if where != "context"]
    if context:
        click.echo(f"Council context still to write: {', '.join(context)}", err=True)
    if questions:
        click.echo(f"{len(questions)} required question(s) still unanswered:", err=True)
        for theme, question in questions:
            click.echo(f"  {theme}: {question}", err=True)


def _print_how_to_carry_on(ws: Workspace, theme_id: str | None) -> None:
    again = shlex.join(
        [
            "selfassess",
            "start",
            "-w",
            str(ws.root),
            *(["--theme", theme_id] if theme_id else []),
        ]
    )
    click.echo(f"Run '{again}' again to answer them.", err=True)


@click.command()
@click.argument(
    "directory", required=False, default="selfassess-demo", type=click.Path(file_okay=False)
)
def demo(directory: str) -> None:
    """Make a finished workspace for an invented council, and show its status.

    DIR defaults to ./selfassess-demo. Running it again rebuilds a demo folder it made
    before; it never overwrites anything else.

    \b
    Example:
      selfassess demo
    """
    from pathlib import Path

    from selfassess import demo as demo_lib
    from selfassess.requests.tracker import Tracker

    ws = demo_lib.build(Path(directory))
    asked = len(Tracker(ws.root).all())
    click.echo(f"Built the demo workspace for {ws.council} in {directory}.\n")
    ctx = click.get_current_context()
    ctx.invoke(status, workspace_dir=str(directory), as_json=False)
    latest = Path(directory) / "packs" / "v2"
    click.echo(
        f"\nThe evidence pack for the peer team: {latest / 'index.html'}  (open it in a browser)\n"
        f"Version 1 went to the team; version 2 carries the answers to its {asked} requests.\n"
        f"The scoping document and the position statement: {Path(directory) / 'documents'}/\n"
        "Try next:\n"
        f"  selfassess evidence list -w {directory}\n"
        f"  selfassess evidence check -w {directory}\n"
        f'  selfassess query "temporary accommodation" --pack {latest}\n'
        f"  selfassess check -w {directory}\n"
        f"  selfassess request list -w {directory}\n"
        f"  selfassess log -w {directory}\n"
        f"  selfassess validate {directory}"
    )
