"""``selfassess pack`` and ``selfassess query``: the evidence pack and searching it."""

from __future__ import annotations

import sys
from typing import Any

import click

from selfassess.cli.options import (
    DATE,
    json_option,
    open_workspace,
    print_json,
    warn,
    workspace_option,
)
from selfassess.errors import FindingsFound


@click.group()
def pack() -> None:
    """Build the evidence pack for the peer team, and verify one."""


@pack.command()
@workspace_option
@click.option(
    "--out", metavar="PATH", help="Where to write the pack (default: <workspace>/packs/v<N>)."
)
@click.option("--zip", "as_zip", is_flag=True, help="Write a single .zip file.")
@click.option(
    "--allow-sensitive",
    is_flag=True,
    help="Include OFFICIAL-SENSITIVE items (personal data and exempt items never).",
)
@click.option(
    "--include-all", is_flag=True, help="The old push model: include every shareable document."
)
@click.option(
    "--rebuild",
    is_flag=True,
    help="Build a new version even when nothing has changed since the last one.",
)
def build(
    workspace_dir: str | None,
    out: str | None,
    as_zip: bool,
    allow_sensitive: bool,
    include_all: bool,
    rebuild: bool,
) -> None:
    """Build the next version of the pull-style evidence pack.

    The pack opens with the position statement (once written) and the scoping document, in
    HTML and Word. It holds the pre-reading and any documents whose request was fulfilled; every
    other shareable item is listed, with the council's summary, for the team to request.
    Sensitive, exempt and personal-data items appear only by id and title, as available in
    the team room. When nothing has changed since the last build (the evidence log, the
    requests, the answers, the options), nothing is built and the last version stands. An
    unfinished self-assessment (see 'selfassess check') is built with a warning, and so is a
    signed-off position statement that has changed since. What's new names the position
    statement and the scoping document when what they say has changed.

    \b
    Example:
      selfassess pack build -w ./cpc-2026 --zip
    """
    import contextlib
    from pathlib import Path

    from selfassess.evidence.handling import Rules
    from selfassess.pack import builder as lib

    options = lib.BuildOptions(
        out=Path(out) if out else None,
        as_zip=as_zip,
        rules=Rules(allow_sensitive=allow_sensitive, include_all=include_all),
        rebuild=rebuild,
    )
    ws = open_workspace(workspace_dir)
    with contextlib.ExitStack() as stack:
        bars: list[Any] = []

        def tick(done: int, total: int) -> None:
            if not bars:  # shown once the build is under way (the lock is taken)
                bars.append(
                    stack.enter_context(
                        click.progressbar(length=total, label="Building the pack", file=sys.stderr)
                    )
                )
            bars[0].length = total
            bars[0].update(done - bars[0].pos)

        result = lib.build(ws, options, progress=tick if sys.stderr.isatty() else None)
    _report_build(result)


def _report_build(result: object) -> None:
    from collections import Counter

    from selfassess.pack.builder import BuildResult
    from selfassess.vocabulary import PACK_STATES

    assert isinstance(result, BuildResult)
    click.echo(result.message)
    click.echo(
        f"Fingerprint: {result.fingerprint}\n  (send it to the peer team by another route, "
        "the covering letter or email: 'pack verify --fingerprint' checks the pack against it)"
    )
    if not result.built:
        return
    manifest = result.manifest
    counts = Counter(item["state"] for item in manifest["items"])
    for state, label in PACK_STATES.items():
        click.echo(f"  {label}: {counts.get(state, 0)}")
    pre = manifest["pre_reading"]
    count = len(pre["items"])
    click.echo(
        f"  Pre-reading: {count} document{'s' if count != 1 else ''}, {pre['pages']} pages"
        if count
        else "  Pre-reading: none chosen yet"
    )
    if result.version > 1:
        click.echo(f"What's new since version {result.version - 1}: {'; '.join(result.whats_new)}")
    for message in result.warnings:
        warn(message)


@pack.command()
@click.argument("pack_path", metavar="PACK", type=click.Path())
@click.option(
    "--fingerprint",
    metavar="FP",
    help="The fingerprint the council sent with the pack (64 hex digits): checks that the "
    "manifest is the one the council built.",
)
@json_option
def verify(pack_path: str, fingerprint: str | None, as_json: bool) -> None:
    """Recompute every file's SHA-256 against the pack's manifest (exit 1 on any difference).

    Works on a pack folder or .zip; reads only. A damaged zip names the file that cannot be
    read. The manifest itself is checked by its fingerprint, which the council sends by
    another route (the covering letter or email): give it with --fingerprint; without it,
    the pack's fingerprint is printed to compare by eye.

    \b
    Example:
      selfassess pack verify ./cpc-2026/packs/v2 --fingerprint 3f6bcb59...
    """
    from pathlib import Path

    from selfassess.pack import reader

    expected = reader.fingerprint_option(fingerprint) if fingerprint is not None else None
    result = reader.verify(Path(pack_path), expected)
    if as_json:
        print_json(
            {
                "pack": str(result.pack),
                "ok": result.ok,
                "modified": result.modified,
                "missing": result.missing,
                "unexpected": result.unexpected,
                "damaged": result.damaged,
                "fingerprint": result.fingerprint,
                "fingerprint_matches": result.fingerprint_ok,
            }
        )
    else:
        _report_verify(pack_path, result)
    if not result.ok:
        raise FindingsFound


def _report_verify(pack_path: str, result: Any) -> None:
    """Each file that does not match, then the fingerprint, then the verdict."""
    for label, names in (
        ("modified", result.modified),
        ("missing", result.missing),
        ("unexpected", result.unexpected),
    ):
        for name in names:
            click.echo(f"{label}: {name}", err=True)
    for name, why in result.damaged.items():
        click.echo(f"damaged: {name} ({why})", err=True)
    if result.fingerprint_ok is None:
        click.echo(
            f"Fingerprint: {result.fingerprint} (compare it with the one the council sent "
            "with the pack, or give it with --fingerprint)"
        )
    elif result.fingerprint_ok:
        click.echo(f"Fingerprint: {result.fingerprint}, the one the council sent")
    else:
        click.echo(
            f"fingerprint: {result.fingerprint}, not the {result.expected_fingerprint} the "
            "council sent: the manifest was changed since the council built the pack",
            err=True,
        )
    click.echo(
        f"{pack_path}: "
        + (
            "verified, every file matches the manifest"
            if result.ok
            else "does NOT match what the council built"
            if result.fingerprint_ok is False and not result.problems
            else "does NOT match its manifest"
        ),
        err=not result.ok,
    )


@click.command()
@click.argument("text")
@click.option(
    "--pack",
    "pack_path",
    metavar="PACK",
    help="Search a pack (folder or .zip) instead of a workspace.",
)
@workspace_option
@click.option("--theme", metavar="ID", help="Only items for this theme.")
@click.option("--kind", metavar="KIND", help="Only items of this kind.")
@click.option("--since", type=DATE, help="Only items dated on or after this date.")
@click.option("--limit", type=click.IntRange(1, 1000), default=20, show_default=True)
@json_option
def query(
    text: str,
    pack_path: str | None,
    workspace_dir: str | None,
    theme: str | None,
    kind: str | None,
    since: str | None,
    limit: int,
    as_json: bool,
) -> None:
    """Search the library: titles, summaries and the text of documents, ranked, with snippets.

    Against a pack, searches what the pack holds; against a workspace, everything the council
    holds. Every word must match; "quoted words" match as a phrase; OR gives either. A
    match in a title, summary or the text counts; a match only in a theme's id comes last.
    An item id (E-004, or several) finds those items.

    \b
    Examples:
      selfassess query "risk register" --pack ./packs/v1
      selfassess query E-004 --pack ./packs/v1
      selfassess query scrutiny -w ./cpc-2026 --theme governance-and-culture
    """
    from selfassess.pack import search
    from selfassess.vocabulary import PACK_STATES

    if kind:
        from selfassess.evidence.model import known_kind

        kind = known_kind(kind)
    with _scratch(pack_path) as scratch:
        db, known_themes, where = _open_index(pack_path, workspace_dir, scratch)
        try:
            if theme:
                search.check_theme(theme, known_themes or search.themes(db), where)
            hits = search.query(db, text, theme=theme, kind=kind, since=since, limit=limit)
        finally:
            db.close()
    if as_json:
        print_json([h.as_dict() for h in hits])
        return
    found = {hit.id for hit in hits}
    place = "in this pack" if pack_path else "in the evidence log"
    filtered = " that fits --theme, --kind and --since" if theme or kind or since else ""
    for missing in dict.fromkeys(i for i in search.split_ids(text)[0] if i not in found):
        click.echo(f"{missing}: no such item {place}{filtered}.")
    if not hits:
        click.echo("No matches.")
        return
    for hit in hits:
        click.echo(f"{hit.id}  {hit.title}  [{PACK_STATES[hit.state]}]")
        meta = ", ".join(x for x in (hit.kind, hit.date, " ".join(hit.themes)) if x)
        if meta:
            click.echo(f"      {meta}")
        if hit.snippet and hit.snippet != hit.title:
            click.echo(f"      {hit.snippet}")
    click.echo(f"\n{len(hits)} result(s).")


def _open_index(
    pack_path: str | None, workspace_dir: str | None, scratch: str
) -> tuple[Any, list[str], str]:
    """The search index to read (a pack's, or the workspace's own brought up to date), the
    themes a --theme may name (none known beforehand for a pack: its items say), and what
    those themes are."""
    from pathlib import Path

    from selfassess.pack import search

    if pack_path:
        from selfassess.pack import reader

        reader.require_pack(Path(pack_path))
        problem = reader.quick_check(Path(pack_path))
        if problem:  # still searched: the team may need an answer now
            warn(f"{pack_path} fails the quick check: {problem}; run 'selfassess pack verify'")
        index = reader.search_index(Path(pack_path), Path(scratch))
        return search.open_read_only(index), [], "of any item in this pack"
    from selfassess.pack.workspace_search import workspace_index

    ws = open_workspace(workspace_dir)
    index = workspace_index(ws)
    return search.open_read_only(index), ws.framework.theme_ids, f"of framework {ws.framework.id!r}"


def _scratch(pack_path: str | None) -> Any:
    """A folder for a zipped pack's index; a folder pack needs none (tempfile is slowish to import)."""
    import contextlib

    if pack_path and not pack_path.lower().endswith(".zip"):
        return contextlib.nullcontext(pack_path)
    import tempfile

    return tempfile.TemporaryDirectory()
