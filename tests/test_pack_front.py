"""The pack's front page starts with the position statement and the scoping document; a
build warns when the self-assessment is unfinished."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from selfassess.assessment.workspace import Workspace
from selfassess.documents import position_statement
from selfassess.errors import SelfAssessError
from selfassess.pack import builder, reader

STATEMENT = ("position-statement.html", "position-statement.docx")
SCOPING = ("scoping-document.html", "scoping-document.docx")


class StartHere(HTMLParser):
    """What the page shows: the ids of its sections in order, and in the "Start here"
    section each link (href, class) and each item's text and its line on what it is."""

    def __init__(self) -> None:
        super().__init__()
        self.sections: list[str] = []
        self.links: list[tuple[str, str]] = []
        self.items: list[str] = []
        self.abouts: list[str] = []
        self._inside = 0  # depth inside the section, 0: outside
        self._about = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "section":
            self.sections.append(found.get("id") or "")
            if found.get("id") == "start-here":
                self._inside = 1
                return
        if not self._inside:
            return
        self._inside += tag not in ("br", "img", "input")
        if tag == "a":
            self.links.append((found.get("href") or "", found.get("class") or ""))
        if tag == "li":
            self.items.append("")
        if tag == "p" and found.get("class") == "about":
            self._about = True
            self.abouts.append("")

    def handle_endtag(self, tag: str) -> None:
        if self._inside:
            self._inside -= 1
        if tag == "p":
            self._about = False

    def handle_data(self, data: str) -> None:
        if self._inside and self.items:
            self.items[-1] += data
        if self._about:
            self.abouts[-1] += data.strip()


def page(path: Path) -> StartHere:
    found = StartHere()
    found.feed((path / "index.html").read_text(encoding="utf-8"))
    return found


def set_meta(ws: Workspace, **values: object) -> Workspace:
    meta_file = ws.root / "workspace.yaml"
    meta = yaml.safe_load(meta_file.read_text(encoding="utf-8"))
    meta.update(values)
    meta_file.write_text(yaml.safe_dump(meta, sort_keys=False), encoding="utf-8")
    return Workspace.open(ws.root)


def written(new_ws: Workspace) -> Workspace:
    new_ws.set_context("local_context", "A market town and its villages.")
    return Workspace.open(new_ws.root)


def test_the_demo_pack_starts_with_both_documents_in_html_and_word(demo_ws: Path) -> None:
    result = builder.build(Workspace.open(demo_ws), builder.BuildOptions(rebuild=True))
    for name in (*STATEMENT, *SCOPING):
        assert name in result.manifest["files"], name
        assert (result.path / name).stat().st_size > 0
    start = page(result.path)
    # the first section of the page, before the notice and the pre-reading list
    assert start.sections[0] == "start-here"
    links = [href for href, _ in start.links]
    assert links == [
        "position-statement.html",
        "position-statement.html",
        "position-statement.docx",
        "scoping-document.html",
        "scoping-document.html",
        "scoping-document.docx",
    ]
    assert "Position statement" in start.items[0] and "Scoping document" in start.items[1]
    assert len(start.abouts) == 2 and all(start.abouts)
    assert reader.verify(result.path).ok


def test_the_new_files_are_checked_by_pack_verify(new_ws: Workspace) -> None:
    result = builder.build(written(new_ws))
    (result.path / "position-statement.html").write_text("changed", encoding="utf-8")
    assert not reader.verify(result.path).ok


def test_no_position_statement_until_the_council_writes_some(new_ws: Workspace) -> None:
    result = builder.build(new_ws)
    assert not set(STATEMENT) & set(result.manifest["files"])
    assert set(SCOPING) <= set(result.manifest["files"])
    start = page(result.path)
    assert [href for href, kind in start.links if kind == "doc-title"] == [SCOPING[0]]


def test_an_answer_alone_brings_the_position_statement_in(new_ws: Workspace) -> None:
    theme = new_ws.framework.themes[0]
    question = next(q for q in theme.questions if q.type in ("text", "long_text"))
    new_ws.set_answer(theme.id, question.id, "We set a balanced budget.")
    result = builder.build(Workspace.open(new_ws.root))
    assert set(STATEMENT) <= set(result.manifest["files"])


def test_the_council_can_keep_the_position_statement_out(new_ws: Workspace) -> None:
    ws = set_meta(written(new_ws), position_statement={"in_pack": False})
    result = builder.build(ws)
    assert not set(STATEMENT) & set(result.manifest["files"])
    assert "position-statement" not in (result.path / "index.html").read_text(encoding="utf-8")


def test_a_statement_that_cannot_be_made_is_left_out_with_a_warning(
    new_ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise SelfAssessError("its template cannot be read", hint="mend it")

    monkeypatch.setattr(position_statement, "build", refuse)
    result = builder.build(written(new_ws))
    assert not set(STATEMENT) & set(result.manifest["files"])
    said = [w for w in result.warnings if "position statement is not in this pack" in w]
    assert said and "its template cannot be read" in said[0] and "mend it" in said[0]


def test_an_unfinished_self_assessment_is_built_with_one_warning(new_ws: Workspace, run) -> None:
    from selfassess.assessment import sign_off

    ws = written(new_ws)
    missing = sign_off.gaps(ws)  # what 'report' counts too
    result = run("pack", "build", "-w", str(ws.root))
    assert result.exit_code == 0, result.output
    said = [line for line in result.stderr.splitlines() if "unfinished" in line]
    assert len(said) == 1
    assert f"({sign_off.gaps_said(missing)})" in said[0]
    assert "selfassess check -w" in said[0]
    assert "position statement" in said[0] and "scoping document" in said[0]
    assert (ws.root / "packs" / "v1" / "scoping-document.html").exists()


def test_a_finished_self_assessment_builds_without_that_warning(demo_ws: Path) -> None:
    result = builder.build(Workspace.open(demo_ws), builder.BuildOptions(rebuild=True))
    assert not [w for w in result.warnings if "unfinished" in w]


def test_the_manifest_lists_what_the_front_page_links(demo_ws: Path) -> None:
    result = builder.build(Workspace.open(demo_ws), builder.BuildOptions(rebuild=True))
    manifest = json.loads((result.path / "manifest.json").read_text(encoding="utf-8"))
    for href, _ in page(result.path).links:
        assert href in manifest["files"]
    text = " ".join((result.path / "index.html").read_text().split())
    assert "start with the position statement and the scoping document above, then" in text


@pytest.mark.parametrize(
    ("settings", "said"),
    [
        ({}, "A draft"),
        ({"status": "for-sign-off", "status_date": "2026-07-01"}, "For sign-off since 1 July 2026"),
        (
            {"status": "signed-off", "approved_by": "Cabinet, 14 July 2026"},
            "Signed off: approved by Cabinet, 14 July 2026",
        ),
        ({"status": "signed-off", "status_date": "2026-07-20"}, "Signed off on 20 July 2026"),
    ],
)
def test_the_front_page_says_where_the_statement_stands(
    new_ws: Workspace, settings: dict[str, str], said: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from selfassess.documents.formats import Document

    # the statement's own rules for signing off are another module's: here only the page
    monkeypatch.setattr(position_statement, "build", lambda *a, **k: Document("report", "T", "S"))
    ws = set_meta(written(new_ws), position_statement=settings)
    start = page(builder.build(ws).path)
    assert said in start.abouts[0]


def test_the_page_says_when_it_was_built_in_words(new_ws: Workspace) -> None:
    from selfassess.documents.dates import in_words

    result = builder.build(new_ws)
    text = (result.path / "index.html").read_text(encoding="utf-8")
    assert f"built {in_words(result.manifest['built'][:10])}" in text


def visible(path: Path) -> str:
    """The text a reader sees on the page: no script, no style, no attribute, no web address."""

    class Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.parts: list[str] = []
            self.hidden = 0

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.hidden += tag in ("script", "style")

        def handle_endtag(self, tag: str) -> None:
            self.hidden -= tag in ("script", "style")

        def handle_data(self, data: str) -> None:
            if not self.hidden:
                self.parts.append(data)

    found = Text()
    found.feed((path / "index.html").read_text(encoding="utf-8"))
    return re.sub(r"https?://\S+", "", " ".join(" ".join(found.parts).split()))


ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def test_the_front_page_says_its_dates_in_words(demo_ws: Path, run) -> None:
    from selfassess.documents.dates import in_words

    w = str(demo_ws)
    assert run("request", "respond", "R-c4n9vx", "--to-follow", "2030-01-15", "--note",
               "After cabinet", "-w", w).exit_code == 0  # fmt: skip
    assert run("pack", "build", "-w", w).exit_code == 0
    pack = demo_ws / "packs" / "v3"
    text = visible(pack)
    assert not ISO_DATE.findall(text), ISO_DATE.findall(text)
    manifest = json.loads((pack / "manifest.json").read_text(encoding="utf-8"))
    due = next(r["due"] for r in manifest["requests"] if r.get("due"))
    assert f"Due {in_words(due)}" in text
    assert "To follow by 15 January 2030. After cabinet" in text
    # an answer for now reads as sentences, never "...; Drawn from"
    assert not re.search(r"; [A-Z]", text)
    # the machine-readable dates stay where the page's script and a reader's tools find them
    html = (pack / "index.html").read_text(encoding="utf-8")
    dated = next(i for i in manifest["items"] if i.get("date"))
    assert f'data-date="{dated["date"]}"' in html


def test_a_fresh_pack_says_no_pre_reading_has_been_chosen(new_ws: Workspace) -> None:
    text = visible(builder.build(new_ws).path)
    assert "start with the scoping document above; no pre-reading has been chosen yet" in text
    assert "0 documents" not in text and "1 document above" not in text


def test_whats_new_names_the_front_documents_that_changed(demo_ws: Path) -> None:
    ws = Workspace.open(demo_ws)
    theme = ws.framework.themes[0]
    question = next(q for q in theme.questions if q.type == "long_text")
    ws.set_answer(theme.id, question.id, "We rewrote this answer after the scoping meeting.")
    result = builder.build(Workspace.open(demo_ws))
    assert "no changes" not in result.whats_new
    assert any("the position statement" in n and "changed" in n for n in result.whats_new)
    text = visible(result.path)
    assert "the position statement" in text.split("What's new since version")[1]
    # built again with nothing changed: the documents are not news, though each is dated
    again = builder.build(Workspace.open(demo_ws), builder.BuildOptions(rebuild=True))
    assert again.whats_new == ["no changes"]


def test_a_documents_date_alone_is_not_a_change() -> None:
    from selfassess.documents.formats import Document
    from selfassess.pack import front

    one = Document("report", "T", "S", dated="1 July 2026")
    one.paragraph("Text")
    other = Document("report", "T", "S", dated="2 July 2026")
    other.paragraph("Text")
    assert front.content_hash(one) == front.content_hash(other)
    other.paragraph("More")
    assert front.content_hash(one) != front.content_hash(other)


def test_a_signed_off_statement_changed_since_is_in_the_pack_with_a_warning(
    demo_ws: Path,
) -> None:
    from selfassess.assessment import sign_off

    ws = Workspace.open(demo_ws)
    sign_off.set_status(ws, sign_off.Change("signed-off", date="2026-09-01"))
    theme = ws.framework.themes[0]
    question = next(q for q in theme.questions if q.type == "long_text")
    ws.set_answer(theme.id, question.id, None)
    result = builder.build(Workspace.open(demo_ws))
    assert set(STATEMENT) <= set(result.manifest["files"])
    said = [w for w in result.warnings if "signed off on" in w]
    assert len(said) == 1
    assert said[0].startswith(
        "the position statement was signed off on 1 September 2026 but has changed since "
        "(1 question still to answer"
    )
    assert "sign it off again (selfassess sign-off" in said[0]
    assert not [w for w in result.warnings if "not in this pack" in w]
