"""An answer's text as a Word control holds it: its paragraphs, each a plain paragraph or
an item of a bulleted or numbered list, nested or not; and the one plain-text form of them
(``canonical``) that is compared, remembered and saved back into the workspace.

The canonical form is the text a council would type for the same shape (see
``documents.shapes``): paragraphs parted by a blank line, list items one per line after
"- " or "1. ", a nested item indented by two spaces. Written out again, it makes the same
Word paragraphs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

BULLET, NUMBER = "bullet", "number"


@dataclass(frozen=True)
class Para:
    text: str  # the paragraph's text; a line break inside it is "\n", a tab "\t"
    kind: str = ""  # "" a paragraph, BULLET or NUMBER an item of a list
    level: int = 0  # how deep a list item is nested (0: top)


def canonical(paras: Iterable[Para]) -> str:
    """The paragraphs as one text; empty paragraphs are left out."""
    groups: list[list[str]] = []
    number = 0
    previous = ""
    for para in paras:
        text = "\n".join(line.strip() for line in para.text.strip().split("\n"))
        if not text:
            continue
        if not para.kind:
            groups.append([text])
            previous = ""
            continue
        if not previous:
            groups.append([])
            number = 0
        if para.kind == NUMBER and para.level == 0:
            number += 1
            marker = f"{number}."
        else:
            marker = "-"
        groups[-1].append("  " * para.level + f"{marker} " + text.replace("\n", " "))
        previous = para.kind
    return "\n\n".join("\n".join(group) for group in groups)


def items(paras: Iterable[Para]) -> list[str]:
    """A list's items (a theme's strengths): each non-empty paragraph, whatever its style."""
    return [" ".join(p.text.split()) for p in paras if p.text.strip()]
