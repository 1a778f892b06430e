"""The activity log: an append-only record, in JSON Lines, of what was done to a workspace.

Each line says when, which role, and what. It records roles, never people's names, and never
the text of a peer's reason: the workspace may be disclosed under the Freedom of Information
Act, and the team's reasoning belongs in the team's files.
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from selfassess.errors import SelfAssessError

LOG_FILE = "activity.jsonl"
COUNCIL = "single point of contact"
TEAM = "peer team"


def record(root: Path, role: str, action: str, what: str, **details: Any) -> None:
    """Append one line; appends of a line this short are atomic on every local file system."""
    with appending(root) as log:
        log(role, action, what, **details)


@contextmanager
def appending(root: Path) -> Iterator[Callable[..., None]]:
    """Open the activity log for appending; yields ``log(role, action, what, **details)``.
    An operation opens it before it writes anything else, so that a log that cannot be
    written (a folder, a pipe, a read-only file) stops it before anything has changed."""
    path = root / LOG_FILE
    # O_NONBLOCK: opening a pipe with no reader fails at once instead of waiting forever
    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags, 0o644)
    except OSError as exc:
        raise _unwritable(path, exc) from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise _unwritable(path, OSError(errno.EINVAL, "not an ordinary file"))

        def log(role: str, action: str, what: str, **details: Any) -> None:
            entry = {
                "when": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
                "role": role,
                "action": action,
                "what": what,
                **details,
            }
            os.write(fd, (json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8"))

        yield log
    finally:
        os.close(fd)


def _unwritable(path: Path, exc: OSError) -> SelfAssessError:
    if exc.errno == errno.EISDIR:
        reason = "it is a folder"
    elif exc.errno == errno.ENXIO:  # a pipe with nothing reading it
        reason = "not an ordinary file"
    elif isinstance(exc, PermissionError):
        reason = "permission denied"
    else:
        reason = exc.strerror or str(exc)
    return SelfAssessError(
        f"{path}: cannot add to the activity log ({reason}); nothing was changed",
        hint=f"{LOG_FILE} must be an ordinary file you can write; move whatever is there aside "
        "(selfassess starts a new log when there is none)",
    )


def read(root: Path) -> list[dict[str, Any]]:
    path = root / LOG_FILE
    if not path.exists():
        return []
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            entries.append(json.loads(line))
        except ValueError:
            entries.append({"when": "?", "role": "?", "action": "unreadable", "what": line[:80]})
    return entries
