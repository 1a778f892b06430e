"""The council's tracker: each request as the council keeps it (no reasons), its answer,
and what the next pack carries."""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from selfassess.datafiles import datafile
from selfassess.errors import InvalidData, NotFound, Problem, SelfAssessError
from selfassess.requests import listing
from selfassess.requests.teamfile import (
    REQUESTS_DIR,
    Request,
    RequestsFile,
    _subject,
    request_key,
)
from selfassess.vocabulary import ANSWERED, OPEN, WITHDRAWN


# --- the council's tracker -------------------------------------------------------------------
@dataclass
class Tracked:
    """A request as the council keeps it: no reasons, and the council's answer."""

    id: str
    type: str
    raised: str
    item: str | None = None
    ask: str | None = None
    theme: str | None = None
    due: str | None = None
    by: list[str] = field(default_factory=list)
    also: list[str] = field(default_factory=list)
    withdrawn: bool = False
    asked_as: list[str] = field(default_factory=list)
    withdrawn_as: list[str] = field(default_factory=list)
    reasons_given: int = 0
    pack_version: int = 1
    status: str = OPEN
    evidence: list[str] = field(default_factory=list)
    team_room: bool = False
    note: str | None = None
    decline_reason: str | None = None
    responded: str | None = None

    key = property(lambda self: request_key(self.item, self.ask))
    ids = property(lambda self: {self.id, *self.also})

    @property
    def effective_status(self) -> str:
        """The status everyone sees: "withdrawn" once the team withdrew it, else ``status``
        (the council's answer: open, fulfilled, partly fulfilled or declined)."""
        return WITHDRAWN if self.withdrawn else self.status

    subject = _subject

    def days_open(self, on: dt.date | None = None) -> int | None:
        return listing.days_open(self.raised, self.responded, on or dt.date.today())

    def overdue(self, on: dt.date | None = None) -> bool:
        return listing.is_overdue(self.effective_status, self.due, on or dt.date.today())

    def public(self) -> dict[str, Any]:
        """What a pack may say about the request and its answer."""
        return {
            "id": self.id,
            "also": self.also,
            "item": self.item,
            "ask": self.ask,
            "type": self.type,
            "theme": self.theme,
            "due": self.due,
            "status": self.effective_status,
            "evidence": self.evidence,
            "team_room": self.team_room,
            "note": self.note,
            "decline_reason": self.decline_reason,
            "responded": self.responded,
        }


class Tracker:
    """The council's requests: ``requests/<id>.json`` in the workspace."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.folder = root / REQUESTS_DIR

    def all(self) -> list[Tracked]:
        if not self.folder.is_dir():
            return []
        found = []
        for name in sorted(os.listdir(self.folder)):
            if name.endswith(".json"):
                loaded = datafile.load(self.folder / name)
                try:
                    found.append(Tracked(**loaded.data))
                except (TypeError, ValueError) as exc:
                    raise SelfAssessError(
                        f"{loaded.path}: not a request record the council's tracker can read ({exc})",
                        hint="restore it from a backup, or import the team's requests file again",
                    ) from None
        return found

    def get(self, request_id: str) -> Tracked:
        for tracked in self.all():
            if request_id in tracked.ids:
                return tracked
        from selfassess.errors import did_you_mean

        ids = [i for t in self.all() for i in t.ids]
        raise NotFound(
            f"no request '{request_id}'{did_you_mean(request_id, ids)}",
            hint="see 'selfassess request list'",
        )

    def save(self, tracked: Tracked) -> None:
        datafile.write_atomic(*self.record(tracked))

    def record(self, tracked: Tracked) -> tuple[Path, str]:
        """Where a request's record goes and its text, for a caller that writes it together
        with other files (the folder is made)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        text = json.dumps(asdict(tracked), indent=2, ensure_ascii=False) + "\n"
        return self.folder / f"{tracked.id}.json", text

    def import_files(
        self,
        files: list[tuple[Path, RequestsFile]],
        council: str,
        pack_id: str,
        latest_version: int,
    ) -> tuple[list[str], list[str], list[str]]:
        """Import requests files: (new ids, withdrawn ids, updated ids). Every file is checked
        first; any problem refuses them all. Holds the workspace lock; what changed goes in
        the activity log."""
        from selfassess.datafiles import activity
        from selfassess.datafiles.lock import hold

        with hold(self.root, "selfassess request import"):
            added, withdrawn, updated = self._import(files, council, pack_id, latest_version)
            if added or withdrawn or updated:
                activity.record(
                    self.root,
                    activity.TEAM,
                    "request-import",
                    f"{len(added)} new, {len(withdrawn)} withdrawn, {len(updated)} updated "
                    "request(s) imported",
                    added=added,
                    withdrawn=withdrawn,
                    updated=updated,
                )
        return added, withdrawn, updated

    def _import(
        self,
        files: list[tuple[Path, RequestsFile]],
        council: str,
        pack_id: str,
        latest_version: int,
    ) -> tuple[list[str], list[str], list[str]]:
        problems = _wrong_pack(files, council, pack_id, latest_version)
        current = self.all()
        problems += _clashing_ids(files, current)
        if problems:
            raise InvalidData(problems, summary="requests not imported; nothing was changed")
        before = {t.key: asdict(t) for t in current}
        return self._save_changes(_grouped(current, files), before)

    def _save_changes(
        self, groups: dict[str, Tracked], before: dict[str, dict[str, Any]]
    ) -> tuple[list[str], list[str], list[str]]:
        """Save each request that the import changed: (new ids, withdrawn ids, updated ids)."""
        added, withdrawn, updated = [], [], []
        for key, group in groups.items():
            old = before.get(key)
            if old == asdict(group):
                continue
            if old is not None and old["id"] != group.id:
                (self.folder / f"{old['id']}.json").unlink(missing_ok=True)
            self.save(group)
            if old is None:
                added.append(group.id)
            elif group.withdrawn and not old["withdrawn"]:
                withdrawn.append(group.id)
            else:
                updated.append(group.id)
        return added, withdrawn, updated


def _wrong_pack(
    files: list[tuple[Path, RequestsFile]], council: str, pack_id: str, latest_version: int
) -> list[Problem]:
    """Files made for another council's pack, or for a pack version not built yet."""
    problems = []
    for path, source in files:
        if source.council != council or source.pack_id != pack_id:
            problems.append(
                Problem(
                    str(path),
                    f"this file is for {source.council} (pack "
                    f"{source.pack_id}), not {council} (pack {pack_id})",
                )
            )
        elif source.pack_version > latest_version:
            problems.append(
                Problem(
                    str(path),
                    f"it names pack version {source.pack_version}, "
                    f"but the latest built is {latest_version}",
                )
            )
    return problems


def _clashing_ids(files: list[tuple[Path, RequestsFile]], current: list[Tracked]) -> list[Problem]:
    """Request ids the tracker already keeps for something else."""
    problems = []
    known: dict[str, Tracked] = {i: t for t in current for i in t.ids}
    for path, source in files:
        for n, request in enumerate(source.requests):
            for rid in request.ids:
                other = known.get(rid)
                if other is not None and other.key != request.key:
                    problems.append(
                        Problem(
                            str(path),
                            f"request id '{rid}' is already used for {other.subject()}, "
                            f"not {request.subject()}",
                            f"$.requests[{n}].id",
                        )
                    )
    return problems


def _grouped(current: list[Tracked], files: list[tuple[Path, RequestsFile]]) -> dict[str, Tracked]:
    """The tracker's requests with the files' requests folded in, one per key: what is
    asked for. Updates ``current``'s records in place."""
    groups: dict[str, Tracked] = {t.key: t for t in current}
    for _, source in files:
        for request in source.requests:
            group = groups.get(request.key)
            if group is None:
                group = groups[request.key] = Tracked(
                    id=request.id,
                    type=request.type,
                    raised=request.raised,
                    item=request.item,
                    ask=request.ask,
                    theme=request.theme,
                    due=request.due,
                    pack_version=source.pack_version,
                )
            _absorb(group, request, source.pack_version)
    return groups


def _absorb(group: Tracked, request: Request, pack_version: int) -> None:
    """Fold one team request into the council's record, so that the result does not depend
    on the order the files arrive in."""
    ids = group.ids | request.ids
    group.id = min(ids)
    group.also = sorted(ids - {group.id})
    group.type = min(group.type, request.type)
    group.raised = min(group.raised, request.raised)
    dues = [d for d in (group.due, request.due) if d]
    group.due = min(dues) if dues else None
    themes = [t for t in (group.theme, request.theme) if t]
    group.theme = min(themes) if themes else None
    group.by = sorted(
        set(group.by)
        | ({request.by} if request.by else set())
        | {r["by"] for r in request.reasons if r.get("by")}
    )
    group.reasons_given = max(group.reasons_given, len(request.reasons))
    group.pack_version = min(group.pack_version, pack_version)
    # withdrawn once every member who asked (under their own id) has withdrawn
    group.asked_as = sorted(set(group.asked_as) | {request.id})
    if request.status == WITHDRAWN:
        group.withdrawn_as = sorted(set(group.withdrawn_as) | {request.id})
    group.withdrawn = set(group.asked_as) <= set(group.withdrawn_as)


def fulfilled_evidence(tracked: Iterable[Tracked]) -> frozenset[str]:
    """The evidence ids that answered requests bring into the next pack."""
    return frozenset(e for t in tracked if t.effective_status in ANSWERED for e in t.evidence)


@dataclass(frozen=True)
class ImportOutcome:
    """What an import changed: the ids of new, withdrawn and updated requests."""

    added: list[str]
    withdrawn: list[str]
    updated: list[str]


def import_requests(
    root: Path, paths: Iterable[Path], *, council: str, pack_id: str, pack_version: int
) -> ImportOutcome:
    """Import the team's requests files into the council's tracker in the workspace ``root``
    (safe to repeat), holding the workspace lock; the import goes in the activity log. The
    files must be for the pack ``pack_id``; ``pack_version`` is the latest built."""
    from selfassess.datafiles.lock import hold
    from selfassess.requests import teamfile

    loaded = [(path, teamfile.load_file(path)) for path in paths]
    with hold(root, "selfassess request import"):
        added, withdrawn, updated = Tracker(root).import_files(
            loaded, council, pack_id, pack_version
        )
    return ImportOutcome(added, withdrawn, updated)


def council_rows(root: Path, on: dt.date) -> list[dict[str, Any]]:
    """The council's tracker, with the titles of the items asked for."""
    from selfassess.evidence.evidence_log import Register

    items, _ = Register(root).load()  # a broken item file must not hide the requests
    titles = {item.id: item.title for item in items}
    return [
        listing.row(t.public(), on=on, titles=titles, raised=t.raised, asked_by=t.by)
        for t in Tracker(root).all()
    ]
