"""The council's answer to a request: evidence already in the log, new documents added to
it, a reason to decline, or the team room; recorded in the tracker and the activity log."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from selfassess.errors import SelfAssessError
from selfassess.requests.teamfile import today
from selfassess.requests.tracker import Tracked, Tracker
from selfassess.vocabulary import (
    DECLINED,
    FOR_NOW,
    FULFILLED,
    ON_SITE,
    PARTLY_FULFILLED,
)

if TYPE_CHECKING:
    from selfassess.evidence.evidence_log import Register
    from selfassess.evidence.model import EvidenceItem
    from selfassess.framework.model import Framework


@dataclass(frozen=True)
class RespondOptions:
    """The council's answer to a request: evidence already in the log, new documents to add
    to it (``files``, marked by ``sensitive``, ``personal_data`` and ``exempt``), a reason to
    decline, or the team room; ``partial`` when it answers only in part. ``for_now`` answers
    for now, not for good: "to-follow" (sent by the date ``expected``) or "on-site" (in the
    team room during the visit, from ``expected``)."""

    evidence: tuple[str, ...] = ()
    files: tuple[str, ...] = ()
    decline: str | None = None
    partial: bool = False
    team_room: bool = False
    note: str | None = None
    sensitive: bool = False
    personal_data: bool = False
    exempt: bool = False
    for_now: str | None = None
    expected: str | None = None

    def on_site_from(self, first_visit_day: str | None) -> RespondOptions:
        """An "on site" answer with no date is on site from the first day of the visit."""
        if self.for_now == ON_SITE and self.expected is None and first_visit_day:
            return dataclasses.replace(self, expected=first_visit_day)
        return self

    def check(self) -> None:
        from selfassess.errors import UsageError

        if self.for_now is not None and (
            self.for_now not in FOR_NOW
            or self.decline is not None
            or self.evidence
            or self.files
            or self.partial
            or self.team_room
        ):
            raise UsageError(
                "--to-follow and --on-site go with --note only: the answer for good comes later"
            )

        if self.decline is not None and (
            self.evidence or self.files or self.partial or self.team_room
        ):
            raise UsageError(
                "--decline cannot go with --evidence, --file, --partial or --team-room"
            )


def respond(
    root: Path,
    framework: Framework,
    request_id: str,
    options: RespondOptions,
    *,
    describe: Callable[[str, EvidenceItem], EvidenceItem] | None = None,
    on_added: Callable[[EvidenceItem, list[str]], None] | None = None,
) -> Tracked:
    """Answer a request in the workspace ``root`` (whose ``framework`` the new documents'
    themes are checked against), holding the workspace lock: new files join the evidence
    log, and each step goes in the activity log. All or nothing: when any part fails, no
    file joins the log and the request is unchanged. ``describe(path, template)`` may fill
    in a new file's details (the command line asks a person); ``on_added(item, notices)``
    is told of each file added, once the answer is saved."""
    from selfassess.datafiles import activity
    from selfassess.datafiles.lock import hold
    from selfassess.evidence import evidence_log, handling, model

    options.check()
    with hold(root, "selfassess request respond"):
        council = Tracker(root)
        tracked = council.get(request_id)
        if tracked.withdrawn:
            raise SelfAssessError(f"{tracked.id} was withdrawn by the team; it needs no answer")
        if options.for_now is not None:
            answered = _record_for_now(council, tracked, options)
            _log_answer(root, answered)
            return answered
        register = evidence_log.Register(root)
        with register.held_saves() as also_write:
            ids = [model.normalise_id(e) for e in options.evidence]
            added = _add_new_documents(register, tracked, framework, options, describe)
            known = {i.id: handling.kept_back(i, handling.Rules()) for i in register.items()}
            _refuse_kept_back_files(register, [i for i, _ in added], options, tracked)
            answered = _record_answer(
                council,
                request_id,
                evidence=ids + [item.id for item, _ in added],
                known_items=known,
                decline=options.decline,
                partial=options.partial,
                note=options.note,
                team_room=options.team_room,
            )
            also_write.update([council.record(answered)])
        for item, notices in added:
            what = f"added {item.id} for {answered.id}"
            activity.record(root, activity.COUNCIL, "evidence-add", what, item=item.id)
            if on_added is not None:
                on_added(item, notices)
        _log_answer(root, answered)
    return answered


def _add_new_documents(
    register: Register,
    tracked: Tracked,
    framework: Framework,
    options: RespondOptions,
    describe: Callable[[str, EvidenceItem], EvidenceItem] | None,
) -> list[tuple[EvidenceItem, list[str]]]:
    """Add the answer's new files to the evidence log (held, to be written with the
    answer), for the request's theme and marked as ``options`` says; returns each new item
    with what a person should be told about it."""
    from selfassess.evidence import evidence_log, model

    marks = model.Handling.marked(
        sensitive=options.sensitive, personal_data=options.personal_data, exempt=options.exempt
    )
    added: list[tuple[EvidenceItem, list[str]]] = []
    for path in options.files:
        template = model.EvidenceItem(
            id="E-000",
            title="",
            themes=[tracked.theme] if tracked.theme else [],
            handling=marks,
        )
        if describe is not None:
            template = describe(path, template)
        item = evidence_log.add_held(
            register, path, template, framework.theme_ids, framework.question_index()
        )
        added.append((item, list(register.notices)))
        register.notices.clear()
    return added


def _refuse_kept_back_files(
    register: Register, added: list[EvidenceItem], options: RespondOptions, tracked: Tracked
) -> None:
    """A new file kept in the team room cannot answer a request in a pack: say which, and
    why (its marks, or the copies already in the log), before anything is written."""
    from selfassess.errors import UsageError
    from selfassess.evidence import handling

    for item in added:
        if options.team_room or not handling.kept_back(item, handling.Rules()):
            continue
        why = item.handling.label()
        if item.file is not None:
            twins = [t.id for t in register.with_sha256(item.file.sha256) if t.id != item.id]
            why += f"; the same file as {', '.join(twins)}" if twins else ""
        raise UsageError(
            f"{item.file.name if item.file else item.title} is kept in the team room ({why}), "
            "so it cannot answer a request in a pack; nothing was added",
            hint=f"answer that it is in the team room: selfassess request respond {tracked.id} "
            "--file ... --team-room, or give shareable evidence",
        )


def _log_answer(root: Path, answered: Tracked) -> None:
    """The answer's entry in the workspace's activity log."""
    from selfassess.datafiles import activity

    activity.record(
        root,
        activity.COUNCIL,
        "request-respond",
        f"{answered.id}: {answered.status}",
        request=answered.id,
        status=answered.status,
        evidence=answered.evidence,
    )


def _record_for_now(tracker: Tracker, tracked: Tracked, options: RespondOptions) -> Tracked:
    """An answer for now: it will follow, or be in the team room on site, by a date. Not a
    decline, and not closed: it is overdue once that date passes with no answer for good."""
    tracked.status = options.for_now or tracked.status
    tracked.evidence, tracked.expected = [], options.expected
    tracked.team_room, tracked.decline_reason = False, None
    tracked.note = options.note
    tracked.responded = today()
    tracker.save(tracked)
    return tracked


def _record_answer(
    tracker: Tracker,
    request_id: str,
    *,
    evidence: list[str],
    known_items: dict[str, bool],
    decline: str | None = None,
    partial: bool = False,
    note: str | None = None,
    team_room: bool = False,
) -> Tracked:
    """The request with the council's answer, not yet saved. ``known_items`` maps every
    evidence id to whether it is kept back (team room only)."""
    from selfassess.errors import UsageError

    tracked = tracker.get(request_id)
    if tracked.withdrawn:
        raise SelfAssessError(f"{tracked.id} was withdrawn by the team; it needs no answer")
    for item_id in evidence:
        if item_id not in known_items:
            raise UsageError(f"no evidence item '{item_id}'", hint="see 'selfassess evidence list'")
        if known_items[item_id] and not team_room:
            raise UsageError(
                f"{item_id} is kept in the team room (sensitive, exempt or personal), so it cannot "
                "answer a request in a pack",
                hint=f"answer with --team-room, or give shareable evidence: "
                f"selfassess request respond {tracked.id} --team-room",
            )
    kept_back = bool(tracked.item and known_items.get(tracked.item))
    if kept_back and (evidence or decline or partial):
        raise UsageError(
            f"{tracked.id} asks for {tracked.item}, which is available in the team room only",
            hint=f"answer it with: selfassess request respond {tracked.id} --team-room",
        )
    # a new answer replaces the old one, note and all
    tracked.note, tracked.team_room, tracked.decline_reason = None, False, None
    tracked.expected = None
    if decline is not None:
        if not decline.strip():
            raise UsageError("--decline needs a reason")
        tracked.status, tracked.evidence, tracked.decline_reason = DECLINED, [], decline.strip()
    elif kept_back or team_room:
        tracked.status, tracked.evidence, tracked.team_room = FULFILLED, [], True
        tracked.note = note or "Available in the team room"
    else:
        chosen = list(evidence) or ([tracked.item] if tracked.item else [])
        if not chosen and tracked.type in ("document", "data") and not note:
            raise UsageError(
                f"{tracked.id} asks for {tracked.subject()}: give --evidence E-ID or --file PATH, "
                "or --decline REASON"
            )
        tracked.status = PARTLY_FULFILLED if partial else FULFILLED
        tracked.evidence = sorted(set(chosen))
        tracked.decline_reason = None
    if note:
        tracked.note = note
    tracked.responded = today()
    return tracked  # saved by the caller, with the evidence it adds
