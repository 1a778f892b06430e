"""The activity log: an append-only record, in JSON Lines, of what was done to a workspace.

Each line says when, which role, and what. It records roles, never people's names, and never
the text of a peer's reason: the workspace may be disclosed under the Freedom of Information
Act, and the team's reasoning belongs in the team's files.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

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
    fd = os.open(root / LOG_FILE, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, line)
    finally:
        os.close(fd)


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
