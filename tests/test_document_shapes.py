"""Text keeps its shape in every format, and a signed document carries its status, marking,
version, page numbers, contents list and sign-off block (issue 12 items 2 and 4)."""

from __future__ import annotations

import io
import re
import zipfile
from html.parser import HTMLParser

import pytest

from selfassess.documents.formats import Document, render
from selfassess.documents.model import Block

# (typed text, the blocks it becomes as (kind, text or items))
CASES = [
    ("One paragraph.", [("paragraph", "One paragraph.")]),
    ("First.\n\nSecond.", [("paragraph", "First."), ("paragraph", "Second.")]),
    (
        "Council House\nHigh Street\nKestleford",
        [("paragraph", "Council House\nHigh Street\nKestleford")],
    ),
    (
        "1. Close the gap\n2. Rebuild reserves\n3. Review scrutiny",
        [("numbered", ["Close the gap", "Rebuild reserves", "Review scrutiny"])],
    ),
    ("1) one\n2) two", [("numbered", ["one", "two"])]),
    ("a) one\nb) two", [("numbered", ["one", "two"])]),
    ("(a) one\n(b) two", [("numbered", ["one", "two"])]),
    ("i. one\nii. two", [("numbered", ["one", "two"])]),
    ("(i) one\n(ii) two", [("numbered", ["one", "two"])]),
    ("- one\n- two", [("bullets", ["one", "two"])]),
    ("* one\n* two", [("bullets", ["one", "two"])]),
    ("•\tpasted one\n•\tpasted two", [("bullets", ["pasted one", "pasted two"])]),
    (
        "\u2013 en dash\n\u2014 em dash\n· middot\n▪ square\no letter o",
        [("bullets", ["en dash", "em dash", "middot", "square", "letter o"])],
    ),
    (
        "Our priorities are:\n1. Homes\n2. Money",
        [("paragraph", "Our priorities are:"), ("numbered", ["Homes", "Money"])],
    ),
    (
        "- item that is\n  continued here\n- next",
        [("bullets", ["item that is continued here", "next"])],
    ),
    ("•\tparent\n\t•\tchild one\n\t•\tchild two\n•\tsecond", [("bullets", ["parent", "second"])]),
    ("- list\nA paragraph after.", [("bullets", ["list"]), ("paragraph", "A paragraph after.")]),
    ("1. numbered\n- bullet", [("numbered", ["numbered"]), ("bullets", ["bullet"])]),
    ("or a line starting with or", [("paragraph", "or a line starting with or")]),
    (
        "This is prose that a file has hard-wrapped at about eighty characters so\n"
        "that it runs on to a second line and then ends here.",
        [
            (
                "paragraph",
                "This is prose that a file has hard-wrapped at about eighty characters so "
                "that it runs on to a second line and then ends here.",
            )
        ],
    ),
]


def shapes_of(text: str) -> list[tuple[str, object]]:
    doc = Document("report", "T")
    doc.paragraph(text)
    return [(b.kind, b.text if b.kind == "paragraph" else b.items) for b in doc.blocks]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_text_keeps_its_shape(text: str, expected: list) -> None:
    assert shapes_of(text) == expected


def test_a_tab_indented_bullet_nests_under_its_item() -> None:
    doc = Document("report", "T")
    doc.paragraph("•\tparent\n\t•\tchild one\n\t•\tchild two\n•\tsecond")
    assert doc.blocks[0].nested == [("parent", ["child one", "child two"]), ("second", [])]


def _doc(text: str) -> Document:
    doc = Document("report", "Position statement")
    doc.heading("Theme")
    doc.paragraph(text)
    return doc


SAMPLE = "Intro line\nsecond line\n\n1. first\n2. second\n\n•\tbullet\n\t•\tnested\n\nEnd."


def test_shapes_round_trip_into_markdown() -> None:
    md = render(_doc(SAMPLE), "md").decode()
    assert "Intro line  \nsecond line" in md
    assert re.search(r"^1\. first\n2\. second$", md, re.M)
    assert re.search(r"^- bullet\n  - nested$", md, re.M)
    assert "•" not in md and "\t" not in md


class _Tree(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.seen: list[tuple[str, str]] = []  # (path of tags, text)
        self.attrs: list[tuple[str, dict]] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.attrs.append((tag, dict(attrs)))
        if tag not in ("br", "meta", "hr"):
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        while self.stack and self.stack.pop() != tag:
            pass

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.seen.append(("/".join(self.stack), data.strip()))


def html_tree(doc: Document) -> _Tree:
    tree = _Tree()
    tree.feed(render(doc, "html").decode())
    return tree


def test_shapes_round_trip_into_html() -> None:
    tree = html_tree(_doc(SAMPLE))
    paths = dict((text, path) for path, text in tree.seen)
    assert paths["first"].endswith("ol/li") and paths["second"].endswith("ol/li")
    assert paths["bullet"].endswith("ul/li") and paths["nested"].endswith("ul/li/ul/li")
    assert paths["Intro line"].endswith("/p") and paths["second line"].endswith("/p")
    assert ("br", {}) in tree.attrs
    assert not any("•" in text for _, text in tree.seen)


def word_of(doc: Document) -> object:
    import docx

    return docx.Document(io.BytesIO(render(doc, "docx")))


def test_shapes_round_trip_into_word() -> None:
    word = word_of(_doc(SAMPLE))
    styles = {p.text: p.style.name for p in word.paragraphs}
    assert styles["first"] == styles["second"] == "List Number"
    assert styles["bullet"] == "List Bullet"
    assert styles["nested"] == "List Bullet 2"
    assert "Intro line\nsecond line" in styles
    assert not any("•" in p.text for p in word.paragraphs)


def signed_document(status: str = "Draft") -> Document:
    doc = Document(
        "report",
        "Kestleford: position statement",
        status=status,
        marking="OFFICIAL",
        version="0.3",
        dated="25 February 2026",
        contents=True,
    )
    doc.heading("Foreword")
    doc.paragraph("We welcome the team.")
    doc.heading("Finance")
    doc.key_facts(["Full council approved the MTFS on 25 February 2026.", "The gap is £6.8m."])
    doc.gaps("Still to write in this theme:", ["Reserves strategy", "Capital programme"])
    doc.heading("Sign-off")
    doc.sign_off([["Leader of the council", "Cllr Ann Example"], ["Chief executive", ""]])
    doc.table(["Id", "Title", "Date"], [["E01", "A long title of a document " * 3, "1 May 2026"]])
    return doc


def _word_xml(data: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n).decode() for n in z.namelist() if n.endswith(".xml")}


def test_word_header_and_footer_carry_status_marking_and_page_x_of_y() -> None:
    parts = _word_xml(render(signed_document(), "docx"))
    headers = " ".join(v for k, v in parts.items() if "header" in k)
    footers = " ".join(v for k, v in parts.items() if "footer" in k)
    assert "OFFICIAL" in headers and "Draft" in headers
    assert "PAGE" in footers and "NUMPAGES" in footers and "0.3" in footers
    assert "25 February 2026" in footers


def test_word_opens_with_a_contents_field_filled_with_the_headings() -> None:
    parts = _word_xml(render(signed_document(), "docx"))
    body = parts["word/document.xml"]
    assert re.search(r"TOC \\o", body)
    assert body.index("Foreword") < body.index("We welcome")  # cached entries first
    assert "w:updateFields" in parts["word/settings.xml"]
    without = _word_xml(render(Document("report", "T", contents=False), "docx"))
    assert "TOC" not in without["word/document.xml"]


def test_word_sign_off_table_and_blank_line_to_sign() -> None:
    word = word_of(signed_document())
    texts = [" ".join(c.text for c in row.cells) for t in word.tables for row in t.rows]
    assert any("Cllr Ann Example" in t and "Signed" in t for t in texts)
    chief = next(t for t in texts if "Chief executive" in t)
    assert "____" in chief
    all_text = " ".join(p.text for p in word.paragraphs) + " ".join(texts)
    assert (
        "Key facts" in all_text and "Still to write" in all_text and "Reserves strategy" in all_text
    )


def test_word_tables_have_set_column_widths() -> None:
    parts = _word_xml(render(signed_document(), "docx"))
    grid = re.findall(r'<w:gridCol w:w="(\d+)"', parts["word/document.xml"])
    assert grid
    body = parts["word/document.xml"]
    table = body[body.index("E01") - 3000 if body.index("E01") > 3000 else 0 : body.index("E01")]
    widths = [int(w) for w in re.findall(r'<w:gridCol w:w="(\d+)"', table)][-3:]
    assert widths[1] > 2 * widths[0] and widths[1] > 2 * widths[2]


def test_a_signed_off_document_shows_no_status() -> None:
    parts = _word_xml(render(signed_document(status=""), "docx"))
    headers = " ".join(v for k, v in parts.items() if "header" in k)
    assert "OFFICIAL" in headers and "Draft" not in headers
    assert "Draft" not in render(signed_document(status=""), "md").decode()


def test_html_banner_marking_contents_and_blocks() -> None:
    doc = signed_document()
    html = render(doc, "html").decode()
    tree = html_tree(doc)
    classes = [a.get("class", "") for _, a in tree.attrs]
    assert "status" in " ".join(classes) and html.count("OFFICIAL") >= 2
    links = [a["href"] for tag, a in tree.attrs if tag == "a" and "href" in a]
    ids = {a["id"] for _, a in tree.attrs if "id" in a}
    assert links and all(link.lstrip("#") in ids for link in links)
    assert "Key facts" in html and "Still to write" in html and "Signed" in html
    assert "@media print" in html and "0.3" in html and "25 February 2026" in html


def test_markdown_banner_contents_and_blocks() -> None:
    md = render(signed_document(), "md").decode()
    assert md.index("Draft") < md.index("Foreword")
    assert "- [Foreword]" in md or "- Foreword" in md
    assert "Key facts" in md and "Still to write" in md and "- Reserves strategy" in md
    assert "Cllr Ann Example" in md and "Signed" in md and "OFFICIAL" in md


def test_word_keeps_a_reference_docx_page_setup(tmp_path) -> None:
    import docx
    from docx.shared import Mm

    base = docx.Document()
    base.sections[0].page_width, base.sections[0].page_height = Mm(297), Mm(210)
    base.save(tmp_path / "corporate.docx")
    data = render(signed_document(), "docx", reference_docx=tmp_path / "corporate.docx")
    made = docx.Document(io.BytesIO(data))
    assert abs(made.sections[0].page_width - Mm(297)) < Mm(1)
    assert "OFFICIAL" in made.sections[0].header.paragraphs[0].text or any(
        "OFFICIAL" in p.text for p in made.sections[0].header.paragraphs
    )


def test_block_defaults_stay_compatible() -> None:
    assert Block("bullets", items=["a"]).nested == [("a", [])]


def test_html_draft_watermark_prints_on_every_page_until_signed_off() -> None:
    draft = render(signed_document(), "html").decode()
    signed = render(signed_document(status=""), "html").decode()
    assert 'class="watermark"' in draft and "position: fixed" in draft
    assert 'class="watermark"' not in signed and 'class="status"' not in signed


def test_a_short_column_is_as_wide_as_its_longest_entry_and_text_takes_the_rest() -> None:
    from selfassess.documents.word import column_weights

    rows = [["E-001", "A council plan and a long description of it " * 2, "In this pack"]]
    weights = column_weights(["Id", "Document", "Where"], rows, across=77)
    assert weights[0] >= len("E-001") and weights[2] >= len("In this pack")
    assert sum(weights) == 77 and weights[1] == max(weights)


def test_each_numbered_list_in_word_starts_again_at_one() -> None:
    doc = Document("report", "T")
    doc.numbered(["a", "b"])
    doc.paragraph("Between.")
    doc.numbered(["c", "d"])
    parts = _word_xml(render(doc, "docx"))
    ids = re.findall(r'<w:numId w:val="(\d+)"/>', parts["word/document.xml"])
    assert len(ids) == 4 and ids[0] == ids[1] != ids[2] == ids[3]
    for num_id in set(ids):
        assert re.search(
            rf'<w:num w:numId="{num_id}">(?:(?!</w:num>).)*<w:startOverride w:val="1"/>',
            parts["word/numbering.xml"],
            re.S,
        )
