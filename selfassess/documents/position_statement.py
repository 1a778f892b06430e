"""The position statement: the council's self-assessment as councils publish it.

Local context, political make-up, what the council wants from the challenge and its key
challenges, then the council's narrative theme by theme: its answers, strengths, areas for
development and the evidence it cites. Written to be signed off and possibly published.
"""

from __future__ import annotations

from selfassess.assessment.answers import CONTEXT_FIELDS, display, is_answered
from selfassess.assessment.workspace import Workspace
from selfassess.documents.formats import Document
from selfassess.evidence.evidence_log import Register
from selfassess.evidence.handling import Rules, team_title


def build(ws: Workspace, include_ratings: bool = False) -> Document:
    context = ws.context()
    doc = Document(
        "report",
        f"{ws.council}: {ws.framework.term('self_assessment')}",
        f"{ws.framework.term('self_assessment').capitalize()} for the "
        f"{ws.framework.title.lower()}, {ws.cycle}",
    )
    doc.note(
        "Draft for sign-off. Everything written for a peer challenge may be published or "
        "requested under the Freedom of Information Act."
    )
    for key, label in CONTEXT_FIELDS.items():
        doc.heading(label.split(":")[0])
        doc.paragraph(context.get(key) if is_answered(context.get(key)) else "(to be written)")
    items = Register(ws.root).items()
    for theme in ws.framework.themes:
        record = ws.theme_record(theme.id)
        saved = record.get("answers", {})
        doc.heading(theme.title + (" (focus area)" if theme.focus_area else ""))
        if include_ratings:
            rating = record.get("rating") or {}
            now, aim = (
                ws.framework.level(rating.get("current") or ""),
                ws.framework.level(rating.get("target") or ""),
            )
            if now:
                doc.paragraph(
                    f"Our own view: {now.label}" + (f", aiming for {aim.label}." if aim else ".")
                )
        if not any(is_answered(saved.get(q.id)) for q in theme.questions):
            doc.paragraph("(not yet written)")
        for question in theme.questions:
            value = saved.get(question.id)
            if not is_answered(value):
                continue
            doc.heading(question.prompt, 3)
            doc.paragraph(display(question, value))
        if record.get("strengths"):
            doc.heading(ws.framework.term("strengths").capitalize(), 3)
            doc.bullets(record["strengths"])
        if record.get("areas_for_development"):
            doc.heading(ws.framework.term("areas_for_development").capitalize(), 3)
            doc.bullets(record["areas_for_development"])
        cited = [i for i in items if theme.id in i.themes]
        if cited:
            doc.heading("Evidence", 3)
            rows = [[i.id, team_title(i, Rules()), i.date or ""] for i in cited]
            doc.table(["Id", "Document", "Date"], rows)
    return doc
