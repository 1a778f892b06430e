"""The workspace: one council's assessment, a plain folder of human-readable files.

Layout::

    workspace.yaml        council, framework, cycle, focus areas, dates, peer team
    context.yaml          the council context (asked before the themes)
    themes/<theme>.yaml   one file per theme: answers, self-rating, strengths, areas for development
    .selfassess.lock      present while a process is writing

Saving an answer rewrites only that theme's small file, atomically.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from selfassess.assessment import answers as answers_mod
from selfassess.assessment.answers import CONTEXT_FIELDS, THEME_LISTS, AnswerSet, is_answered
from selfassess.datafiles import datafile, schemas
from selfassess.datafiles.checkcache import CheckCache
from selfassess.datafiles.lock import exclusive_lock
from selfassess.errors import (
    FileProblem,
    InvalidData,
    NotFound,
    Problem,
    SelfAssessError,
    UsageError,
    did_you_mean,
)
from selfassess.framework import catalogue
from selfassess.framework.model import Framework, focus_theme_id
from selfassess.settings import DEFAULT, Settings
from selfassess.vocabulary import TEAM_ROLES

WORKSPACE_FILE = "workspace.yaml"
CONTEXT_FILE = "context.yaml"
THEMES_DIR = "themes"
PROFILE_FILE = "profile.yaml"
OWN_FRAMEWORKS = "frameworks"
CACHE_DIR = ".selfassess"
ENV_VAR = "SELFASSESS_WORKSPACE"
DATE_FIELDS = ("period_start", "period_end", "pre_onsite_meeting")

_README = """\
This folder is a selfassess workspace: {council}'s self-assessment for its {title}
({cycle}). The files are plain text; you may read and edit them, then run
'selfassess validate' in this folder to check them.

  workspace.yaml        the council, framework, cycle, focus areas, dates and peer team
  context.yaml          the council context
  themes/<theme>.yaml   each theme's answers, self-rating, strengths, areas for development

Everything here may be disclosed under the Freedom of Information Act. Write as if it
will be read publicly, and keep personal data out of the answers.
"""


class WorkspaceNotFound(UsageError, NotFound):
    """The workspace named by -w, $SELFASSESS_WORKSPACE or the current folder is not one."""


def resolve(flag: str | os.PathLike[str] | None) -> Path:
    """The workspace folder: the -w flag, else $SELFASSESS_WORKSPACE, else the current folder."""
    chosen = flag or os.environ.get(ENV_VAR) or "."
    return Path(chosen).expanduser()


@dataclass
class ThemeProgress:
    theme_id: str
    title: str
    answered: int
    questions: int
    required_answered: int
    required: int
    rating_current: str | None
    rating_target: str | None
    strengths: int
    areas_for_development: int

    @property
    def complete(self) -> bool:
        return self.required_answered == self.required


@dataclass(frozen=True)
class InitOptions:
    """What a new workspace is told: the council, the framework (and a tailoring profile),
    the cycle, focus areas, dates and the peer team. Dates and the team may come later."""

    council: str
    framework_id: str
    cycle: str | None = None
    focus_areas: tuple[str, ...] = ()
    period_start: str | None = None
    period_end: str | None = None
    pre_onsite_meeting: str | None = None
    visit_days: tuple[str, ...] = ()
    lead_member_peer: str | None = None
    lead_officer_peer: str | None = None
    officer_peers: tuple[str, ...] = ()
    shadow_peer: str | None = None
    peer_challenge_manager: str | None = None
    profile: Path | None = None


def init(root: Path, options: InitOptions, settings: Settings = DEFAULT) -> Workspace:
    """Create a workspace in ``root`` (see :meth:`Workspace.create`); ``settings`` carries
    --frameworks-dir."""
    return Workspace.create(
        root,
        council=options.council,
        framework_id=options.framework_id,
        cycle=options.cycle,
        focus_areas=options.focus_areas,
        dates={
            "period_start": options.period_start,
            "period_end": options.period_end,
            "pre_onsite_meeting": options.pre_onsite_meeting,
            "visit_days": sorted(options.visit_days),
        },
        team={
            "lead_member_peer": options.lead_member_peer,
            "lead_officer_peer": options.lead_officer_peer,
            "officer_peers": list(options.officer_peers),
            "shadow_peer": options.shadow_peer,
            "peer_challenge_manager": options.peer_challenge_manager,
        },
        profile=options.profile,
        settings=settings,
    )


class Workspace:
    """An open workspace. Theme files are read on first use and cached."""

    def __init__(
        self,
        root: Path,
        meta: dict[str, Any],
        framework: Framework,
        checks: CheckCache | None = None,
        settings: Settings = DEFAULT,
    ) -> None:
        self.root = root
        self.meta = meta
        self.framework = framework
        self.settings = settings
        # files that passed their schema: this workspace's own cache, saved as each read ends
        self.checks = checks if checks is not None else checks_for(root)
        self._themes: dict[str, dict[str, Any]] = {}
        self._context: dict[str, Any] | None = None

    # --- opening and creating ----------------------------------------------------------
    @classmethod
    def open(cls, root: Path, settings: Settings = DEFAULT) -> Workspace:
        """Open the workspace in ``root``; ``settings`` carries --frameworks-dir."""
        meta_file = root / WORKSPACE_FILE
        if not meta_file.is_file():
            if root.is_file():
                what, hint = "it is a file, not a workspace folder", "give the workspace's folder"
            else:
                what = "does not exist" if not root.exists() else f"has no {WORKSPACE_FILE}"
                hint = (
                    f"create one with 'selfassess init {root} --council NAME --framework ID', "
                    "or point at one with -w DIR or $SELFASSESS_WORKSPACE"
                )
            if os.environ.get(ENV_VAR) and Path(os.environ[ENV_VAR]).expanduser() == root:
                what += f"; the folder came from ${ENV_VAR}"
            raise WorkspaceNotFound(f"{root}: not a selfassess workspace ({what})", hint=hint)
        checks = checks_for(root)
        loaded = datafile.load(meta_file)
        problems = schemas.check("workspace", loaded, checks)
        if problems:
            raise InvalidData(problems, summary=f"{meta_file}: the workspace file is not valid")
        meta = loaded.data
        framework = base_framework(root, meta["framework"]["id"], settings, checks)
        problems = meta_problems(loaded, framework)
        if problems:
            raise InvalidData(problems, summary=f"{meta_file}: the workspace file is not valid")
        checks.save()
        areas = meta.get("focus_areas", [])
        return cls(root, meta, framework.with_focus_areas(areas), checks, settings)

    @classmethod
    def create(
        cls,
        root: Path,
        *,
        council: str,
        framework_id: str,
        cycle: str | None = None,
        focus_areas: list[str] | tuple[str, ...] = (),
        dates: dict[str, Any] | None = None,
        team: dict[str, Any] | None = None,
        profile: Path | None = None,
        settings: Settings = DEFAULT,
    ) -> Workspace:
        if (root / WORKSPACE_FILE).exists():
            raise SelfAssessError(
                f"{root} is already a workspace",
                hint="use 'selfassess start' to carry on with it, or choose another folder",
            )
        framework, profile_loaded = _load_tailored(framework_id, profile, settings)
        if not council.strip():
            raise SelfAssessError("the council's name is empty")
        areas = _focus_areas(framework, focus_areas)
        meta = _initial_meta(council, framework, cycle, areas, dates, team)
        _check_meta(root, meta, framework)
        _make_folder(root)
        workspace = cls(root, meta, framework.with_focus_areas(areas), settings=settings)
        _copy_own_framework(root, framework_id, settings)
        if profile_loaded is not None:
            datafile.write_atomic(root / PROFILE_FILE, profile_loaded.text)
        datafile.write_yaml(root / WORKSPACE_FILE, meta, _header("Workspace", meta))
        workspace._context = {key: None for key in CONTEXT_FIELDS}
        workspace._write_context()
        datafile.write_atomic(
            root / "README.txt",
            _README.format(council=meta["council"], title=framework.title, cycle=meta["cycle"]),
        )
        return workspace

    # --- reading ------------------------------------------------------------------------
    @property
    def council(self) -> str:
        return str(self.meta["council"])

    @property
    def cycle(self) -> str:
        return str(self.meta["cycle"])

    def theme_path(self, theme_id: str) -> Path:
        return self.root / THEMES_DIR / f"{theme_id}.yaml"

    def context(self) -> dict[str, Any]:
        if self._context is None:
            path = self.root / CONTEXT_FILE
            if path.exists():
                loaded = datafile.load(path)
                problems = schemas.check("context", loaded, self.checks)
                if problems:
                    raise InvalidData(
                        problems, summary=f"{path}: not valid; fix it, then run again"
                    )
                self._context = dict(loaded.data)
            else:
                self._context = {}
        return self._context

    def theme_record(self, theme_id: str) -> dict[str, Any]:
        """The saved answers, rating and lists for one theme (empty when none yet)."""
        if theme_id not in self._themes:
            path = self.theme_path(theme_id)
            record: dict[str, Any] = {}
            if path.exists():
                loaded = datafile.load(path)
                problems = theme_problems(loaded, self.framework, self.checks)
                if problems:
                    raise InvalidData(
                        problems, summary=f"{path}: not valid; fix it, then run again"
                    )
                self.checks.save()
                record = dict(loaded.data)
            self._themes[theme_id] = record
        return self._themes[theme_id]

    def answer(self, question_id: str) -> Any:
        theme, _ = self.framework.question_index()[question_id]
        return self.theme_record(theme.id).get("answers", {}).get(question_id)

    # --- writing (each call saves at once) ------------------------------------------------
    def set_context(self, key: str, value: str | None) -> None:
        self.context()[key] = value
        self._write_context()

    def set_answer(self, theme_id: str, question_id: str, value: Any) -> None:
        self.theme_record(theme_id).setdefault("answers", {})[question_id] = value
        self._write_theme(theme_id)

    def set_rating(self, theme_id: str, current: str | None, target: str | None) -> None:
        self.theme_record(theme_id)["rating"] = {"current": current, "target": target}
        self._write_theme(theme_id)

    def set_list(self, theme_id: str, listing: str, items: list[str]) -> None:
        assert listing in THEME_LISTS
        self.theme_record(theme_id)[listing] = [i.strip() for i in items if i.strip()]
        self._write_theme(theme_id)

    def mark_evidence_reviewed(self, theme_id: str) -> None:
        self.theme_record(theme_id)["evidence_reviewed"] = True
        self._write_theme(theme_id)

    def apply(self, answer_set: AnswerSet) -> int:
        """Merge a checked answers file; returns how many values were written."""
        count = 0
        files: dict[Path, str] = {}
        for key, value in answer_set.context.items():
            self.context()[key] = value
            count += 1
        if answer_set.context:
            files.update([self._context_file()])
        for theme_id, update in answer_set.themes.items():
            record = self.theme_record(theme_id)
            record.setdefault("answers", {}).update(update.get("answers", {}))
            count += len(update.get("answers", {}))
            for key in ("rating", *THEME_LISTS):
                if key in update:
                    record[key] = update[key]
                    count += 1
            files.update([self._theme_file(theme_id)])
        datafile.write_all(files)  # every file, or (if one cannot be written) none
        return count

    def _write_context(self) -> None:
        datafile.write_atomic(*self._context_file())

    def _write_theme(self, theme_id: str) -> None:
        datafile.write_atomic(*self._theme_file(theme_id))

    def _context_file(self) -> tuple[Path, str]:
        ordered = {key: self.context().get(key) for key in CONTEXT_FIELDS}
        header = _header("Council context", self.meta)
        return self.root / CONTEXT_FILE, header + datafile.dump_yaml(ordered)

    def _theme_file(self, theme_id: str) -> tuple[Path, str]:
        record = self.theme_record(theme_id)
        theme = self.framework.theme(theme_id)
        # keep the framework's question order, so the file reads like the interview
        order = {q.id: i for i, q in enumerate(theme.questions)}
        saved = record.get("answers", {})
        record["answers"] = dict(sorted(saved.items(), key=lambda kv: order.get(kv[0], 1 << 30)))
        keys = ("answers", "rating", *THEME_LISTS, "evidence_reviewed")
        ordered = {k: record[k] for k in keys if k in record}
        text = _header(theme.title, self.meta) + datafile.dump_yaml(ordered)
        return self.theme_path(theme_id), text

    # --- the lock against two writers ------------------------------------------------------
    def lock(self, command: str) -> AbstractContextManager[None]:
        """Hold the workspace for writing; a second writer gets a clear 'in use' error.
        A lock left by a crashed process on this machine is detected and cleared.

        This lock is exclusive, even against this process's own library operations; to run
        several operations as one, use :func:`~selfassess.datafiles.lock.hold`."""
        return exclusive_lock(self.root, command)

    # --- progress and checking ---------------------------------------------------------------
    def progress(self) -> list[ThemeProgress]:
        rows = []
        for theme in self.framework.themes:
            record = self.theme_record(theme.id)
            saved = record.get("answers", {})
            rating = record.get("rating") or {}
            required = [q for q in theme.questions if q.required]
            rows.append(
                ThemeProgress(
                    theme_id=theme.id,
                    title=theme.title,
                    answered=sum(is_answered(saved.get(q.id)) for q in theme.questions),
                    questions=len(theme.questions),
                    required_answered=sum(is_answered(saved.get(q.id)) for q in required),
                    required=len(required),
                    rating_current=rating.get("current"),
                    rating_target=rating.get("target"),
                    strengths=len(record.get("strengths", [])),
                    areas_for_development=len(record.get("areas_for_development", [])),
                )
            )
        return rows

    def missing_required(self) -> list[tuple[str, str]]:
        """(theme id, question id) for every required question still unanswered, and
        ("context", field) for each part of the council context still to write."""
        context = [
            ("context", key) for key in CONTEXT_FIELDS if not is_answered(self.context().get(key))
        ]
        return context + [
            (theme.id, q.id)
            for theme, q in self.framework.questions()
            if q.required
            and not is_answered(self.theme_record(theme.id).get("answers", {}).get(q.id))
        ]


# --- the stages of Workspace.create --------------------------------------------------------
def _load_tailored(
    framework_id: str, profile: Path | None, settings: Settings
) -> tuple[Framework, datafile.Loaded | None]:
    """The framework a new workspace follows, tailored by ``profile`` if one is given."""
    framework = catalogue.load(framework_id, settings)
    profile_loaded = None
    if profile is not None:
        from selfassess.framework import tailoring

        profile_loaded = tailoring.load(profile)
        framework = tailoring.apply(framework, profile_loaded)
    return framework, profile_loaded


def _focus_areas(framework: Framework, titles: list[str] | tuple[str, ...]) -> list[dict[str, str]]:
    """The focus areas asked for: the framework's optional topics, or areas in the council's
    own words, which need the framework's focus-area questions."""
    areas: list[dict[str, str]] = []
    for title in titles:
        topic = framework.optional_theme(title)
        if topic is not None:  # one of the framework's optional topic themes
            areas.append({"id": topic.id, "title": topic.title})
            continue
        looks_like_id = re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", title.strip()) is not None
        if framework.optional_themes and looks_like_id:
            from selfassess.errors import UsageError

            topics = [t.id for t in framework.optional_themes]
            raise UsageError(
                f"--focus '{title}' is not one of the framework's topics{did_you_mean(title, topics)}",
                hint=f"topics: {', '.join(topics)}; for a focus area of your own, write it in "
                "words, e.g. --focus 'Early help in schools'",
            )
        area_id = focus_theme_id(title)
        if area_id in framework.theme_ids or area_id in [a["id"] for a in areas]:
            raise SelfAssessError(
                f"focus area '{title}' clashes with a theme or another focus area ({area_id})"
            )
        areas.append({"id": area_id, "title": title.strip()})
    generic = [a for a in areas if framework.optional_theme(a["id"]) is None]
    if generic and not framework.focus_area_questions:
        topic_list = ", ".join(t.id for t in framework.optional_themes)
        raise SelfAssessError(
            f"framework '{framework.id}' has no questions for a focus area of your own "
            f"('{generic[0]['title']}')",
            hint=f"choose one of its topics: {topic_list}" if topic_list else None,
        )
    return areas


def _initial_meta(
    council: str,
    framework: Framework,
    cycle: str | None,
    areas: list[dict[str, str]],
    dates: dict[str, Any] | None,
    team: dict[str, Any] | None,
) -> dict[str, Any]:
    """What a new workspace's ``workspace.yaml`` holds."""
    return {
        "schema_version": 1,
        "council": council.strip(),
        "framework": {"id": framework.id, "version": framework.version},
        "cycle": cycle or str(dt.date.today().year),
        "created": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "focus_areas": areas,
        "dates": {key: None for key in DATE_FIELDS} | {"visit_days": []} | (dates or {}),
        "team": {key: None for key in TEAM_ROLES} | {"officer_peers": []} | (team or {}),
    }


def _check_meta(root: Path, meta: dict[str, Any], framework: Framework) -> None:
    meta_loaded = datafile.Loaded(root / WORKSPACE_FILE, "", meta)
    problems = schemas.check("workspace", meta_loaded) or meta_problems(meta_loaded, framework)
    if problems:
        raise InvalidData(problems, summary="the workspace details are not valid")


def _make_folder(root: Path) -> None:
    try:
        (root / THEMES_DIR).mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise SelfAssessError(f"{root} exists and is not a folder") from None
    except OSError as exc:  # permission denied, a file in the way, no such device...
        raise SelfAssessError(
            f"{root}: cannot create the workspace here ({(exc.strerror or str(exc)).lower()})",
            hint="choose a folder you can write to",
        ) from None


def _copy_own_framework(root: Path, framework_id: str, settings: Settings) -> None:
    own = catalogue.load(framework_id, settings)
    if not catalogue.is_shipped(own):
        # the council's own framework travels with the workspace: later commands need
        # no --frameworks-dir
        (root / OWN_FRAMEWORKS).mkdir(exist_ok=True)
        datafile.write_atomic(
            root / OWN_FRAMEWORKS / f"{framework_id}.yaml", Path(own.source).read_bytes()
        )


def checks_for(root: Path) -> CheckCache:
    """The schema-check cache of the workspace in ``root``, kept under its resolved path."""
    return schemas.cache_at(root.resolve() / CACHE_DIR / "checked.json")


def base_framework(
    root: Path, framework_id: str, settings: Settings = DEFAULT, cache: CheckCache | None = None
) -> Framework:
    """The workspace's framework before focus areas: found in the workspace's own
    ``frameworks/`` folder first, and tailored by its ``profile.yaml`` if it has one."""
    framework = catalogue.load(framework_id, settings, extra=[root / OWN_FRAMEWORKS], cache=cache)
    if (root / PROFILE_FILE).exists():
        from selfassess.framework import tailoring

        framework = tailoring.apply(framework, tailoring.load(root / PROFILE_FILE))
    return framework


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
    problems += meta_problems(loaded, framework)
    if any(p.severity == "error" for p in problems):
        return problems
    framework = framework.with_focus_areas(loaded.data.get("focus_areas", []))
    context = root / CONTEXT_FILE
    themes_dir = root / THEMES_DIR
    files: list[tuple[Path, Callable[[Path], list[Problem]]]] = []
    if context.exists():
        files.append((context, lambda p: schemas.check("context", datafile.load(p), checks)))
    for path in sorted(themes_dir.glob("*.yaml")) if themes_dir.is_dir() else []:
        files.append((path, lambda p: theme_problems(datafile.load(p), framework, checks)))
    for path, check in files:
        try:
            problems += check(path)
        except FileProblem as exc:  # one unreadable file must not hide the others' problems
            problems.append(exc.problem)
    from selfassess.evidence.evidence_log import Register

    problems += Register(root, checks).problems(framework.theme_ids, framework.question_index())
    return problems


def meta_problems(loaded: datafile.Loaded, framework: Framework) -> list[Problem]:
    """What the workspace schema cannot say: real dates in order, focus areas that clash
    with nothing."""
    meta = loaded.data
    problems = []
    dates = meta.get("dates") or {}
    for key in (*DATE_FIELDS, "visit_days"):
        values = dates.get(key) if key == "visit_days" else [dates.get(key)]
        for n, value in enumerate(values or []):
            path: list[str | int] = ["dates", key, n] if key == "visit_days" else ["dates", key]
            if value and not datafile.is_real_date(value):
                problems.append(loaded.problem(f"'{value}' is not a real date", path))
    start, end = dates.get("period_start"), dates.get("period_end")
    if start and end and start > end and not problems:
        problems.append(
            loaded.problem(f"the period covered starts ({start}) after it ends ({end})", ["dates"])
        )
    seen = set(framework.theme_ids)
    for n, area in enumerate(meta.get("focus_areas") or []):
        if area["id"] in seen:
            problems.append(
                loaded.problem(
                    f"focus area id '{area['id']}' is already used by a theme or another "
                    "focus area",
                    ["focus_areas", n, "id"],
                )
            )
        seen.add(area["id"])
    return problems


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


def _header(what: str, meta: dict[str, Any]) -> str:
    return (
        f"# {what} - {meta['council']}, {meta['cycle']}.\n"
        "# Saved by selfassess. You may edit this file; run 'selfassess validate' afterwards.\n"
    )
