"""``selfassess frameworks``: list, show and validate frameworks."""

from __future__ import annotations

import click

from selfassess.cli.options import json_option, print_json, settings
from selfassess.vocabulary import RATINGS_HANDLING

MAX_ID_LENGTH = 64  # a framework's id is its file name


@click.group()
def frameworks() -> None:
    """List, show and check the frameworks a self-assessment can follow."""


@frameworks.command("list")
@json_option
def list_(as_json: bool) -> None:
    """List the frameworks available.

    \b
    Example:
      selfassess frameworks list
    """
    from tabulate import tabulate

    from selfassess.framework import catalogue

    found, problems = catalogue.available(settings())
    for problem in problems:
        click.echo(f"{problem.severity}: {problem}", err=True)
    if as_json:
        print_json(
            [
                {
                    "id": f.id,
                    "version": f.version,
                    "title": f.title,
                    "themes": len(f.themes),
                    "questions": sum(len(t.questions) for t in f.themes),
                    "scale": [lv.id for lv in f.scale],
                    "source": f.source,
                }
                for f in found
            ]
        )
        return
    rows = [
        (
            f.id,
            f.version,
            f.title,
            len(f.themes),
            sum(len(t.questions) for t in f.themes),
            "shipped" if catalogue.is_shipped(f) else f.source,
        )
        for f in found
    ]
    click.echo(tabulate(rows, headers=["id", "version", "title", "themes", "questions", "from"]))
    if problems:
        click.echo(f"\n{len(problems)} problem(s) above: those files were skipped.", err=True)


@frameworks.command()
@click.argument("framework_id", metavar="ID")
@click.option(
    "--profile",
    type=click.Path(exists=True, dir_okay=False),
    help="Show it tailored by this profile file.",
)
@json_option
def show(framework_id: str, profile: str | None, as_json: bool) -> None:
    """Show a framework: its themes, questions, scale and ground rules.

    With --json, the framework as loaded, with the same keys as its file.

    \b
    Example:
      selfassess frameworks show corporate-peer-challenge
    """
    from selfassess.framework import catalogue

    framework = catalogue.load(framework_id, settings())
    if profile:
        from pathlib import Path

        from selfassess.framework import tailoring

        loaded = tailoring.load(Path(profile))
        framework = tailoring.apply(framework, loaded)
        if not as_json:
            click.echo(
                f"Tailored by {profile}: " + "; ".join(tailoring.describe(loaded.data)) + "\n"
            )
    if as_json:
        print_json(framework.data)
        return
    echo = click.echo
    echo(f"{framework.title}  ({framework.id}, version {framework.version})\n")
    echo(f"{framework.summary}\n")
    echo("Ground rules:")
    for rule in framework.ground_rules:
        echo(f"  - {rule}")
    if framework.scale:
        echo(f"\nSelf-rating scale ({RATINGS_HANDLING}):")
        for level in framework.scale:
            echo(f"  {level.id:<14} {level.label}: {level.description}")
    for number, theme in enumerate(framework.themes, 1):
        echo(f"\n{number}. {theme.title}  [{theme.id}]")
        echo(f"   {theme.summary}")
        for question in theme.questions:
            need = "required" if question.required else "optional"
            echo(f"   - {question.id} ({question.type}, {need}): {question.prompt}")
            for choice in question.choices:
                echo(f"       {choice.id}: {choice.label}")
    for theme in framework.optional_themes:
        echo(f"\nOptional topic (add with init --focus {theme.id}): {theme.title}")
        for question in theme.questions:
            echo(f"   - {question.id} ({question.type}): {question.prompt}")
    if framework.focus_area_questions:
        echo("\nAsked for each focus area the council adds:")
        for q in framework.focus_area_questions:
            echo(f"   - {q['id']} ({q['type']}): {q['prompt']}")


@frameworks.command("validate")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--previous",
    type=click.Path(exists=True, dir_okay=False),
    help="The framework's previous version: check the version went up and no id changed meaning.",
)
@json_option
def validate_(file: str, previous: str | None, as_json: bool) -> None:
    """Check a framework file: schema, meaning, and against its previous version (exit 1 if not valid).

    \b
    Examples:
      selfassess frameworks validate my-framework.yaml
      selfassess frameworks validate v2/my-framework.yaml --previous v1/my-framework.yaml
    """
    from pathlib import Path

    from selfassess.assessment.validation import Report
    from selfassess.cli.validate import report_validation
    from selfassess.framework import catalogue

    loaded, problems = catalogue.check_file(Path(file))
    if previous and not problems:
        from selfassess.framework.changes import against_previous

        old, old_problems = catalogue.check_file(Path(previous))
        problems = old_problems or against_previous(loaded, old)
    report_validation(Report(Path(file), "framework", problems), as_json)


@frameworks.command()
@click.argument("framework_id", metavar="ID")
@click.option("-o", "--out", metavar="FILE", help="Where to write it (default: ID.yaml here).")
def new(framework_id: str, out: str | None) -> None:
    """Start a framework of your own: a valid file, with comments, to fill in.

    \b
    Example:
      selfassess frameworks new housing-review
      selfassess frameworks validate housing-review.yaml
    """
    import re
    from pathlib import Path

    from selfassess.datafiles import templating
    from selfassess.datafiles.datafile import write_atomic
    from selfassess.errors import SelfAssessError, UsageError

    if len(framework_id) > MAX_ID_LENGTH:  # it names a file: keep it one a disk can hold
        raise UsageError(
            f"'{framework_id[:20]}...' is too long for an id ({len(framework_id)} characters)",
            hint=f"use at most {MAX_ID_LENGTH} characters",
        )
    if not re.fullmatch(r"[a-z0-9]+(?:[-.][a-z0-9]+)*", framework_id):
        raise UsageError(
            f"'{framework_id}' is not a valid id", hint="use lowercase letters, digits and hyphens"
        )
    from selfassess.framework.catalogue import shipped_paths
    from selfassess.vocabulary import QUESTION_TYPES

    if framework_id in shipped_paths():
        raise UsageError(
            f"'{framework_id}' is the id of a framework shipped with selfassess",
            hint="choose another id; to tailor the shipped one, write a profile (see the README)",
        )
    target = Path(out) if out else Path(f"{framework_id}.yaml")
    if target.stem != framework_id:
        raise UsageError(
            f"the file must be called {framework_id}.yaml (a framework's id is its file name)"
        )
    if target.exists():
        raise SelfAssessError(f"{target} already exists; nothing was written")
    write_atomic(
        target,
        templating.render("framework-new.yaml.j2", id=framework_id, question_types=QUESTION_TYPES)
        + "\n",
    )
    click.echo(f"Wrote {target}. Fill it in, then: selfassess frameworks validate {target}")
    click.echo("To use it, put it in your frameworks folder or pass --frameworks-dir.")


@frameworks.command()
@click.argument("old", type=click.Path(exists=True, dir_okay=False))
@click.argument("new_file", metavar="NEW", type=click.Path(exists=True, dir_okay=False))
@json_option
def diff(old: str, new_file: str, as_json: bool) -> None:
    """What changed between two versions of a framework: themes, questions, scale, ground rules.

    \b
    Example:
      selfassess frameworks diff v1/corporate.yaml v2/corporate.yaml
    """
    from pathlib import Path

    from selfassess.datafiles import datafile
    from selfassess.framework.changes import diff as compare

    before, after = datafile.load(Path(old)).data, datafile.load(Path(new_file)).data
    if isinstance(before, dict) and isinstance(after, dict) and before.get("id") != after.get("id"):
        from selfassess.cli.options import warn

        warn(f"these are two different frameworks ('{before.get('id')}' and '{after.get('id')}')")
    result = compare(before, after)
    if as_json:
        print_json(result.__dict__)
        return
    for line in result.lines():
        click.echo(line)
