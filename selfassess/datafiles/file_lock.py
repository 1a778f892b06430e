"""A lock on one file that several people may write at once: the peer team's requests file,
which each member's ``selfassess request add`` reads, changes and writes back.

An operating-system lock (``filelock``) on a hidden file beside it: the system releases it
when the process that holds it ends, however it ends, so a crashed command never leaves the
file locked. (The workspace has its own lock, :mod:`selfassess.datafiles.lock`.)
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from selfassess.errors import SelfAssessError

WAIT_SECONDS = 30.0


def lock_path(path: Path) -> Path:
    """The lock file beside ``path``: hidden, so that nobody takes it for the team's file."""
    return path.parent / f".{path.name}.lock"


@contextmanager
def holding(path: Path, command: str, wait: float = WAIT_SECONDS) -> Iterator[None]:
    """Hold ``path`` against other writers while reading, changing and writing it back;
    waits up to ``wait`` seconds for another command that holds it."""
    from filelock import FileLock, Timeout

    lock = FileLock(lock_path(path), timeout=wait)
    try:
        lock.acquire()
    except Timeout:
        raise SelfAssessError(
            f"{path} is being written by another command; '{command}' waited {wait:g} s for it",
            hint="try again when the other command has finished",
        ) from None
    except OSError as exc:
        raise SelfAssessError(
            f"{path}: cannot lock this file for '{command}' ({exc.strerror or exc})",
            hint="check that you can write to its folder",
        ) from None
    try:
        yield
    finally:
        lock.release()
