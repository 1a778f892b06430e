"""``selfassess check``, ``scope`` and ``report``: what the council and the team read."""

from __future__ import annotations

import sys
from itertools import groupby
from operator import itemgetter
from typing import Any

import click

from selfassess.cli.options import (
    json_option,
    open_workspace,
    print_json,
    warn,
    workspace_option,
)
from selfassess.errors import FindingsFound
from selfassess.vocabulary import DOCUMENT_FORMATS

CLAIM_WIDTH = 90  # a quoted claim in `selfassess check` fits a line of a terminal


@click.command()
@workspace_option
@click.option("--strict", is_flag=True, help="Exit 1 on any finding, warnings too (for CI).")
@json_option
def check(workspace_dir: str | None, strict: bool, as_json: bool) -> None:
    """Is the self-assessment honest and ready? Findings per theme, each saying what to do.

    Errors (a required question unanswered, council context missing) exit 1; warnings
    (claims without evidence, stale evidence, areas for development with no action, big
    gaps between where a theme is and where the council aims) exit 0 unless --strict.

    \b
    Example:
      selfassess check -w ./cpc-2026 --strict
    """
    from selfassess.assessment import readiness

    ws = open_workspace(workspace_dir)
    findings = readiness.check(ws)
    errors = [f for f in findings if f.severity == readiness.ERROR]
    if as_json:
        print_json([f.as_dict() for f in findings])
    else:
        _print_findings(findings, {t.id: t.title for t in ws.framework.themes})
        warnings = len(findings) - len(errors)
        click.echo(
            f"\n{len(errors)} error(s), {warnings} warning(s)."
            if findings
            else "Ready: no findings."
        )
    if errors or (strict and findings):
        raise FindingsFound


def _print_findings(findings: list[Any], titles: dict[str, str]) -> None:
    """Theme by theme; findings that say the same thing are said once, with the council's
    words each is about (a line's worth, around the word it flags) beneath, then what to do."""
    from selfassess.assessment import claims

    current: object = object()
    key = itemgetter("theme", "severity", "message", "hint")
    for n, (said, group) in enumerate(groupby((f.as_dict() for f in findings), key)):
        theme, severity, message, hint = said
        if theme != current:
            current = theme
            click.echo(("\n" if n else "") + titles.get(theme or "", "Council context"))
        click.echo(f"  {severity}: {message}")
        for finding in group:
            if finding["claim"]:
                quoted = claims.quote(finding["claim"], CLAIM_WIDTH, rule=finding["rule"])
                click.echo(f'    "{quoted}"')
        click.echo(f"    do: {hint}")


def document_options(command: Any) -> Any:
    for option in reversed(
        [
            workspace_option,
            click.option(
                "--format",
                "fmt",
                type=click.Choice(DOCUMENT_FORMATS),
                help="Markdown, HTML (prints to A4) or Word (default: from --out's ending, else html).",
            ),
            click.option(
                "--out",
                metavar="FILE",
                help="Where to write it ('-' for standard output; default: "
                "the workspace's documents/ folder).",
            ),
            click.option(
                "--include-ratings",
                is_flag=True,
                help="Show the council's own self-ratings per theme (left out by default, as "
                "they read as scores; held by the council, so not exempt from the Freedom of "
                "Information Act).",
            ),
            click.option(
                "--templates",
                "templates_dir",
                type=click.Path(exists=True, file_okay=False),
                help="A folder of your own templates, overriding the shipped ones by name.",
            ),
            click.option(
                "--reference-docx",
                type=click.Path(exists=True, dir_okay=False),
                help="A Word document (.docx) whose styles the .docx takes (your corporate template).",
            ),
            click.option(
                "--force",
                is_flag=True,
                help="Replace the file even if it was changed since selfassess wrote it.",
            ),
        ]
    ):
        command = option(command)
    return command


def _write(kind: str, build: Any, workspace_dir: str | None, **options: Any) -> None:
    from pathlib import Path

    from selfassess.documents import formats, overwrite_guard
    from selfassess.errors import UsageError

    chosen = formats.DocumentOptions(
        fmt=options["fmt"],
        out=options["out"],
        include_ratings=options["include_ratings"],
        templates_dir=Path(options["templates_dir"]) if options["templates_dir"] else None,
        reference_docx=Path(options["reference_docx"]) if options["reference_docx"] else None,
        force=options["force"],
    )
    fmt = chosen.format()
    ws = open_workspace(workspace_dir)
    document = build(ws, include_ratings=chosen.include_ratings)
    data = formats.render(document, fmt, chosen.templates_dir, chosen.reference_docx)
    for warning in document.warnings:
        warn(warning)
    if kind == "position-statement":
        _gaps_note(ws)
    if chosen.out == "-":
        if fmt == "docx":
            raise UsageError(
                "a Word document cannot go to standard output", hint="give --out FILE.docx"
            )
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    target = Path(chosen.out) if chosen.out else ws.root / "documents" / f"{kind}.{fmt}"
    _save(ws.root, target, data, chosen.force, overwrite_guard.write)
    click.echo(
        f"Wrote {target}" + (" (with the council's self-ratings)" if chosen.include_ratings else "")
    )


def _save(root: Any, target: Any, data: bytes, force: bool, write: Any) -> None:
    """Write ``data`` to ``target`` (its folder made first); a folder that cannot be made or
    a write that fails is an error naming ``target``, not a traceback or a temporary file."""
    from selfassess.errors import SelfAssessError

    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        reason = (
            "a file is in the way"
            if isinstance(exc, FileExistsError | NotADirectoryError)
            else (exc.strerror or str(exc)).lower()
        )
        raise SelfAssessError(
            f"{target}: cannot write it there ({reason})",
            hint="give --out a file in a folder you can write to",
        ) from None
    try:
        write(root, target, data, force)
    except SelfAssessError as exc:
        if str(target) in exc.message:
            raise
        raise SelfAssessError(
            f"{target}: could not write it; nothing was changed ({exc.message})", hint=exc.hint
        ) from None


def _gaps_note(ws: Any) -> None:
    """Say what the position statement still lacks: shown in a draft; of a signed-off
    statement, what changed since (gaps come back, anything edited) is said plainly."""
    from selfassess.assessment import sign_off

    changes = sign_off.changes_since_sign_off(ws)
    if changes:
        warn(
            f"the position statement was signed off, but has changed since: "
            f"{'; '.join(changes)}. The statement now says so. Sign it off again "
            "('selfassess sign-off --status signed-off'), or set it back to a draft "
            "('selfassess sign-off --status draft')"
        )
        return
    missing = sign_off.gaps(ws)
    if not missing:
        return
    if sign_off.current(ws)["status"] != "signed-off":
        click.echo(
            f"Note: {sign_off.gaps_said(missing)}; the draft lists them in each theme. "
            "See 'selfassess check'.",
            err=True,
        )


@click.command()
@document_options
def scope(**options: Any) -> None:
    """The scoping document for the peer team and the pre-onsite meeting.

    Council context, the scope, per theme suggested areas to explore (each with why it was
    suggested), the evidence available, people to meet, an on-site timetable skeleton, the
    team and the ground rules. Never a score or a grade.

    \b
    Examples:
      selfassess scope -w ./cpc-2026                       # documents/scoping-document.html
      selfassess scope -w ./cpc-2026 --format docx --reference-docx corporate.docx
    """
    from selfassess.documents import scoping as lib

    _write("scoping-document", lib.build, **options)


@click.command()
@document_options
def report(**options: Any) -> None:
    """The position statement, ready for sign-off: context, then the council's narrative by theme.

    \b
    Examples:
      selfassess report -w ./cpc-2026 --format docx       # documents/position-statement.docx
      selfassess report -w ./cpc-2026 --format md --out -
    """
    from selfassess.documents import position_statement as lib

    _write("position-statement", lib.build, **options)
