"""Operating-system locks on files: the one way selfassess keeps two writers apart, for the
workspace (:mod:`selfassess.datafiles.lock`) and for the peer team's requests file, which
each member's ``selfassess request add`` reads, changes and writes back.

An operating-system lock (``filelock``: ``flock`` or the Windows equivalent) on a hidden file:
the system releases it when the process that holds it ends, however it ends, so a crashed
or killed command never leaves anything locked. The lock file stays in place, empty.
"""

from __future__ import annotations

import errno
from collections.abc import Callable, Iterator
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

    def busy() -> SelfAssessError:
        return SelfAssessError(
            f"{path} is being written by another command; '{command}' waited {wait:g} s for it",
            hint="try again when the other command has finished",
        )

    with locked(lock_path(path), command, wait, busy):
        yield


@contextmanager
def locked(
    lock_file: Path, command: str, wait: float, busy: Callable[[], SelfAssessError]
) -> Iterator[None]:
    """Hold the operating-system lock on ``lock_file`` (made when missing), waiting up to
    ``wait`` seconds for whoever holds it; then ``busy()`` is the error raised. A lock file
    that cannot be used (a folder, say) is an error naming it, never a traceback."""
    from filelock import FileLock, Timeout

    lock = FileLock(lock_file, timeout=wait)
    try:
        lock.acquire()
    except Timeout:
        raise busy() from None
    except OSError as exc:
        raise _unusable(lock_file, command, exc) from None
    try:
        yield
    finally:
        lock.release()


def _unusable(lock_file: Path, command: str, exc: OSError) -> SelfAssessError:
    if exc.errno == errno.EISDIR or lock_file.is_dir():
        return SelfAssessError(
            f"{lock_file} is a folder; '{command}' needs a lock file of that name",
            hint=f"move the folder {lock_file.name} out of {lock_file.parent} (selfassess makes "
            "the file itself)",
        )
    if isinstance(exc, PermissionError):
        return SelfAssessError(
            f"{lock_file}: cannot take the lock for '{command}' (permission denied)",
            hint=f"check that you can write to {lock_file.parent} and to {lock_file.name}, or "
            "copy the folder somewhere you can",
        )
    return SelfAssessError(
        f"{lock_file}: cannot take the lock for '{command}' ({exc.strerror or exc})",
        hint=f"check that {lock_file.name} is an ordinary file you can write, and that you can "
        f"write to {lock_file.parent}",
    )
