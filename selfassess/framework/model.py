"""Frameworks: themes and questions as data, loaded from ``frameworks/<id>.yaml``.

A framework file is validated against ``schemas/framework.schema.json`` and then for meaning
(ids unique, the id matching the file name). A workspace sees the framework with its focus
areas added as extra themes (:meth:`Framework.with_focus_areas`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from selfassess.errors import NotFound, did_you_mean

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
    # how the answer reads in the position statement: a short heading over a long answer
    # (none: it flows on under the theme's heading), a sentence for a short answer with
    # {answer} in it (for yes/no, the sentences for "yes" and for "no"), and a number's unit
    heading: str | None = None
    reads: str | tuple[str, str] | None = None
    unit: str | None = None

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
            heading=data.get("heading"),
            reads=_reads(data.get("reads")),
            unit=data.get("unit"),
        )

    def choice_label(self, choice_id: str) -> str:
        return next((c.label for c in self.choices if c.id == choice_id), choice_id)


def _reads(value: str | dict[str, str] | None) -> str | tuple[str, str] | None:
    """``reads`` as held: a sentence, or a yes/no question's (yes, no) pair."""
    return (value["yes"], value["no"]) if isinstance(value, dict) else value


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
