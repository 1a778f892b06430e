"""Where in a workspace a piece of the position statement came from: its *place*.

An answer is ``<theme id>:<question id>``, a theme's list is ``<theme id>:strengths`` or
``<theme id>:areas_for_development``, and a part of the council context is
``context:<field>`` (``context:foreword`` too). A block of a document built from one place
carries it (``Block.place``, as ``Place.field``); the Word file wraps that block in a content control whose
hidden tag names the workspace, the export and the place, so what is edited in Word can be
read back into the right answer (``selfassess import-docx``).

A person names a place by its *key*: a question's id, ``<theme id>.strengths``, or
``context.<field>``, as ``import-docx --take`` and its listing do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CONTEXT = "context"
LISTS = ("strengths", "areas_for_development")
TAG_PREFIX = "selfassess"
_ID = r"[A-Za-z0-9][A-Za-z0-9_.-]*"
_TAG = re.compile(rf"{TAG_PREFIX}:({_ID}):({_ID}):({_ID}):({_ID})")


@dataclass(frozen=True, order=True)
class Place:
    theme: str  # a theme id, or "context"
    name: str  # a question id, "strengths", "areas_for_development", or a context field

    @property
    def field(self) -> str:
        """As a block carries it: ``theme:name``."""
        return f"{self.theme}:{self.name}"

    @property
    def key(self) -> str:
        """As a person names it: the question id, ``theme.strengths``, ``context.aims``."""
        if self.theme == CONTEXT or self.name in LISTS:
            return f"{self.theme}.{self.name}"
        return self.name

    @property
    def is_context(self) -> bool:
        return self.theme == CONTEXT

    @property
    def is_list(self) -> bool:
        return self.name in LISTS and not self.is_context

    @classmethod
    def from_field(cls, field: str) -> Place:
        theme, _, name = field.partition(":")
        return cls(theme, name)

    def tag(self, workspace_id: str, export_id: str) -> str:
        """The content control's hidden tag: ``selfassess:<workspace>:<export>:<theme>:<name>``."""
        return f"{TAG_PREFIX}:{workspace_id}:{export_id}:{self.theme}:{self.name}"


@dataclass(frozen=True)
class Tag:
    workspace_id: str
    export_id: str
    place: Place


def parse_tag(tag: str | None) -> Tag | None:
    """The workspace, export and place a content control's tag names; None for a tag that
    is not selfassess's (a council's own controls are left alone)."""
    match = _TAG.fullmatch((tag or "").strip())
    if not match:
        return None
    workspace_id, export_id, theme, name = match.groups()
    return Tag(workspace_id, export_id, Place(theme, name))
