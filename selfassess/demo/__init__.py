"""The demo: a finished workspace for an invented council, built from the data in this folder."""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

from selfassess.assessment import answers
from selfassess.assessment.layout import WORKSPACE_FILE, header
from selfassess.assessment.workspace import Workspace
from selfassess.datafiles import datafile
from selfassess.datafiles.resources import data_file, data_folder
from selfassess.errors import InvalidData, SelfAssessError
from selfassess.vocabulary import DOCUMENT_FORMATS

MARKER = ".selfassess-demo"
CACHE = ".selfassess"
SHARED_DRIVE = "shared-drive"
# demo.yaml keys that go into workspace.yaml as they are (its `context` goes to context.yaml)
WORKSPACE_KEYS = ("position_statement", "people")
FRAMEWORK = "corporate-peer-challenge"


def _shipped(name: str) -> datafile.Loaded:
    resource = data_file("demo", name)
    return datafile.Loaded(
        Path(str(resource)),
        resource.read_text(encoding="utf-8"),
        datafile.parse(Path(name), resource.read_text(encoding="utf-8")),
    )


def _fingerprint(folder: Path) -> dict[str, str]:
    """Every file the demo made, with its SHA-256 (caches left out)."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.name != MARKER and CACHE not in path.relative_to(folder).parts
    }


def _check_replaceable(directory: Path) -> None:
    """Rebuild only an untouched demo folder: anything a person added or changed is kept."""
    if not directory.exists() or (directory.is_dir() and not any(directory.iterdir())):
        return
    refuse = f"{directory} already exists and is not an untouched demo folder; nothing was changed"
    hint = "give another folder: selfassess demo ./somewhere-new"
    try:
        made = json.loads((directory / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise SelfAssessError(refuse, hint=hint) from None
    now = _fingerprint(directory)
    changed = sorted(name for name in set(now) | set(made) if now.get(name) != made.get(name))
    if changed:
        raise SelfAssessError(
            f"{refuse} ({', '.join(changed[:3])}{' ...' if len(changed) > 3 else ''} changed "
            "since the demo made it)",
            hint=hint,
        )


def _add_sign_off_people_and_context(ws: Workspace, details: dict[str, Any]) -> Workspace:
    """What a council adds by hand after ``init``: who signs the position statement and
    where it stands, the people it wants the team to meet (workspace.yaml), and the
    foreword and its questions for the team (context.yaml, beside the interview's answers)."""
    meta = {**ws.meta, **{key: details[key] for key in WORKSPACE_KEYS if key in details}}
    datafile.write_yaml(ws.root / WORKSPACE_FILE, meta, header("Workspace", meta))
    ws = Workspace.open(ws.root)  # checked as any council's workspace.yaml is
    for key, value in details.get("context", {}).items():
        ws.set_context(key, value)
    return ws


def _add_evidence(ws: Workspace) -> None:
    """Import the demo council's evidence log (as a council would) and build pack v1."""
    from selfassess.evidence.evidence_log import Register
    from selfassess.evidence.importer import import_log
    from selfassess.pack import builder

    # The council's own documents, where a council keeps them: on its shared drive (here a
    # folder inside the demo, so the personal-data item, kept by reference, can be found
    # wherever the demo moves and whatever happens to the installed package).
    shared = ws.root / SHARED_DRIVE
    shutil.copytree(Path(str(data_folder("demo").joinpath("evidence"))), shared)
    log = shared / "evidence-log.csv"
    titles = {t.title.lower(): t.id for t in ws.framework.themes}
    import_log(
        Register(ws.root), log, ws.framework.theme_ids, titles, ws.framework.question_index()
    )
    builder.build(ws)
    _answer_requests(ws)
    builder.build(ws)
    _write_documents(ws)


def _write_documents(ws: Workspace) -> None:
    """The scoping document and the position statement, in every format."""
    from selfassess.documents import (
        formats,
        overwrite_guard,
        position_statement,
        scoping,
    )

    folder = ws.root / "documents"
    folder.mkdir(exist_ok=True)
    for name, document in (
        ("scoping-document", scoping.build(ws)),
        ("position-statement", position_statement.build(ws)),
    ):
        for fmt in DOCUMENT_FORMATS:
            overwrite_guard.write(
                ws.root, folder / f"{name}.{fmt}", formats.render(document, fmt), force=True
            )


def _answer_requests(ws: Workspace) -> None:
    """A round of the team's requests, answered as a single point of contact would."""
    from selfassess.pack.history import latest_version, pack_id
    from selfassess.requests import answering, tracker

    tracker.import_requests(
        ws.root,
        [Path(str(data_file("demo", "requests.yaml")))],
        council=ws.council,
        pack_id=pack_id(ws),
        pack_version=latest_version(ws),
    )
    answers: list[tuple[str, dict[str, Any]]] = [
        ("R-a7k2mq", {}),
        (
            "R-c4n9vx",
            {
                "decline": "The monthly figures are being re-checked after a system change and "
                "we cannot stand behind them yet; the quarterly position is in the performance "
                "dashboard (E-004)."
            },
        ),
        ("R-h6t3pd", {"team_room": True}),
        ("R-m5r8yb", {"note": "Arranged for the afternoon of the second day of the visit."}),
        (
            "R-w2d7kp",
            {
                "for_now": "on-site",
                "note": "Drawn from the payroll and agency systems; printed for the team room.",
            },
        ),
    ]
    for request_id, how in answers:
        options = answering.RespondOptions(**how).on_site_from(ws.first_visit_day)
        answering.respond(ws.root, ws.framework, request_id, options)


def build(directory: Path) -> Workspace:
    """Build the demo workspace in ``directory``; a demo folder made before is rebuilt,
    anything else is left alone."""
    _check_replaceable(directory)
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
        ws = _add_sign_off_people_and_context(ws, details)
        _add_evidence(ws)
        made = staging / "ws"
        (made / MARKER).write_text(json.dumps(_fingerprint(made), indent=1) + "\n")
        if directory.exists():
            shutil.rmtree(directory)
        (staging / "ws").rename(directory)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return Workspace.open(directory)
