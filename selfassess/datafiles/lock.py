"""The lock against two writers: ``.selfassess.lock`` in the workspace folder, holding
which process has it, for what, and since when.

:func:`hold` is what a library operation takes: an operation called inside another (a
document added while answering a request, or during the interview) joins the lock its
caller holds. A lock left by a crashed process on this machine is detected and cleared.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from selfassess.errors import SelfAssessError, WorkspaceLocked

LOCK_FILE = ".selfassess.lock"

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
def exclusive_lock(root: Path, command: str) -> Iterator[None]:
    path = root / LOCK_FILE
    mine = {
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "command": command,
        "since": dt.datetime.now().replace(microsecond=0).isoformat(),
    }
    for _ in range(3):
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            holder = _read_lock(path)
            if holder is None or _is_stale(holder):
                path.unlink(missing_ok=True)
                continue
            raise WorkspaceLocked(
                f"{root} is in use by '{holder.get('command')}' (process "
                f"{holder.get('pid')} on {holder.get('host')}, since {holder.get('since')})",
                hint=f"wait for it to finish; if that process is no longer running, delete {path}",
            ) from None
        except PermissionError:
            raise SelfAssessError(
                f"{root}: cannot write to this workspace (permission denied)",
                hint="check the folder is not read-only, or copy it somewhere you can write",
            ) from None
        with os.fdopen(fd, "w") as handle:
            json.dump(mine, handle)
        break
    else:  # pragma: no cover - only under a storm of competing writers
        raise WorkspaceLocked(f"{root}: could not take the workspace lock")
    try:
        yield
    finally:
        if _read_lock(path) == mine:
            path.unlink(missing_ok=True)


def _read_lock(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _is_stale(holder: dict[str, Any]) -> bool:
    if holder.get("host") != socket.gethostname():
        return False  # cannot tell for another machine: let the user decide
    pid = holder.get("pid")
    if not isinstance(pid, int) or pid <= 0:
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False
