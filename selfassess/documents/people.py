"""The people the peer team will meet: the roles the framework's themes suggest, each once
however the themes phrase it, and the people the council itself names (``people`` in
workspace.yaml), with their names, organisations and themes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from selfassess.assessment.workspace import Workspace
from selfassess.documents.wording import key_words


@dataclass
class Person:
    role: str
    who: list[str] = field(default_factory=list)  # "name, organisation" for each named person
    themes: list[str] = field(default_factory=list)  # theme titles, in the framework's order


def people(ws: Workspace) -> list[Person]:
    """One row a role: the framework's first, then those only the council names."""
    titles = {t.id: t.title for t in ws.framework.themes}
    order = list(titles)
    found: dict[frozenset[str], Person] = {}
    for theme in ws.framework.themes:
        for role in theme.people_to_meet:
            _add(found, role, [theme.id], None)
    for entry in ws.meta.get("people") or []:
        role = str(entry["role"])
        same = next((k for k in found if _same_role(key_words(role), k)), None)
        _add(found, found[same].role if same else role, entry.get("themes") or [], _who(entry))
    for person in found.values():
        person.themes = [
            titles[t] for t in sorted(set(person.themes), key=_rank(order)) if t in titles
        ]
    return list(found.values())


def rows(found: Iterable[Person]) -> list[list[str]]:
    return [[p.role, "; ".join(p.who), ", ".join(p.themes)] for p in found]


def _add(
    found: dict[frozenset[str], Person], role: str, themes: list[str], who: str | None
) -> None:
    key = key_words(role) or frozenset({role.strip().lower()})
    person = found.setdefault(key, Person(role.strip()))
    person.themes += themes
    if who and who not in person.who:
        person.who.append(who)


SAME_ROLE = 0.6  # share of the two roles' words in common: "Chair of the Audit and Governance
# Committee (independent member)" is the framework's "Audit committee chair and independent
# member"; another body's "Chief Executive" is not the council's chief executive and team


def _same_role(one: frozenset[str], other: frozenset[str]) -> bool:
    return bool(one and other) and len(one & other) / len(one | other) >= SAME_ROLE


def _who(entry: Mapping[str, Any]) -> str | None:
    said = ", ".join(str(entry[k]) for k in ("name", "organisation") if entry.get(k))
    return said or None


def _rank(order: list[str]) -> Any:
    return lambda theme: order.index(theme) if theme in order else len(order)
