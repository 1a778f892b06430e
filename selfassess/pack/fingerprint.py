"""Whether a pack build would make the same pack as the last one.

A build reads the evidence log, the request tracker, the workspace's own files, the
framework and the templates, and depends on its options and the date. The fingerprint is a
hash of all of that as the file system describes it (names, sizes, modification and change
times, inode numbers: no file is opened), so comparing it costs a fraction of a second even
for tens of thousands of items. The documents a pack copies in are checked the same way,
one by one. The last build's fingerprint is kept in ``.selfassess/last-build.json``, a cache:
without it the next build simply builds.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from selfassess.assessment.layout import (
    CONTEXT_FILE,
    OWN_FRAMEWORKS,
    PROFILE_FILE,
    THEMES_DIR,
    WORKSPACE_FILE,
)
from selfassess.assessment.workspace import Workspace
from selfassess.datafiles import datafile, regular
from selfassess.errors import SelfAssessError
from selfassess.evidence.evidence_log import CACHE_DIR, ITEMS_DIR
from selfassess.evidence.handling import Rules
from selfassess.pack.reader import MANIFEST

STATE_FILE = Path(CACHE_DIR) / "last-build.json"


def inputs(
    ws: Workspace,
    out: Path | None,
    as_zip: bool,
    rules: Rules,
    fulfilled: frozenset[str],
    extra_files: dict[str, bytes],
) -> str:
    """The fingerprint of everything a build with these options reads, as it is now."""
    from platformdirs import user_data_path

    from selfassess import __version__
    from selfassess.datafiles.resources import data_folder
    from selfassess.requests.teamfile import REQUESTS_DIR

    options = {
        "out": os.path.abspath(out) if out else None,
        "as_zip": as_zip,
        "rules": rules.describe(),
        "fulfilled": sorted(fulfilled),
        "extra_files": {name: hashlib.sha256(b).hexdigest() for name, b in extra_files.items()},
    }
    digest = hashlib.sha256()
    today = [dt.date.today().isoformat(), dt.datetime.now(dt.UTC).date().isoformat()]
    framework = [repr(ws.framework), ws.framework.data]  # as loaded: catalogue, profile, focus
    for part in (__version__, today, options, framework):  # the date: overdue, stale, 'built'
        digest.update(json.dumps(part, sort_keys=True, default=str).encode() + b"\n")
    root = Path(os.path.abspath(ws.root))
    for name in (WORKSPACE_FILE, CONTEXT_FILE, PROFILE_FILE):
        _stat_into(digest, root / name)
    templates = user_data_path("selfassess", appauthor=False) / "templates"
    shipped = Path(str(data_folder("templates")))
    for folder in (root / ITEMS_DIR, root / REQUESTS_DIR, root / THEMES_DIR):
        _folder_into(digest, folder, root)
    for folder in (root / OWN_FRAMEWORKS, templates, shipped):
        _folder_into(digest, folder, root, recursive=True)
    return digest.hexdigest()


def unchanged(ws: Workspace, last: dict[str, Any], fingerprint: str) -> bool:
    """True when the last build (``last``, its history record) read exactly these inputs,
    and its pack and the documents it copied in are still as they were."""
    try:
        # a pipe or a device in its place is no cache: refused at once, never waited on
        state = json.loads(regular.read_bytes(ws.root / STATE_FILE))
        if (
            state["version"] != last["version"]
            or state["manifest_sha256"] != last["manifest_sha256"]
            or state["inputs"] != fingerprint
        ):
            return False
        pack, pack_stat = state["pack"]
        if _stat(ws.root / pack) != pack_stat:
            return False
        return all(_stat(ws.root / path) == seen for path, seen in state["documents"])
    except (SelfAssessError, OSError, ValueError, KeyError, TypeError, RecursionError):
        return False


def remember(
    ws: Workspace,
    record: dict[str, Any],
    fingerprint: str,
    destination: Path,
    documents: Iterable[Path],
) -> None:
    """Keep the fingerprint of the build just made (``record``, its history record), with
    the state of its pack and of each document it copied in."""
    pack = destination if destination.suffix == ".zip" else destination / MANIFEST
    # paths inside the workspace kept relative to it: a workspace moved or renamed whole
    # (the demo is built in a staging folder, then renamed) still knows its last build
    state = {
        "version": record["version"],
        "manifest_sha256": record["manifest_sha256"],
        "inputs": fingerprint,
        "pack": [_within(ws.root, pack), _stat(pack)],
        "documents": [[_within(ws.root, p), _stat(p)] for p in documents],
    }
    try:
        (ws.root / CACHE_DIR).mkdir(exist_ok=True)
        datafile.write_atomic(ws.root / STATE_FILE, json.dumps(state), durable=False)
    except Exception:  # a read-only cache folder: the next build just builds
        # the pack has landed: whatever is in the cache's place must not fail the build now
        with contextlib.suppress(OSError):
            (ws.root / STATE_FILE).unlink(missing_ok=True)


def _within(root: Path, path: Path) -> str:
    """``path`` relative to ``root`` when inside it, else absolute."""
    full = os.path.abspath(path)
    inside = os.path.relpath(full, os.path.abspath(root))
    return full if inside.startswith(os.pardir) else inside


def _stat(path: Path) -> list[int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino]


def _stat_into(digest: Any, path: Path) -> None:
    digest.update(f"{path.name}\0{_stat(path)}\n".encode())


def _folder_into(digest: Any, folder: Path, root: Path, recursive: bool = False) -> None:
    """Every file in ``folder`` by name, size, times and inode (rewritten files, which the
    library writes atomically, get a new inode even within one clock tick)."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        digest.update(f"{_within(root, folder)}: none\n".encode())
        return
    digest.update(f"{_within(root, folder)}\n".encode())
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            if recursive:
                _folder_into(digest, Path(entry.path), root, recursive)
            continue
        try:
            info = entry.stat()
        except OSError:
            continue
        seen = (entry.name, info.st_size, info.st_mtime_ns, info.st_ctime_ns, entry.inode())
        digest.update(f"{seen}\n".encode())
