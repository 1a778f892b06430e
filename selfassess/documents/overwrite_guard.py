"""Documents selfassess writes, remembered by hash, so a document someone has since edited
(the position statement, say, being revised by directors) is never silently replaced."""

from __future__ import annotations

import contextlib
import hashlib
import json
from pathlib import Path

from selfassess.datafiles import regular
from selfassess.datafiles.datafile import write_atomic
from selfassess.errors import SelfAssessError

RECORD = Path(".selfassess") / "written.json"


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write(root: Path, target: Path, data: bytes, force: bool = False) -> None:
    """Write ``data`` to ``target`` unless it holds something selfassess did not write."""
    record_path = root / RECORD
    record: dict[str, str] = {}
    if regular.is_present(record_path):  # a pipe or a folder there is refused, not waited on
        with contextlib.suppress(ValueError, RecursionError):
            saved = json.loads(regular.read_bytes(record_path))
            if isinstance(saved, dict):
                record = {str(k): str(v) for k, v in saved.items()}
    try:
        full = target.resolve()
    except (RuntimeError, OSError):  # a symbolic link that leads back to itself
        raise SelfAssessError(
            f"{target}: a symbolic link that leads back to itself (a loop); nothing was written",
            hint="remove the link, or give another --out",
        ) from None
    # inside the workspace, remember the path relative to it, so a copied workspace still knows
    key = (
        full.relative_to(root.resolve()).as_posix()
        if full.is_relative_to(root.resolve())
        else str(full)
    )
    if target.is_file() and not force:
        current = _digest(target.read_bytes())
        if record.get(key) != current:
            raise SelfAssessError(
                f"{target} has changed since selfassess wrote it (or selfassess did not write it); "
                "nothing was written",
                hint="keep both with --out another-name, or replace it with --force",
            )
    write_atomic(target, data, to_device=True)  # --out /dev/stdout is written through
    if target.is_file():
        record[key] = _digest(data)
        record_path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(record_path, json.dumps(record, indent=1), durable=False)
