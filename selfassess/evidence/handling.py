"""Handling rules: what of each evidence item may go into a pack.

Everything is OFFICIAL; some items are OFFICIAL-SENSITIVE, contain personal data, or are
exempt information (a 'Part 2' committee paper). By default (pull) a pack includes the
document only for pre-reading items and items whose request has been fulfilled; every
other shareable item is listed with its metadata and the council's summary, to be
requested. Sensitive, exempt and personal-data items appear only by id and title as
"available in the team room". ``allow_sensitive`` lets OFFICIAL-SENSITIVE items through;
personal data and exempt information never leave the workspace.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from selfassess.vocabulary import INCLUDED, OFFICIAL, ON_REQUEST, TEAM_ROOM

if TYPE_CHECKING:  # at run time this module stays light: the peer team's commands import it
    from selfassess.evidence.model import EvidenceItem


@dataclass(frozen=True)
class Rules:
    allow_sensitive: bool = False
    include_all: bool = False  # the old push model, for comparison

    def describe(self) -> dict[str, object]:
        return {
            "model": "push (--include-all)" if self.include_all else "pull",
            "allow_sensitive": self.allow_sensitive,
            "personal_data": "never included",
            "exempt": "never included",
        }


def kept_back(item: EvidenceItem, rules: Rules) -> bool:
    """True when nothing but the id and title may leave the workspace."""
    handling = item.handling
    if handling.personal_data or handling.exempt:
        return True
    return handling.classification != OFFICIAL and not rules.allow_sensitive


def state(item: EvidenceItem, rules: Rules, fulfilled: frozenset[str] = frozenset()) -> str:
    """Where an item stands in a pack built under ``rules``."""
    if kept_back(item, rules):
        return TEAM_ROOM
    if rules.include_all or item.core or item.id in fulfilled:
        return INCLUDED
    return ON_REQUEST


def team_title(item: EvidenceItem, rules: Rules) -> str:
    """The title the peer team sees, wherever it sees one (the pack's page, manifest,
    library.csv and search index, the scoping document, the position statement): the
    item's pack title when it has one; for an item kept back whose title the council did
    not write (so likely its file's name, which can name a person or a case), a neutral
    one; else its title."""
    if item.pack_title:
        return item.pack_title
    if kept_back(item, rules) and not item.council_wrote_title():
        return f"Document {item.id}, available in the team room"
    return item.title
