"""Find the data shipped with selfassess: schemas, frameworks, templates and the demo.

In a built wheel the three top-level data folders are installed inside the package
(``selfassess/schemas`` and so on). In a source checkout or an editable install they sit
beside the package at the top of the repository. Both are found here, and only here.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from selfassess.errors import NotFound

DATA_FOLDERS = ("schemas", "frameworks", "templates")


@cache
def data_folder(name: str) -> Traversable:
    """The shipped folder ``name`` (one of schemas, frameworks, templates, demo)."""
    inside = files("selfassess").joinpath(name)
    if inside.is_dir():
        return inside
    beside = Path(__file__).resolve().parents[2] / name
    if name in DATA_FOLDERS and beside.is_dir():
        return beside
    raise NotFound(
        f"selfassess's shipped '{name}' folder is missing from this installation",
        hint="reinstall selfassess (pip install --force-reinstall selfassess)",
    )


def data_file(folder: str, name: str) -> Traversable:
    """A shipped file; raises :class:`NotFound` when it is not there."""
    resource = data_folder(folder).joinpath(name)
    if not resource.is_file():
        raise NotFound(f"selfassess's shipped file {folder}/{name} is missing")
    return resource
