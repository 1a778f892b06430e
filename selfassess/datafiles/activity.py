"""The activity log: an append-only record, in JSON Lines, of what was done to a workspace.

Each line says when, which role, and what. It records roles, never people's names, and never
the text of a peer's reason: the workspace may be disclosed under the Freedom of Information
Act, and the team's reasoning belongs in the team's files.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from selfassess.datafiles import regular
from selfassess.errors import FileProblem

LOG_FILE = "activity.jsonl"
COUNCIL = "single point of contact"
TEAM = "peer team"


def record(root: Path, role: str, action: str, what: str, **details: Any) -> None:
    """Append one line; appends of a line this short are atomic on every local file system."""
    with appending(root) as log:
        log(role, action, what, **details)


_FIELDS = ("when", "role", "action", "what")


@contextmanager
def appending(root: Path) -> Iterator[Callable[..., None]]:
    """Open the activity log for appending; yields ``log(role, action, what, **details)``.
    An operation opens it before it writes anything else, so that a log that cannot be
    written (a folder, a pipe, a link that loops, a read-only file) stops it before anything
    has changed; never waits on a pipe."""
    path = root / LOG_FILE
    try:
        fd = regular.open_to_append(path)
    except FileProblem as exc:
        exc.hint = (
            f"nothing was changed; {LOG_FILE} must be an ordinary file you can write: move "
            "whatever is there aside (selfassess starts a new log when there is none)"
        )
        raise
    try:

        def log(role: str, action: str, what: str, **details: Any) -> None:
            entry = {
                "when": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
                "role": role,
                "action": action,
                "what": what,
                **details,
            }
            line = (json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8")
            try:
                os.write(fd, line)
            except OSError as exc:
                raise regular.os_problem(path, exc) from None

        yield log
    finally:
        os.close(fd)


def read(root: Path) -> list[dict[str, Any]]:
    """Every entry, oldest first. A line that is not an entry (mended by hand, cut short)
    is shown as unreadable; a log that cannot be read at all (not UTF-8, not a regular
    file) is refused, naming it."""
    path = root / LOG_FILE
    if not regular.is_present(path):
        return []
    text = regular.decode(
        path,
        regular.read_bytes(path),
        hint="selfassess writes this log as UTF-8; another program changed it: "
        "mend or remove the line",
    )
    return [_entry(line) for line in text.splitlines()]


def _entry(line: str) -> dict[str, Any]:
    try:
        entry = json.loads(line)
        if not isinstance(entry, dict) or not all(isinstance(entry.get(f), str) for f in _FIELDS):
            raise ValueError("not an entry")
        json.dumps(entry, ensure_ascii=False).encode("utf-8")  # no half characters
    except (ValueError, RecursionError):  # a UnicodeEncodeError is a ValueError
        return {"when": "?", "role": "?", "action": "unreadable", "what": line[:80]}
    return entry
