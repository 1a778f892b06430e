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


def _words(n: int) -> str:
    """Text of ``n`` characters in short words."""
    return ("word " * n)[:n]


def test_a_label_column_is_as_wide_as_its_longest_entry_and_text_takes_the_rest() -> None:
    from selfassess.documents.columns import weights

    # Id: longest "E-001" (5) + 3 padding; Where: "Can be requested" (16) + 3; the rest (85 - 8
    # - 19 = 58) to the one text column
    rows = [["E-001", _words(60), "In this pack"], ["E-002", _words(50), "Can be requested"]]
    assert weights(["Id", "Document", "Where"], rows, across=85) == [8, 58, 19]


def test_a_long_label_stops_at_about_a_third_and_never_breaks_a_word() -> None:
    from selfassess.documents.columns import weights

    # themes average 32 characters (a label); the longest, 35 + 3, is over 35% of 85 (30)
    rows = [
        ["Organisational and place leadership", _words(160)],
        ["Local priorities and outcomes", _words(100)],
    ]
    assert weights(["Theme", "What the council wants from it"], rows, across=85) == [30, 55]
    # a day fits whole: "Tuesday 6 October" (17) + 3
    days = [["Tuesday 6 October", _words(230)], ["Monday 5 October", _words(200)]]
    assert weights(["Day", "Sessions"], days, across=85) == [20, 65]
    # one long word sets a floor even in a narrow text column
    word = "Supercalifragilisticexpialidocious"  # 34
    got = weights(["Id", "Text", "Notes"], [["E-1", word, _words(900)]], across=85)
    assert got[1] >= len(word) + 3 and sum(got) == 85


def test_a_column_of_questions_keeps_a_fair_share_beside_long_answers() -> None:
    from selfassess.documents.columns import weights

    # by text alone the questions would get 85 * 98 / 618 = 13; each of two text columns
    # gets at least a quarter (21.25), the answers the rest
    rows = [[_words(98), _words(520)]]
    assert weights(["Asked", "The council's answer"], rows, across=85) == [21, 64]


def test_label_only_tables_share_the_width_by_their_longest_entries() -> None:
    from selfassess.documents.columns import weights

    # 37 + 3 and 29 + 3 (72 in all) spread over 85: 47 and 38
    rows = [["Pre-onsite meeting with the peer team", "1 April 2023 to 31 March 2026"]]
    assert weights(["What", "When"], rows, across=85) == [47, 38]


def test_the_same_headers_get_the_same_widths_across_a_document() -> None:
    doc = Document("scope", "T")
    doc.table(["Area", "Why it is suggested"], [[_words(170), _words(47)]])
    doc.table(["Area", "Why it is suggested"], [[_words(40), _words(90)]])
    doc.table(["Id", "Document"], [["E-1", _words(40)]])
    tables = [b for b in doc.blocks if b.kind == "table"]
    assert doc.column_widths(tables[0]) == doc.column_widths(tables[1])
    assert doc.column_widths(tables[0]) != doc.column_widths(tables[2])
    html = render(doc, "html").decode()
    widths = doc.column_widths(tables[0])
    assert html.count(f'<col style="width: {widths[0]}%">') == 2


def test_word_columns_follow_the_width_rule() -> None:
    doc = Document("scope", "T")
    doc.table(["Theme", "What"], [["Organisational and place leadership", _words(300)]])
    body = _word_xml(render(doc, "docx"))["word/document.xml"]
    grid = [int(w) for w in re.findall(r'<w:gridCol w:w="(\d+)"', body)]
    # A4 less 20 mm margins: 170 mm, 76 characters; the theme stops at 35% of that, 27
    assert abs(grid[0] / sum(grid) - 27 / 76) < 0.005


def test_word_rows_never_split_and_headings_keep_with_their_content() -> None:
    body = _word_xml(render(signed_document(), "docx"))["word/document.xml"]
    rows = re.findall(r"<w:tr[ >].*?</w:tr>", body, re.S)
    assert rows and all("<w:cantSplit/>" in row for row in rows)
    word = word_of(signed_document())
    headings = [p for p in word.paragraphs if p.style.name.startswith("Heading")]
    assert headings and all(p.paragraph_format.keep_with_next for p in headings)
    box = next(t for t in word.tables if t.rows[0].cells[0].text.startswith("Key facts"))
    assert box.rows[0].cells[0].paragraphs[0].paragraph_format.keep_with_next


def test_the_gaps_box_does_not_call_a_document_for_sign_off_a_draft() -> None:
    doc = signed_document(status="For sign-off")
    for fmt in ("md", "html"):
        text = render(doc, fmt).decode()
        assert "Still to write" in text and "(draft)" not in text
    word = word_of(doc)
    cells = " ".join(c.text for t in word.tables for row in t.rows for c in row.cells)
    assert "Still to write" in cells and "(draft)" not in cells


def test_a_signed_date_shows_in_the_date_column_in_every_format() -> None:
    doc = Document("report", "T")
    doc.sign_off(
        [
            ["Leader of the Council", "Cllr Anwen Harcourt", "14 July 2026"],
            ["Chief Executive", "Tobias Lindqvist-Reed"],
        ]
    )
    md = render(doc, "md").decode()
    assert re.search(r"\| Cllr Anwen Harcourt \| Signed _+ \| 14 July 2026 \|", md)
    assert re.search(r"\| Tobias Lindqvist-Reed \| Signed _+ \| _+ \|", md)
    tree = html_tree(doc)
    cells = [text for path, text in tree.seen if path.endswith("td")]
    assert "14 July 2026" in cells
    rows = word_of(doc).tables[0].rows
    assert [c.text for c in rows[1].cells][2] == "14 July 2026"
    assert rows[2].cells[2].text.startswith("____")
    assert rows[1].cells[0].text == "Cllr Anwen Harcourt\nLeader of the Council"


def test_the_sign_off_gives_names_and_roles_room_and_a_long_line_to_sign() -> None:
    from selfassess.documents.columns import sign_off

    rows = [
        ["Leader of the Council", "Cllr Anwen Harcourt"],
        ["Chief Executive", "Tobias Lindqvist-Reed"],
    ]
    # who: "Tobias Lindqvist-Reed" (21) + 3; date: "30 September 2026" (17) + 3; the rest signs
    assert sign_off(rows, across=85) == [24, 41, 20]


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
