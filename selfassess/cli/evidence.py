"""``selfassess evidence``: the council's evidence log."""

from __future__ import annotations

import sys
from typing import Any

import click

from selfassess.cli.options import (
    DATE,
    ONE_LINE,
    TEXT,
    can_ask,
    json_option,
    no_input_option,
    open_workspace,
    print_json,
    workspace_option,
)
from selfassess.errors import FindingsFound
from selfassess.vocabulary import EVIDENCE_KINDS


@click.group()
def evidence() -> None:
    """The evidence log: add documents, import the log you keep in Excel, list and check it."""


@evidence.command()
@click.argument("sources", nargs=-1, required=True, metavar="PATH_OR_URL...")
@workspace_option
@click.option(
    "--title",
    type=ONE_LINE,
    help="Title (default: the file name; a kept-back item without one is shown to the team as "
    "'Document E-NNN, available in the team room').",
)
@click.option(
    "--pack-title",
    type=ONE_LINE,
    metavar="TITLE",
    help="The title the peer team sees instead (for a Part 2 paper whose title names the asset).",
)
@click.option(
    "--summary",
    type=TEXT,
    help="The council's own short summary: why it matters. Never text copied from the document.",
)
@click.option(
    "--kind", metavar="KIND", help="Kind of document (see 'evidence add --help'; default: other)."
)
@click.option("--date", type=DATE, help="Effective date.")
@click.option("--period-start", type=DATE, help="Start of the period the document covers.")
@click.option("--period-end", type=DATE, help="End of the period it covers.")
@click.option(
    "--owner",
    type=ONE_LINE,
    metavar="ROLE",
    help="Who owns it, as a role (e.g. 'Director of Resources').",
)
@click.option("--committee", type=ONE_LINE, metavar="NAME", help="The committee it went to.")
@click.option("--meeting-date", type=DATE, help="The committee meeting's date.")
@click.option("--draft", is_flag=True, help="It is a draft, not yet approved.")
@click.option(
    "--theme", "themes", multiple=True, metavar="ID", help="A theme it supports (repeatable)."
)
@click.option(
    "--question",
    "questions",
    multiple=True,
    metavar="ID",
    help="A question it supports (repeatable).",
)
@click.option(
    "--sensitive",
    is_flag=True,
    help="OFFICIAL-SENSITIVE: team room only unless packed with --allow-sensitive.",
)
@click.option(
    "--personal-data", is_flag=True, help="Contains personal data: never leaves the workspace."
)
@click.option(
    "--exempt", is_flag=True, help="Exempt information (a 'Part 2' paper): team room only."
)
@click.option("--published", metavar="URL", help="Where it is already published.")
@click.option("--core", is_flag=True, help="Pre-reading: included in every pack.")
@click.option(
    "--link", is_flag=True, help="Reference the file where it is instead of copying it in."
)
@click.option(
    "--copy",
    is_flag=True,
    help="Copy it in even when it has personal data (referenced in place by default).",
)
@no_input_option
def add(
    sources: tuple[str, ...], workspace_dir: str | None, no_input: bool, **options: Any
) -> None:
    """Add documents (or web pages) to the evidence log, with ids E-001, E-002, ...

    Files are copied into the workspace (or, with --link, referenced in place) with their
    SHA-256 and page count; files with personal data are referenced in place unless you
    give --copy, and no text is cached from them. In a terminal, missing details are
    asked for.

    \b
    Kinds: inspection-report, plan-or-strategy, budget-and-finance, audit-report,
    needs-assessment, committee-report, performance-data, benchmarking,
    survey-or-consultation, staff-and-user-feedback, previous-peer-challenge, other.

    \b
    Example:
      selfassess evidence add mtfs-2026.pdf --kind budget-and-finance --core \\
          --theme financial-planning-and-management --summary "Our MTFS to 2029/30."
    """
    from selfassess.evidence import evidence_log as lib

    ws = open_workspace(workspace_dir)
    from selfassess.evidence.model import AddOptions

    details = AddOptions(**options)
    keeping = details.keeping()
    template = details.template()
    register = lib.Register(ws.root)
    question_ids = list(ws.framework.question_index())
    for source in sources:
        described = template
        if can_ask(no_input):
            from selfassess.cli import interview

            described = interview.ask_evidence_details(source, template, ws.framework)
        item = lib.add(
            register,
            source,
            described,
            ws.framework.theme_ids,
            question_ids,
            link=keeping,
        )
        pages = f", {_pages(item.file.pages)}" if item.file and item.file.pages else ""
        click.echo(f"Added {item.id}: {item.title} ({item.kind}{pages}; {item.handling.label()})")
        for notice in register.notices:
            click.echo(f"  note: {notice}")
        register.notices.clear()


@evidence.command("import")
@click.argument("log", type=click.Path(exists=True, dir_okay=False))
@workspace_option
@click.option(
    "--encoding",
    metavar="NAME",
    help="The CSV log's encoding (for example windows-1252), when it is not found from the "
    "file: a byte-order mark, UTF-8, or a Windows or Mac Western encoding.",
)
def import_(log: str, workspace_dir: str | None, encoding: str | None) -> None:
    """Import the evidence log you keep in Excel (.xlsx) or as CSV.

    All rows land or none do, with every row's problem listed. Importing the same log
    again adds nothing; a changed row updates its item. Columns (loosely matched):
    ref, title, summary, kind, date, period_start, period_end, owner, committee,
    meeting_date, status, themes, questions, classification, sensitive (yes marks it
    OFFICIAL-SENSITIVE), personal_data, exempt, published, pre_reading, file, url,
    pack_title (the title the team sees, if not the title). A column that looks like
    handling but sets no one handling mark stops the import: nothing is imported.
    The file column is relative to the log's folder, and stays inside it. A CSV is read
    as its byte-order mark or UTF-8 says, else as the Windows or Mac encoding found (the
    command says which); a UTF-8 file with a byte that is not UTF-8 is refused.

    \b
    Example:
      selfassess evidence import "Evidence log.xlsx" -w ./cpc-2026
    """
    from pathlib import Path

    from selfassess.evidence.evidence_log import Register
    from selfassess.evidence.importer import import_log

    if encoding is not None:
        from selfassess.evidence.log_text import codec

        codec(encoding)  # a name Python does not know: a usage error before anything else
    ws = open_workspace(workspace_dir)
    titles = {t.title.lower(): t.id for t in ws.framework.themes}
    outcome = import_log(
        Register(ws.root),
        Path(log),
        ws.framework.theme_ids,
        titles,
        ws.framework.question_index(),
        encoding,
    )
    read_as = f" (read as {outcome.encoding})" if outcome.encoding else ""
    click.echo(
        f"Imported {log}{read_as}: {len(outcome.added)} added, {len(outcome.updated)} updated, "
        f"{outcome.unchanged} unchanged."
    )
    for note in outcome.notes:
        click.echo(f"  note: {note}")


@evidence.command("list")
@workspace_option
@click.option("--theme", metavar="ID", help="Only items for this theme.")
@click.option("--kind", metavar="KIND", help="Only items of this kind.")
@json_option
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV (for Excel).")
def list_(
    workspace_dir: str | None, theme: str | None, kind: str | None, as_json: bool, as_csv: bool
) -> None:
    """List the evidence log.

    \b
    Example:
      selfassess evidence list --theme governance-and-culture
    """
    from selfassess.evidence.evidence_log import Register

    ws = open_workspace(workspace_dir)
    if theme:
        ws.framework.theme(theme)
    if kind:
        from selfassess.evidence.model import known_kind

        kind = known_kind(kind)
    items = [
        i
        for i in Register(ws.root).items()
        if (not theme or theme in i.themes) and (not kind or i.kind == kind)
    ]
    if as_json:
        print_json([i.to_dict() for i in items])
        return
    rows = [
        (
            i.id,
            i.title,
            i.kind,
            i.date or "",
            ", ".join(i.themes),
            i.file.pages if i.file and i.file.pages else "",
            "yes" if i.core else "",
            i.handling.label(),
        )
        for i in items
    ]
    headers = ["id", "title", "kind", "date", "themes", "pages", "pre-reading", "handling"]
    if as_csv:
        import csv

        writer = csv.writer(sys.stdout)
        writer.writerow(headers)
        writer.writerows(rows)
        return
    from tabulate import tabulate

    click.echo(
        tabulate(rows, headers=headers, maxcolwidths=[None, 40, None, None, 30, None, None, 24])
    )
    click.echo(f"\n{len(items)} item(s).")


@evidence.command()
@click.argument("item_id", metavar="ID")
@workspace_option
@json_option
def show(item_id: str, workspace_dir: str | None, as_json: bool) -> None:
    """Show one evidence item.

    \b
    Example:
      selfassess evidence show E-004
    """
    from selfassess.evidence.evidence_log import Register

    ws = open_workspace(workspace_dir)
    item = Register(ws.root).get(item_id)
    if as_json:
        print_json(item.to_dict())
        return
    lines = [
        (f"{item.id}", item.title),
        ("Pack title", item.pack_title or ""),
        ("Kind", EVIDENCE_KINDS.get(item.kind, item.kind)),
        ("Summary", item.summary or "(none yet: add the council's own summary)"),
        ("Date", item.date or ""),
        (
            "Period",
            f"{item.period_start or '?'} to {item.period_end or '?'}"
            if item.period_start or item.period_end
            else "",
        ),
        ("Owner", item.owner or ""),
        ("Committee", f"{item.committee or ''} {item.meeting_date or ''}".strip()),
        ("Status", item.status),
        ("Pre-reading", "yes" if item.core else "no"),
        ("Themes", ", ".join(item.themes)),
        ("Questions", ", ".join(item.questions)),
        ("Handling", item.handling.label()),
        ("Published", item.handling.published or ""),
        (
            "File",
            f"{item.file.path} ({item.file.size:,} bytes, {item.file.pages or '?'} pages"
            f"{', linked' if item.file.linked else ''})"
            if item.file
            else "",
        ),
        ("SHA-256", item.file.sha256 if item.file else ""),
        ("Link", item.url or ""),
        ("Council ref", item.source_ref or ""),
    ]
    for label, value in lines:
        if value:
            click.echo(f"{label + ':':<13} {value}")


@evidence.command()
@workspace_option
@click.option(
    "--stale-after",
    type=float,
    metavar="YEARS",
    help="Older than this is stale (default 3, or settings.stale_after_years).",
)
@json_option
def check(workspace_dir: str | None, stale_after: float | None, as_json: bool) -> None:
    """Check the log: files present and unchanged, copies of one document (the same file
    or link) handled alike, dates in the period and not stale, every theme with evidence.
    Exit 1 on any finding.

    \b
    Example:
      selfassess evidence check -w ./cpc-2026
    """
    from selfassess.evidence.evidence_log import Register
    from selfassess.evidence.log_check import check as check_log

    ws = open_workspace(workspace_dir)
    dates = ws.meta.get("dates", {})
    years = (
        stale_after
        if stale_after is not None
        else ws.meta.get("settings", {}).get("stale_after_years", 3)
    )
    findings = check_log(
        Register(ws.root),
        ws.framework.theme_ids,
        (dates.get("period_start"), dates.get("period_end")),
        years,
    )
    if as_json:
        print_json([f.as_dict() for f in findings])
    else:
        for f in findings:
            click.echo(f"{f.rule}: {f.message}\n  hint: {f.hint}")
        click.echo(f"{len(findings)} finding(s)." if findings else "The evidence log is in order.")
    if findings:
        raise FindingsFound


def _pages(count: int) -> str:
    return f"{count} page" if count == 1 else f"{count} pages"
