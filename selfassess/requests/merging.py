"""The peer challenge manager's merge: one requests file from the members' files.

Requests for the same library item, or with the same free-text ask, become one request: the
first id kept, the others in ``also``, so every member still finds their own id. Of several
due dates the earliest that is not already past is kept, and every disagreement is reported
to the manager. The merged file keeps every member's reason for the team; the copy that goes
to the council (:meth:`Merged.council_copy`) holds only what the council keeps.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from selfassess.errors import SelfAssessError
from selfassess.requests.teamfile import Request, RequestsFile, earliest_due, today
from selfassess.vocabulary import OPEN


@dataclass(frozen=True)
class DueDate:
    """One member's due date for a request: the date, their role and their file."""

    due: str
    by: str | None
    path: Path


@dataclass(frozen=True)
class DueConflict:
    """Members asked for one request by different dates; ``kept`` is the one merged."""

    request: Request
    dates: tuple[DueDate, ...]
    kept: str | None

    def describe(self, on: str) -> str:
        given = ", ".join(
            f"{d.due} ({d.by or 'no role given'}, {d.path}"
            + (", already past)" if d.due < on else ")")
            for d in self.dates
        )
        return f"{self.request.id} ({self.request.subject()}): {given}; kept {self.kept}"


@dataclass
class Merged:
    """The merged requests, with every member's reason (the team's copy), and the due dates
    members disagreed on."""

    team: RequestsFile
    due_conflicts: list[DueConflict] = field(default_factory=list)

    def council_copy(self) -> RequestsFile:
        """What goes to the council: each request as the council keeps it, with no member's
        reason (the team's reasoning stays with the team)."""
        return replace(
            self.team,
            requests=[replace(r, reasons=[], also=list(r.also)) for r in self.team.requests],
        )


def merge(files: list[tuple[Path, RequestsFile]]) -> Merged:
    """One file from many members' files: duplicates become one request (the first id kept,
    the others in ``also``), with every member's reason and the earliest due date that is not
    already past."""
    _check_one_pack(files)
    _check_ids(files)
    first = files[0][1]
    merged = RequestsFile(first.council, first.pack_id, max(f.pack_version for _, f in files))
    by_key: dict[str, Request] = {}
    dues: dict[str, list[DueDate]] = {}
    for path, source in files:
        for request in source.requests:
            found = by_key.get(request.key) or next(
                (r for r in merged.requests if r.ids & request.ids), None
            )
            if found is None:
                found = replace(request, reasons=list(request.reasons), also=list(request.also))
                by_key[request.key] = found
                merged.requests.append(found)
            else:
                _fold(found, request)
            if request.due:
                dues.setdefault(found.key, []).append(DueDate(request.due, request.by, path))
    on = today()
    conflicts = []
    for request in merged.requests:
        given = dues.get(request.key, [])
        request.due = earliest_due([d.due for d in given], on)
        if len({d.due for d in given}) > 1:
            conflicts.append(DueConflict(request, tuple(given), request.due))
    return Merged(merged, conflicts)


def _check_one_pack(files: list[tuple[Path, RequestsFile]]) -> None:
    first_path, first = files[0]
    for path, other in files[1:]:
        if (other.council, other.pack_id) != (first.council, first.pack_id):
            raise SelfAssessError(
                f"{path} is for {other.council} (pack {other.pack_id}), not {first.council} "
                f"(pack {first.pack_id}) like {first_path}; nothing was merged"
            )


def _check_ids(files: list[tuple[Path, RequestsFile]]) -> None:
    """Refuse one id used for two different requests."""
    owners: dict[str, tuple[str, Path]] = {}
    for path, source in files:
        for request in source.requests:
            for rid in request.ids:
                seen = owners.setdefault(rid, (request.key, path))
                if seen[0] != request.key:
                    raise SelfAssessError(
                        f"request id '{rid}' means {request.subject()} in {path} but something "
                        f"else in {seen[1]}; nothing was merged",
                        hint="ask the member who made one of them to withdraw it and ask again",
                    )


def _fold(into: Request, other: Request) -> None:
    """Fold a duplicate into a request: ids and reasons; still open if any member still
    wants it. (The due date is chosen once every copy is in.)"""
    into.also = sorted((into.ids | other.ids) - {into.id})
    for reason in other.reasons:
        if reason not in into.reasons:
            into.reasons.append(reason)
    into.theme = into.theme or other.theme
    into.raised = min(into.raised, other.raised)
    if other.status == OPEN:
        into.status = OPEN
