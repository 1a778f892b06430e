"""The packs built so far: one line per build in ``packs/history.jsonl``, the pack's id, and
what changed since the last pack (the "what's new" a new version tells the peer team)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from selfassess.assessment.workspace import Workspace
from selfassess.datafiles import regular
from selfassess.errors import SelfAssessError
from selfassess.pack import front
from selfassess.pack.reader import MANIFEST, read_member
from selfassess.vocabulary import INCLUDED, ON_REQUEST, RESPONDED, TEAM_ROOM

PACKS_DIR = "packs"
HISTORY = "history.jsonl"
FRONT_DOCUMENTS = "front_documents"  # the manifest's content hash of each front document


def pack_id(ws: Workspace) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", ws.council.lower()).strip("-")
    return f"{slug}-{ws.framework.id}-{re.sub(r'[^a-z0-9]+', '-', ws.cycle.lower()).strip('-')}"


def latest_version(ws: Workspace) -> int:
    """The version of the last pack built (0 before the first)."""
    past = history(ws)
    return int(past[-1]["version"]) if past else 0


def history(ws: Workspace) -> list[dict[str, Any]]:
    path = ws.root / PACKS_DIR / HISTORY
    if not regular.is_present(path):
        return []
    hint = "each line records one pack built; mend or remove the broken line"
    text = regular.decode(path, regular.read_bytes(path), hint=hint)
    records = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            int(record["version"])
            json.dumps(record, ensure_ascii=False).encode("utf-8")  # no half characters
        except (ValueError, KeyError, TypeError, RecursionError):
            raise SelfAssessError(
                f"{path}:{number}: this line of the pack history cannot be read",
                hint=hint,
            ) from None
        records.append(record)
    return records


def append(ws: Workspace, record: dict[str, Any]) -> None:
    """Add the record of a pack just built to the history."""
    history_file = ws.root / PACKS_DIR / HISTORY
    regular.make_folder(history_file.parent)
    with history_file.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(record) + "\n")


def pack_path(ws: Workspace, record: dict[str, Any]) -> Path:
    """Where the pack a history record names is (its path is kept relative to the
    workspace when it is inside it)."""
    path = Path(record["path"])
    return path if path.is_absolute() else ws.root / path


def previous_manifest(ws: Workspace, past: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The last pack's manifest, or None when there is none or it cannot be read."""
    if not past:
        return None
    path = pack_path(ws, past[-1])
    try:
        raw = read_member(path, MANIFEST)
        return json.loads(raw) if raw else None
    except (OSError, ValueError, SelfAssessError):
        return None


def whats_new(
    previous: dict[str, Any] | None,
    listed: list[dict[str, Any]],
    requests: list[dict[str, Any]],
    front_hashes: dict[str, str] | None = None,
) -> tuple[list[str], set[str]]:
    """What changed since the previous manifest, one note a kind of change, and the ids the
    pack's page marks as new. ``front_hashes``: the content hashes of the documents at the
    top of the page (see :mod:`selfassess.pack.front`), compared with the previous pack's."""
    if previous is None:
        return [], set()
    before = {r["id"]: r for r in previous.get("items", [])}
    now_ids = {r["id"] for r in listed}
    added = [r["id"] for r in listed if r["id"] not in before]
    now_included = [
        r["id"]
        for r in listed
        if r["state"] == INCLUDED and r["id"] in before and before[r["id"]]["state"] != INCLUDED
    ]
    moved = {
        state: [
            r["id"]
            for r in listed
            if r["state"] == state and r["id"] in before and before[r["id"]]["state"] != r["state"]
        ]
        for state in (ON_REQUEST, TEAM_ROOM)
    }
    removed = [i for i in before if i not in now_ids]
    notes = front.changes(previous.get(FRONT_DOCUMENTS), front_hashes or {})
    if added:
        notes.append(f"{len(added)} new item(s): {', '.join(added)}")
    if now_included:
        notes.append(f"now in the pack: {', '.join(now_included)}")
    if moved[ON_REQUEST]:
        notes.append(f"now listed to request: {', '.join(moved[ON_REQUEST])}")
    if moved[TEAM_ROOM]:
        notes.append(f"now in the team room only: {', '.join(moved[TEAM_ROOM])}")
    if removed:
        notes.append(f"withdrawn from the library: {', '.join(removed)}")
    # by every id a request had: a pack made before ids were kept for life may show another
    answered_before = {
        i: _answer_seen(r)
        for r in previous.get("requests", [])
        for i in [r["id"], *r.get("also", [])]
    }
    answered = [
        r["id"]
        for r in requests
        if r["status"] in RESPONDED
        and not any(
            answered_before.get(i) == _answer_seen(r) for i in [r["id"], *r.get("also", [])]
        )
    ]
    if answered:
        notes.append(f"requests answered: {', '.join(answered)}")
    return notes or ["no changes"], set(added) | set(now_included)


def _answer_seen(request: dict[str, Any]) -> tuple[Any, ...]:
    """What the team sees of a request's answer: answered again the same day with a new
    reason, other evidence, a new date or note, it is news; built again unchanged, it is not."""
    return (
        request["status"],
        request.get("decline_reason"),
        tuple(sorted(request.get("evidence") or [])),
        request.get("expected"),
        request.get("note"),
        bool(request.get("team_room")),
    )
