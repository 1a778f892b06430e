"""Copies of one document in the evidence log: the same file (by SHA-256) or the same link
(its address normalised) may arrive more than once, by any route (added, imported with or
without a ref, sent with an answer to a request). Every copy takes the strictest handling
any copy has, old copies as well as new, so a document marked sensitive, exempt or personal
cannot reach a pack under another id. A copy relaxed by hand is found again by the pack
build (which keeps it back) and by 'evidence check' and 'validate' (which report it)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any, Protocol
from urllib.parse import urlsplit, urlunsplit

from selfassess.evidence.model import EvidenceItem, Handling
from selfassess.vocabulary import CLASSIFICATIONS


class Register(Protocol):
    """What this module needs of the evidence log (evidence_log.Register, which uses it)."""

    notices: list[str]

    def with_sha256(self, sha256: str) -> list[EvidenceItem]: ...

    def with_url(self, url: str) -> list[EvidenceItem]: ...

    def text_cache(self) -> Any: ...

    def release_copy(self, item: EvidenceItem) -> None: ...


def share_strictest(register: Register, item: EvidenceItem) -> list[EvidenceItem]:
    """Give ``item`` and every other copy of its document the strictest handling any of
    them has, saying so in ``register.notices``; returns the other copies that changed (to
    be saved with it, in one write)."""
    twins = twins_of(register, item)
    if not twins:
        return []
    strictest = _strictest([item.handling, *(t.handling for t in twins)])
    if _marks(item.handling) != _marks(strictest):
        item.handling = dataclasses.replace(strictest, published=item.handling.published)
        register.notices.append(
            f"{item.id} is the same {_what(item)} as {', '.join(t.id for t in twins)} "
            f"({strictest.label()}); it takes the same handling, so it cannot reach a pack"
        )
    tightened = []
    for twin in twins:
        if _marks(twin.handling) != _marks(strictest):
            handled = dataclasses.replace(strictest, published=twin.handling.published)
            tightened.append(dataclasses.replace(twin, handling=handled))
            register.notices.append(
                f"{twin.id} is now {handled.label()}: it is the same {_what(item)} as "
                f"{item.id}, and every copy takes the strictest handling any copy has"
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
    twins = twins_of(register, item)
    if twins and _marks(_strictest([item.handling, *(t.handling for t in twins)])) == _marks(
        item.handling
    ):
        register.notices.append(
            f"{item.id} is the same {_what(item)} as {', '.join(t.id for t in twins)}"
        )


def _what(item: EvidenceItem) -> str:
    return "file" if item.file is not None else "link"


def same_marks(one: Handling, other: Handling) -> bool:
    """Whether two handlings mark alike (``published`` aside: each copy's own)."""
    return _marks(one) == _marks(other)


def _marks(handling: Handling) -> tuple[str, bool, bool]:
    return handling.classification, handling.personal_data, handling.exempt


def _strictest(handlings: list[Handling]) -> Handling:
    """The strictest marks among ``handlings`` (``published`` is each copy's own)."""
    return Handling(
        classification=max((h.classification for h in handlings), key=CLASSIFICATIONS.index),
        personal_data=any(h.personal_data for h in handlings),
        exempt=any(h.exempt for h in handlings),
    )


def twins_of(register: Register, item: EvidenceItem) -> list[EvidenceItem]:
    """The other items in the log that are copies of ``item``'s document or link."""
    found = {t.id: t for t in register.with_sha256(item.file.sha256)} if item.file else {}
    if item.url:
        found.update((t.id, t) for t in register.with_url(item.url))
    found.pop(item.id, None)
    return sorted(found.values(), key=lambda t: t.number)


def url_key(url: str) -> str:
    """A link as copies are matched: scheme and host in lower case, no trailing slash
    (``HTTPS://Intranet.Example/a/`` is ``https://intranet.example/a``)."""
    parts = urlsplit(url.strip())
    path = parts.path.rstrip("/")
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, parts.query, ""))


def copy_keys(item: EvidenceItem) -> list[str]:
    """What makes two items copies of one document: its file's SHA-256, its link."""
    keys = [f"sha:{item.file.sha256}"] if item.file is not None else []
    return keys + ([f"url:{url_key(item.url)}"] if item.url else [])


def copy_groups(items: Iterable[EvidenceItem]) -> list[list[EvidenceItem]]:
    """The items that are copies of one another (by file or by link, and through each
    other: a file and a link can join two groups), each group in id order, groups of two
    or more only."""
    parent: dict[str, str] = {}

    def root(key: str) -> str:
        while parent.setdefault(key, key) != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    by_id = {}
    for item in items:
        by_id[item.id] = item
        for key in copy_keys(item):
            parent[root(f"id:{item.id}")] = root(key)
    groups: dict[str, list[EvidenceItem]] = {}
    for item in sorted(by_id.values(), key=lambda i: i.number):
        if copy_keys(item):
            groups.setdefault(root(f"id:{item.id}"), []).append(item)
    return [group for group in groups.values() if len(group) > 1]


def differing(items: Iterable[EvidenceItem]) -> list[tuple[list[EvidenceItem], Handling]]:
    """The groups of copies whose handling differs, each with the strictest handling
    among them (what every copy should have)."""
    found = []
    for group in copy_groups(items):
        strictest = _strictest([i.handling for i in group])
        if any(_marks(i.handling) != _marks(strictest) for i in group):
            found.append((group, strictest))
    return found


def relax_hint(ids: list[str]) -> str:
    """How to relax the handling of a document that has copies: in every copy at once."""
    files = ", ".join(f"evidence/items/{i}.json" for i in ids)
    return (
        f"to relax its handling, edit the handling in every copy's file ({files}): while any "
        "copy is stricter, relaxing one alone changes nothing"
    )


def differ_message(group: list[EvidenceItem], strictest: Handling) -> str:
    """What to say of copies whose handling differs, and how to put it right."""
    marks = "; ".join(f"{i.id} {i.handling.label()}" for i in group)
    return (
        f"{', '.join(i.id for i in group)} are copies of one document but do not have the "
        f"same handling ({marks}); every copy takes the strictest handling any copy has, "
        f"and a pack build treats them all as {strictest.label()}"
    )


def differ_hint(group: list[EvidenceItem], strictest: Handling) -> str:
    """How to make copies agree: the strictest handling on each, or relaxed on all."""
    return f"mark every copy {strictest.label()} in its file; or, " + relax_hint(
        [i.id for i in group]
    )
