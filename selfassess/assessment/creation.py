"""The stages of creating a workspace (:meth:`~selfassess.assessment.workspace.Workspace.create`):
the tailored framework, the focus areas, the first ``workspace.yaml``, the folder, and the
council's own framework copied in."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from selfassess.assessment.checks import meta_problems
from selfassess.assessment.layout import DATE_FIELDS, OWN_FRAMEWORKS, THEMES_DIR, WORKSPACE_FILE
from selfassess.datafiles import datafile, schemas
from selfassess.errors import InvalidData, SelfAssessError, UsageError, did_you_mean
from selfassess.framework import catalogue
from selfassess.framework.model import Framework, focus_theme_id
from selfassess.settings import Settings
from selfassess.vocabulary import TEAM_ROLES

# who signs the position statement, and the title each has unless the council gives another
SIGNATORIES = {"leader": "Leader of the Council", "chief_executive": "Chief Executive"}
MAX_NAME = 200  # a name with its title, as given at init
# letters after a name, kept with it rather than read as a title ("Dr Amir Shah, OBE")
POST_NOMINALS = frozenset(
    [
        "KG",
        "KT",
        "GBE",
        "KBE",
        "DBE",
        "CBE",
        "OBE",
        "MBE",
        "BEM",
        "CB",
        "CMG",
        "CVO",
        "LVO",
        "MVO",
        "KC",
        "QC",
        "DL",
        "JP",
        "MP",
        "MSP",
        "MS",
        "MLA",
        "FCA",
        "ACA",
        "FCCA",
        "ACCA",
        "CPFA",
        "CIPFA",
        "FCMA",
        "ACMA",
        "CGMA",
        "MCIPD",
        "FCIPD",
        "MRTPI",
        "FRTPI",
        "MRICS",
        "FRICS",
        "CEng",
        "MBA",
        "MA",
        "MSc",
        "BA",
        "BSc",
        "LLB",
        "LLM",
        "PhD",
        "DPhil",
        "FRSA",
        "FRCP",
        "FRCS",
        "MRCP",
    ]
)

README = """\
This folder is a selfassess workspace: {council}'s self-assessment for its {title}
({cycle}). The files are plain text; you may read and edit them, then run
'selfassess validate' in this folder to check them.

  workspace.yaml        the council, framework, cycle, focus areas, dates and peer team
  context.yaml          the council context
  themes/<theme>.yaml   each theme's answers, self-rating, strengths, areas for development

Everything here may be disclosed under the Freedom of Information Act. Write as if it
will be read publicly, and keep personal data out of the answers.
"""


def load_tailored(
    framework_id: str, profile: Path | None, settings: Settings
) -> tuple[Framework, datafile.Loaded | None]:
    """The framework a new workspace follows, tailored by ``profile`` if one is given."""
    framework = catalogue.load(framework_id, settings)
    profile_loaded = None
    if profile is not None:
        from selfassess.framework import tailoring

        profile_loaded = tailoring.load(profile)
        framework = tailoring.apply(framework, profile_loaded)
    return framework, profile_loaded


def focus_areas(framework: Framework, titles: list[str] | tuple[str, ...]) -> list[dict[str, str]]:
    """The focus areas asked for: the framework's optional topics, or areas in the council's
    own words, which need the framework's focus-area questions."""
    areas: list[dict[str, str]] = []
    for title in titles:
        topic = framework.optional_theme(title)
        if topic is not None:  # one of the framework's optional topic themes
            areas.append({"id": topic.id, "title": topic.title})
            continue
        looks_like_id = re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", title.strip()) is not None
        if framework.optional_themes and looks_like_id:
            topics = [t.id for t in framework.optional_themes]
            raise UsageError(
                f"--focus '{title}' is not one of the framework's topics{did_you_mean(title, topics)}",
                hint=f"topics: {', '.join(topics)}; for a focus area of your own, write it in "
                "words, e.g. --focus 'Early help in schools'",
            )
        area_id = focus_theme_id(title)
        if area_id in framework.theme_ids or area_id in [a["id"] for a in areas]:
            raise SelfAssessError(
                f"focus area '{title}' clashes with a theme or another focus area ({area_id})"
            )
        areas.append({"id": area_id, "title": title.strip()})
    generic = [a for a in areas if framework.optional_theme(a["id"]) is None]
    if generic and not framework.focus_area_questions:
        topic_list = ", ".join(t.id for t in framework.optional_themes)
        raise SelfAssessError(
            f"framework '{framework.id}' has no questions for a focus area of your own "
            f"('{generic[0]['title']}')",
            hint=f"choose one of its topics: {topic_list}" if topic_list else None,
        )
    return areas


def initial_meta(
    council: str,
    framework: Framework,
    cycle: str | None,
    areas: list[dict[str, str]],
    dates: dict[str, Any] | None,
    team: dict[str, Any] | None,
) -> dict[str, Any]:
    """What a new workspace's ``workspace.yaml`` holds."""
    return {
        "schema_version": 1,
        "council": council.strip(),
        "framework": {"id": framework.id, "version": framework.version},
        "cycle": cycle or str(dt.date.today().year),
        "created": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "focus_areas": areas,
        "dates": {key: None for key in DATE_FIELDS} | {"visit_days": []} | (dates or {}),
        "team": {key: None for key in TEAM_ROLES} | {"officer_peers": []} | (team or {}),
    }


def signatories(leader: str | None, chief_executive: str | None) -> dict[str, Any]:
    """``position_statement`` for a new workspace, from ``init``'s --leader and
    --chief-executive: "Name" or "Name, Title" (the title defaults to the usual one)."""
    found: dict[str, Any] = {}
    for role, given in (("leader", leader), ("chief_executive", chief_executive)):
        if given is None:
            continue
        name, title = _name_and_title(given)
        flag = f"--{role.replace('_', '-')}"
        if len(given) > MAX_NAME:
            raise UsageError(
                f"{flag} is {len(given)} characters long; at most {MAX_NAME} are kept",
                hint="give just the name and the title, e.g. 'Cllr Jo Marsh, Leader of the Council'",
            )
        if not name.strip():
            raise UsageError(
                f"--{role.replace('_', '-')} {given!r} gives no name",
                hint="give 'Name' or 'Name, Title', e.g. 'Cllr Jo Marsh, Leader of the Council'",
            )
        found[role] = {"name": name, "title": title or SIGNATORIES[role]}
    return found


def _name_and_title(given: str) -> tuple[str, str]:
    """ "Dr Amir Shah, OBE, Managing Director" → ("Dr Amir Shah, OBE", "Managing Director"):
    the first part is the name, and letters after a name (OBE, CPFA FCA, PhD) stay with it;
    what follows is the title."""
    parts = [part.strip() for part in given.split(",")]
    name = parts.pop(0)
    while parts and parts[0] and all(word in POST_NOMINALS for word in parts[0].split()):
        name += ", " + parts.pop(0)
    return name, ", ".join(parts)


def check_meta(root: Path, meta: dict[str, Any], framework: Framework) -> None:
    """Refuse a new workspace's details that its schema or its meaning does not allow."""
    meta_loaded = datafile.Loaded(root / WORKSPACE_FILE, "", meta)
    problems = schemas.check("workspace", meta_loaded) or meta_problems(meta_loaded, framework)
    if problems:
        raise InvalidData(problems, summary="the workspace details are not valid")


def make_folder(root: Path) -> None:
    """The workspace's folder and its ``themes/``, or a clear error saying why not."""
    try:
        (root / THEMES_DIR).mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise SelfAssessError(f"{root} exists and is not a folder") from None
    except OSError as exc:  # permission denied, a file in the way, no such device...
        raise SelfAssessError(
            f"{root}: cannot create the workspace here ({(exc.strerror or str(exc)).lower()})",
            hint="choose a folder you can write to",
        ) from None


def copy_own_framework(root: Path, framework_id: str, settings: Settings) -> None:
    """Copy a framework the council wrote into the workspace (a shipped one stays put)."""
    own = catalogue.load(framework_id, settings)
    if not catalogue.is_shipped(own):
        # the council's own framework travels with the workspace: later commands need
        # no --frameworks-dir
        (root / OWN_FRAMEWORKS).mkdir(exist_ok=True)
        datafile.write_atomic(
            root / OWN_FRAMEWORKS / f"{framework_id}.yaml", Path(own.source).read_bytes()
        )
