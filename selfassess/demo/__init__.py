"""The demo: a finished workspace for an invented council, built from the data in this folder."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from selfassess import answers, datafile
from selfassess.errors import InvalidData, SelfAssessError
from selfassess.resources import data_file
from selfassess.workspace import Workspace

MARKER = ".selfassess-demo"
FRAMEWORK = "corporate-peer-challenge"


def _shipped(name: str) -> datafile.Loaded:
    resource = data_file("demo", name)
    return datafile.Loaded(
        Path(str(resource)),
        resource.read_text(encoding="utf-8"),
        datafile.parse(Path(name), resource.read_text(encoding="utf-8")),
    )


def build(directory: Path) -> Workspace:
    """Build the demo workspace in ``directory``; a demo folder made before is rebuilt,
    anything else is left alone."""
    if directory.exists() and any(directory.iterdir()) and not (directory / MARKER).exists():
        raise SelfAssessError(
            f"{directory} already exists and is not a demo folder; nothing was changed",
            hint="give another folder: selfassess demo ./somewhere-new",
        )
    details = _shipped("demo.yaml").data
    parent = directory.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".selfassess-demo-", dir=parent))
    try:
        ws = Workspace.create(
            staging / "ws",
            council=details["council"],
            framework_id=FRAMEWORK,
            cycle=details["cycle"],
            focus_areas=details["focus_areas"],
            dates=details["dates"],
            team=details["team"],
        )
        result = answers.check_answers_file(_shipped("answers.yaml"), ws.framework)
        if result.errors or result.warnings:
            raise InvalidData(
                result.errors + result.warnings, summary="the shipped demo answers are broken"
            )
        ws.apply(result)
        (staging / "ws" / MARKER).write_text("made by 'selfassess demo'; safe to delete\n")
        if directory.exists():
            shutil.rmtree(directory)
        (staging / "ws").rename(directory)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return Workspace.open(directory)
