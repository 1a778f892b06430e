"""Commands on one council's assessment: init, start, status, validate, demo."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import TYPE_CHECKING

import click

from selfassess.cli.options import (
    DATE,
    can_ask,
    json_option,
    no_input_option,
    open_workspace,
    print_json,
    settings,
    warn,
    workspace_option,
)
from selfassess.errors import FindingsFound, NotFound, UsageError

if TYPE_CHECKING:
    from selfassess.assessment.validation import Report


@click.command()
@click.argument("directory", type=click.Path(file_okay=False))
@click.option("--council", help="The council's name, e.g. 'Brackenford Borough Council'.")
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
    "--cycle", metavar="LABEL", help="Which challenge this is, e.g. 2026 (default: this year)."
)
@click.option(
    "--focus",
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
@click.option("--lead-member-peer", metavar="NAME", help="The lead member peer (a councillor).")
@click.option(
    "--lead-officer-peer", metavar="NAME", help="The lead officer peer (usually a chief executive)."
)
@click.option("--officer-peer", multiple=True, metavar="NAME", help="An officer peer (repeatable).")
@click.option("--shadow-peer", metavar="NAME", help="A shadow peer, if the team has one.")
@click.option("--peer-challenge-manager", metavar="NAME", help="The LGA peer challenge manager.")
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
    no_input: bool,
    profile: str | None,
) -> None:
    """Create a workspace: a folder for one council's self-assessment.

    Dates and the peer team are optional here; add them later by editing workspace.yaml.

    \b
    Example:
      selfassess init ./cpc-2026 --council "Brackenford Borough Council" \\
          --framework corporate-peer-challenge --focus "Housing delivery"
    """
    from pathlib import Path

    from selfassess.assessment.workspace import InitOptions
    from selfassess.assessment.workspace import init as init_workspace
    from selfassess.framework import catalogue

    if profile and not framework_id:  # the profile names the framework it tailors
        from selfassess.framework import tailoring

        framework_id = tailoring.load(Path(profile)).data["framework"]
    if not council or not framework_id:
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

        council, framework_id = interview.ask_init_details(
            council, framework_id, catalogue.available(settings())[0]
        )
    try:
        catalogue.load(framework_id, settings())
    except NotFound as exc:  # a mistyped --framework is a usage mistake
        raise UsageError(exc.message, hint=exc.hint) from None
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
    )
    ws = init_workspace(Path(directory), options, settings())
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
    from selfassess.datafiles.lock import hold

    # held as an operation: the answers file and the interview join this lock
    with hold(ws.root, "selfassess start"):
        if answers_file:
            from selfassess.assessment.interview import merge_answers

            count = merge_answers(ws, Path(answers_file), lambda problem: warn(str(problem)))
            click.echo(f"Merged {count} answer(s) from {answers_file}.")
        if interactive:
            from selfassess.cli import interview

            missing = interview.run(ws, theme_id=theme_id, review=review).remaining_required
        else:
            missing = ws.missing_required()
    if theme_id:
        missing = [m for m in missing if m[0] == theme_id]
    if missing:
        context = [key for where, key in missing if where == "context"]
        questions = [(where, key) for where, key in missing if where != "context"]
        if context:
            click.echo(f"Council context still to write: {', '.join(context)}", err=True)
        if questions:
            click.echo(f"{len(questions)} required question(s) still unanswered:", err=True)
            for theme, question in questions:
                click.echo(f"  {theme}: {question}", err=True)
        if not interactive:
            raise FindingsFound
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
    else:
        click.echo(
            "All required questions are answered. Next: selfassess validate, selfassess status."
        )


@click.command()
@workspace_option
@json_option
def status(workspace_dir: str | None, as_json: bool) -> None:
    """Progress theme by theme: questions answered, self-rating, strengths, areas for development.

    \b
    Example:
      selfassess status -w ./cpc-2026
    """
    from selfassess.assessment.answers import CONTEXT_FIELDS
    from selfassess.assessment.summary import summarise

    ws = open_workspace(workspace_dir)
    summary = summarise(ws)
    if as_json:
        print_json(summary.as_dict())
        return
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
        click.echo(
            f"On-site visit: {dates['visit_days'][0]} to {dates['visit_days'][-1]}"
            + (
                f"; pre-onsite meeting {dates['pre_onsite_meeting']}"
                if dates.get("pre_onsite_meeting")
                else ""
            )
            + "."
        )
    if summary.context_missing:
        labels = [CONTEXT_FIELDS[key].split(":")[0].lower() for key in summary.context_missing]
        click.echo(f"Council context still to write: {', '.join(labels)}.")
    click.echo(
        "Self-ratings are the council's own: they stay out of every document unless you ask."
    )


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

    ws = demo_lib.build(Path(directory))
    click.echo(f"Built the demo workspace for {ws.council} in {directory}.\n")
    ctx = click.get_current_context()
    ctx.invoke(status, workspace_dir=str(directory), as_json=False)
    latest = Path(directory) / "packs" / "v2"
    click.echo(
        f"\nThe evidence pack for the peer team: {latest / 'index.html'}  (open it in a browser)\n"
        "Version 1 went to the team; version 2 carries the answers to its four requests.\n"
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
