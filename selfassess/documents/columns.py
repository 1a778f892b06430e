"""How wide each column of a document's tables is, in characters, for Word and HTML alike.

- No column is narrower than its longest word (and the cell's padding): "Organisational"
  is never broken.
- A label column (theme names, days, roles, dates, ids: entries of a few words) is as wide
  as its longest entry, up to about a third of the width; labels together leave the text
  columns at least two fifths of the page.
- Text columns share what is left in proportion to how much they hold, none less than a
  fair part of it (a column of questions beside long answers stays readable).
- Tables with the same headers in one document get the same widths.
"""

from __future__ import annotations

from collections.abc import Iterable

PAD = 3  # characters of cell padding
LABEL_AVERAGE = 40  # characters: a column whose entries average no more is a label column
LABEL_SHARE = 0.35  # of the width: the most one label column takes
LABELS_SHARE = 0.6  # of the width: the most the label columns take together


def longest_word(texts: Iterable[str]) -> int:
    return max((len(w) for t in texts for w in t.split()), default=0)


def weights(headers: list[str], rows: list[list[str]], across: int) -> list[int]:
    """Each column's width in characters, ``across`` in all (more only when the columns'
    longest words need more)."""
    columns = [[r[i] if i < len(r) else "" for r in rows] or [""] for i in range(len(headers))]
    least = [longest_word([h, *c]) + PAD for h, c in zip(headers, columns, strict=True)]
    longest = [max(len(x) for x in [h, *c]) + PAD for h, c in zip(headers, columns, strict=True)]
    average = [sum(len(x) for x in c) / len(c) for c in columns]
    label = [a <= LABEL_AVERAGE for a in average]
    if all(label):
        wanted = (
            longest
            if sum(longest) <= across
            else [min(n, round(across * LABEL_SHARE)) for n in longest]
        )
        wanted = [max(w, m) for w, m in zip(wanted, least, strict=True)]
        return _fill(wanted, across)
    cap = round(across * LABEL_SHARE)
    wanted = [
        max(m, min(n, cap)) if is_label else 0
        for n, m, is_label in zip(longest, least, label, strict=True)
    ]
    room = round(across * LABELS_SHARE)
    if sum(wanted) > room:  # labels give way, down to their longest words
        spare = sum(w - m for w, m, is_label in zip(wanted, least, label, strict=True) if is_label)
        over = min(sum(wanted) - room, spare)
        wanted = [
            w - round(over * (w - m) / spare) if is_label and spare else w
            for w, m, is_label in zip(wanted, least, label, strict=True)
        ]
    text = [i for i, is_label in enumerate(label) if not is_label]
    rest = max(across - sum(wanted), sum(least[i] for i in text))
    floor = rest / (2 * len(text))
    share = {i: max(average[i], 1.0) for i in text}
    fixed: dict[int, float] = {}
    while True:  # a text column below its floor (or its longest word) takes that instead
        left = rest - sum(fixed.values())
        free = {i: s for i, s in share.items() if i not in fixed}
        total = sum(free.values())
        low = {
            i: max(floor, least[i]) for i in free if left * free[i] / total < max(floor, least[i])
        }
        if not low or len(low) == len(free):
            fixed.update(low)
            break
        fixed.update(low)
    left = rest - sum(fixed.values())
    free = {i: s for i, s in share.items() if i not in fixed}
    for i in text:
        wanted[i] = round(fixed[i] if i in fixed else left * free[i] / sum(free.values()))
    return _fill(wanted, across, text)


def _fill(widths: list[int], across: int, text: list[int] | None = None) -> list[int]:
    """``widths`` made to add up to ``across`` (never taken below what they need): the
    rounding goes to the widest text column; with label columns only, they share the room
    left over."""
    gap = across - sum(widths)
    if gap <= 0 and (gap == 0 or not text):
        return widths
    if text:
        widest = max(text, key=lambda i: widths[i])
        widths[widest] = max(widths[widest] + gap, 1)
        return widths
    scaled = [w * across / sum(widths) for w in widths]
    out = [int(s) for s in scaled]
    out[max(range(len(out)), key=lambda i: scaled[i] - out[i])] += across - sum(out)
    return out


def for_document(
    tables: Iterable[tuple[list[str], list[list[str]]]], across: int
) -> dict[tuple[str, ...], list[int]]:
    """The widths of each set of headers in a document: the rows of all its tables with
    those headers decide them together."""
    grouped: dict[tuple[str, ...], list[list[str]]] = {}
    for headers, rows in tables:
        grouped.setdefault(tuple(headers), []).extend(rows)
    return {h: weights(list(h), rows, across) for h, rows in grouped.items()}


DATE = "30 September 2026"  # the longest date in words


def sign_off(rows: list[list[str]], across: int) -> list[int]:
    """The sign-off table's widths: who signs (name over role) as wide as the longest name
    or role, the date as wide as a date in words, and the rest a line to sign on."""
    who = max([len("Signed by"), *(len(c) for r in rows for c in r[:2])]) + PAD
    who = min(who, round(across * LABEL_SHARE))
    date = max([len(DATE), *(len(r[2]) for r in rows if len(r) > 2)]) + PAD
    return [who, across - who - date, date]
