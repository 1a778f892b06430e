"""Documents on disk for the evidence log: finding the file a path names, staging a copy
with its SHA-256, landing copies with their items, and removing copies a write no longer
needs."""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import tempfile
from pathlib import Path

from selfassess.datafiles import datafile
from selfassess.errors import SelfAssessError

CHUNK = 1 << 20


def resolved(source: Path) -> Path:
    """The file a path names, links followed; an error in words when there is none."""
    try:
        resolved = source.resolve(strict=True)
    except FileNotFoundError:
        raise SelfAssessError(f"{source}: no such file") from None
    except (RuntimeError, OSError) as exc:  # a symlink loop, say
        raise SelfAssessError(f"{source}: cannot follow this path ({exc})") from None
    if not resolved.is_file():
        raise SelfAssessError(f"{source}: not a file")
    return resolved


def link_path(resolved: Path, root: Path) -> str:
    """How a linked document is recorded: relative to the workspace when it lies inside it
    (so the workspace can move or be opened from another drive letter), else in full."""
    try:
        return resolved.relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(resolved)


def land(items_dir: Path, files: dict[Path, str], staged: dict[Path, Path]) -> None:
    """Write items (and other files) and rename the staged copies (target: staged copy)
    into place, all together; when that fails, nothing is written and the copies go."""
    if not files and not staged:
        return
    try:
        items_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        for copy in staged.values():
            copy.unlink(missing_ok=True)
        raise SelfAssessError(
            f"{items_dir}: cannot make the folder for the evidence log "
            f"({exc.strerror or exc}); nothing was changed",
            hint="evidence/items must be a folder you can write to",
        ) from None
    datafile.write_all(files, moving=staged)


def remove_copies(copies: list[Path]) -> None:
    """Remove documents copied in by a write that did not happen, and their empty folders."""
    for path in copies:
        path.unlink(missing_ok=True)
        with contextlib.suppress(OSError):
            path.parent.rmdir()


def stage_copy(source: Path, root: Path) -> tuple[Path, str, int]:
    """Copy ``source`` into the workspace's staging folder, hashing it on the way; returns
    the staged copy, its SHA-256 and size. The caller lands it (a rename, with the item that
    names it: :func:`selfassess.datafiles.datafile.write_all`) or removes it; a copy left by
    a killed command is cleared by the next one that takes the workspace lock."""
    from selfassess.datafiles.lock import staging_folder

    # the source's suffix is kept: the page count depends on the kind of document
    fd, name = tempfile.mkstemp(prefix="copy-", suffix=source.suffix, dir=staging_folder(root))
    staged = Path(name)
    digest = hashlib.sha256()
    size = 0
    try:
        with source.open("rb") as reader, os.fdopen(fd, "wb") as writer:
            while chunk := reader.read(CHUNK):
                digest.update(chunk)
                writer.write(chunk)
                size += len(chunk)
            writer.flush()
            os.fsync(writer.fileno())
        shutil.copystat(source, staged)
    except BaseException as exc:
        staged.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise SelfAssessError(
                f"{source}: could not copy it into the workspace ({exc.strerror or exc}); "
                "nothing was changed",
                hint="check the file can be read and the workspace's disk has space",
            ) from None
        raise
    return staged, digest.hexdigest(), size


def move(staged: Path, place: Path) -> Path:
    """Move a staged copy to ``place`` (on the same disk: a rename); returns ``place``."""
    os.replace(staged, place)
    return place
