"""Text as the council typed or pasted it, read into its shapes: paragraphs (blank lines
part them; a single line break stays one), numbered lines ("1.", "1)", "a)", "(a)", "i.",
"(i)") as a numbered list, and bullets ("-", "*", "•", en and em dashes, "·", "▪", "o" followed by
a space or a tab, as Word pastes them) as a bulleted list. An indented line under an item
continues it, or, when it starts with a bullet or a number, is an item nested under it.

Prose hard-wrapped in a file (every line but the last long, most breaks mid-sentence) is
read as one flowing paragraph, not as lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_BULLET = re.compile("^[-*\u2022\u2013\u2014\u00b7\u25aao](?:[ \t]+|$)")
_NUMBER = re.compile(
    r"^(?:\d{1,3}[.)]|\(\d{1,3}\)|[a-z][.)]|\([a-z]\)|[ivx]{1,5}[.)]|\([ivx]{1,5}\))[ \t]+"
)
_INDENT = re.compile(r"^(?:\t| {2,})")
_WRAPPED_LINE = 55  # characters: a line at least this long, broken mid-sentence, was wrapped


@dataclass
class Shape:
    """One shape: ``paragraph`` (``text``, line breaks kept) or ``bullets``/``numbered``
    (``items``, each with ``sub`` items nested under it)."""

    kind: str
    text: str = ""
    items: list[str] = field(default_factory=list)
    sub: list[list[str]] = field(default_factory=list)


def marker(line: str) -> tuple[str, str] | None:
    """(``bullets`` or ``numbered``, the text after the marker) when ``line`` starts an item."""
    for kind, pattern in (("numbered", _NUMBER), ("bullets", _BULLET)):
        found = pattern.match(line)
        if found and line[found.end() :].strip():
            return kind, line[found.end() :].strip()
    return None


def read(text: str) -> list[Shape]:
    """The shapes of ``text``, in order."""
    shapes: list[Shape] = []
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    for chunk in re.split(r"\n[ \t]*\n", text.strip("\n")):
        lines: list[str] = []
        current: Shape | None = None
        for raw in chunk.split("\n"):
            if not raw.strip():
                continue
            indented = bool(_INDENT.match(raw)) and current is not None
            item = marker(raw.strip())
            if current is not None and indented:
                _under(current, raw.strip(), item)
            elif item:
                if lines:
                    shapes.append(Shape("paragraph", _flow(lines)))
                    lines = []
                if current is None or current.kind != item[0]:
                    current = Shape(item[0])
                    shapes.append(current)
                current.items.append(item[1])
                current.sub.append([])
            else:
                current = None
                lines.append(raw.strip())
        if lines:
            shapes.append(Shape("paragraph", _flow(lines)))
    return shapes


def _under(current: Shape, line: str, item: tuple[str, str] | None) -> None:
    """An indented line under a list item: a nested item, or more of the item above."""
    if item:
        current.sub[-1].append(item[1])
    elif current.sub[-1]:
        current.sub[-1][-1] += " " + line
    else:
        current.items[-1] += " " + line


def _flow(lines: list[str]) -> str:
    """A paragraph's lines: joined when they are hard-wrapped prose, else kept as lines."""
    if len(lines) > 1 and all(len(line) >= _WRAPPED_LINE for line in lines[:-1]):
        mid_sentence = sum(not re.search(r"[.!?:;]['\")]*$", line) for line in lines[:-1])
        if mid_sentence * 2 >= len(lines) - 1:
            return " ".join(lines)
    return "\n".join(lines)
