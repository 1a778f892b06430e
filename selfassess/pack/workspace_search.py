"""The council's own library: everything in its evidence log, searchable, kept up to date
in the workspace (``.selfassess/index.sqlite``, a cache that can always be rebuilt). The
text of a document with personal data is never indexed: only what the council wrote."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from selfassess.assessment.workspace import Workspace
from selfassess.evidence import handling
from selfassess.evidence.evidence_log import CACHE_DIR, Register
from selfassess.pack import search


def workspace_index(ws: Workspace) -> Path:
    """The workspace's search index, with changed items re-indexed and nothing else."""
    from selfassess.requests.tracker import Tracker, fulfilled_evidence

    register = Register(ws.root)
    cache = register.text_cache()
    fulfilled = fulfilled_evidence(Tracker(ws.root).all())
    entries = []
    for item in register.items():
        signature = hashlib.sha256(json.dumps(item.to_dict(), sort_keys=True).encode()).hexdigest()
        body = ""
        if item.file is not None and not item.handling.personal_data:  # never its text
            path = register.document_path(item)
            if path.is_file():
                body = cache.get(path, item.file.sha256).text
        where = handling.state(item, handling.Rules(), fulfilled)
        entries.append(
            search.Entry(
                item.id,
                item.title,
                item.kind,
                item.date,
                item.themes,
                where,
                item.summary,
                body,
                signature,
            )
        )
    path = ws.root / CACHE_DIR / "index.sqlite"
    path.parent.mkdir(parents=True, exist_ok=True)
    private = frozenset(i.id for i in register.items() if i.handling.personal_data)
    search.update(path, entries, private)
    return path
