"""The activity log: an append-only record, in JSON Lines, of what was done to a workspace.

Each line says when, which role, and what. It records roles, never people's names, and never
the text of a peer's reason: the workspace may be disclosed under the Freedom of Information
Act, and the team's reasoning belongs in the team's files.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from selfassess.datafiles import regular

LOG_FILE = "activity.jsonl"
COUNCIL = "single point of contact"
TEAM = "peer team"


def record(root: Path, role: str, action: str, what: str, **details: Any) -> None:
    """Append one line; appends of a line this short are atomic on every local file system."""
    entry = {
        "when": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "role": role,
        "action": action,
        "what": what,
        **details,
    }
    line = (json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8")
    # refuses a pipe, a folder or a link that loops where the log should be: never waits
    regular.append(root / LOG_FILE, line)


_FIELDS = ("when", "role", "action", "what")


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
