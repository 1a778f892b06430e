"""``selfassess frameworks``: list, show and validate frameworks."""

from __future__ import annotations

import click

from selfassess.cli.options import json_option, print_json


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

    from selfassess import frameworks as lib

    found, problems = lib.available()
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
        (f.id, f.version, f.title, len(f.themes), sum(len(t.questions) for t in f.themes))
        for f in found
    ]
    click.echo(tabulate(rows, headers=["id", "version", "title", "themes", "questions"]))


@frameworks.command()
@click.argument("framework_id", metavar="ID")
@json_option
def show(framework_id: str, as_json: bool) -> None:
    """Show a framework: its themes, questions, scale and ground rules.

    With --json, the framework as loaded, with the same keys as its file.

    \b
    Example:
      selfassess frameworks show corporate-peer-challenge
    """
    from selfassess import frameworks as lib

    framework = lib.load(framework_id)
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
        echo("\nSelf-rating scale (private to the council):")
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
@click.argument("file", type=click.Path(dir_okay=False))
@json_option
def validate_(file: str, as_json: bool) -> None:
    """Check a framework file against the schema and for meaning (exit 1 if not valid).

    \b
    Example:
      selfassess frameworks validate my-framework.yaml
    """
    from pathlib import Path

    from selfassess import frameworks as lib
    from selfassess.cli.assessment import report_validation
    from selfassess.validation import Report, validate

    report = validate(Path(file))
    if report.kind not in (
        "framework",
        "unknown",
    ):  # judge it as a framework whatever it looks like
        report = Report(Path(file), "framework", lib.check_file(Path(file))[1])
    report_validation(report, as_json)
