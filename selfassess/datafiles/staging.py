"""Changes to the evidence log that land together or not at all, however the process ends.

A write of many files (an import's items, the documents it copies in, the copies it no
longer needs) is staged in ``.selfassess/staging/<token>/``: nothing in the log changes
while it is. Then a journal naming every move is written there, atomically: that is the
moment the change happens. Moving the staged files into place follows. A process killed
before the journal leaves only its staging folder, which the next writer removes; one
killed after it leaves a journal, whose moves the next reader of the log completes (each
move is a rename, done at most once), and the next writer completes the rest (the
activity-log entry, the removals) and removes the folder.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
from pathlib import Path
from typing import Any

from selfassess.datafiles import datafile, regular

STAGING_DIR = Path(".selfassess") / "staging"
JOURNAL = "journal.json"


class Staging:
    """One all-or-nothing change to a workspace (see the module's notes)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.folder = root / STAGING_DIR / secrets.token_hex(8)
        regular.make_folder(self.folder, exist_ok=False)
        self.moves: list[tuple[Path, Path]] = []  # staged file, its place in the workspace
        self.removals: list[Path] = []

    def place_for(self, target: Path) -> Path:
        """Where to write a file that will land at ``target``."""
        staged = self.folder / f"{len(self.moves):05d}-{target.name}"
        self.moves.append((staged, target))
        return staged

    def write(self, files: dict[Path, str]) -> None:
        """Stage text files (unflushed: the commit flushes them all at once)."""
        for target, text in files.items():
            self.place_for(target).write_text(text, encoding="utf-8")

    def remove_after(self, paths: list[Path]) -> None:
        """Files to remove once the change has landed."""
        self.removals += paths

    def commit(self, activity: dict[str, Any] | None = None) -> None:
        """Make the change happen (the journal), then put every file in place."""
        if hasattr(os, "sync"):
            os.sync()  # every staged file on disk before the journal says they are whole
        journal = {
            "moves": [[_rel(self.root, a), _rel(self.root, b)] for a, b in self.moves],
            "remove": [_rel(self.root, p) for p in self.removals],
            "activity": activity,
        }
        datafile.write_atomic(self.folder / JOURNAL, json.dumps(journal, ensure_ascii=False))
        _finish(self.root, self.folder)

    def abandon(self) -> None:
        """Remove what was staged, unless the change was committed (its journal written):
        then it stays for the next writer to complete."""
        if not (self.folder / JOURNAL).exists():
            shutil.rmtree(self.folder, ignore_errors=True)


def complete_moves(root: Path) -> None:
    """Finish the moves of a change that was committed but not completed (its process was
    killed): what any reader of the log does first, so that it sees every item or none."""
    for journal in _journals(root):
        with contextlib.suppress(OSError, ValueError, TypeError):
            _move(root, json.loads(journal.read_text(encoding="utf-8")))


def recover(root: Path) -> None:
    """Under the workspace lock (whoever takes it runs this): complete every committed
    change and remove what an uncommitted one, or a killed copy, left staged. While the lock
    is free nothing staged is anyone's, except what this process has yet to land."""
    folder = root / STAGING_DIR
    if not folder.is_dir() or folder.is_symlink():
        return
    for staged in sorted(folder.iterdir()):
        if staged.name == str(os.getpid()):
            continue  # this process's own copies, yet to land (see stored_files.stage_copy)
        if not staged.is_dir() or staged.is_symlink():
            staged.unlink(missing_ok=True)
        elif (staged / JOURNAL).is_file():
            _finish(root, staged)
        else:
            shutil.rmtree(staged, ignore_errors=True)


def _journals(root: Path) -> list[Path]:
    folder = root / STAGING_DIR
    return sorted(folder.glob(f"*/{JOURNAL}")) if folder.is_dir() else []


def _finish(root: Path, folder: Path) -> None:
    try:
        journal = json.loads((folder / JOURNAL).read_text(encoding="utf-8"))
        _move(root, journal)
    except (OSError, ValueError, TypeError):
        shutil.rmtree(folder, ignore_errors=True)  # a journal that cannot be read: never whole
        return
    for name in journal.get("remove") or []:
        path = root / name
        path.unlink(missing_ok=True)
        with contextlib.suppress(OSError):
            path.parent.rmdir()
    entry = journal.get("activity")
    if entry:
        _record_once(root, entry, folder.name)
    shutil.rmtree(folder, ignore_errors=True)


def _move(root: Path, journal: dict[str, Any]) -> None:
    for staged, target in journal["moves"]:
        source, place = root / staged, root / target
        if not source.exists():
            continue  # moved already
        regular.make_folder(place.parent)
        with contextlib.suppress(FileNotFoundError):  # another reader moved it just now
            os.replace(source, place)


def _record_once(root: Path, entry: dict[str, Any], token: str) -> None:
    """Append the change's activity-log entry, unless a killed run appended it already."""
    from selfassess.datafiles import activity

    log = root / activity.LOG_FILE
    with contextlib.suppress(OSError):
        if f'"change": "{token}"'.encode() in log.read_bytes():
            return
    details = {k: v for k, v in entry.items() if k not in ("role", "action", "what")}
    activity.record(root, entry["role"], entry["action"], entry["what"], **details, change=token)


def _rel(root: Path, path: Path) -> str:
    return os.path.relpath(path, root)
