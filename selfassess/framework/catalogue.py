"""Finding and loading frameworks: shipped, the user's own, a workspace's own and
``--frameworks-dir`` folders; checking a framework file for meaning."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from selfassess.datafiles import datafile, schemas
from selfassess.datafiles.checkcache import CheckCache
from selfassess.datafiles.resources import data_folder
from selfassess.errors import (
    FileProblem,
    InvalidData,
    NotFound,
    Problem,
    SelfAssessError,
    did_you_mean,
)
from selfassess.framework import phrasing
from selfassess.framework.model import (
    Framework,
)
from selfassess.settings import DEFAULT, Settings


# --- checking a framework file -----------------------------------------------------------
def meaning_problems(loaded: datafile.Loaded) -> list[Problem]:
    """What the schema cannot say: unique ids, the id matching the file name, sane bounds."""
    data = loaded.data
    themes = _numbered("themes", data["themes"])
    themes += _numbered("optional_themes", data.get("optional_themes", []))
    focus_questions = data.get("focus_area_questions", [])
    problems = _id_not_file_name(loaded)
    problems += _used_twice(loaded, _numbered("scale", data.get("scale", [])), "scale level")
    problems += _used_twice(loaded, themes, "theme")
    problems += _theme_question_problems(loaded, themes)
    for q, question in enumerate(focus_questions):
        problems += _question_problems(loaded, question, ["focus_area_questions", q])
    problems += _used_twice(
        loaded, _numbered("focus_area_questions", focus_questions), "focus question"
    )
    timeline = _numbered("timeline", data.get("timeline", []))
    problems += _used_twice(loaded, timeline, "key date")
    for where, step in timeline:
        problems += _step_problems(loaded, step, where)
    in_use = {theme["id"] for _, theme in themes}
    in_use |= {question["id"] for _, theme in themes for question in theme["questions"]}
    problems += _retired_problems(loaded, in_use)
    problems += _extends_problems(loaded)
    return problems


# how far from the visit a key date may be counted: about ten years, in each unit
STEP_LIMITS = {"days": 3660, "weeks": 520, "months": 120}


def _step_problems(
    loaded: datafile.Loaded, step: dict[str, Any], where: list[str | int]
) -> list[Problem]:
    """A key date that says neither how far it is from the visit, nor sensibly, or that is
    both a guide ('about') and a deadline ('by')."""
    problems = []
    if step.get("about") and step.get("by"):
        problems.append(
            loaded.problem(
                "a key date is either about (a guide) or by (the latest it may happen), "
                "not both; remove one",
                [*where, "by"],
            )
        )
    given = [unit for unit in STEP_LIMITS if unit in step]
    if not given:
        problems.append(
            loaded.problem(
                f"key date '{step['id']}' does not say how far it is from the visit: give "
                f"days, weeks or months (negative before {step['from']}, for example "
                "'weeks: -3')",
                where,
            )
        )
    for unit in given:
        if abs(step[unit]) > STEP_LIMITS[unit]:
            problems.append(
                loaded.problem(
                    f"{unit}: {step[unit]} is too far from the visit; a key date is at most "
                    f"{STEP_LIMITS[unit]} {unit} (about ten years) before or after it",
                    [*where, unit],
                )
            )
    return problems


def _numbered(
    key: str, items: list[dict[str, Any]]
) -> list[tuple[list[str | int], dict[str, Any]]]:
    """Each item of the list under ``key`` with its JSON path."""
    return [([key, n], item) for n, item in enumerate(items)]


def _id_not_file_name(loaded: datafile.Loaded) -> list[Problem]:
    framework_id, stem = loaded.data.get("id"), loaded.path.stem
    if framework_id == stem or stem.startswith("."):
        return []
    return [
        loaded.problem(
            f"the framework id '{framework_id}' must match the file name '{stem}'", ["id"]
        )
    ]


def _used_twice(
    loaded: datafile.Loaded,
    items: list[tuple[list[str | int], dict[str, Any]]],
    what: str,
) -> list[Problem]:
    problems = []
    seen: set[str] = set()
    for where, item in items:
        if item["id"] in seen:
            problems.append(
                loaded.problem(f"{what} id '{item['id']}' is used twice", [*where, "id"])
            )
        seen.add(item["id"])
    return problems


def _theme_question_problems(
    loaded: datafile.Loaded, themes: list[tuple[list[str | int], dict[str, Any]]]
) -> list[Problem]:
    """Question ids unique across the framework, and each question's own problems."""
    problems = []
    seen: dict[str, str] = {}
    for theme_where, theme in themes:
        for q, question in enumerate(theme["questions"]):
            where: list[str | int] = [*theme_where, "questions", q]
            if question["id"] in seen:
                problems.append(
                    loaded.problem(
                        f"question id '{question['id']}' is already used in theme "
                        f"'{seen[question['id']]}'; question ids are unique across "
                        "the framework",
                        [*where, "id"],
                    )
                )
            seen[question["id"]] = theme["id"]
            problems += _question_problems(loaded, question, where)
    return problems


def _retired_problems(loaded: datafile.Loaded, in_use: set[str]) -> list[Problem]:
    """A retired id is never used again, and is retired no later than this version."""
    data = loaded.data
    problems = []
    for r, retired in enumerate(data.get("retired", [])):
        if retired["id"] in in_use:
            problems.append(
                loaded.problem(
                    f"'{retired['id']}' is listed as retired but is still in use; a retired id is "
                    "never used again",
                    ["retired", r, "id"],
                )
            )
        if retired["in_version"] > data["version"]:
            problems.append(
                loaded.problem(
                    f"'{retired['id']}' is retired in version {retired['in_version']}, after this "
                    f"version ({data['version']})",
                    ["retired", r, "in_version"],
                )
            )
    return problems


def _extends_problems(loaded: datafile.Loaded) -> list[Problem]:
    data = loaded.data
    if "extends" not in data or data["extends"] == data.get("id"):
        return []
    return [
        loaded.problem(
            f"'extends: {data['extends']}' must name this framework's own id ('{data.get('id')}'): "
            "a council's framework may take a shipped framework's place only under its id",
            ["extends"],
        )
    ]


def _question_problems(
    loaded: datafile.Loaded, question: dict[str, Any], where: list[str | int]
) -> list[Problem]:
    problems = []
    choices = question.get("choices", [])
    ids = [c["id"] for c in choices]
    for dup in sorted({i for i in ids if ids.count(i) > 1}):
        problems.append(
            loaded.problem(f"choice id '{dup}' is used twice in one question", [*where, "choices"])
        )
    low, high = question.get("min"), question.get("max")
    if low is not None and high is not None and low > high:
        problems.append(loaded.problem(f"min ({low}) is above max ({high})", [*where, "min"]))
    return problems + phrasing.problems(loaded, question, where)


def check_file(
    path: Path, cache: CheckCache | None = None
) -> tuple[datafile.Loaded, list[Problem]]:
    """Load a framework file and list everything wrong with it. Files that passed are
    remembered in ``cache``, else in the user's cache folder (saved before returning)."""
    loaded = datafile.load(path)
    own = cache is None
    cache = schemas.user_cache() if cache is None else cache
    problems = schemas.check("framework", loaded, cache)
    if not problems:
        problems = meaning_problems(loaded)
    if own:
        cache.save()
    return loaded, problems


def load_file(path: Path, cache: CheckCache | None = None) -> Framework:
    loaded, problems = check_file(path, cache)
    if problems:
        raise InvalidData(problems, summary=f"{path}: the framework is not valid")
    return Framework.from_data(loaded.data, source=str(path))


# --- finding frameworks ------------------------------------------------------------------
def user_folder() -> Path:
    """Where a council keeps its own frameworks: the platform's user data folder."""
    from platformdirs import user_data_path

    return user_data_path("selfassess", appauthor=False) / "frameworks"


def _yaml_files(folder: Path | Any) -> dict[str, Path]:
    if not folder.is_dir():
        return {}
    return {
        Path(entry.name).stem: Path(str(entry))
        for entry in sorted(folder.iterdir(), key=lambda e: e.name)
        if entry.name.endswith(".yaml") and not entry.name.startswith(("_", "."))
    }


def shipped_paths() -> dict[str, Path]:
    """Shipped framework ids → their files."""
    return _yaml_files(data_folder("frameworks"))


def _own_folders(settings: Settings, extra: Iterable[Path] = ()) -> list[Path]:
    """A council's own framework folders, most specific first: ``extra`` (a workspace's
    own), then --frameworks-dir, then the user data folder."""
    return [*extra, *settings.frameworks_dirs, user_folder()]


def _extends(path: Path) -> str | None:
    """The ``extends`` key of a framework file, read cheaply; None when absent or unreadable."""
    try:
        text = datafile.read_text(path)
    except SelfAssessError:
        return None
    match = re.search(r"^extends:\s*['\"]?([a-z0-9.-]+)", text, re.MULTILINE)
    return match.group(1) if match else None


def all_paths(settings: Settings = DEFAULT, extra: Iterable[Path] = ()) -> dict[str, Path]:
    """Every framework id → its file: a council's own folders first (the workspace's
    ``frameworks/``, --frameworks-dir, the user data folder), then the shipped ones. A file
    with a shipped id is used only if it declares ``extends: <that id>``."""
    shipped = shipped_paths()
    paths: dict[str, Path] = {}
    for folder in _own_folders(settings, extra):
        for framework_id, path in _yaml_files(folder).items():
            if framework_id in shipped and _extends(path) != framework_id:
                continue
            paths.setdefault(framework_id, path)
    for framework_id, path in shipped.items():
        paths.setdefault(framework_id, path)
    return paths


def user_problems(settings: Settings = DEFAULT, extra: Iterable[Path] = ()) -> list[Problem]:
    """Files in a council's own folders that are ignored: a shipped id without ``extends``."""
    shipped = shipped_paths()
    return [
        Problem(
            str(path),
            f"'{framework_id}' is the id of a framework shipped with selfassess, so this file "
            f"is ignored; give it another id, or declare 'extends: {framework_id}' to use it "
            "in place of the shipped one",
            severity="warning",
        )
        for folder in _own_folders(settings, extra)
        for framework_id, path in _yaml_files(folder).items()
        if framework_id in shipped and _extends(path) != framework_id
    ]


def available(settings: Settings = DEFAULT) -> tuple[list[Framework], list[Problem]]:
    """Every framework that loads, and the problems of those that do not."""
    found, problems = [], user_problems(settings)
    shipped = shipped_paths()
    ordered = sorted(
        all_paths(settings).items(), key=lambda kv: (shipped.get(kv[0]) != kv[1], kv[0])
    )
    cache = schemas.user_cache()
    for _, path in ordered:
        try:
            found.append(load_file(path, cache))
        except InvalidData as exc:
            problems += exc.problems
        except FileProblem as exc:
            problems.append(exc.problem)
    cache.save()
    return found, problems


def is_shipped(framework: Framework) -> bool:
    path = shipped_paths().get(framework.id)
    return path is not None and Path(framework.source) == path


def load(
    framework_id: str,
    settings: Settings = DEFAULT,
    extra: Iterable[Path] = (),
    cache: CheckCache | None = None,
) -> Framework:
    """Load a framework by id: a council's own folders first (``extra``, then those of
    ``settings``, then the user's), then the shipped set."""
    paths = all_paths(settings, extra)
    if framework_id not in paths:
        raise NotFound(
            f"no framework called '{framework_id}'{did_you_mean(framework_id, paths)}",
            hint=f"available: {', '.join(paths) or 'none'} (see 'selfassess frameworks list')",
        )
    return load_file(paths[framework_id], cache)
