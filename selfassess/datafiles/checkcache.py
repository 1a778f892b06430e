"""Remember which files passed their schema check, by size and modification time, so a
command that reads thousands of evidence items validates only the ones that changed (and
need not import jsonschema at all when none did). The cache lives in the workspace's
``.selfassess/`` folder and is only ever a shortcut: delete it and nothing is lost."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path

from selfassess import __version__


class CheckCache:
    def __init__(self, path: Path, schema_text: str) -> None:
        """``schema_text``: the schemas' text; when it (or selfassess) changes, every file is
        checked again."""
        self.path = path
        self.key = hashlib.sha256(f"{__version__}\n{schema_text}".encode()).hexdigest()[:16]
        self.entries: dict[str, list[int]] = {}
        self.changed = False
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("key") == self.key:
                self.entries = data["files"]
        except (OSError, ValueError, KeyError, AttributeError):
            pass

    @staticmethod
    def _signature(info: os.stat_result) -> list[int]:
        return [info.st_size, info.st_mtime_ns, info.st_ino]

    def passed(self, name: str, info: os.stat_result) -> bool:
        return self.entries.get(name) == self._signature(info)

    def remember(self, name: str, info: os.stat_result) -> None:
        signature = self._signature(info)
        if self.entries.get(name) != signature:
            self.entries[name] = signature
            self.changed = True

    def save(self) -> None:
        if not self.changed:
            return
        from selfassess.datafiles.datafile import write_atomic

        with contextlib.suppress(OSError, Exception):  # a read-only workspace: just no shortcut
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(
                self.path, json.dumps({"key": self.key, "files": self.entries}), durable=False
            )
