"""The evidence pack: what the council hands the peer team, built pull-style.

A pack is a folder (or a .zip) holding ``index.html`` (the library, browsable offline),
``library.csv``, ``search.sqlite``, the included documents under ``documents/``, and
``manifest.json`` with every file's SHA-256. Each build is the next version; it is made in a
temporary folder and moved into place, so an interrupted build leaves the last pack intact.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from selfassess.assessment.workspace import Workspace
from selfassess.errors import SelfAssessError, UsageError
from selfassess.evidence import handling
from selfassess.evidence.evidence_log import Register
from selfassess.evidence.handling import Rules
from selfassess.evidence.model import EvidenceItem
from selfassess.pack import front, library_csv, page, placing, staging_area
from selfassess.pack.history import (
    FRONT_DOCUMENTS,
    PACKS_DIR,
    append,
    history,
    pack_id,
    pack_path,
    previous_manifest,
    whats_new,
)
from selfassess.pack.reader import MANIFEST, sha256, walk
from selfassess.vocabulary import INCLUDED

DEFAULT_RULES = Rules()
DEFAULT_PAGE_LIMIT = 250


@dataclass
class BuildResult:
    """A pack built; or, when ``built`` is False, the last pack still standing because
    nothing had changed (its version and path; the manifest is then left empty)."""

    version: int
    path: Path
    manifest: dict[str, Any]
    whats_new: list[str]
    warnings: list[str] = field(default_factory=list)
    built: bool = True  # False: nothing had changed, so no pack was made (see ``message``)
    fingerprint: str = ""  # the SHA-256 of the pack's manifest, sent to the team separately

    @property
    def message(self) -> str:
        if self.built:
            return f"Built pack version {self.version}: {self.path}"
        return (
            f"No changes since version {self.version}; nothing built (the pack is {self.path}; "
            "--rebuild builds a new version anyway)"
        )


@dataclass(frozen=True)
class BuildOptions:
    """How to build a pack: where (``out``; default ``packs/v<N>`` in the workspace), as a
    zip or a folder, the handling rules, and (for tests and scripts) evidence ids to treat
    as requested and extra files to add."""

    out: Path | None = None
    as_zip: bool = False
    rules: Rules = DEFAULT_RULES
    fulfilled: frozenset[str] = frozenset()
    extra_files: Mapping[str, bytes] = field(default_factory=dict)
    rebuild: bool = False  # build even when nothing has changed since the last pack


def build(
    ws: Workspace,
    options: BuildOptions | None = None,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> BuildResult:
    """Build the next version of the pack, holding the workspace lock; the build goes in the
    pack history and the activity log. ``progress(done, total)`` is told of each item."""
    from selfassess.datafiles.lock import hold

    chosen = options or BuildOptions()
    with hold(ws.root, "selfassess pack build"):
        return _build(
            ws,
            out=chosen.out,
            as_zip=chosen.as_zip,
            rules=chosen.rules,
            fulfilled=chosen.fulfilled,
            progress=progress,
            extra_files=dict(chosen.extra_files),
            rebuild=chosen.rebuild,
        )


@dataclass(frozen=True)
class _Sources:
    """What a build reads, as it found it: the evidence log, the requests (answered ones
    bring their documents in), and the packs built before this version."""

    ws: Workspace
    register: Register
    items: list[EvidenceItem]
    rules: Rules
    fulfilled: frozenset[str]
    requests: list[dict[str, Any]]
    past: list[dict[str, Any]]
    version: int
    previous: dict[str, Any] | None


@dataclass(frozen=True)
class _Contents:
    """What goes in the pack once every item is placed: the manifest records, the hashes of
    the documents copied in, the pre-reading, what's new, and when it was built."""

    listed: list[dict[str, Any]]
    hashes: dict[str, str]
    pre_reading: list[dict[str, Any]]
    pages: int
    page_limit: int
    whats_new: list[str]
    new_ids: set[str]
    built: str
    start: front.Front  # the documents at the top of the page


def _build(
    ws: Workspace,
    *,
    out: Path | None = None,
    as_zip: bool = False,
    rules: Rules = DEFAULT_RULES,
    fulfilled: frozenset[str] = frozenset(),
    progress: Callable[[int, int], None] | None = None,
    extra_files: dict[str, bytes] | None = None,
    rebuild: bool = False,
) -> BuildResult:
    """Build the next version of the pack: answered requests bring their documents in.

    When nothing the build reads has changed since the last one, under the same options,
    and that pack is still in place, nothing is built: the result says so (``built`` is
    False, and ``version`` and ``path`` are the last pack's). ``rebuild`` builds anyway."""
    from selfassess.pack import fingerprint

    # taken before anything is read, so a change made during the build is not missed
    inputs = fingerprint.inputs(ws, out, as_zip, rules, fulfilled, extra_files or {})
    standing = _no_change(ws, inputs, rebuild)
    if standing is not None:
        return standing
    sources = _read_sources(ws, rules, fulfilled)
    destination, as_zip = _destination(ws, out, sources.version, as_zip)
    settings = ws.meta.get("settings", {})
    page_limit = settings.get("pre_reading_page_limit", DEFAULT_PAGE_LIMIT)
    # before anything is placed: the page, the scoping document and the search index all
    # see each copy as strictly handled as its strictest copy
    warnings = placing.hold_copies_back(sources.items, sources.rules)
    staging = staging_area.make(ws, destination.parent)
    try:
        listed, hashes = placing.place_items(
            sources.register,
            sources.items,
            staging,
            rules=sources.rules,
            fulfilled=sources.fulfilled,
            warnings=warnings,
            progress=progress,
        )
        core, pages = _pre_reading(sources, listed, page_limit, warnings)
        start = front.documents(ws, sources.register)  # its warnings go first
        warnings[:0] = start.warnings
        news, new_ids = whats_new(sources.previous, listed, sources.requests, start.hashes)
        built = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
        contents = _Contents(listed, hashes, core, pages, page_limit, news, new_ids, built, start)
        _write_files(sources, staging, contents, extra_files or {})
        manifest = _manifest(sources, staging, contents)
        manifest_bytes = (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode()
        (staging / MANIFEST).write_bytes(manifest_bytes)
        _publish(staging, destination, as_zip)
        record = _record_history(sources, destination, built, manifest_bytes, len(listed))
        fingerprint.remember(ws, record, inputs, destination, _copied(sources))
        _log_build(ws, sources.version, listed)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    sha = record["manifest_sha256"]
    return BuildResult(sources.version, destination, manifest, news, warnings, fingerprint=sha)


def _no_change(ws: Workspace, inputs: str, rebuild: bool) -> BuildResult | None:
    """The last pack, still standing, when nothing the build reads has changed since it was
    built (its fingerprint is ``inputs``); None when a pack must be built."""
    from selfassess.pack import fingerprint

    last = history(ws)[-1:]
    if last and not rebuild and fingerprint.unchanged(ws, last[0], inputs):
        return BuildResult(
            last[0]["version"],
            pack_path(ws, last[0]),
            {},
            ["no changes"],
            built=False,
            fingerprint=last[0]["manifest_sha256"],
        )
    return None


def _read_sources(ws: Workspace, rules: Rules, fulfilled: frozenset[str]) -> _Sources:
    """Read the evidence log, the requests and the pack history; ``fulfilled`` gains the
    evidence that answered requests bring in."""
    from selfassess.requests.tracker import Tracker, fulfilled_evidence

    register = Register(ws.root)
    items = register.items()
    tracked = Tracker(ws.root).all()
    fulfilled = fulfilled | fulfilled_evidence(tracked)
    requests = [t.public() for t in tracked]
    past = history(ws)
    version = (past[-1]["version"] + 1) if past else 1
    previous = previous_manifest(ws, past)
    return _Sources(ws, register, items, rules, fulfilled, requests, past, version, previous)


def _destination(ws: Workspace, out: Path | None, version: int, as_zip: bool) -> tuple[Path, bool]:
    """Where the pack goes, and whether as a zip (``--out pack.zip`` means a zip); it must
    not be there already."""
    destination = out or ws.root / PACKS_DIR / f"v{version}"
    if destination.name in ("", ".", ".."):  # '/', '.': a folder, not a name to give the pack
        raise UsageError(
            f"--out {destination}: not a name for the pack",
            hint="give the pack's own name, for example --out packs/cpc-2026.zip",
        )
    as_zip = as_zip or destination.suffix.lower() == ".zip"
    if as_zip and destination.suffix != ".zip":
        destination = destination.with_suffix(".zip")
    if out is None and destination.exists():
        staging_area.clear_unrecorded(ws, destination, version)
    if destination.exists() or destination.is_symlink():  # a link, even a broken one
        raise SelfAssessError(
            f"{destination} already exists", hint="give another --out, or remove it"
        )
    return destination, as_zip


def _pre_reading(
    sources: _Sources, listed: list[dict[str, Any]], page_limit: int, warnings: list[str]
) -> tuple[list[dict[str, Any]], int]:
    """The pre-reading in the pack (core items included) and its pages; a warning when it
    runs over the page limit."""
    core_ids = {i.id for i in sources.items if i.core}
    core = [r for r in listed if r["id"] in core_ids and r["state"] == INCLUDED]
    pages = sum(r["pages"] or 0 for r in core)
    if pages > page_limit:
        warnings.append(
            f"the pre-reading is {pages} pages, over the limit of {page_limit}: peers get a "
            "short pack, so trim the core set (--core) to what they must read before the visit"
        )
    return core, pages


def _write_files(
    sources: _Sources,
    staging: Path,
    contents: _Contents,
    extra_files: dict[str, bytes],
) -> None:
    """The page, the library as CSV, the documents to start with (the position statement
    and the scoping document) and any extra files."""
    start = contents.start
    html = page.render(
        sources.ws,
        start_here=start.documents,
        version=sources.version,
        built=contents.built,
        listed=contents.listed,
        pre_reading=contents.pre_reading,
        pages=contents.pages,
        whats_new=contents.whats_new,
        new_ids=contents.new_ids,
        rules=sources.rules,
        requests=sources.requests,
        index=staging / "search.sqlite",
    )
    (staging / "index.html").write_text(html, encoding="utf-8")
    (staging / "library.csv").write_text(library_csv.render(contents.listed), encoding="utf-8-sig")
    for name, content in {**start.files, **extra_files}.items():
        (staging / name).write_bytes(content)


def _manifest(sources: _Sources, staging: Path, contents: _Contents) -> dict[str, Any]:
    """The manifest: what the pack is, what it holds, and every file's SHA-256."""
    ws, past = sources.ws, sources.past
    return {
        "schema_version": 1,
        "pack_id": pack_id(ws),
        "version": sources.version,
        "council": ws.council,
        "framework": {"id": ws.framework.id, "version": ws.framework.version},
        "cycle": ws.cycle,
        "built": contents.built,
        "handling": sources.rules.describe(),
        "previous_manifest_sha256": past[-1]["manifest_sha256"] if past else None,
        "pre_reading": {
            "items": [r["id"] for r in contents.pre_reading],
            "pages": contents.pages,
            "page_limit": contents.page_limit,
        },
        "whats_new": contents.whats_new,
        FRONT_DOCUMENTS: contents.start.hashes,
        "requests": sources.requests,
        "items": contents.listed,
        "files": {rel: contents.hashes.get(rel) or sha256(staging / rel) for rel in walk(staging)},
    }


def _publish(staging: Path, destination: Path, as_zip: bool) -> None:
    """Move the finished pack into place, as a folder or a zip."""
    if as_zip:
        _zip(staging, destination)
    else:
        os.chmod(staging, 0o777 & ~_umask())  # mkdtemp made it private; colleagues open packs
        os.replace(staging, destination)


def _record_history(
    sources: _Sources, destination: Path, built: str, manifest_bytes: bytes, count: int
) -> dict[str, Any]:
    """Add the pack just built to the pack history; its record."""
    ws = sources.ws
    record = {
        "version": sources.version,
        "built": built,
        "path": os.path.relpath(destination, ws.root)
        if destination.is_relative_to(ws.root)
        else str(destination),
        "manifest_sha256": hashlib.sha256(manifest_bytes).hexdigest(),
        "items": count,
    }
    append(ws, record)
    return record


def _copied(sources: _Sources) -> list[Path]:
    """The documents the pack copied in, for the fingerprint to watch."""
    return [
        sources.register.document_path(i)
        for i in sources.items
        if i.file is not None and handling.state(i, sources.rules, sources.fulfilled) == INCLUDED
    ]


def _log_build(ws: Workspace, version: int, listed: list[dict[str, Any]]) -> None:
    """The build in the activity log, with the ids of the items the pack includes."""
    from selfassess.datafiles import activity

    activity.record(
        ws.root,
        activity.COUNCIL,
        "pack-build",
        f"built pack version {version}",
        version=version,
        included=sorted(r["id"] for r in listed if r["state"] == INCLUDED),
    )


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _zip(staging: Path, destination: Path) -> None:
    """The staged pack as one zip, written inside the staging folder (a killed build
    leaves nothing beside the packs) and moved into place whole."""
    names = [*walk(staging), MANIFEST]
    tmp = staging / ".zip.part"
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for rel in names:
            archive.write(staging / rel, rel)
    os.replace(tmp, destination)
