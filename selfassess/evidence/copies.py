"""Copies of one document in the evidence log: the same file (by SHA-256) may arrive more
than once, by any route (added, imported with or without a ref, sent with an answer to a
request). Every copy takes the strictest handling any copy has, old copies as well as new,
so a file marked sensitive, exempt or personal cannot reach a pack under another id."""

from __future__ import annotations

import dataclasses
from typing import Any, Protocol

from selfassess.evidence.model import EvidenceItem, Handling
from selfassess.vocabulary import CLASSIFICATIONS


class Register(Protocol):
    """What this module needs of the evidence log (evidence_log.Register, which uses it)."""

    notices: list[str]

    def with_sha256(self, sha256: str) -> list[EvidenceItem]: ...

    def text_cache(self) -> Any: ...

    def release_copy(self, item: EvidenceItem) -> None: ...


def share_strictest(register: Register, item: EvidenceItem) -> list[EvidenceItem]:
    """Give ``item`` and every other copy of its document the strictest handling any of
    them has, saying so in ``register.notices``; returns the other copies that changed (to
    be saved with it, in one write)."""
    if item.file is None:
        return []
    twins = [t for t in register.with_sha256(item.file.sha256) if t.id != item.id]
    if not twins:
        return []
    strictest = _strictest([item.handling, *(t.handling for t in twins)])
    if _marks(item.handling) != _marks(strictest):
        item.handling = dataclasses.replace(strictest, published=item.handling.published)
        register.notices.append(
            f"{item.id} is the same file as {', '.join(t.id for t in twins)} "
            f"({strictest.label()}); it takes the same handling, so it cannot reach a pack"
        )
    tightened = []
    for twin in twins:
        if _marks(twin.handling) != _marks(strictest):
            handled = dataclasses.replace(strictest, published=twin.handling.published)
            tightened.append(dataclasses.replace(twin, handling=handled))
            register.notices.append(
                f"{twin.id} is now {handled.label()}: it is the same file as {item.id}, and "
                "every copy of a file takes the strictest handling any copy has"
            )
            if handled.personal_data and not twin.handling.personal_data:
                _refer_in_place(register, tightened[-1], item)
    return tightened


def _refer_in_place(register: Register, twin: EvidenceItem, item: EvidenceItem) -> None:
    """A copy that has just become personal data refers to the file in place, as the new
    copy does, and its copy in the workspace goes (none is kept when the new copy was
    itself copied in: the council asked for that with --copy)."""
    if twin.file is None or twin.file.linked or item.file is None or not item.file.linked:
        return
    register.release_copy(twin)
    twin.file = dataclasses.replace(
        twin.file, path=item.file.path, linked=True, mtime_ns=item.file.mtime_ns
    )
    register.notices.append(
        f"{twin.id}: its copy in the workspace is removed; it refers to {item.file.path}"
    )


def note_copies(register: Register, item: EvidenceItem) -> None:
    """Say when a document just attached is already in the log under another id with the
    same handling (when not, saving it says what it tightened)."""
    assert item.file is not None
    twins = [t for t in register.with_sha256(item.file.sha256) if t.id != item.id]
    if twins and _marks(_strictest([item.handling, *(t.handling for t in twins)])) == _marks(
        item.handling
    ):
        register.notices.append(f"{item.id} is the same file as {', '.join(t.id for t in twins)}")


def _marks(handling: Handling) -> tuple[str, bool, bool]:
    return handling.classification, handling.personal_data, handling.exempt


def _strictest(handlings: list[Handling]) -> Handling:
    """The strictest marks among ``handlings`` (``published`` is each copy's own)."""
    return Handling(
        classification=max((h.classification for h in handlings), key=CLASSIFICATIONS.index),
        personal_data=any(h.personal_data for h in handlings),
        exempt=any(h.exempt for h in handlings),
    )
