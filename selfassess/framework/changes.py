"""How one version of a framework differs from another, and whether the change is allowed.

A framework's version only goes up; an id, once used, always means the same question (same
type and choices; wording may improve); an id that disappears is recorded in ``retired`` and
never used again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from selfassess.datafiles import datafile
from selfassess.errors import Problem


def _questions(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    themes = [*data.get("themes", []), *data.get("optional_themes", [])]
    return {q["id"]: {**q, "_theme": t["id"]} for t in themes for q in t["questions"]}


def _themes(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {t["id"]: t for t in [*data.get("themes", []), *data.get("optional_themes", [])]}


def _meaning(question: dict[str, Any]) -> tuple[Any, ...]:
    """What must not change under an id: the type and the choice ids."""
    return (question["type"], tuple(c["id"] for c in question.get("choices", [])))


def against_previous(new: datafile.Loaded, old: datafile.Loaded) -> list[Problem]:
    """Problems with ``new`` as the next version of ``old``."""
    problems: list[Problem] = []
    n, o = new.data, old.data
    if n["id"] != o["id"]:
        problems.append(
            new.problem(f"the previous file is framework '{o['id']}', not '{n['id']}'", ["id"])
        )
        return problems
    if n["version"] <= o["version"]:
        problems.append(
            new.problem(
                f"version {n['version']} must be higher than the previous version {o['version']}",
                ["version"],
            )
        )
    new_q, old_q = _questions(n), _questions(o)
    retired = {r["id"] for r in n.get("retired", [])}
    for qid, question in old_q.items():
        if qid in new_q and _meaning(new_q[qid]) != _meaning(question):
            problems.append(
                new.problem(
                    f"question id '{qid}' now asks a different question ({new_q[qid]['type']}, was "
                    f"{question['type']}, or its choices changed); give the new question a new id and "
                    "retire this one",
                    ["themes"],
                )
            )
        if qid not in new_q and qid not in retired:
            problems.append(
                new.problem(
                    f"question '{qid}' was removed; record it under 'retired' (with replaced_by if a "
                    "new question takes its place)",
                    ["retired"],
                )
            )
    for tid in _themes(o):
        if tid not in _themes(n) and tid not in retired:
            problems.append(
                new.problem(f"theme '{tid}' was removed; record it under 'retired'", ["retired"])
            )
    for entry in o.get("retired", []):
        if entry["id"] in new_q or entry["id"] in _themes(n):
            problems.append(
                new.problem(
                    f"'{entry['id']}' was retired in version {entry['in_version']} and must not be used again",
                    ["retired"],
                )
            )
    return problems


@dataclass
class Diff:
    old_version: int
    new_version: int
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"version {self.old_version} -> {self.new_version}"]
        out += [f"+ {line}" for line in self.added]
        out += [f"- {line}" for line in self.removed]
        out += [f"~ {line}" for line in self.changed]
        return out


def diff(old: dict[str, Any], new: dict[str, Any]) -> Diff:
    """Themes, questions, scale and ground rules added, removed or changed."""
    result = Diff(old.get("version", 0), new.get("version", 0))
    old_t, new_t = _themes(old), _themes(new)
    result.added += [f"theme {t}: {new_t[t]['title']}" for t in new_t if t not in old_t]
    result.removed += [f"theme {t}: {old_t[t]['title']}" for t in old_t if t not in new_t]
    result.changed += [
        f"theme {t}: title {old_t[t]['title']!r} -> {new_t[t]['title']!r}"
        for t in new_t
        if t in old_t and old_t[t]["title"] != new_t[t]["title"]
    ]
    old_q, new_q = _questions(old), _questions(new)
    result.added += [
        f"question {q} ({new_q[q]['_theme']}): {new_q[q]['prompt']}"
        for q in new_q
        if q not in old_q
    ]
    result.removed += [f"question {q} ({old_q[q]['_theme']})" for q in old_q if q not in new_q]
    for qid in [q for q in new_q if q in old_q]:
        before, after = old_q[qid], new_q[qid]
        for key in ("prompt", "help", "type", "required", "min", "max", "_theme"):
            if before.get(key) != after.get(key):
                name = "theme" if key == "_theme" else key
                result.changed.append(
                    f"question {qid}: {name} {before.get(key)!r} -> {after.get(key)!r}"
                )
        if _meaning(before)[1] != _meaning(after)[1]:
            result.changed.append(
                f"question {qid}: choices {list(_meaning(before)[1])} -> {list(_meaning(after)[1])}"
            )
    old_scale = [lv["id"] for lv in old.get("scale", [])]
    new_scale = [lv["id"] for lv in new.get("scale", [])]
    if old_scale != new_scale:
        result.changed.append(f"scale {old_scale} -> {new_scale}")
    for rule in new.get("ground_rules", []):
        if rule not in old.get("ground_rules", []):
            result.added.append(f"ground rule: {rule}")
    for rule in old.get("ground_rules", []):
        if rule not in new.get("ground_rules", []):
            result.removed.append(f"ground rule: {rule}")
    return result
