"""The lock against two writers on one workspace.

An operating-system lock on ``.selfassess.lock`` (taken as for the team's requests file, by
:mod:`selfassess.datafiles.file_lock`): the system releases it when the process that holds
it ends, however it ends, so a killed command never leaves the workspace locked. The lock
file stays in the workspace, empty. Beside it, ``.selfassess.lock.holder`` names the process
holding the lock (pid, host, command, since) so that a second writer can be told whom it
waits for; it is read for that message only, never to decide who holds the lock.

A second writer waits for the lock (``SELFASSESS_LOCK_WAIT`` seconds, 5 by default), then
gives up naming the holder. Whoever takes the lock first clears what a killed writer left
staged in ``.selfassess/staging/``: while the lock is free, nothing there is anyone's.

:func:`hold` is what a library operation takes: an operation called inside another (a
document added while answering a request, or during the interview) joins the lock its
caller holds.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import socket
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from selfassess.datafiles import regular, staging
from selfassess.datafiles.file_lock import locked
from selfassess.errors import UsageError, WorkspaceLocked

LOCK_FILE = ".selfassess.lock"
HOLDER_FILE = ".selfassess.lock.holder"
WAIT_VARIABLE = "SELFASSESS_LOCK_WAIT"
DEFAULT_WAIT = 5.0
LONGEST_WAIT = 3600.0

# The workspaces whose lock this call chain holds through :func:`hold`. A context variable,
# not a global: another thread (or task) of the same process is a second writer like any other.
_HELD: ContextVar[frozenset[str]] = ContextVar("selfassess_held_workspaces", default=frozenset())


@contextmanager
def hold(root: Path, command: str) -> Iterator[None]:
    """Hold the workspace lock for one library operation (``command`` names it for whoever
    is kept waiting). An operation called inside another (a document added while answering
    a request, or during the interview) joins the lock its caller holds."""
    key = os.path.realpath(root)
    held = _HELD.get()
    if key in held:
        yield
        return
    with exclusive_lock(root, command):
        token = _HELD.set(held | {key})
        try:
            yield
        finally:
            _HELD.reset(token)


@contextmanager
def exclusive_lock(root: Path, command: str, wait: float | None = None) -> Iterator[None]:
    """Take the workspace lock, waiting up to ``wait`` seconds (by default
    ``$SELFASSESS_LOCK_WAIT``, else 5) for another process or thread holding it."""
    wait = wait_seconds() if wait is None else wait

    def busy() -> WorkspaceLocked:
        return _locked_out(root, command, wait)

    with locked(root / LOCK_FILE, command, wait, busy):
        mine = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "command": command,
            "since": dt.datetime.now().replace(microsecond=0).isoformat(),
        }
        _name_holder(root, mine)
        staging.recover(root)  # what a killed writer left staged
        try:
            yield
        finally:
            with suppress(OSError):  # this process's staging folder, once all has landed
                (root / staging.STAGING_DIR / str(os.getpid())).rmdir()
            if read_holder(root) == mine:
                with suppress(OSError):
                    (root / HOLDER_FILE).unlink()


def wait_seconds() -> float:
    """How long a second writer waits for the lock: ``$SELFASSESS_LOCK_WAIT``, else 5 s."""
    given = os.environ.get(WAIT_VARIABLE, "").strip()
    if not given:
        return DEFAULT_WAIT
    try:
        seconds = float(given)
    except ValueError:
        seconds = math.nan
    if not 0 <= seconds <= LONGEST_WAIT:  # also refuses nan
        raise UsageError(
            f"{WAIT_VARIABLE}={given!r}: not a number of seconds to wait for the workspace",
            hint=f"set it to a number from 0 to {LONGEST_WAIT:g}, such as 10, or unset it for "
            f"the default ({DEFAULT_WAIT:g} s)",
        )
    return seconds


def staging_folder(root: Path) -> Path:
    """Where this process stages large files (copied documents) before they land, made when
    missing: on the workspace's own disk, so that landing is a rename; one folder for each
    process, so that taking the lock never clears what this process has yet to land."""
    folder = root / staging.STAGING_DIR / str(os.getpid())
    regular.make_folder(folder)
    return folder


def _locked_out(root: Path, command: str, wait: float) -> WorkspaceLocked:
    holder = read_holder(root)
    if holder is None:
        who = "another selfassess command"
    else:
        who = (
            f"'{holder.get('command')}' (process {holder.get('pid')} on {holder.get('host')}, "
            f"since {holder.get('since')})"
        )
    return WorkspaceLocked(
        f"{root} is in use by {who}; '{command}' waited {wait:g} s for it",
        hint=f"try again when it has finished, or set {WAIT_VARIABLE} to the seconds to wait "
        "(the lock is freed as soon as that process ends, however it ends)",
    )


def _name_holder(root: Path, holder: dict[str, Any]) -> None:
    """Write the note naming the holder, whole (a rename), for the messages of whoever
    waits. Only a courtesy: the lock holds without it, so failing to write it is no error."""
    with suppress(OSError):
        fd, tmp = tempfile.mkstemp(prefix=f"{HOLDER_FILE}.", suffix=".tmp", dir=root)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(holder, handle)
            os.replace(tmp, root / HOLDER_FILE)
        except OSError:
            Path(tmp).unlink(missing_ok=True)


def read_holder(root: Path) -> dict[str, Any] | None:
    """Who holds the lock, as its holder wrote it; None when that cannot be told. Never
    waits on something that is not an ordinary file (a pipe would block an open)."""
    try:
        fd = os.open(root / HOLDER_FILE, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        data = json.loads(os.read(fd, 4096).decode("utf-8"))
    except (OSError, ValueError, RecursionError):
        return None
    finally:
        os.close(fd)
    return data if isinstance(data, dict) else None
