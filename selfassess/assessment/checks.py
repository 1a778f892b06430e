"""The checks of a workspace folder's files: what their schemas cannot say (real dates in
order, answers that fit their questions), and every problem in a folder, file by file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from selfassess.assessment import answers as answers_mod
from selfassess.assessment import meaning
from selfassess.assessment.layout import (
    CONTEXT_FILE,
    THEMES_DIR,
    WORKSPACE_FILE,
    base_framework,
    checks_for,
)
from selfassess.datafiles import datafile, regular, schemas
from selfassess.datafiles.checkcache import CheckCache
from selfassess.errors import FileProblem, InvalidData, NotFound, Problem, did_you_mean
from selfassess.framework.model import Framework
from selfassess.settings import DEFAULT, Settings


def check_folder(root: Path, settings: Settings = DEFAULT) -> list[Problem]:
    """Every problem in a workspace folder: schemas, then meaning, file by file."""
    checks = checks_for(root)
    try:
        return _folder_problems(root, settings, checks)
    finally:
        checks.save()


def _folder_problems(root: Path, settings: Settings, checks: CheckCache) -> list[Problem]:
    meta_file = root / WORKSPACE_FILE
    loaded = datafile.load(meta_file)
    problems = schemas.check("workspace", loaded, checks)
    if problems:
        return problems
    try:
        framework = base_framework(root, loaded.data["framework"]["id"], settings, checks)
    except NotFound as exc:
        return [loaded.problem(exc.message, ["framework", "id"])]
    except InvalidData as exc:
        return exc.problems
    if framework.version < loaded.data["framework"]["version"]:
        problems.append(
            loaded.problem(
                f"the workspace was made with version {loaded.data['framework']['version']} of "
                f"'{framework.id}' but this selfassess has version {framework.version}",
                ["framework", "version"],
                severity="warning",
            )
        )
    problems += meta_problems(loaded, framework) + meta_warnings(loaded)
    if any(p.severity == "error" for p in problems):
        return problems
    framework = framework.with_focus_areas(loaded.data.get("focus_areas", []))
    context = root / CONTEXT_FILE
    themes_dir = root / THEMES_DIR
    files: list[tuple[Path, Callable[[Path], list[Problem]]]] = []
    if regular.is_present(context):
        files.append((context, lambda p: context_problems(datafile.load(p), framework, checks)))
    for path in sorted(themes_dir.glob("*.yaml")) if themes_dir.is_dir() else []:
        files.append((path, lambda p: theme_problems(datafile.load(p), framework, checks)))
    for path, check in files:
        try:
            problems += check(path)
        except FileProblem as exc:  # one unreadable file must not hide the others' problems
            problems.append(exc.problem)
    from selfassess.evidence.evidence_log import Register

    problems += Register(root, checks).problems(framework.theme_ids, framework.question_index())
    return problems + request_problems(root)


def request_problems(root: Path) -> list[Problem]:
    """The council's tracked requests (``requests/*.json``), each checked as the tracker
    reads it: a record it would refuse is a problem here too."""
    from selfassess.requests import record_shape
    from selfassess.requests.teamfile import REQUESTS_DIR

    folder = root / REQUESTS_DIR
    if not folder.is_dir():
        return []
    problems: list[Problem] = []
    for path in sorted(folder.glob("*.json")):
        try:
            problems += record_shape.problems(datafile.load(path))
        except FileProblem as exc:
            problems.append(exc.problem)
    return problems


def meta_problems(loaded: datafile.Loaded, framework: Framework) -> list[Problem]:
    """What the workspace schema cannot say: real dates in order, focus areas that clash
    with nothing, people under themes the workspace has (errors only: the warnings are
    :func:`meta_warnings`)."""
    meta = loaded.data
    problems = meaning.real_date_problems(loaded)
    dates = meta.get("dates") or {}
    start, end = dates.get("period_start"), dates.get("period_end")
    if start and end and start > end and not problems:
        problems.append(
            loaded.problem(f"the period covered starts ({start}) after it ends ({end})", ["dates"])
        )
    if not problems:
        problems += meaning.visit_problems(loaded)
    clashes = []
    seen = set(framework.theme_ids)
    areas = meta.get("focus_areas") or []
    for n, area in enumerate(areas):
        if area["id"] in seen:
            clashes.append(
                loaded.problem(
                    f"focus area id '{area['id']}' is already used by a theme or another "
                    "focus area",
                    ["focus_areas", n, "id"],
                )
            )
        seen.add(area["id"])
    if clashes:
        return problems + clashes
    themes = framework.with_focus_areas(areas).theme_ids
    return problems + meaning.people_problems(loaded, themes)


def meta_warnings(loaded: datafile.Loaded) -> list[Problem]:
    """What in ``workspace.yaml`` is allowed but most likely a slip (visit days far apart)."""
    return meaning.visit_warnings(loaded)


def context_problems(
    loaded: datafile.Loaded, framework: Framework, cache: CheckCache | None = None
) -> list[Problem]:
    """The council context's problems: the schema, then its questions for the team (themes
    the workspace has; none asked twice, a warning)."""
    problems = schemas.check("context", loaded, cache)
    if problems:
        return problems
    questions = (loaded.data or {}).get("questions_for_the_team") or []
    return meaning.questions_problems(
        loaded, questions, ["questions_for_the_team"], framework.theme_ids
    )


def theme_problems(
    loaded: datafile.Loaded, framework: Framework, cache: CheckCache | None = None
) -> list[Problem]:
    """A theme file's problems: the schema, then every answer against its question."""
    problems = schemas.check("theme", loaded, cache)
    if problems:
        return problems
    theme_id = loaded.path.stem
    if theme_id not in framework.theme_ids:
        return [
            loaded.problem(
                f"'{theme_id}' is not a theme of this workspace"
                f"{did_you_mean(theme_id, framework.theme_ids)}; rename or remove the file",
            )
        ]
    theme = framework.theme(theme_id)
    questions = {q.id: q for q in theme.questions}
    for qid, value in (loaded.data or {}).get("answers", {}).items():
        if qid not in questions:
            problems.append(
                loaded.problem(
                    f"'{qid}' is not a question in theme '{theme_id}'"
                    f"{did_you_mean(qid, questions)}",
                    ["answers", qid],
                )
            )
            continue
        problem = answers_mod.check_value(questions[qid], value)
        if problem:
            problems.append(loaded.problem(f"{qid}: {problem}", ["answers", qid]))
    for key, level in ((loaded.data or {}).get("rating") or {}).items():
        problem = answers_mod.check_level(framework, level)
        if problem:
            problems.append(loaded.problem(problem, ["rating", key]))
    return problems
