"""The workspace: one council's assessment, a plain folder of human-readable files.

Layout::

    workspace.yaml        council, framework, cycle, focus areas, dates, peer team
    context.yaml          the council context (asked before the themes)
    themes/<theme>.yaml   one file per theme: answers, self-rating, strengths, areas for development
    .selfassess.lock      the lock a writing process holds (freed when it ends, however)
    .selfassess.lock.holder  which process holds it, while it does

Saving an answer rewrites only that theme's small file, atomically.
"""

from __future__ import annotations

import os
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from selfassess.assessment import creation
from selfassess.assessment.answers import (
    CLEAR,
    CONTEXT_FIELDS,
    THEME_LISTS,
    AnswerSet,
    check_value,
    is_answered,
)
from selfassess.assessment.checks import context_problems, meta_problems, theme_problems
from selfassess.assessment.layout import (
    CONTEXT_FILE,
    PROFILE_FILE,
    THEMES_DIR,
    WORKSPACE_FILE,
    base_framework,
    checks_for,
    header,
)
from selfassess.datafiles import datafile, regular, schemas
from selfassess.datafiles.checkcache import CheckCache
from selfassess.datafiles.lock import exclusive_lock
from selfassess.errors import InvalidData, NotFound, SelfAssessError, UsageError
from selfassess.framework.model import Framework
from selfassess.settings import DEFAULT, Settings

ENV_VAR = "SELFASSESS_WORKSPACE"


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
    # who signs the position statement: "Name" or "Name, Title"
    leader: str | None = None
    chief_executive: str | None = None


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
        signatories=creation.signatories(options.leader, options.chief_executive),
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
        signatories: dict[str, Any] | None = None,
    ) -> Workspace:
        if (root / WORKSPACE_FILE).exists():
            raise SelfAssessError(
                f"{root} is already a workspace",
                hint="use 'selfassess start' to carry on with it, or choose another folder",
            )
        framework, profile_loaded = creation.load_tailored(framework_id, profile, settings)
        if not council.strip():
            raise UsageError(
                "the council's name is empty",
                hint="give it: --council 'Brackenford Borough Council'",
            )
        areas = creation.focus_areas(framework, focus_areas)
        meta = creation.initial_meta(council, framework, cycle, areas, dates, team)
        if signatories:  # who signs the position statement (creation.signatories)
            meta["position_statement"] = signatories
        creation.check_meta(root, meta, framework)
        creation.make_folder(root)
        workspace = cls(root, meta, framework.with_focus_areas(areas), settings=settings)
        # under the lock, which also makes the (empty) lock file: it is there from the start
        with exclusive_lock(root, "selfassess init"):
            creation.copy_own_framework(root, framework_id, settings)
            if profile_loaded is not None:
                datafile.write_atomic(root / PROFILE_FILE, profile_loaded.text)
            datafile.write_yaml(root / WORKSPACE_FILE, meta, header("Workspace", meta))
            workspace._context = {key: None for key in CONTEXT_FIELDS}
            workspace._write_context()
            datafile.write_atomic(
                root / "README.txt",
                creation.README.format(
                    council=meta["council"], title=framework.title, cycle=meta["cycle"]
                ),
            )
        return workspace

    # --- reading ------------------------------------------------------------------------
    @property
    def council(self) -> str:
        return str(self.meta["council"])

    @property
    def cycle(self) -> str:
        return str(self.meta["cycle"])

    @property
    def first_visit_day(self) -> str | None:
        """The first day of the peer team's visit, when the workspace records one."""
        visit_days = (self.meta.get("dates") or {}).get("visit_days") or [None]
        return str(visit_days[0]) if visit_days[0] else None

    def theme_path(self, theme_id: str) -> Path:
        return self.root / THEMES_DIR / f"{theme_id}.yaml"

    def context(self) -> dict[str, Any]:
        if self._context is None:
            path = self.root / CONTEXT_FILE
            if regular.is_present(path):
                loaded = datafile.load(path)
                found = context_problems(loaded, self.framework, self.checks)
                problems = [p for p in found if p.severity == "error"]
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
            if regular.is_present(path):
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
    def set_context(self, key: str, value: str | list[dict[str, str]] | None) -> None:
        """Save one part; a value the context file's schema refuses is not saved at all."""
        before = dict(self.context())
        self.context()[key] = value
        path, text = self._context_file()
        problems = schemas.check("context", datafile.Loaded(path, text, dict(self.context())))
        if problems:
            self._context = before
            raise InvalidData(problems, summary=f"{path}: not saved: the value does not fit")
        datafile.write_atomic(path, text)

    def set_answer(self, theme_id: str, question_id: str, value: Any) -> None:
        """Save one answer; a value that does not fit the question (a choice not among its
        choices, '' for yes or no) is refused and nothing is written."""
        question = self.framework.question_index()[question_id][1]
        problem = check_value(question, value)
        if problem:
            raise SelfAssessError(
                f"{self.theme_path(theme_id)}: not saved: the answer to {question_id} "
                f"('{question.prompt}'): {problem}",
                hint="give one of the question's own values, or None to leave it unanswered",
            )
        self.theme_record(theme_id).setdefault("answers", {})[question_id] = value
        self._write_theme(theme_id)

    def _check_levels(self, theme_id: str, **levels: str | None) -> None:
        """Refuse a self-rating level that is not on the framework's scale."""
        ids = [level.id for level in self.framework.scale]
        for name, level in levels.items():
            if level is not None and level not in ids:
                raise SelfAssessError(
                    f"{self.theme_path(theme_id)}: not saved: the {name} self-rating "
                    f"{level!r} is not a level of the scale ({', '.join(ids)})",
                    hint="give one of the scale's levels, or None to leave it unrated",
                )

    def set_rating(self, theme_id: str, current: str | None, target: str | None) -> None:
        self._check_levels(theme_id, current=current, target=target)
        self.theme_record(theme_id)["rating"] = {"current": current, "target": target}
        self._write_theme(theme_id)

    def set_rating_current(self, theme_id: str, current: str | None) -> None:
        """The current level alone, keeping a target saved before (none yet: no target key,
        so the interview asks for the rating again)."""
        self._check_levels(theme_id, current=current)
        record = self.theme_record(theme_id)
        record["rating"] = {**(record.get("rating") or {}), "current": current}
        self._write_theme(theme_id)

    def set_list(self, theme_id: str, listing: str, items: list[str]) -> None:
        assert listing in THEME_LISTS
        self.theme_record(theme_id)[listing] = [i.strip() for i in items if i.strip()]
        self._write_theme(theme_id)

    def mark_evidence_reviewed(self, theme_id: str) -> None:
        self.theme_record(theme_id)["evidence_reviewed"] = True
        self._write_theme(theme_id)

    def apply(self, answer_set: AnswerSet) -> int:
        """Merge a checked answers file; returns how many values were written. A value of
        CLEAR wipes the saved one (a cleared answer, rating or list is asked again); a
        rating's level the file leaves out keeps the saved one."""
        count = 0
        files: dict[Path, str] = {}
        for key, value in answer_set.context.items():
            self.context()[key] = None if value is CLEAR else value
            count += 1
        if answer_set.context:
            files.update([self._context_file()])
        for theme_id, update in answer_set.themes.items():
            record = self.theme_record(theme_id)
            saved = record.setdefault("answers", {})
            for question_id, value in update.get("answers", {}).items():
                if value is CLEAR:
                    saved.pop(question_id, None)
                else:
                    saved[question_id] = value
                count += 1
            for key in ("rating", *THEME_LISTS):
                if update.get(key) is CLEAR:
                    record.pop(key, None)
                elif key == "rating" and key in update:
                    record[key] = {"current": None, "target": None, **record.get(key, {})}
                    record[key].update(update[key])
                elif key in update:
                    record[key] = update[key]
                count += key in update
            files.update([self._theme_file(theme_id)])
        datafile.write_all(files)  # every file, or (if one cannot be written) none
        return count

    def _write_context(self) -> None:
        datafile.write_atomic(*self._context_file())

    def _write_theme(self, theme_id: str) -> None:
        datafile.write_atomic(*self._theme_file(theme_id))

    def _context_file(self) -> tuple[Path, str]:
        # the interview's fields first (in order, blank if unwritten), then what the council
        # adds (a foreword, its questions for the team)
        ordered = {key: self.context().get(key) for key in CONTEXT_FIELDS} | self.context()
        text = header("Council context", self.meta) + datafile.dump_yaml(ordered)
        return self.root / CONTEXT_FILE, text

    def _theme_file(self, theme_id: str) -> tuple[Path, str]:
        record = self.theme_record(theme_id)
        theme = self.framework.theme(theme_id)
        # keep the framework's question order, so the file reads like the interview
        order = {q.id: i for i, q in enumerate(theme.questions)}
        saved = record.get("answers", {})
        record["answers"] = dict(sorted(saved.items(), key=lambda kv: order.get(kv[0], 1 << 30)))
        keys = ("answers", "rating", *THEME_LISTS, "evidence_reviewed")
        ordered = {k: record[k] for k in keys if k in record}
        text = header(theme.title, self.meta) + datafile.dump_yaml(ordered)
        return self.theme_path(theme_id), text

    # --- the lock against two writers ------------------------------------------------------
    def lock(self, command: str) -> AbstractContextManager[None]:
        """Hold the workspace for writing. A second writer waits for it a few seconds
        (``$SELFASSESS_LOCK_WAIT``), then gets a clear 'in use' error naming the holder. The
        lock is the operating system's: it dies with the process holding it, so a crashed
        process never leaves the workspace locked.

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
