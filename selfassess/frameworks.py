"""Frameworks: themes and questions as data, loaded from ``frameworks/<id>.yaml``.

A framework file is validated against ``schemas/framework.schema.json`` and then for meaning
(ids unique, the id matching the file name). A workspace sees the framework with its focus
areas added as extra themes (:meth:`Framework.with_focus_areas`).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from selfassess import datafile, schemas
from selfassess.errors import FileProblem, InvalidData, NotFound, Problem, SelfAssessError
from selfassess.resources import data_folder

QUESTION_TYPES = ("text", "long_text", "choice", "multi_choice", "number", "date", "yes_no")
DEFAULT_TERMS = {
    "self_assessment": "position statement",
    "strengths": "strengths",
    "areas_for_development": "areas for development",
}


@dataclass(frozen=True)
class Choice:
    id: str
    label: str


@dataclass(frozen=True)
class Question:
    id: str
    prompt: str
    type: str
    required: bool
    help: str = ""
    choices: tuple[Choice, ...] = ()
    min: float | None = None
    max: float | None = None

    @classmethod
    def from_data(cls, data: dict[str, Any], prefix: str = "") -> Question:
        return cls(
            id=prefix + data["id"],
            prompt=data["prompt"],
            type=data["type"],
            required=data["required"],
            help=data.get("help", ""),
            choices=tuple(Choice(c["id"], c["label"]) for c in data.get("choices", ())),
            min=data.get("min"),
            max=data.get("max"),
        )

    def choice_label(self, choice_id: str) -> str:
        return next((c.label for c in self.choices if c.id == choice_id), choice_id)


@dataclass(frozen=True)
class Level:
    id: str
    label: str
    description: str


@dataclass(frozen=True)
class Theme:
    id: str
    title: str
    summary: str
    questions: tuple[Question, ...]
    what_good_looks_like: tuple[str, ...] = ()
    typical_evidence: tuple[str, ...] = ()
    people_to_meet: tuple[str, ...] = ()
    focus_area: bool = False

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Theme:
        return cls(
            id=data["id"],
            title=data["title"],
            summary=data["summary"],
            questions=tuple(Question.from_data(q) for q in data["questions"]),
            what_good_looks_like=tuple(data["what_good_looks_like"]),
            typical_evidence=tuple(data["typical_evidence"]),
            people_to_meet=tuple(data["people_to_meet"]),
        )


@dataclass(frozen=True)
class Framework:
    id: str
    version: int
    title: str
    summary: str
    ground_rules: tuple[str, ...]
    themes: tuple[Theme, ...]
    scale: tuple[Level, ...] = ()
    focus_area_questions: tuple[dict[str, Any], ...] = ()
    optional_themes: tuple[Theme, ...] = ()
    terms: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_TERMS))
    data: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    source: str = ""

    @classmethod
    def from_data(cls, data: dict[str, Any], source: str = "") -> Framework:
        return cls(
            id=data["id"],
            version=data["version"],
            title=data["title"],
            summary=data["summary"],
            ground_rules=tuple(data["ground_rules"]),
            themes=tuple(Theme.from_data(t) for t in data["themes"]),
            scale=tuple(Level(**level) for level in data.get("scale", ())),
            focus_area_questions=tuple(data.get("focus_area_questions", ())),
            optional_themes=tuple(Theme.from_data(t) for t in data.get("optional_themes", ())),
            terms={**DEFAULT_TERMS, **data.get("terms", {})},
            data=data,
            source=source,
        )

    def term(self, name: str) -> str:
        """The framework's own word: 'self-evaluation' where another says 'position statement'."""
        return self.terms.get(name, DEFAULT_TERMS[name])

    def optional_theme(self, wanted: str) -> Theme | None:
        """An optional topic theme by its id or title."""
        key = wanted.strip().lower()
        return next((t for t in self.optional_themes if key in (t.id, t.title.lower())), None)

    # --- looking things up -------------------------------------------------------------
    def theme(self, theme_id: str) -> Theme:
        for theme in self.themes:
            if theme.id == theme_id:
                return theme
        raise NotFound(
            f"framework '{self.id}' has no theme '{theme_id}'"
            f"{did_you_mean(theme_id, self.theme_ids)}",
            hint=f"themes: {', '.join(self.theme_ids)}",
        )

    @property
    def theme_ids(self) -> list[str]:
        return [t.id for t in self.themes]

    def questions(self) -> Iterator[tuple[Theme, Question]]:
        for theme in self.themes:
            for question in theme.questions:
                yield theme, question

    def question_index(self) -> dict[str, tuple[Theme, Question]]:
        return {q.id: (t, q) for t, q in self.questions()}

    def level(self, level_id: str) -> Level | None:
        return next((lv for lv in self.scale if lv.id == level_id), None)

    def level_rank(self, level_id: str) -> int:
        return [lv.id for lv in self.scale].index(level_id)

    # --- tailoring ---------------------------------------------------------------------
    def with_focus_areas(self, focus_areas: Iterable[dict[str, str]]) -> Framework:
        """The framework as a workspace sees it: each focus area becomes an extra theme
        asking the framework's standard focus-area questions."""
        extra = []
        for area in focus_areas:
            topic = self.optional_theme(area["id"])
            if topic is not None:  # one of the framework's own optional topic themes
                extra.append(replace(topic, focus_area=True))
                continue
            prefix = area["id"] + "."
            extra.append(
                Theme(
                    id=area["id"],
                    title=area["title"],
                    summary=f"A focus area the council asked the peer team to look at: "
                    f"{area['title']}.",
                    questions=tuple(
                        Question.from_data(q, prefix) for q in self.focus_area_questions
                    ),
                    focus_area=True,
                )
            )
        return replace(self, themes=self.themes + tuple(extra)) if extra else self


def focus_theme_id(title: str) -> str:
    """``"Housing delivery & homelessness"`` → ``"focus-housing-delivery-homelessness"``."""
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    return "focus-" + (slug[:60].rstrip("-") or "area")


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` when a close match exists, else an empty string."""
    options = list(candidates)
    # the start of an id first ('early-help' for 'early-help-and-front-door'), then likeness
    close = [c for c in options if len(word) >= 3 and c.startswith(word)][:1]
    close = close or difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if not close and len(word) >= 4:
        # a word of a long id: 'finance' for 'financial-planning-and-management'
        close = [
            c
            for c in options
            if any(
                difflib.SequenceMatcher(None, word, part).ratio() >= 0.75
                for part in re.split(r"[-.]", c)
            )
        ][:1]
    return f" (did you mean '{close[0]}'?)" if close else ""


# --- checking a framework file -----------------------------------------------------------
def meaning_problems(loaded: datafile.Loaded) -> list[Problem]:
    """What the schema cannot say: unique ids, the id matching the file name, sane bounds."""
    data = loaded.data
    problems: list[Problem] = []
    stem = loaded.path.stem
    if data.get("id") != stem and not stem.startswith("."):
        problems.append(
            loaded.problem(
                f"the framework id '{data.get('id')}' must match the file name '{stem}'",
                ["id"],
            )
        )

    def duplicates(items: list[Any], path: list[str | int], what: str) -> None:
        seen: set[str] = set()
        for i, item in enumerate(items):
            if item["id"] in seen:
                problems.append(
                    loaded.problem(f"{what} id '{item['id']}' is used twice", [*path, i, "id"])
                )
            seen.add(item["id"])

    duplicates(data.get("scale", []), ["scale"], "scale level")
    all_themes = [("themes", t, theme) for t, theme in enumerate(data["themes"])]
    all_themes += [
        ("optional_themes", t, theme) for t, theme in enumerate(data.get("optional_themes", []))
    ]
    seen_themes: set[str] = set()
    for key, t, theme in all_themes:
        if theme["id"] in seen_themes:
            problems.append(
                loaded.problem(f"theme id '{theme['id']}' is used twice", [key, t, "id"])
            )
        seen_themes.add(theme["id"])
    seen_questions: dict[str, str] = {}
    for key, t, theme in all_themes:
        for q, question in enumerate(theme["questions"]):
            where: list[str | int] = [key, t, "questions", q]
            if question["id"] in seen_questions:
                problems.append(
                    loaded.problem(
                        f"question id '{question['id']}' is already used in theme "
                        f"'{seen_questions[question['id']]}'; question ids are unique across "
                        "the framework",
                        [*where, "id"],
                    )
                )
            seen_questions[question["id"]] = theme["id"]
            problems += _question_problems(loaded, question, where)
    for q, question in enumerate(data.get("focus_area_questions", [])):
        problems += _question_problems(loaded, question, ["focus_area_questions", q])
    duplicates(data.get("focus_area_questions", []), ["focus_area_questions"], "focus question")
    for r, retired in enumerate(data.get("retired", [])):
        if retired["id"] in seen_questions or retired["id"] in seen_themes:
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
    if "extends" in data and data["extends"] != data.get("id"):
        problems.append(
            loaded.problem(
                f"'extends: {data['extends']}' must name this framework's own id ('{data.get('id')}'): "
                "a council's framework may take a shipped framework's place only under its id",
                ["extends"],
            )
        )
    return problems


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
    return problems


def check_file(path: Path) -> tuple[datafile.Loaded, list[Problem]]:
    """Load a framework file and list everything wrong with it."""
    loaded = datafile.load(path)
    schemas.ensure_cache()
    problems = schemas.check("framework", loaded)
    if not problems:
        problems = meaning_problems(loaded)
    return loaded, problems


def load_file(path: Path) -> Framework:
    loaded, problems = check_file(path)
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


EXTRA_FOLDERS: list[Path] = []
"""Folders named with --frameworks-dir, searched before the user data folder."""


def shipped_paths() -> dict[str, Path]:
    """Shipped framework ids → their files."""
    return _yaml_files(data_folder("frameworks"))


def _own_folders(extra: Iterable[Path] = ()) -> list[Path]:
    """A council's own framework folders, most specific first."""
    return [*extra, *EXTRA_FOLDERS, user_folder()]


def _extends(path: Path) -> str | None:
    """The ``extends`` key of a framework file, read cheaply; None when absent or unreadable."""
    try:
        text = datafile.read_text(path)
    except SelfAssessError:
        return None
    match = re.search(r"^extends:\s*['\"]?([a-z0-9.-]+)", text, re.MULTILINE)
    return match.group(1) if match else None


def all_paths(extra: Iterable[Path] = ()) -> dict[str, Path]:
    """Every framework id → its file: a council's own folders first (the workspace's
    ``frameworks/``, --frameworks-dir, the user data folder), then the shipped ones. A file
    with a shipped id is used only if it declares ``extends: <that id>``."""
    shipped = shipped_paths()
    paths: dict[str, Path] = {}
    for folder in _own_folders(extra):
        for framework_id, path in _yaml_files(folder).items():
            if framework_id in shipped and _extends(path) != framework_id:
                continue
            paths.setdefault(framework_id, path)
    for framework_id, path in shipped.items():
        paths.setdefault(framework_id, path)
    return paths


def user_problems(extra: Iterable[Path] = ()) -> list[Problem]:
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
        for folder in _own_folders(extra)
        for framework_id, path in _yaml_files(folder).items()
        if framework_id in shipped and _extends(path) != framework_id
    ]


def available() -> tuple[list[Framework], list[Problem]]:
    """Every framework that loads, and the problems of those that do not."""
    found, problems = [], user_problems()
    shipped = shipped_paths()
    ordered = sorted(all_paths().items(), key=lambda kv: (shipped.get(kv[0]) != kv[1], kv[0]))
    for _, path in ordered:
        try:
            found.append(load_file(path))
        except InvalidData as exc:
            problems += exc.problems
        except FileProblem as exc:
            problems.append(exc.problem)
    return found, problems


def is_shipped(framework: Framework) -> bool:
    path = shipped_paths().get(framework.id)
    return path is not None and Path(framework.source) == path


def load(framework_id: str, extra: Iterable[Path] = ()) -> Framework:
    """Load a framework by id: a council's own folders first, then the shipped set."""
    paths = all_paths(extra)
    if framework_id not in paths:
        raise NotFound(
            f"no framework called '{framework_id}'{did_you_mean(framework_id, paths)}",
            hint=f"available: {', '.join(paths) or 'none'} (see 'selfassess frameworks list')",
        )
    return load_file(paths[framework_id])
