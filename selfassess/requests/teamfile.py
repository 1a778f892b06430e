"""Additional information requests: the pull loop between the peer team and the council.

The team keeps its requests in a requests file (``schemas/requests.schema.json``) made from a
pack alone: by ``selfassess request add`` or by the pack's ``index.html``. The peer challenge
manager merges the members' files; the council imports them into its workspace
(``requests/R-xxxxxx.json``), answers each one, and the next pack carries the answers.

Requests for the same library item, or with the same free-text ask, are one request: the
council keeps it under the first id it saw, for life, and lists the others in ``also``, so
every member still finds their own id (merging: merging.py; the council's side: tracker.py).
The council's copy keeps no peer's reason: that is the team's reasoning, not the council's.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from selfassess.datafiles import datafile, schemas
from selfassess.errors import InvalidData, NotFound, SelfAssessError
from selfassess.vocabulary import (
    DECLINED,
    INCLUDED,
    OPEN,
    REQUEST_STATUSES,
    RESPONDED,
    WITHDRAWN,
)

SCHEMA_VERSION = 1
REQUESTS_DIR = "requests"
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def new_id() -> str:
    """A request id no other member will make: R- and six random characters."""
    return "R-" + "".join(secrets.choice(_ALPHABET) for _ in range(6))


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def today() -> str:
    return dt.date.today().isoformat()


def earliest_due(dates: Iterable[str | None], on: str) -> str | None:
    """The due date to keep of several: the earliest that is not already past on ``on``
    (a past date is most likely a slip of the keyboard); if every one is past, the latest."""
    given = {d for d in dates if d}
    coming = [d for d in given if d >= on]
    return min(coming) if coming else max(given, default=None)


def request_key(item: str | None, ask: str | None) -> str:
    """What makes two requests the same request: the same library item, or the same ask."""
    return f"item:{item}" if item else f"ask:{normalise(ask or '')}"


def _subject(request: Any) -> str:
    """What a request asks for, as a person reads it."""
    return str(request.item or f'"{request.ask}"')


# --- the team's requests file --------------------------------------------------------------
@dataclass
class Request:
    id: str
    type: str = "document"
    status: str = OPEN
    raised: str = field(default_factory=today)
    item: str | None = None
    ask: str | None = None
    theme: str | None = None
    due: str | None = None
    by: str | None = None
    reasons: list[dict[str, Any]] = field(default_factory=list)
    also: list[str] = field(default_factory=list)

    key = property(lambda self: request_key(self.item, self.ask))
    ids = property(lambda self: {self.id, *self.also})
    subject = _subject

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for empty in ("also", "reasons"):
            if not data[empty]:
                del data[empty]
        return data


@dataclass
class RequestsFile:
    council: str
    pack_id: str
    pack_version: int
    requests: list[Request] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "council": self.council,
            "pack_id": self.pack_id,
            "pack_version": self.pack_version,
            "requests": [r.to_dict() for r in self.requests],
        }

    def find(self, request_id: str) -> Request:
        for request in self.requests:
            if request_id in request.ids:
                return request
        from selfassess.errors import did_you_mean

        ids = [i for r in self.requests for i in r.ids]
        raise NotFound(f"no request '{request_id}' in this file{did_you_mean(request_id, ids)}")


def load_file(path: Path) -> RequestsFile:
    """Read a requests file, refusing a malformed one whole, with every reason."""
    loaded = datafile.load(path)
    data = loaded.data
    version = data.get("schema_version") if isinstance(data, dict) else None
    if isinstance(version, int) and version > SCHEMA_VERSION:
        raise SelfAssessError(
            f"{path}: made by a newer selfassess (requests schema version {version}; this one "
            f"reads version {SCHEMA_VERSION})",
            hint="upgrade selfassess: pip install --upgrade selfassess",
        )
    problems = schemas.check("requests", loaded)
    if not problems:
        seen: dict[str, int] = {}
        for n, entry in enumerate(data["requests"]):
            for rid in [entry["id"], *entry.get("also", [])]:
                if rid in seen:
                    problems.append(
                        loaded.problem(
                            f"request id '{rid}' is used twice (also at request {seen[rid] + 1})",
                            ["requests", n, "id"],
                        )
                    )
                seen[rid] = n
            if entry.get("due") and not _real_date(entry["due"]):
                problems.append(
                    loaded.problem(f"'{entry['due']}' is not a real date", ["requests", n, "due"])
                )
    if problems:
        raise InvalidData(problems, summary=f"{path}: not a valid requests file; nothing was read")
    return RequestsFile(
        council=data["council"],
        pack_id=data["pack_id"],
        pack_version=data["pack_version"],
        requests=[Request(**entry) for entry in data["requests"]],
    )


def _real_date(value: str) -> bool:
    from selfassess.datafiles.datafile import is_real_date

    return is_real_date(value)


TO_SEND = "Send it to the peer challenge manager or the council's single point of contact."
FOR_THE_COUNCIL = (
    "The merged requests for the council's single point of contact: no member's reasons."
)
FOR_THE_TEAM = (
    "The team's copy: it keeps each member's reasons. Send the council the copy made with "
    "'request merge --out', which holds none."
)


def save_file(requests_file: RequestsFile, path: Path, note: str = TO_SEND) -> None:
    header = datafile.comment(
        f"Additional information requests to {requests_file.council} "
        f"(pack {requests_file.pack_id}, version {requests_file.pack_version}).",
        f"Made with selfassess. {note}",
    )
    datafile.write_yaml(path, requests_file.to_dict(), header)


def add_to_file(
    path: Path, manifest: dict[str, Any], asked: NewRequests
) -> tuple[RequestsFile, list[str]]:
    """Add requests to the team's file at ``path`` (made when missing), holding it against
    the other members' commands; returns the file as written and what happened, in words."""
    from selfassess.datafiles.file_lock import holding

    with holding(path, "selfassess request add"):
        requests_file = load_file(path) if path.exists() else for_pack(manifest)
        check_same_pack(requests_file, manifest, path)
        said = add(requests_file, manifest, asked)
        save_file(requests_file, path)
    return requests_file, said


def withdraw_in_file(path: Path, request_id: str) -> Request:
    """Withdraw a request in the team's file at ``path``, holding it against other writers."""
    from selfassess.datafiles.file_lock import holding

    with holding(path, "selfassess request withdraw"):
        requests_file = load_file(path)
        withdrawn = withdraw(requests_file, request_id)
        save_file(requests_file, path)
    return withdrawn


def for_pack(manifest: dict[str, Any]) -> RequestsFile:
    return RequestsFile(manifest["council"], manifest["pack_id"], manifest["version"])


def check_same_pack(requests_file: RequestsFile, manifest: dict[str, Any], path: Path) -> None:
    if (requests_file.council, requests_file.pack_id) != (manifest["council"], manifest["pack_id"]):
        raise SelfAssessError(
            f"{path} is for {requests_file.council} (pack {requests_file.pack_id}), but this pack "
            f"is {manifest['council']}'s ({manifest['pack_id']})",
            hint="use a requests file for this pack, or give another --file",
        )


@dataclass(frozen=True)
class NewRequests:
    """What a member asks for: library items and/or one free-text ask, of one type, for a
    theme, by a date, with their reason and their role."""

    items: tuple[str, ...] = ()
    ask: str | None = None
    kind: str = "document"
    theme: str | None = None
    reason: str | None = None
    due: str | None = None
    by: str | None = None

    def check(self) -> None:
        from selfassess.errors import UsageError

        if self.ask is not None and not self.ask.strip():
            raise UsageError("--ask needs some words: what do you need?")
        if not self.items and not self.ask:
            raise UsageError("give item ids (E-006 ...) or --ask TEXT")


def add(requests_file: RequestsFile, manifest: dict[str, Any], asked: NewRequests) -> list[str]:
    """Add requests for library items or one free-text ask; returns what happened, in words.
    Asking again for something already requested adds the reason instead of a duplicate;
    asking again for something the council declined is a new ask, which re-opens it."""
    wanted, said = _new_requests(manifest, asked)
    wanted, answered_before, declined = _not_answered_before(wanted, manifest)
    said += answered_before
    said += _file_requests(requests_file, wanted, asked, declined)
    if asked.due and asked.due < today():
        said.append(f"warning: the due date {asked.due} is in the past")
    return said


def _new_requests(manifest: dict[str, Any], asked: NewRequests) -> tuple[list[Request], list[str]]:
    """A new request for each library item not already in the pack, and one for the ask;
    and, in words, the items the pack already carries."""
    library = {item["id"]: item for item in manifest["items"]}
    said = []
    wanted: list[Request] = []
    for item_id in asked.items:
        item_id = item_id.upper()
        if item_id not in library:
            from selfassess.errors import did_you_mean

            raise NotFound(
                f"no item '{item_id}' in pack {manifest['pack_id']} version {manifest['version']}"
                f"{did_you_mean(item_id, library)}",
                hint="see the library in the pack's index.html, or 'selfassess query'",
            )
        if library[item_id]["state"] == INCLUDED:
            said.append(
                f"{item_id} is already in the pack "
                f"({library[item_id].get('file') or 'see index.html'})"
            )
            continue
        wanted.append(
            Request(
                new_id(),
                asked.kind,
                item=item_id,
                theme=asked.theme or _first(library[item_id]["themes"]),
                due=asked.due,
                by=asked.by,
            )
        )
    if asked.ask:
        wanted.append(
            Request(
                new_id(),
                asked.kind,
                ask=asked.ask.strip(),
                theme=asked.theme,
                due=asked.due,
                by=asked.by,
            )
        )
    return wanted, said


def _not_answered_before(
    wanted: list[Request], manifest: dict[str, Any]
) -> tuple[list[Request], list[str], dict[str, set[str]]]:
    """The requests the pack does not already report answered; in words, those it does; and
    for each request the council declined, the ids it had (asking again re-opens it)."""
    answered = {}
    for entry in manifest.get("requests", []):
        answered[request_key(entry.get("item"), entry.get("ask"))] = entry
    said = []
    declined: dict[str, set[str]] = {}
    for request in list(wanted):
        entry = answered.get(request.key)
        if entry is None or entry["status"] not in RESPONDED:
            continue
        asked_as = f"{request.subject()} was already asked for ({entry['id']})"
        if entry["status"] == DECLINED:
            declined[request.key] = {entry["id"], *entry.get("also", [])}
            said.append(
                f"{asked_as} and declined in pack version {manifest['version']}: "
                f"{str(entry.get('decline_reason')).rstrip('.')}; the council will see your "
                "request re-opened, with that decline"
            )
            continue
        said.append(
            f"{asked_as} and {REQUEST_STATUSES[entry['status']].lower()} in pack version "
            f"{manifest['version']}{_expected(entry)}; ask the "
            "council's single point of contact directly, or use --ask to say what you need now"
        )
        wanted.remove(request)
    return wanted, said, declined


def _expected(entry: dict[str, Any]) -> str:
    """When a request answered for now is due to come, as the pack says."""
    return f" (from {entry['expected']})" if entry.get("expected") else ""


def _file_requests(
    requests_file: RequestsFile,
    wanted: list[Request],
    asked: NewRequests,
    declined: dict[str, set[str]],
) -> list[str]:
    """Put each wanted request in the file, with the member's reason; a request the file
    already holds open gets the reason instead (unless that one is the request the council
    declined: asking again is a new ask). Returns what happened, in words."""
    reason, by = asked.reason, asked.by
    said = []
    for request in wanted:
        if reason:
            request.reasons.append({"by": by, "text": reason})
        existing = next(
            (
                r
                for r in requests_file.requests
                if r.key == request.key
                and r.status == OPEN
                and not r.ids & declined.get(request.key, set())
            ),
            None,
        )
        if existing is not None:
            if reason and {"by": by, "text": reason} not in existing.reasons:
                existing.reasons.append({"by": by, "text": reason})
            said.append(
                f"{request.subject()} is already requested as {existing.id}; "
                + ("your reason was added" if reason else "nothing added")
            )
            continue
        requests_file.requests.append(request)
        said.append(f"added {request.id}: {request.subject()}")
    return said


def _first(values: list[str]) -> str | None:
    return values[0] if values else None


def withdraw(requests_file: RequestsFile, request_id: str) -> Request:
    request = requests_file.find(request_id)
    request.status = WITHDRAWN
    return request
