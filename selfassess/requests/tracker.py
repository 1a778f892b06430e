"""The council's tracker: each request as the council keeps it (no reasons), its answer,
and what the next pack carries.

A request's id is its own for life once the council has seen it: a duplicate that arrives
later (another member's id for the same item or ask) becomes an alias in ``also``, and no
record is ever renamed or deleted. A new ask for something the council declined re-opens
it, keeping the decline in the record."""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from selfassess.datafiles import datafile, regular
from selfassess.errors import InvalidData, NotFound, Problem
from selfassess.requests import listing, record_shape
from selfassess.requests.teamfile import (
    REQUESTS_DIR,
    Request,
    RequestsFile,
    _subject,
    earliest_due,
    request_key,
    today,
)
from selfassess.vocabulary import ANSWERED, DECLINED, OPEN, REOPENED, WITHDRAWN


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
    expected: str | None = None  # to follow by, or on site from, this date
    declines: list[dict[str, Any]] = field(default_factory=list)  # earlier declines, oldest first
    reopened: str | None = None  # asked for again after a decline on this date

    @property
    def opened(self) -> str:
        """When the request was last opened: raised, or re-opened after a decline."""
        return self.reopened or self.raised

    key = property(lambda self: request_key(self.item, self.ask))
    ids = property(lambda self: {self.id, *self.also})

    @property
    def effective_status(self) -> str:
        """The status everyone sees: "withdrawn" once the team withdrew it, else ``status``
        (open or re-opened, or the council's answer)."""
        return WITHDRAWN if self.withdrawn else self.status

    subject = _subject

    def days_open(self, on: dt.date | None = None) -> int | None:
        return listing.days_open(self.opened, self.responded, on or dt.date.today())

    def overdue(self, on: dt.date | None = None) -> bool:
        return listing.is_overdue(
            self.effective_status, self.due, on or dt.date.today(), expected=self.expected
        )

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
            "expected": self.expected,
            "previous_decline": self.declines[-1] if self.declines else None,
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
                wrong = record_shape.problems(loaded)
                if wrong:
                    raise InvalidData(
                        wrong,
                        summary=f"{loaded.path}: not a request record the council's tracker "
                        "can read; mend it, restore it from a backup, or import the team's "
                        "requests file again",
                    )
                found.append(Tracked(**loaded.data))
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
        regular.make_folder(self.folder)
        text = json.dumps(asdict(tracked), indent=2, ensure_ascii=False) + "\n"
        return self.folder / f"{tracked.id}.json", text

    def import_files(
        self,
        files: list[tuple[Path, RequestsFile]],
        council: str,
        pack_id: str,
        latest_version: int,
    ) -> ImportOutcome:
        """Import requests files. Every file is checked first; any problem refuses them all.
        Holds the workspace lock; what changed goes in the activity log."""
        from selfassess.datafiles import activity
        from selfassess.datafiles.lock import hold

        with hold(self.root, "selfassess request import"):
            outcome = self._import(files, council, pack_id, latest_version)
            if outcome.changed:
                activity.record(
                    self.root,
                    activity.TEAM,
                    "request-import",
                    f"{len(outcome.added)} new, {len(outcome.reopened)} re-opened, "
                    f"{len(outcome.withdrawn)} withdrawn, {len(outcome.updated)} updated "
                    "request(s) imported",
                    added=outcome.added,
                    reopened=outcome.reopened,
                    withdrawn=outcome.withdrawn,
                    updated=outcome.updated,
                )
        return outcome

    def _import(
        self,
        files: list[tuple[Path, RequestsFile]],
        council: str,
        pack_id: str,
        latest_version: int,
    ) -> ImportOutcome:
        problems = _wrong_pack(files, council, pack_id, latest_version)
        current = self.all()
        problems += _clashing_ids(files, current)
        if problems:
            raise InvalidData(problems, summary="requests not imported; nothing was changed")
        before = {t.key: asdict(t) for t in current}
        groups, notes = _grouped(current, files)
        return self._save_changes(groups, before, notes)

    def _save_changes(
        self, groups: dict[str, Tracked], before: dict[str, dict[str, Any]], notes: list[str]
    ) -> ImportOutcome:
        """Save each request that the import changed, under the id it already has. A change
        to the tracker's own bookkeeping alone (how many reasons were given, under which ids
        members asked) is saved but is no update: nothing the council sees has changed."""
        outcome = ImportOutcome([], [], [], [], notes)
        for key, group in groups.items():
            old = before.get(key)
            if old == asdict(group):
                continue
            self.save(group)
            if old is not None and _seen(old) == _seen(asdict(group)):
                continue
            if old is None:
                outcome.added.append(group.id)
            elif group.status == REOPENED and old["status"] != REOPENED:
                outcome.reopened.append(group.id)
            elif group.withdrawn and not old["withdrawn"]:
                outcome.withdrawn.append(group.id)
            else:
                outcome.updated.append(group.id)
        return outcome


@dataclass(frozen=True)
class ImportOutcome:
    """What an import changed: the ids of new requests, of declined ones asked for again
    (re-opened), of withdrawn ones and of others updated; and notes, in words."""

    added: list[str]
    reopened: list[str]
    withdrawn: list[str]
    updated: list[str]
    notes: list[str] = field(default_factory=list)  # what the council should know, in words

    @property
    def changed(self) -> bool:
        return bool(self.added or self.reopened or self.withdrawn or self.updated)


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


_BOOKKEEPING = ("reasons_given", "asked_as")


def _seen(record: dict[str, Any]) -> dict[str, Any]:
    """A record without the tracker's bookkeeping: what the council sees of a request."""
    return {k: v for k, v in record.items() if k not in _BOOKKEEPING}


def _grouped(
    current: list[Tracked], files: list[tuple[Path, RequestsFile]]
) -> tuple[dict[str, Tracked], list[str]]:
    """The tracker's requests with the files' requests folded in, one per key: what is
    asked for; and notes in words for the council. Updates ``current``'s records in place.
    A request new to the council takes the id its file gives it; later duplicates only add
    aliases."""
    groups: dict[str, Tracked] = {t.key: t for t in current}
    notes: list[str] = []
    on = today()
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
            note = _absorb(group, request, source.pack_version, on)
            notes += [note] if note else []
    return groups, notes


def _absorb(group: Tracked, request: Request, pack_version: int, on: str) -> str | None:
    """Fold one team request into the council's record, keeping the record's id; the result
    does not depend on the order the files arrive in, except that a new ask for something
    declined re-opens it (with the new ask's due date: what the council should know of it
    comes back in words)."""
    new_ids = sorted(request.ids - group.ids)
    asks_again = group.status == DECLINED and request.status == OPEN and new_ids
    group.also = sorted((group.ids | request.ids) - {group.id})
    group.type = min(group.type, request.type)
    group.raised = min(group.raised, request.raised)
    # a re-opened request is due when the new ask says: no date already past comes back
    dues = [group.due, request.due]
    group.due = earliest_due([d for d in dues if d and d >= on] if group.reopened else dues, on)
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
    return _reopen(group, new_ids, request.due, on) if asks_again else None


def _reopen(group: Tracked, asked_as: list[str], due: str | None, on: str) -> str | None:
    """The team asks again for something the council declined: open it again, the decline
    kept in the record (and shown with it) until the council answers anew. It is open from
    ``on``, due when the new ask says (never by the old ask's date); a new ask with no due
    date, or a past one, leaves it with none, which is said."""
    group.declines.append(
        {"reason": group.decline_reason, "declined": group.responded, "asked_again_as": asked_as}
    )
    group.status, group.decline_reason, group.responded = REOPENED, None, None
    group.reopened, group.due = on, due if due and due >= on else None
    if group.due:
        return None
    gave = f"gave {due}, already past" if due else "gave none"
    return (
        f"{group.id} is re-opened with no due date: the new ask ({', '.join(asked_as)}) {gave}; "
        "agree one with the peer challenge manager"
    )


def fulfilled_evidence(tracked: Iterable[Tracked]) -> frozenset[str]:
    """The evidence ids that answered requests bring into the next pack."""
    return frozenset(e for t in tracked if t.effective_status in ANSWERED for e in t.evidence)


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
        return Tracker(root).import_files(loaded, council, pack_id, pack_version)


def council_rows(root: Path, on: dt.date) -> list[dict[str, Any]]:
    """The council's tracker, with the titles of the items asked for."""
    from selfassess.evidence.evidence_log import Register

    items, _ = Register(root).load()  # a broken item file must not hide the requests
    titles = {item.id: item.title for item in items}
    return [
        listing.row(t.public(), on=on, titles=titles, raised=t.opened, asked_by=t.by)
        for t in Tracker(root).all()
    ]
