"""The pack's ``library.csv``: every item listed, one row each, safe to open in Excel."""

from __future__ import annotations

import csv
import io
from typing import Any

from selfassess.vocabulary import PACK_STATES

LIBRARY_COLUMNS = (
    "id",
    "title",
    "kind",
    "date",
    "themes",
    "pages",
    "state",
    "summary",
    "published",
    "file",
)


def render(listed: list[dict[str, Any]]) -> str:
    """The library as CSV, one row per item in the manifest."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(LIBRARY_COLUMNS)
    for r in listed:
        writer.writerow(
            [
                _cell(value)
                for value in (
                    r["id"],
                    r["title"],
                    r["kind"] or "",
                    r["date"] or "",
                    "; ".join(r["themes"]),
                    r["pages"] if r["pages"] is not None else "",
                    PACK_STATES[r["state"]],
                    r.get("summary") or "",
                    r.get("published") or "",
                    r.get("file") or "",
                )
            ]
        )
    return buffer.getvalue()


def _cell(value: Any) -> Any:
    """A spreadsheet cell that Excel will not run as a formula."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else value
