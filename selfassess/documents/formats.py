"""Documents as a list of blocks (headings, paragraphs, lists, tables), rendered to
Markdown and HTML through jinja2 templates, or to Word through python-docx.

The scoping document and the position statement are built once, as blocks, and every format
follows from them, so the three never drift apart. A council restyles the Word output with
its own corporate template (``--reference-docx``), and overrides any jinja2 template from a
folder of its own (``--templates DIR`` or the user data folder's ``templates/``).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from selfassess.vocabulary import DOCUMENT_FORMATS


@dataclass(frozen=True)
class DocumentOptions:
    """How to write the scoping document or the position statement: the format (default:
    from ``out``'s ending, else HTML), where (``-`` for standard output), with the council's
    self-ratings or not, the user's own templates and Word styles, and whether to replace a
    file changed since selfassess wrote it."""

    fmt: str | None = None
    out: str | None = None
    include_ratings: bool = False
    templates_dir: Path | None = None
    reference_docx: Path | None = None
    force: bool = False

    def format(self) -> str:
        """The format to write: the one asked for, else the one ``out``'s ending names."""
        if self.fmt is not None:
            chosen = self.fmt
        else:
            out = self.out
            ending = Path(out).suffix.lower().lstrip(".") if out and out != "-" else ""
            chosen = (
                {"markdown": "md", "htm": "html"}.get(ending, ending)
                if ending in (*DOCUMENT_FORMATS, "markdown", "htm")
                else "html"
            )
        if self.reference_docx and chosen != "docx":
            from selfassess.errors import UsageError

            raise UsageError("--reference-docx is for Word output", hint="add --format docx")
        return chosen


@dataclass
class Block:
    # heading | paragraph | bullets | numbered | table | note | key_facts (a theme's short
    # answers as sentences) | gaps (``text`` says what is still to write, ``items`` which) |
    # sign_off (``rows`` of [title, name], name "" for a blank line to sign)
    kind: str
    text: str = ""
    level: int = 2
    items: list[str] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)

    @property
    def paragraphs(self) -> list[str]:
        """A long answer's paragraphs, for formats that need them apart."""
        return [p.strip().replace("\n", " ") for p in self.text.split("\n\n") if p.strip()]


@dataclass
class Document:
    kind: str  # scope | report
    title: str
    subtitle: str = ""
    blocks: list[Block] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # said while rendering, for the user
    # what a signed document carries on every page: its status until signed off ("Draft",
    # "For sign-off"; "" once signed off), the handling marking, version and date in words,
    # and whether it opens with a contents list
    status: str = ""
    marking: str = ""
    version: str = ""
    dated: str = ""
    contents: bool = False

    def heading(self, text: str, level: int = 2) -> None:
        self.blocks.append(Block("heading", text, level=level))

    def paragraph(self, text: str | None) -> None:
        """Text as the council typed it: blank lines part paragraphs, and lines starting
        with '- ' or '* ' (indented lines continuing them) become a list."""
        if text and text.strip():
            self.blocks += _text_blocks(text)

    def note(self, text: str) -> None:
        self.blocks.append(Block("note", text))

    def bullets(self, items: list[str]) -> None:
        items = [i.strip() for i in items if i and i.strip()]
        if items:
            self.blocks.append(Block("bullets", items=items))

    def numbered(self, items: list[str]) -> None:
        items = [i.strip() for i in items if i and i.strip()]
        if items:
            self.blocks.append(Block("numbered", items=items))

    def key_facts(self, sentences: list[str]) -> None:
        """A theme's short answers, each phrased as a sentence by the framework."""
        if sentences:
            self.blocks.append(Block("key_facts", items=list(sentences)))

    def gaps(self, intro: str, missing: list[str]) -> None:
        """What is still to write in a draft: shown, never hidden."""
        if missing:
            self.blocks.append(Block("gaps", intro, items=list(missing)))

    def sign_off(self, rows: list[list[str]]) -> None:
        """Signatures: [title, name] rows; an empty name leaves a line to sign on."""
        if rows:
            self.blocks.append(Block("sign_off", rows=[list(r) for r in rows]))

    def table(self, headers: list[str], rows: list[list[str]]) -> None:
        if rows:
            self.blocks.append(Block("table", headers=headers, rows=rows))


def _text_blocks(text: str) -> list[Block]:
    blocks: list[Block] = []
    for chunk in re.split(r"\n\s*\n", text.strip()):
        lines = chunk.splitlines()
        if lines and re.match(r"\s*[-*•] ", lines[0]):
            items: list[str] = []
            for line in lines:
                if re.match(r"\s*[-*•] ", line):
                    items.append(re.sub(r"^\s*[-*•] ", "", line).strip())
                elif items:
                    items[-1] += " " + line.strip()
            blocks.append(Block("bullets", items=items))
        else:
            blocks.append(Block("paragraph", " ".join(line.strip() for line in lines)))
    return blocks


def render(
    document: Document, fmt: str, templates: Path | None = None, reference_docx: Path | None = None
) -> bytes:
    """The document in ``fmt`` (md, html or docx), as bytes ready to write."""
    if fmt == "docx":
        return _docx(document, reference_docx)
    from selfassess.datafiles import templating as templating

    name = f"documents/{document.kind}.{fmt}.j2"
    return templating.render(name, templates, doc=document).encode("utf-8")


def _docx(document: Document, reference: Path | None) -> bytes:
    import docx
    from docx.shared import Pt

    from selfassess.errors import SelfAssessError

    try:
        word = docx.Document(str(reference)) if reference else docx.Document()
    except Exception as exc:
        raise SelfAssessError(
            f"{reference}: cannot use it as a Word template ({exc})",
            hint="open it in Word and save it as a Word document (.docx); a .dotx template or "
            "another kind of file cannot be read",
        ) from None
    if reference:  # start from the council's styles, not its content
        body = word.element.body
        for child in list(body):
            if child.tag.endswith("}p") or child.tag.endswith("}tbl"):
                body.remove(child)
    styles = {s.name for s in word.styles}
    document = _word_safe(document)
    _british(word, document, keep_page=reference is not None)
    word.add_heading(document.title, 0)
    if document.subtitle:
        word.add_paragraph(document.subtitle, style="Subtitle" if "Subtitle" in styles else None)
    for block in document.blocks:
        if block.kind == "heading":  # the title is Word's "Title"; sections start at Heading 1
            word.add_heading(block.text, max(1, block.level - 1))
        elif block.kind == "paragraph":
            for text in block.paragraphs:
                word.add_paragraph(text)
        elif block.kind == "note":
            para = word.add_paragraph(style="Intense Quote" if "Intense Quote" in styles else None)
            para.add_run(block.text).italic = True
        elif block.kind == "bullets":
            for item in block.items:
                word.add_paragraph(item, style="List Bullet" if "List Bullet" in styles else None)
        elif block.kind == "table":
            table = word.add_table(rows=1, cols=len(block.headers))
            if "Table Grid" in styles:
                table.style = "Table Grid"
            _repeat_header(table.rows[0])
            for cell, header in zip(table.rows[0].cells, block.headers, strict=True):
                cell.text = header
                for run in cell.paragraphs[0].runs:
                    run.bold = True
            for row in block.rows:
                for cell, value in zip(table.add_row().cells, row, strict=True):
                    cell.text = value
            word.add_paragraph()
    for style_name in ("Normal",):
        if style_name in styles and not reference:
            word.styles[style_name].font.size = Pt(11)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


# what XML, and so a Word document, cannot hold: control characters (tab and line breaks
# aside), half characters and the two non-characters
_NOT_IN_WORD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _word_safe(document: Document) -> Document:
    """The document with what Word cannot hold left out; each section where something was
    left out goes in ``document.warnings``."""
    section, touched = document.title, []

    def clean(text: str) -> str:
        cleaned, count = _NOT_IN_WORD.subn("", text)
        if count and section not in touched:
            touched.append(section)
        return cleaned

    blocks = []
    for block in document.blocks:
        if block.kind == "heading":
            section = block.text
        blocks.append(
            Block(
                block.kind,
                clean(block.text),
                block.level,
                [clean(i) for i in block.items],
                [clean(h) for h in block.headers],
                [[clean(c) for c in row] for row in block.rows],
            )
        )
    safe = Document(document.kind, clean(document.title), clean(document.subtitle), blocks)
    document.warnings += [
        f"left out control characters that Word cannot hold, in '{_NOT_IN_WORD.sub('', where)}' "
        "(copied in from another program?); check the answers there"
        for where in touched
    ]
    return safe


def _british(word: Any, document: Document, keep_page: bool) -> None:
    """A4, British English, and properties that say what the document is (python-docx's own
    template is US Letter, US English, and says it was generated by python-docx)."""
    import datetime as dt

    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm

    props = word.core_properties
    props.title, props.author, props.comments = document.title, "", ""
    props.subject, props.keywords, props.last_modified_by = document.subtitle, "", ""
    props.created = props.modified = dt.datetime.now().replace(microsecond=0)
    if not keep_page:
        for section in word.sections:
            section.page_width, section.page_height = Mm(210), Mm(297)
            section.left_margin = section.right_margin = Mm(20)
            section.top_margin = section.bottom_margin = Mm(20)
    run_props = word.styles.element.find(qn("w:docDefaults"))
    if run_props is not None:
        rpr = run_props.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
        if rpr is not None:
            lang = rpr.find(qn("w:lang"))
            if lang is None:
                lang = OxmlElement("w:lang")
                rpr.append(lang)
            lang.set(qn("w:val"), "en-GB")


def _repeat_header(row: Any) -> None:
    """A table's first row repeats at the top of each page it runs onto."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(header)
