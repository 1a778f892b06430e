"""Where a pack is made before it is moved into place, and what a killed build leaves:
staging folders (``.pack-<workspace>-*``) and a pack moved into place but never recorded.
The next build, holding the workspace lock, clears them."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
from pathlib import Path

from selfassess.assessment.workspace import Workspace
from selfassess.errors import SelfAssessError
from selfassess.pack.history import PACKS_DIR, pack_id

STAGING = ".pack-"


def prefix(ws: Workspace) -> str:
    """Staging folders are named for their workspace, so that a build clears only its
    own workspace's leftovers from a folder that several workspaces build into."""
    token = hashlib.sha256(os.path.abspath(ws.root).encode()).hexdigest()[:12]
    return f"{STAGING}{token}-"


def make(ws: Workspace, folder: Path) -> Path:
    """A new staging folder in ``folder`` (made if need be), once the leftovers of this
    workspace's killed builds are cleared from it."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        clear_leftovers(ws, folder)
        return Path(tempfile.mkdtemp(prefix=prefix(ws), dir=folder))
    except OSError as exc:  # a system folder (/proc), a file in the way, no permission
        raise SelfAssessError(
            f"{folder}: the pack cannot be written there ({exc.strerror or exc})",
            hint="give --out a place in a folder you can write to",
        ) from None


def clear_leftovers(ws: Workspace, folder: Path) -> None:
    """Remove the staging folders a killed build of this workspace left in ``folder``. The
    build holds the workspace lock, so no running build of this workspace owns one; in the
    workspace's own packs folder, those named the old way (no workspace) go too."""
    own = os.path.abspath(folder) == os.path.abspath(ws.root / PACKS_DIR)
    for path in folder.glob(f"{STAGING}*"):
        mine = path.name.startswith(prefix(ws))
        legacy = own and re.fullmatch(r"\.pack-[a-z0-9_]{8}", path.name) is not None
        if (mine or legacy) and path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
    if own:
        for part in folder.glob(".*.zip.part"):  # the old builds' half-written zips
            part.unlink(missing_ok=True)


def clear_unrecorded(ws: Workspace, destination: Path, version: int) -> None:
    """A pack in the next version's place that the history does not record: moved into
    place by a build killed before it could record it. Removed (to be built again) only
    when its manifest says it is this workspace's pack of that version."""
    from selfassess.pack.reader import load_manifest

    try:
        manifest = load_manifest(destination)
    except SelfAssessError:
        return
    if manifest["pack_id"] != pack_id(ws) or manifest["version"] != version:
        return
    if destination.is_dir() and not destination.is_symlink():
        shutil.rmtree(destination)
    else:
        destination.unlink()
