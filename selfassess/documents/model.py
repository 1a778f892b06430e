"""A document as a list of blocks (headings, paragraphs, lists, tables, key facts, what is
still to write, signatures), and what it carries on every page (status, marking, version,
date). Built once; every format (Markdown, HTML, Word) follows from it."""

from __future__ import annotations

from dataclasses import dataclass, field

from selfassess.documents import columns, shapes

ACROSS = 77  # characters across an A4 page of body text (at 2.2 mm, a margin for wide fonts)


@dataclass
class Block:
    # heading | paragraph | bullets | numbered | table | note | key_facts (a theme's short
    # answers as sentences) | gaps (``text`` says what is still to write, ``items`` which) |
    # sign_off (``rows`` of [title, name] or [title, name, date signed], name "" for a
    # blank line to sign)
    kind: str
    text: str = ""
    level: int = 2
    items: list[str] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    # for bullets and numbered: the items nested under each item (same length as items, or
    # empty when none are)
    sub: list[list[str]] = field(default_factory=list)
    # the workspace place this block's text came from (``places``: "theme:question",
    # "theme:strengths", "context:aims"); "" for text selfassess writes itself. Consecutive
    # blocks with the same place are one answer (a paragraph, a list, a paragraph).
    place: str = ""
    # key_facts: each sentence's place, and the answer as it reads inside the sentence (the
    # part a Word control holds; "" when the whole sentence is the answer, as a yes/no
    # question's own sentences are)
    places: list[str] = field(default_factory=list)
    values: list[str] = field(default_factory=list)

    @property
    def paragraphs(self) -> list[str]:
        """A paragraph block's paragraphs; a single line break inside one stays."""
        parts = (p.strip() for p in self.text.replace("\r\n", "\n").split("\n\n"))
        return ["\n".join(line.strip() for line in p.split("\n")) for p in parts if p]

    @property
    def nested(self) -> list[tuple[str, list[str]]]:
        """A list's items, each with the items nested under it."""
        sub = self.sub if len(self.sub) == len(self.items) else [[] for _ in self.items]
        return list(zip(self.items, sub, strict=True))


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
    status_note: str = "not yet signed off"  # said after the status in the banner and header
    marking: str = ""
    version: str = ""
    dated: str = ""
    contents: bool = False
    # (workspace id, export id): the Word file wraps each place's blocks in a content control
    # tagged with both, so its edits can be read back; None writes no controls
    controls: tuple[str, str] | None = None

    def heading(self, text: str, level: int = 2) -> None:
        self.blocks.append(Block("heading", text, level=level))

    def paragraph(self, text: str | None, place: str = "") -> None:
        """Text as the council typed it, keeping its shape (see ``shapes``): paragraphs,
        line breaks, numbered lines and bullets, as typed or pasted from Word; ``place``
        is the place it came from."""
        if text and text.strip():
            for shape in shapes.read(text):
                if shape.kind == "paragraph":
                    self.blocks.append(Block("paragraph", shape.text, place=place))
                else:
                    self.blocks.append(
                        Block(shape.kind, items=shape.items, sub=shape.sub, place=place)
                    )

    def note(self, text: str) -> None:
        self.blocks.append(Block("note", text))

    def bullets(self, items: list[str], place: str = "") -> None:
        items = [i.strip() for i in items if i and i.strip()]
        if items:
            self.blocks.append(Block("bullets", items=items, place=place))

    def numbered(self, items: list[str]) -> None:
        items = [i.strip() for i in items if i and i.strip()]
        if items:
            self.blocks.append(Block("numbered", items=items))

    def key_facts(
        self, sentences: list[str], places: list[str] | None = None, values: list[str] | None = None
    ) -> None:
        """A theme's short answers, each phrased as a sentence by the framework; ``places``
        and ``values`` (the same length) say each one's place and its answer's words."""
        if sentences:
            self.blocks.append(
                Block(
                    "key_facts",
                    items=list(sentences),
                    places=list(places or []),
                    values=list(values or []),
                )
            )

    def gaps(self, intro: str, missing: list[str]) -> None:
        """What is still to write in a draft: shown, never hidden."""
        if missing:
            self.blocks.append(Block("gaps", intro, items=list(missing)))

    def sign_off(self, rows: list[list[str]]) -> None:
        """Signatures: [title, name] rows, or [title, name, date signed in words]; an empty
        name (or date) leaves a line to write on."""
        if rows:
            self.blocks.append(Block("sign_off", rows=[list(r) for r in rows]))

    def table(self, headers: list[str], rows: list[list[str]]) -> None:
        if rows:
            self.blocks.append(Block("table", headers=headers, rows=rows))

    def column_widths(self, block: Block) -> list[float]:
        """A table's (or the sign-off's) column widths as percentages of the width, the
        same for every table with the same headers (see ``columns``)."""
        if block.kind == "sign_off":
            weights = columns.sign_off(block.rows, ACROSS)
        else:
            tables = ((b.headers, b.rows) for b in self.blocks if b.kind == "table")
            weights = columns.for_document(tables, ACROSS)[tuple(block.headers)]
        return [round(100 * w / sum(weights), 1) for w in weights]

    def headings(self, level: int = 2) -> list[tuple[str, str]]:
        """(anchor id, text) of each heading at ``level``, for a contents list."""
        return [
            (anchor(i), b.text)
            for i, b in enumerate(self.blocks)
            if b.kind == "heading" and b.level == level
        ]


def anchor(index: int) -> str:
    """The HTML id of the block at ``index`` (a heading a contents list links to)."""
    return f"s{index + 1}"
