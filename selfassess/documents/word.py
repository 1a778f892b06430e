"""A document as a Word file, through python-docx: real headings, lists (List Bullet, List
Number, restarting at 1 for each list), tables with column widths Word and LibreOffice
honour, key facts in a shaded box, what is still to write in a marked box, and a sign-off
table. The page furniture (header, footer, contents) is in ``word_page``.

A council's corporate template (``--reference-docx``) gives the styles and the page setup;
its own content is left out.
"""

from __future__ import annotations

import io
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from selfassess.documents import columns, word_page
from selfassess.documents.model import Block, Document

KEY_FACTS = "Key facts"
STILL_TO_WRITE = "Still to write"  # the status (draft, for sign-off) is in the banner
SIGN_OFF_HEADERS = ["Signed by", "Signature", "Date"]


def render(document: Document, reference: Path | None) -> bytes:
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
    document = _word_safe(document)
    word_page.british(word, document, keep_page=reference is not None)
    word.add_heading(document.title, 0)
    styles = {s.name for s in word.styles}
    if document.subtitle:
        word.add_paragraph(document.subtitle, style="Subtitle" if "Subtitle" in styles else None)
    if document.version or document.dated:
        word.add_paragraph(word_page.version_line(document))
    if document.contents:
        word_page.contents(
            word, [b.text for b in document.blocks if b.kind == "heading" and b.level == 2]
        )
    across = word_page.across(word)
    widths = columns.for_document(
        ((b.headers, b.rows) for b in document.blocks if b.kind == "table"), across
    )
    for block in document.blocks:
        if block.kind == "table":
            _table(word, block.headers, block.rows, styles, widths[tuple(block.headers)])
        elif block.kind == "sign_off":
            _signatures(word, block.rows, styles, columns.sign_off(block.rows, across))
        else:
            _block(word, block, styles)
    word_page.furniture(word, document)
    if not reference and "Normal" in styles:
        word.styles["Normal"].font.size = Pt(11)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def _block(word: Any, block: Block, styles: set[str]) -> None:
    def style(name: str) -> str | None:
        return name if name in styles else None

    if block.kind == "heading":  # the title is Word's "Title"; sections start at Heading 1
        word.add_heading(block.text, max(1, block.level - 1)).paragraph_format.keep_with_next = True
    elif block.kind == "paragraph":
        for text in block.paragraphs:
            word.add_paragraph(text)
    elif block.kind == "note":
        para = word.add_paragraph(style=style("Intense Quote"))
        para.add_run(block.text).italic = True
    elif block.kind in ("bullets", "numbered"):
        _list(word, block, styles)
    elif block.kind == "key_facts":
        _box(word, KEY_FACTS, "", block.items, "EAF1F5", styles)
    elif block.kind == "gaps":
        _box(word, STILL_TO_WRITE, block.text, block.items, "FFF4CE", styles)


def _signatures(word: Any, rows: list[list[str]], styles: set[str], weights: list[int]) -> None:
    """Who signs (name over role), a line to sign on as long as the column, and the date
    signed when there is one, else a line for it."""
    line = "_" * max(8, weights[1] - len("Signed ") - 4)
    cells = [
        [
            f"{r[1] if len(r) > 1 and r[1] else '_' * (weights[0] - 4)}\n{r[0]}",
            f"Signed {line}",
            r[2] if len(r) > 2 and r[2] else "_" * (weights[2] - 4),
        ]
        for r in rows
    ]
    table = _table(word, SIGN_OFF_HEADERS, cells, styles, weights)
    word_page.signing_rows(table.rows[1:], 14)


def _list(word: Any, block: Block, styles: set[str]) -> None:
    kind = "List Number" if block.kind == "numbered" else "List Bullet"
    top = kind if kind in styles else None
    nested = "List Bullet 2" if "List Bullet 2" in styles else top
    firsts = []
    for item, sub in block.nested:
        firsts.append(word.add_paragraph(item, style=top))
        for text in sub:
            word.add_paragraph(text, style=nested)
    if block.kind == "numbered" and top:
        word_page.restart_numbering(word, firsts)


def _box(word: Any, label: str, intro: str, items: list[str], fill: str, styles: set[str]) -> None:
    """A shaded one-cell table: a bold label, an introduction, and a list."""
    table = word.add_table(rows=1, cols=1)
    if "Table Grid" in styles:
        table.style = "Table Grid"
    cell = table.rows[0].cells[0]
    word_page.shade(cell, fill)
    cell.paragraphs[0].add_run(label).bold = True
    cell.paragraphs[0].paragraph_format.keep_with_next = True
    if intro:
        cell.add_paragraph(intro)
    for item in items:
        cell.add_paragraph(item, style="List Bullet" if "List Bullet" in styles else None)
    word_page.widths(word, table, [1])
    word_page.keep_rows_whole(table.rows)
    word.add_paragraph()


def _table(
    word: Any, headers: list[str], rows: list[list[str]], styles: set[str], weights: list[int]
) -> Any:
    """A table whose header row repeats on each page and stays with the first row, no row
    split across pages, and columns ``weights`` wide (see ``columns``)."""
    table = word.add_table(rows=1, cols=len(headers))
    if "Table Grid" in styles:
        table.style = "Table Grid"
    word_page.repeat_header(table.rows[0])
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        cell.text = header
        cell.paragraphs[0].paragraph_format.keep_with_next = True
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        for cell, value in zip(table.add_row().cells, row, strict=True):
            cell.text = value
    word_page.widths(word, table, weights)
    word_page.keep_rows_whole(table.rows)
    word.add_paragraph()
    return table


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
                [[clean(s) for s in sub] for sub in block.sub],
                block.place,
                block.places,
                [clean(v) for v in block.values],
            )
        )
    safe = replace(
        document,
        title=clean(document.title),
        subtitle=clean(document.subtitle),
        blocks=blocks,
        warnings=[],
        status=clean(document.status),
        marking=clean(document.marking),
        version=clean(document.version),
        dated=clean(document.dated),
    )
    document.warnings += [
        f"left out control characters that Word cannot hold, in '{_NOT_IN_WORD.sub('', where)}' "
        "(copied in from another program?); check the answers there"
        for where in touched
    ]
    return safe
