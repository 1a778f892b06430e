"""The figures behind ``selfassess status``, defined once: progress theme by theme, the
evidence log's coverage, the requests, and the dates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from selfassess.assessment.answers import CONTEXT_FIELDS
from selfassess.vocabulary import AWAITING

if TYPE_CHECKING:
    from selfassess.assessment.workspace import ThemeProgress, Workspace


@dataclass(frozen=True)
class Summary:
    """Where one council's self-assessment stands."""

    workspace: str
    council: str
    framework: dict[str, Any]
    cycle: str
    themes: list[ThemeProgress]
    evidence_by_theme: dict[str, int]  # how many items support each theme
    evidence_items: int
    pre_reading: int
    pre_reading_pages: int
    requests: int
    requests_open: list[str]
    requests_overdue: list[str]
    context_missing: list[str]  # council context fields still to write
    dates: dict[str, Any]

    @property
    def required_answered(self) -> int:
        return sum(row.required_answered for row in self.themes)

    @property
    def required(self) -> int:
        return sum(row.required for row in self.themes)

    def as_dict(self) -> dict[str, Any]:
        """The summary as ``status --json`` prints it."""
        return {
            "workspace": self.workspace,
            "council": self.council,
            "framework": self.framework,
            "cycle": self.cycle,
            "context_missing": self.context_missing,
            "dates": self.dates,
            "requests": {
                "total": self.requests,
                "open": len(self.requests_open),
                "overdue": self.requests_overdue,
            },
            "evidence": {
                "items": self.evidence_items,
                "pre_reading": self.pre_reading,
                "pre_reading_pages": self.pre_reading_pages,
            },
            "themes": [
                row.__dict__
                | {"complete": row.complete, "evidence": self.evidence_by_theme[row.theme_id]}
                for row in self.themes
            ],
        }


def summarise(ws: Workspace, on: dt.date | None = None) -> Summary:
    """Where the workspace stands ``on`` a day (default today: it says what is overdue)."""
    from selfassess.evidence.evidence_log import Register
    from selfassess.requests.tracker import Tracker

    rows = ws.progress()
    context = ws.context()
    items = Register(ws.root).items()
    tracked = Tracker(ws.root).all()
    pre_reading = [i for i in items if i.core]
    return Summary(
        workspace=str(ws.root),
        council=ws.council,
        framework={"id": ws.framework.id, "version": ws.framework.version},
        cycle=ws.cycle,
        themes=rows,
        evidence_by_theme={
            row.theme_id: sum(row.theme_id in i.themes for i in items) for row in rows
        },
        evidence_items=len(items),
        pre_reading=len(pre_reading),
        pre_reading_pages=sum((i.file.pages or 0) for i in pre_reading if i.file),
        requests=len(tracked),
        requests_open=[t.id for t in tracked if t.effective_status in AWAITING],
        requests_overdue=[t.id for t in tracked if t.overdue(on)],
        # the parts the interview asks for (not the optional foreword or questions for the team)
        context_missing=[key for key in CONTEXT_FIELDS if not context.get(key)],
        dates=ws.meta.get("dates", {}),
    )
