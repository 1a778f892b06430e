"""What the caller chooses for one run, passed down explicitly: never a module global.

The command line builds one :class:`Settings` from its global options and hands it to every
library call that needs it; a script builds its own (or uses the defaults).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    """``frameworks_dirs``: extra folders searched for a council's own frameworks
    (``--frameworks-dir``), before the user data folder and the shipped set."""

    frameworks_dirs: tuple[Path, ...] = ()


DEFAULT = Settings()
