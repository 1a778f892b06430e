"""The readiness check, the scoping document and the position statement."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import write

from selfassess.assessment import readiness
from selfassess.assessment.workspace import Workspace
from selfassess.documents import formats, position_statement, scoping
from selfassess.documents import suggestions as scoping_suggestions

GOLDEN = Path(__file__).parent / "golden"
TODAY = dt.date(2026, 11, 25)


def docx_outline(data: bytes) -> dict:
    """What a reader of the Word file meets: headings with levels, bullets, tables."""
    import docx

    word = docx.Document(io.BytesIO(data))
    headings = [
        (p.style.name, p.text)
        for p in word.paragraphs
        if p.style.name.startswith(("Heading", "Title"))
    ]
    bullets = sum(1 for p in word.paragraphs if p.style.name == "List Bullet")
    tables = [[cell.text for cell in t.rows[0].cells] for t in word.tables]
    return {"headings": headings, "bullets": bullets, "tables": tables}


@pytest.mark.parametrize("kind", ["scope", "report"])
@pytest.mark.parametrize("fmt", ["md", "html", "docx"])
def test_demo_documents_match_their_golden_files(demo_ws: Path, kind: str, fmt: str) -> None:
    """Golden files are reviewed like code: UPDATE_GOLDEN=1 pytest rewrites them."""
    ws = Workspace.open(demo_ws)
    build = scoping.build if kind == "scope" else position_statement.build
    built = build(ws, today=TODAY)
    data = formats.render(built, fmt)
    produced = json.dumps(docx_outline(data), indent=1) + "\n" if fmt == "docx" else data.decode()
    golden = GOLDEN / f"{kind}.{fmt}" if fmt != "docx" else GOLDEN / f"{kind}.docx.json"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(produced)
    assert produced == golden.read_text()


def test_word_has_real_headings_lists_and_tables(demo_ws: Path) -> None:
    outline = docx_outline(
        formats.render(scoping.build(Workspace.open(demo_ws), today=TODAY), "docx")
    )
    assert ("Title", "Kestleford Borough Council: scoping document") in outline["headings"]
    assert ("Heading 2", "Suggested areas to explore") in outline["headings"]
    assert ["Area", "Why it is suggested"] in outline["tables"]
    assert any(text.startswith("Day 1: ") for _, text in outline["headings"])  # a heading a day
    assert outline["bullets"] > 10


class _Audit(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.scripts, self.external = 0, []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.scripts += tag == "script"
        for name, value in attrs:
            if name in ("src", "href") and value and re.match(r"(https?:)?//", value):
                self.external.append(value)


def test_html_is_self_contained_and_escapes_what_the_council_typed(new_ws: Workspace) -> None:
    new_ws.set_list(
        "governance-and-culture", "strengths", ["<script>alert('x')</script> strong scrutiny"]
    )
    new_ws.set_answer(
        "governance-and-culture", "governance.scrutiny", "<img src=//evil.invalid/x.png>"
    )
    for built in (scoping.build(new_ws), position_statement.build(new_ws)):
        html = formats.render(built, "html").decode()
        audit = _Audit()
        audit.feed(html)
        assert audit.scripts == 0 and audit.external == []
        assert "&lt;script&gt;" in html
        assert "@page { size: A4" in html


def test_ratings_stay_out_unless_asked(demo_ws: Path) -> None:
    ws = Workspace.open(demo_ws)
    labels = [lv.label for lv in ws.framework.scale]
    for build in (
        lambda **kw: scoping.build(ws, **kw),
        lambda **kw: position_statement.build(ws, **kw),
    ):
        for fmt in ("md", "html"):
            plain = formats.render(build(), fmt).decode()
            assert "own view" not in plain and not any(f"{label}," in plain for label in labels)
            shown = formats.render(build(include_ratings=True), fmt).decode()
            assert "own view: Leading" in shown
    manifest = json.loads((demo_ws / "packs" / "v2" / "manifest.json").read_text())
    assert (
        "scoping-document.html" in manifest["files"]
        and "scoping-document.docx" in manifest["files"]
    )
    assert "own view" not in (demo_ws / "packs" / "v2" / "scoping-document.html").read_text()


def test_cli_writes_each_format_and_refuses_word_on_stdout(run, demo_ws: Path) -> None:
    for command, name in (("scope", "scoping-document"), ("report", "position-statement")):
        for fmt in ("md", "html", "docx"):
            result = run(command, "-w", str(demo_ws), "--format", fmt)
            assert result.exit_code == 0, result.output
            assert (demo_ws / "documents" / f"{name}.{fmt}").stat().st_size > 1000
    shown = run("report", "-w", str(demo_ws), "--format", "md", "--out", "-").stdout
    assert shown.startswith("**OFFICIAL**") and "\n# Kestleford" in shown
    assert run("report", "-w", str(demo_ws), "--format", "docx", "--out", "-").exit_code == 2


def test_templates_can_be_overridden_one_by_one(run, demo_ws: Path, tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    write(mine / "documents" / "scope.md.j2", "SCOPE FOR {{ doc.title | upper }}\n")
    assert run(
        "scope", "-w", str(demo_ws), "--format", "md", "--templates", str(mine), "--out", "-"
    ).stdout == ("SCOPE FOR KESTLEFORD BOROUGH COUNCIL: SCOPING DOCUMENT")
    # the report is not overridden, so it still comes from the shipped template
    assert run(
        "report", "-w", str(demo_ws), "--format", "md", "--templates", str(mine), "--out", "-"
    ).stdout.startswith("**OFFICIAL**\n\n> **Draft: not yet signed off**\n\n# ")
    write(mine / "documents" / "report.md.j2", "{{ doc.nothing_here.at_all }}")
    broken = run(
        "report", "-w", str(demo_ws), "--format", "md", "--templates", str(mine), "--out", "-"
    )
    assert broken.exit_code == 1 and "the template failed" in broken.stderr


def test_a_corporate_word_template_gives_its_styles(run, demo_ws: Path, tmp_path: Path) -> None:
    import docx
    from docx.shared import Pt

    base = docx.Document()
    base.styles["Heading 1"].font.size = Pt(30)
    base.add_paragraph("Text of the template that must not be carried over")
    base.save(tmp_path / "corporate.docx")
    out = tmp_path / "report.docx"
    assert (
        run(
            "report",
            "-w",
            str(demo_ws),
            "--format",
            "docx",
            "--reference-docx",
            str(tmp_path / "corporate.docx"),
            "--out",
            str(out),
        ).exit_code
        == 0
    )
    made = docx.Document(str(out))
    assert made.styles["Heading 1"].font.size == Pt(30)
    assert not any("must not be carried over" in p.text for p in made.paragraphs)


def test_scoping_names_one_officer_peer_in_the_singular(tmp_path: Path) -> None:
    """A row names one person, so its role is singular: one officer peer was 'Officer peers'."""
    ws = Workspace.create(
        tmp_path / "ws",
        council="Testbury District Council",
        framework_id="corporate-peer-challenge",
        cycle="2026",
        team={"lead_member_peer": "Cllr A", "officer_peers": ["B"]},
    )
    blocks = scoping.build(ws).blocks
    heading = next(n for n, b in enumerate(blocks) if b.text == "The peer team")
    table = next(b for b in blocks[heading:] if b.kind == "table")
    assert table.rows == [["Lead member peer", "Cllr A"], ["Officer peer", "B"]]


# --- the readiness check, rule by rule --------------------------------------------------------
def rules_for(ws: Workspace, theme: str | None = None) -> set[str]:
    return {
        f.rule
        for f in readiness.check(Workspace.open(ws.root), TODAY)
        if theme is None or f.theme == theme
    }


def test_required_unanswered_and_context_missing_are_errors(run, new_ws: Workspace) -> None:
    found = readiness.check(new_ws, TODAY)
    assert {f.rule for f in found if f.severity == "error"} == {
        "required-unanswered",
        "context-missing",
    }
    result = run("check", "-w", str(new_ws.root))
    assert result.exit_code == 1 and "do: answer it: selfassess start --theme" in result.stdout


def test_a_claimed_strength_needs_evidence(new_ws: Workspace, tmp_path: Path) -> None:
    theme = "governance-and-culture"
    new_ws.set_list(theme, "strengths", ["Strong scrutiny"])
    assert "strength-without-evidence" in rules_for(new_ws, theme)
    _evidence(new_ws, tmp_path, theme)
    assert "strength-without-evidence" not in rules_for(new_ws, theme)


def test_a_high_rating_needs_evidence(new_ws: Workspace, tmp_path: Path) -> None:
    theme = "governance-and-culture"
    new_ws.set_rating(theme, "developing", "established")
    assert "high-rating-without-evidence" not in rules_for(
        new_ws, theme
    )  # lower half of four levels
    new_ws.set_rating(theme, "established", "leading")
    assert "high-rating-without-evidence" in rules_for(new_ws, theme)
    _evidence(new_ws, tmp_path, theme)
    assert "high-rating-without-evidence" not in rules_for(new_ws, theme)


def test_an_area_for_development_needs_a_planned_action(new_ws: Workspace) -> None:
    theme = "capacity-for-improvement"
    new_ws.set_list(theme, "areas_for_development", ["Workforce planning is weak"])
    assert "area-without-action" in rules_for(new_ws, theme)
    new_ws.set_list(
        theme,
        "areas_for_development",
        [
            "Workforce planning is weak; the Head of HR will take a strategy to cabinet by March 2027"
        ],
    )
    assert "area-without-action" not in rules_for(new_ws, theme)


def test_stale_and_out_of_period_evidence(new_ws: Workspace, tmp_path: Path) -> None:
    theme = "governance-and-culture"
    meta = new_ws.root / "workspace.yaml"
    meta.write_text(meta.read_text().replace("period_start: null", "period_start: '2024-04-01'"))
    _evidence(new_ws, tmp_path, theme, date="2022-05-01")
    assert {"stale-evidence", "evidence-outside-period"} <= rules_for(new_ws, theme)
    assert "theme-without-evidence" in rules_for(new_ws, "capacity-for-improvement")


def test_a_large_gap_between_now_and_the_aim(new_ws: Workspace) -> None:
    theme = "capacity-for-improvement"
    new_ws.set_rating(theme, "early", "developing")
    assert "rating-gap" not in rules_for(new_ws, theme)
    new_ws.set_rating(theme, "early", "established")
    assert "rating-gap" in rules_for(new_ws, theme)


def test_strict_fails_on_warnings_alone(run, demo_ws: Path) -> None:
    assert run("check", "-w", str(demo_ws)).exit_code == 0
    strict = run("check", "-w", str(demo_ws), "--strict", "--json")
    assert strict.exit_code == 1 and all(
        f["severity"] == "warning" for f in json.loads(strict.stdout)
    )


def test_every_suggested_area_says_why(demo_ws: Path, tmp_path: Path) -> None:
    # the demo's only old document is the 2018 peer challenge's final update, which stands
    _evidence(Workspace.open(demo_ws), tmp_path, "capacity-for-improvement", date="2020-05-01")
    found = scoping.suggestions(Workspace.open(demo_ws), TODAY)
    reasons = {s.reason for s in found}
    assert scoping_suggestions.AREA in reasons
    assert scoping_suggestions.UNSUPPORTED_MANY in reasons
    assert "the evidence offered is more than a few years old" in reasons
    leadership = [s for s in found if s.theme == "organisational-and-place-leadership"]
    assert any(s.area.startswith("How the council knows") for s in leadership)
    assert not any(word in r for r in reasons for word in ("Leading", "Established", "score"))


def _evidence(ws: Workspace, tmp_path: Path, theme: str, date: str | None = None) -> None:
    from selfassess.evidence.evidence_log import Register, add
    from selfassess.evidence.model import EvidenceItem

    doc = write(tmp_path / f"doc-{theme}-{date}.txt", "evidence")
    add(
        Register(ws.root),
        str(doc),
        EvidenceItem(id="E-000", title="", themes=[theme], date=date),
        ws.framework.theme_ids,
        [],
    )


def test_an_edited_document_is_not_replaced_without_force(run, demo_ws: Path) -> None:
    target = demo_ws / "documents" / "position-statement.docx"
    assert run("report", "-w", str(demo_ws), "--format", "docx").exit_code == 0  # unchanged: fine
    target.write_bytes(target.read_bytes() + b"edited by a director")
    refused = run("report", "-w", str(demo_ws), "--format", "docx")
    assert refused.exit_code == 1 and "has changed since selfassess wrote it" in refused.stderr
    assert target.read_bytes().endswith(b"edited by a director")
    assert run("report", "-w", str(demo_ws), "--format", "docx", "--force").exit_code == 0


def test_the_format_follows_the_file_ending(run, demo_ws: Path, tmp_path: Path) -> None:
    out = tmp_path / "scope.docx"
    assert run("scope", "-w", str(demo_ws), "--out", str(out)).exit_code == 0
    assert out.read_bytes()[:2] == b"PK"  # a Word file, not HTML
    assert (
        run("scope", "-w", str(demo_ws), "--format", "md", "--reference-docx", str(out)).exit_code
        == 2
    )
