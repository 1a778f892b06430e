"""What a workspace's schemas cannot say about its dates, the people the council names and
the council's questions for the peer team: real dates, visit days in order and close
together, a pre-onsite meeting before the visit, and themes that exist. Each finding names
the place and says what to do; shared by opening, creating and validating a workspace."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from selfassess.datafiles import datafile
from selfassess.errors import Problem, did_you_mean
from selfassess.framework.model import Framework

# a peer challenge's visit is a few days; days spread wider are most likely a typing slip
VISIT_SPREAD_DAYS = 21


def real_date_problems(loaded: datafile.Loaded) -> list[Problem]:
    """Each date in ``workspace.yaml`` that is not a real day (``2026-02-30``)."""
    meta = loaded.data
    dates = meta.get("dates") or {}
    found: list[tuple[list[str | int], Any]] = []
    for key, value in dates.items():
        if key == "visit_days":
            found += [(["dates", key, n], day) for n, day in enumerate(value or [])]
        else:
            found.append((["dates", key], value))
    status = meta.get("position_statement") or {}
    found.append((["position_statement", "status_date"], status.get("status_date")))
    return [
        loaded.problem(f"'{value}' is not a real date; give a day that exists, as YYYY-MM-DD", path)
        for path, value in found
        if value and not datafile.is_real_date(str(value))
    ]


def visit_problems(loaded: datafile.Loaded) -> list[Problem]:
    """Visit days listed twice or out of order, and a pre-onsite meeting that is not before
    the visit (errors: the documents take the first day listed as the visit's start)."""
    dates = loaded.data.get("dates") or {}
    days = [str(day) for day in dates.get("visit_days") or []]
    problems = []
    for n, day in enumerate(days):
        if day in days[:n]:
            problems.append(
                loaded.problem(
                    f"the visit day '{day}' is listed twice (also at visit_days[{days.index(day)}]); "
                    "remove one",
                    ["dates", "visit_days", n],
                )
            )
    late = next((n for n in range(1, len(days)) if days[n] < days[n - 1]), None)
    if late is not None:
        problems.append(
            loaded.problem(
                f"the visit days are not in date order ('{days[late]}' comes after "
                f"'{days[late - 1]}'); list them in order: {', '.join(sorted(set(days)))}",
                ["dates", "visit_days", late],
            )
        )
    meeting = dates.get("pre_onsite_meeting")
    if meeting and days and str(meeting) >= min(days):
        problems.append(
            loaded.problem(
                f"the pre-onsite meeting ({meeting}) is on or after the first visit day "
                f"({min(days)}); it must be before the first visit day: correct one of them",
                ["dates", "pre_onsite_meeting"],
            )
        )
    return problems


def visit_warnings(loaded: datafile.Loaded) -> list[Problem]:
    """Visit days spread over more than about three weeks: allowed, but most likely a slip."""
    days = sorted(str(day) for day in (loaded.data.get("dates") or {}).get("visit_days") or [])
    if len(days) < 2 or not all(datafile.is_real_date(day) for day in days):
        return []
    spread = (dt.date.fromisoformat(days[-1]) - dt.date.fromisoformat(days[0])).days
    if spread <= VISIT_SPREAD_DAYS:
        return []
    return [
        loaded.problem(
            f"the visit days run from {days[0]} to {days[-1]}, over {spread // 7} weeks; "
            "a peer challenge visit is a few days within about three weeks: check for a "
            "mistyped month or year",
            ["dates", "visit_days"],
            severity="warning",
        )
    ]


def theme_problem(
    loaded: datafile.Loaded, theme: str, path: Sequence[str | int], known: Iterable[str]
) -> Problem | None:
    """The error for a theme id that is neither a theme nor a focus area of the workspace."""
    known = list(known)
    if theme in known:
        return None
    return loaded.problem(
        f"'{theme}' is not a theme or focus area of this workspace"
        f"{did_you_mean(theme, known)}; use one of: {', '.join(known)}",
        path,
    )


def people_problems(loaded: datafile.Loaded, theme_ids: Iterable[str]) -> list[Problem]:
    """Each theme a person the council names speaks to that the workspace does not have."""
    known = list(theme_ids)
    found = []
    for n, person in enumerate(loaded.data.get("people") or []):
        for m, theme in enumerate(person.get("themes") or []):
            problem = theme_problem(loaded, theme, ["people", n, "themes", m], known)
            if problem:
                found.append(problem)
    return found


def questions_problems(
    loaded: datafile.Loaded,
    questions: Sequence[dict[str, Any]],
    where: Sequence[str | int],
    theme_ids: Iterable[str],
) -> list[Problem]:
    """The council's questions for the team: each under a theme the workspace has (an error)
    and none asked twice (a warning: the scoping document would list it twice)."""
    known = list(theme_ids)
    found: list[Problem] = []
    seen: dict[str, int] = {}
    for n, item in enumerate(questions):
        problem = theme_problem(loaded, item["theme"], [*where, n, "theme"], known)
        if problem:
            found.append(problem)
        words = " ".join(str(item["question"]).split()).casefold()
        if words in seen:
            found.append(
                loaded.problem(
                    f"this question is listed twice (also at questions_for_the_team"
                    f"[{seen[words]}]); remove one",
                    [*where, n, "question"],
                    severity="warning",
                )
            )
        seen.setdefault(words, n)
    return found


def question_themes(
    framework: Framework, questions: Sequence[dict[str, Any]], *, alone: bool
) -> list[str]:
    """The themes a question for the team may name: the workspace's themes and focus areas;
    for an answers file checked ``alone`` (without its workspace, so without its focus
    areas), also the framework's optional topics and any focus area's id."""
    known = list(framework.theme_ids)
    if alone:
        known += [t.id for t in framework.optional_themes]
        known += [str(q["theme"]) for q in questions if str(q["theme"]).startswith("focus-")]
    return list(dict.fromkeys(known))
