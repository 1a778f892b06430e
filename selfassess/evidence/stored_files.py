"""Documents on disk for the evidence log: finding the file a path names, copying one in
with its SHA-256, and removing copies a write no longer needs."""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
from pathlib import Path

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


def remove_copies(copies: list[Path]) -> None:
    """Remove documents copied in by a write that did not happen, and their empty folders."""
    for path in copies:
        path.unlink(missing_ok=True)
        with contextlib.suppress(OSError):
            path.parent.rmdir()


def copy_and_hash(source: Path, target: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    tmp = target.with_name(f".{target.name}.part")
    with source.open("rb") as reader, tmp.open("wb") as writer:
        while chunk := reader.read(CHUNK):
            digest.update(chunk)
            writer.write(chunk)
            size += len(chunk)
    shutil.copystat(source, tmp)
    os.replace(tmp, target)
    return digest.hexdigest(), size
