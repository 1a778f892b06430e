"""What each Word export of the position statement sent, so that an edited copy can be
merged three ways: per place, the workspace's value at the export and the text the Word
file held (and its hash). Kept in the workspace's ``exports/<export id>.yaml``, one file per
export, so several copies can be in circulation at once; checked against
``schemas/export.schema.json`` when read.

A workspace has an id of its own (``workspace.yaml`` ``id``), made when it is created, or
at its first Word export; an export names it, so a file from another workspace is told
apart from an export this workspace does not know.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from selfassess.assessment.workspace import Workspace
from selfassess.documents.places import Place

EXPORTS_DIR = "exports"


@dataclass
class Base:
    place: Place
    value: Any  # the workspace's value when exported (text, a number, a list of strengths)
    text: str  # what the Word file held, as ``reader`` reads it back (canonical text)
    hash: str  # sha256 of ``text``


@dataclass
class Export:
    id: str
    workspace_id: str
    created: str  # ISO date and time
    file: str  # where it was written, as given
    bases: dict[str, Base] = field(default_factory=dict)  # by Place.field
    outside: list[str] = field(default_factory=list)  # the paragraphs outside the controls


def workspace_id(ws: Workspace) -> str:
    """The workspace's id, made (and saved in workspace.yaml) the first time it is needed."""
    raise NotImplementedError


def start(ws: Workspace) -> tuple[str, str]:
    """(workspace id, a new export id) for ``Document.controls``."""
    raise NotImplementedError


def record(ws: Workspace, export_id: str, data: bytes, file: Path) -> Export:
    """Remember what the Word file ``data`` (just rendered, about to be written to
    ``file``) sent: each control's text read back, and the workspace value behind it."""
    raise NotImplementedError


def load(ws: Workspace, export_id: str) -> Export:
    """The export's record; an unknown export id is a clear error (SelfAssessError)."""
    raise NotImplementedError


def value_at(ws: Workspace, place: Place) -> Any:
    """The workspace's value at ``place`` now (None when nothing is saved there)."""
    raise NotImplementedError
