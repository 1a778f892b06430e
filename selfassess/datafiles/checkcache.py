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
from selfassess.datafiles import regular


class CheckCache:
    def __init__(self, path: Path, schema_text: str) -> None:
        """``schema_text``: the schemas' text; when it (or selfassess) changes, every file is
        checked again."""
        self.path = path
        self.key = hashlib.sha256(f"{__version__}\n{schema_text}".encode()).hexdigest()[:16]
        self.entries: dict[str, list[int]] = {}
        self.changed = False
        if not regular.is_present(path):
            return
        # a pipe, a device, a folder or a looping link here is refused (reading a pipe would
        # wait for ever); damaged content is only a lost shortcut
        raw = regular.read_bytes(path)
        try:
            data = json.loads(raw)
            if data.get("key") == self.key and _signatures(data["files"]):
                self.entries = data["files"]
        except (ValueError, KeyError, AttributeError, RecursionError):
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


def _signatures(files: object) -> bool:
    """Whether ``files`` is what :meth:`CheckCache.save` writes: names and three numbers."""
    return isinstance(files, dict) and all(
        isinstance(v, list) and len(v) == 3 and all(type(n) is int for n in v)
        for v in files.values()
    )
