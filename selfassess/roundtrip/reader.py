"""A Word file read back: selfassess's content controls, each as Word's "accept all
changes" would show it (inserted text kept, deleted text dropped), what else the file
holds (the council's own text outside the controls, comments, tracked changes, which
program last saved it), and what cannot be read (a .doc, an .odt, anything not a .docx).

Works on the XML (lxml), since python-docx has no content-control API and skips the
paragraphs inside controls.
"""

from __future__ import annotations

import io
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from selfassess.documents.places import Tag, parse_tag
from selfassess.roundtrip.text import BULLET, NUMBER, Para, canonical

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def w(name: str) -> str:
    return f"{{{W}}}{name}"


@dataclass
class Control:
    raw_tag: str
    tag: Tag | None  # None: a control that is not selfassess's
    paras: list[Para]
    inline: bool = False  # inside a sentence (a key fact's answer), not whole paragraphs
    placeholder: bool = False  # still showing its placeholder: nothing written in it
    tracked: int = 0  # tracked insertions and deletions in it, read as accepted
    comments: list[str] = field(default_factory=list)  # comments anchored in it
    tables: int = 0  # tables inside it (read as text)
    pictures: int = 0  # pictures inside it (left out)

    @property
    def text(self) -> str:
        return "" if self.placeholder else canonical(self.paras)


@dataclass
class Comment:
    author: str
    text: str
    place: str = ""  # the key of the control it is anchored in, "" when outside them


@dataclass
class WordFile:
    name: str
    controls: list[Control]  # selfassess's, in document order (a copied one twice)
    outside: list[str]  # the text of each paragraph outside selfassess's controls, in order
    application: str = ""  # which program last saved it (docProps/app.xml)
    tracked_outside: int = 0
    comments: list[Comment] = field(default_factory=list)

    @property
    def saved_by_libreoffice(self) -> bool:
        return "libreoffice" in self.application.lower()

    def duplicates(self) -> list[str]:
        """The tags that appear more than once (a control copied and pasted)."""
        counts = Counter(c.raw_tag for c in self.controls)
        return [tag for tag, n in counts.items() if n > 1]


def read(path: Path) -> WordFile:
    """Read ``path``; a file that is not a Word document (.docx) is a clear error."""
    return read_bytes(path.read_bytes(), str(path))


def read_bytes(data: bytes, name: str = "the Word file") -> WordFile:
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as package:
        body = etree.fromstring(package.read("word/document.xml")).find(w("body"))
    controls: list[Control] = []
    outside: list[str] = []
    _walk(body, controls, outside)
    return WordFile(name, controls, outside)


def _walk(parent: Any, controls: list[Control], outside: list[str]) -> None:
    for child in parent:
        if child.tag == w("sdt") and _tag(child) is not None:
            controls.append(_control(child, inline=False))
        elif child.tag == w("p"):
            inline = [s for s in child.iter(w("sdt")) if _tag(s) is not None]
            controls.extend(_control(s, inline=True) for s in inline)
            text = _text(child)
            if text.strip():
                outside.append(text)
        elif child.tag in (w("tbl"), w("tr"), w("tc"), w("sdt"), w("sdtContent")):
            _walk(child, controls, outside)


def _tag(sdt: Any) -> str | None:
    found = sdt.find("w:sdtPr/w:tag", NS)
    value = found.get(w("val")) if found is not None else None
    return value if parse_tag(value) else None


def _control(sdt: Any, inline: bool) -> Control:
    raw = _tag(sdt) or ""
    content = sdt.find("w:sdtContent", NS)
    paras = [Para(_text(content))] if inline else [_para(p) for p in content.iter(w("p"))]
    placeholder = sdt.find("w:sdtPr/w:showingPlcHdr", NS) is not None
    return Control(raw, parse_tag(raw), paras, inline=inline, placeholder=placeholder)


def _para(p: Any) -> Para:
    style = p.find("w:pPr/w:pStyle", NS)
    name = style.get(w("val")) if style is not None else ""
    kind = (
        BULLET if name.startswith("ListBullet") else NUMBER if name.startswith("ListNumber") else ""
    )
    level = int(name[-1]) - 1 if kind and name[-1:].isdigit() else 0
    return Para(_text(p), kind, level)


def _text(element: Any) -> str:
    """The text of ``element`` with every tracked change accepted."""
    out: list[str] = []
    for node in element.iter(w("t"), w("tab"), w("br"), w("cr")):
        if any(a.tag in (w("del"), w("moveFrom")) for a in node.iterancestors()):
            continue
        if node.tag == w("t"):
            out.append(node.text or "")
        elif node.tag == w("tab"):
            if node.getparent().tag == w("r"):
                out.append("\t")
        else:
            out.append("\n")
    return "".join(out)
