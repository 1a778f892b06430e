"""``selfassess validate``: work out what a path is, then check it for schema and meaning."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from selfassess.assessment import answers, checks, layout, workspace
from selfassess.datafiles import datafile, schemas
from selfassess.errors import (
    FileProblem,
    InvalidData,
    NotFound,
    Problem,
    SelfAssessError,
    UsageError,
)
from selfassess.framework import catalogue, model
from selfassess.settings import DEFAULT, Settings

KINDS = {
    "workspace": "workspace",
    "framework": "framework",
    "answers": "answers file",
    "workspace-file": "workspace file",
    "context": "context file",
    "theme": "theme file",
    "manifest": "pack manifest",
    "requests": "requests file",
    "profile": "tailoring profile",
    "unknown": "file",
}


@dataclass
class Report:
    path: Path
    kind: str
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict[str, object]:
        return {
            "path": str(self.path),
            "kind": self.kind,
            "valid": self.ok,
            "problems": [p.as_dict() for p in self.problems],
        }


def validate(path: Path, framework_id: str | None = None, settings: Settings = DEFAULT) -> Report:
    """Check a workspace folder, or a framework, answers, workspace, context or theme file;
    ``settings`` carries --frameworks-dir."""
    if not path.exists():
        raise UsageError(f"{path}: no such file or folder")
    if path.is_dir():
        return _validate_folder(path, settings)
    try:
        loaded = datafile.load(path)
    except FileProblem as exc:
        return Report(path, "unknown", [exc.problem])
    kind = detect(path, loaded.data)
    check = _CHECKS.get(kind)
    if check is None:
        return Report(path, "unknown", [_unknown_kind(loaded)])
    return Report(path, kind, check(path, loaded, framework_id, settings))


def _validate_folder(path: Path, settings: Settings) -> Report:
    if not (path / layout.WORKSPACE_FILE).is_file():
        raise UsageError(
            f"{path}: this folder is not a workspace (it has no {layout.WORKSPACE_FILE})",
            hint="give a workspace folder or a framework, answers or workspace file",
        )
    return Report(path, "workspace", _safely(path, lambda: checks.check_folder(path, settings)))


def _unknown_kind(loaded: datafile.Loaded) -> Problem:
    return loaded.problem(
        "cannot tell what this file is: expected a framework (with 'themes'), an answers "
        "file (with 'answers', 'ratings', 'strengths', 'areas_for_development' or "
        "'context'), or a workspace file (with 'council')"
    )


# Each checks one kind of file, given its path, the file as read, the framework named
# with --framework and the settings.
_Check = Callable[[Path, datafile.Loaded, str | None, Settings], list[Problem]]


def _check_framework(
    path: Path, loaded: datafile.Loaded, framework_id: str | None, settings: Settings
) -> list[Problem]:
    _, problems = catalogue.check_file(path)
    return problems


def _check_answers(
    path: Path, loaded: datafile.Loaded, framework_id: str | None, settings: Settings
) -> list[Problem]:
    try:
        framework = _framework_for_answers(loaded, framework_id, settings)
    except FileProblem as exc:
        return [exc.problem]
    result = answers.check_answers_file(loaded, framework, alone=True)
    return result.errors + result.warnings


def _check_profile(
    path: Path, loaded: datafile.Loaded, framework_id: str | None, settings: Settings
) -> list[Problem]:
    from selfassess.framework import tailoring

    try:
        tailoring.apply(catalogue.load(loaded.data["framework"], settings), tailoring.load(path))
    except InvalidData as exc:
        return exc.problems
    except NotFound as exc:
        return [loaded.problem(exc.message, ["framework"])]
    return []


def _check_requests(
    path: Path, loaded: datafile.Loaded, framework_id: str | None, settings: Settings
) -> list[Problem]:
    from selfassess.requests import teamfile

    try:
        teamfile.load_file(path)
    except InvalidData as exc:
        return exc.problems
    except SelfAssessError as exc:
        return [Problem(str(path), exc.message)]
    return []


def _check_theme(
    path: Path, loaded: datafile.Loaded, framework_id: str | None, settings: Settings
) -> list[Problem]:
    """A theme file against its workspace's framework, or its schema alone without one."""
    root = path.parent.parent
    try:
        ws = workspace.Workspace.open(root, settings)
    except SelfAssessError:
        return schemas.check("theme", loaded)
    return checks.theme_problems(datafile.load(path), ws.framework, ws.checks)


def _check_schema(schema: str) -> _Check:
    """A check of a file against ``schema`` alone."""

    def check(
        path: Path, loaded: datafile.Loaded, framework_id: str | None, settings: Settings
    ) -> list[Problem]:
        return schemas.check(schema, loaded)

    return check


_CHECKS: dict[str, _Check] = {
    "framework": _check_framework,
    "answers": _check_answers,
    "workspace-file": _check_schema("workspace"),
    "manifest": _check_schema("manifest"),
    "profile": _check_profile,
    "requests": _check_requests,
    "context": _check_schema("context"),
    "theme": _check_theme,
}


def detect(path: Path, data: object) -> str:
    """Which kind of file this is, by its name and place first, then by its keys."""
    if path.name == layout.WORKSPACE_FILE:
        return "workspace-file"
    if path.name == layout.CONTEXT_FILE:
        return "context"
    if (
        path.parent.name == layout.THEMES_DIR
        and (path.parent.parent / layout.WORKSPACE_FILE).exists()
    ):
        return "theme"
    if not isinstance(data, dict):
        return "answers"  # let the answers schema say what is wrong
    if "themes" in data:
        return "framework"
    if "requests" in data and "pack_id" in data:
        return "requests"
    profile_keys = {"add_themes", "add_questions", "out_of_scope", "reword", "scale", "name"}
    if isinstance(data.get("framework"), str) and (
        profile_keys & set(data) or set(data) == {"framework"}
    ):
        return "profile"
    if "pack_id" in data:
        return "manifest"
    if "council" in data:
        return "workspace-file"
    return "answers"


def _framework_for_answers(
    loaded: datafile.Loaded, framework_id: str | None, settings: Settings
) -> model.Framework | None:
    named = framework_id or (
        loaded.data.get("framework") if isinstance(loaded.data, dict) else None
    )
    if not isinstance(named, str):
        return None
    try:
        return catalogue.load(named, settings)
    except NotFound as exc:
        if framework_id:
            raise UsageError(exc.message, hint=exc.hint) from None
        raise FileProblem(loaded.problem(exc.message, ["framework"]), hint=exc.hint) from None


def _safely(path: Path, check: Callable[[], list[Problem]]) -> list[Problem]:
    try:
        return check()
    except FileProblem as exc:
        return [exc.problem]
