"""Guards for the zip-based Office files (.xlsx, .docx) that selfassess reads: checked on
the sizes their own directory declares before any XML is parsed, so a file whose XML
expands to hundreds of megabytes is refused in a moment instead of filling the memory
for minutes. (A member cannot expand past the size its directory declares: the zip module
stops there and reports the damage.)"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

from selfassess.errors import SelfAssessError

MAX_XML_PART = 40 * 2**20
"""Any one XML part (a worksheet, the text of a Word document): a 2,000-page report's is
a tenth of this."""
MAX_EXPANDED = 1024 * 2**20
"""Everything in the file, images included, once expanded."""
MAX_MEMBERS = 20_000


class Unsafe(SelfAssessError):
    """An Office file too large, once expanded, to read safely (or not a zip at all)."""


def check(path: Path) -> None:
    """Refuse an Office file that is damaged or too large, once expanded, to read."""
    from selfassess.datafiles import regular

    try:
        with (
            os.fdopen(regular.open_to_read(path), "rb") as handle,
            zipfile.ZipFile(handle) as archive,
        ):
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise Unsafe(
            f"{path}: not a readable Office file: the file is damaged ({exc})",
            hint="open it in Excel or Word and save it again",
        ) from None
    if len(members) > MAX_MEMBERS:
        raise Unsafe(f"{path}: the file has {len(members):,} parts; refused as unsafe to read")
    total = sum(m.file_size for m in members)
    big = max(
        (m for m in members if m.filename.lower().endswith((".xml", ".rels"))),
        key=lambda m: m.file_size,
        default=None,
    )
    if big is not None and big.file_size > MAX_XML_PART:
        raise Unsafe(
            f"{path}: its part {big.filename} expands to {big.file_size / 2**20:,.0f} MB "
            f"(from {big.compress_size / 2**20:,.1f} MB), over the {MAX_XML_PART // 2**20} MB "
            "that is read; refused before reading it",
            hint="check that this is the right file; if it is, save it again in Word or Excel, "
            "or split it",
        )
    if total > MAX_EXPANDED:
        raise Unsafe(
            f"{path}: the file expands to {total / 2**20:,.0f} MB, over the "
            f"{MAX_EXPANDED // 2**20} MB that is read; refused before reading it",
            hint="check that this is the right file",
        )
