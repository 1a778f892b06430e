"""What a workspace folder holds: its files' names, their header, the folder's schema-check
cache and the framework it follows. Shared by opening, creating and checking a workspace,
so none of those needs another."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from selfassess.datafiles import schemas
from selfassess.datafiles.checkcache import CheckCache
from selfassess.framework import catalogue
from selfassess.framework.model import Framework
from selfassess.settings import DEFAULT, Settings

WORKSPACE_FILE = "workspace.yaml"
CONTEXT_FILE = "context.yaml"
THEMES_DIR = "themes"
PROFILE_FILE = "profile.yaml"
OWN_FRAMEWORKS = "frameworks"
CACHE_DIR = ".selfassess"
DATE_FIELDS = ("period_start", "period_end", "pre_onsite_meeting")


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


def header(what: str, meta: dict[str, Any]) -> str:
    """The comment at the top of every file the workspace saves."""
    from selfassess.datafiles.datafile import comment

    return comment(
        f"{what} - {meta['council']}, {meta['cycle']}.",
        "Saved by selfassess. You may edit this file; run 'selfassess validate' afterwards.",
    )
