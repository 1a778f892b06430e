"""The text of a CSV evidence log: which encoding it is in, said honestly, and its rows.

A byte-order mark says the encoding (UTF-8, UTF-16). Without one the file is read as
UTF-8 when it decodes as UTF-8 strictly. A file that holds UTF-8 characters and also bytes
that are not UTF-8 is damaged, not in another encoding: it is refused, naming the row and
the byte, never decoded another way (every '£' would turn into 'Â£' and update the items
it matched). A file with no UTF-8 characters at all is in a legacy encoding: Excel's plain
'CSV' on Windows is Windows-1252; charset-normalizer tells it from the few others a
council's software writes, and the command says which it used. ``--encoding`` overrides
all of this, and a file that does not decode in it is refused, naming the row.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from selfassess.errors import SelfAssessError, UsageError

MAX_ROWS = 20_000
"""Data rows a log may have; a log longer than this is refused, not read for minutes."""
MAX_CELL = csv.field_size_limit()  # the csv module's own limit (128 KB), left as it is
NEWLINE = b"\n"
HINT = (
    "in Excel, 'Save as' CSV UTF-8 (Comma delimited); or say the file's encoding with "
    "--encoding (for example --encoding windows-1252)"
)
# the legacy encodings a council's software writes a CSV in; a wider guess turns '£' into
# 'Ł' (Central European) or kanji on a short file
LEGACY = ("cp1252", "iso8859_15", "mac_roman", "cp850")
NAMES = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 (with a byte-order mark)",
    "utf-16": "UTF-16",
    "utf-16-le": "UTF-16 little-endian",
    "utf-16-be": "UTF-16 big-endian",
    "cp1252": "Windows-1252",
    "iso8859-1": "Latin-1 (ISO-8859-1)",
    "latin-1": "Latin-1 (ISO-8859-1)",
    "iso8859-15": "ISO-8859-15",
    "mac-roman": "Mac Roman",
    "cp850": "DOS Western (code page 850)",
}


@dataclass(frozen=True)
class LogText:
    text: str
    encoding: str  # said to the person: 'UTF-8', 'Windows-1252'
    guessed: bool = False  # by the detector, not by a mark, strict UTF-8 or --encoding


def codec(name: str) -> str:
    """The codec a name given with --encoding means; a usage error when none."""
    try:
        found = codecs.lookup(name)
    except LookupError:
        found = None
    # bytes-to-bytes and text-to-text codecs (base64, rot13) and 'undefined' decode no text
    if found is None or not getattr(found, "_is_text_encoding", True) or found.name == "undefined":
        raise UsageError(
            f"--encoding {name}: not a text encoding Python knows",
            hint="for example utf-8, windows-1252, latin-1 or utf-16",
        )
    return found.name


def label(codec_name: str) -> str:
    name = codecs.lookup(codec_name).name
    return NAMES.get(name, name)


def decode(path: Path, raw: bytes, encoding: str | None = None) -> LogText:
    """The text of a log, in the encoding given, marked or found (see the module's notes)."""
    if encoding is not None:
        name = codec(encoding)
        return LogText(_strict(path, raw, name, f"--encoding {encoding}"), label(name))
    for mark, name in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if raw.startswith(mark):
            return LogText(_strict(path, raw, name, "its byte-order mark"), label(name))
    if raw.count(b"\x00") > len(raw) // 8:
        raise SelfAssessError(
            f"{path}: this looks like UTF-16 text without a byte-order mark, so which byte "
            "order it has cannot be told; nothing was imported",
            hint="in Excel, 'Save as' CSV UTF-8; or give --encoding utf-16-le (or utf-16-be)",
        )
    try:
        return LogText(raw.decode("utf-8"), "UTF-8")
    except UnicodeDecodeError as exc:
        bad = exc
    unicode_chars = any(
        ord(c) > 0x7F and not 0xDC80 <= ord(c) <= 0xDCFF
        for c in raw.decode("utf-8", "surrogateescape")
    )
    if unicode_chars:  # UTF-8 with a stray byte: damaged, not another encoding
        raise _undecodable(path, raw, bad, "UTF-8", "it also holds UTF-8 characters")
    import charset_normalizer

    found = charset_normalizer.from_bytes(raw, cp_isolation=list(LEGACY)).best()
    if found is None:
        raise SelfAssessError(
            f"{path}: the file is not UTF-8, and its encoding cannot be told "
            f"({_place(path, raw, bad.start)}, byte 0x{raw[bad.start]:02x}); nothing was imported",
            hint=HINT,
        )
    name = codec(found.encoding)
    return LogText(_strict(path, raw, name, "the detector"), label(name), guessed=True)


def _strict(path: Path, raw: bytes, name: str, why: str) -> str:
    try:
        return raw.decode(name)
    except UnicodeDecodeError as exc:
        raise _undecodable(path, raw, exc, label(name), f"as {why} says") from None


def _undecodable(
    path: Path, raw: bytes, exc: UnicodeDecodeError, name: str, why: str
) -> SelfAssessError:
    return SelfAssessError(
        f"{path}: {_place(path, raw, exc.start)}: the byte 0x{raw[exc.start]:02x} is not "
        f"{name}, which the file is read as ({why}); nothing was imported",
        hint=HINT,
    )


def _place(path: Path, raw: bytes, start: int) -> str:
    """'row N' of the CSV record a byte falls in (the bytes before it decode cleanly)."""
    before = raw[:start].decode("utf-8", "replace")
    try:
        # one character more, so that a record the byte starts is counted too
        return f"row {sum(1 for _ in csv.reader(io.StringIO(before + 'x', newline='')))}"
    except csv.Error:
        return f"line {raw[:start].count(NEWLINE) + 1}"


def rows(path: Path, text: str) -> list[tuple[int, list[Any]]]:
    """The CSV records with their row numbers: bare CR, LF or CRLF line endings, the
    delimiter sniffed; a cell over 128 KB, a NUL or more than 20,000 rows refused."""
    if "\x00" in text:
        line = len(text[: text.index("\x00")].splitlines()) or 1
        raise SelfAssessError(
            f"{path}: line {line}: the file holds "
            "NUL characters, so it is not a text log (UTF-16 read as another encoding?); "
            "nothing was imported",
            hint=HINT,
        )
    dialect: Any = csv.excel
    with contextlib.suppress(csv.Error):  # a one-column log: keep the default
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    found: list[tuple[int, list[Any]]] = []
    try:
        for number, row in enumerate(reader, 1):
            if number > MAX_ROWS + 15:  # the header may sit under a title
                raise SelfAssessError(
                    f"{path}: over {MAX_ROWS:,} rows; nothing was imported",
                    hint="split the log into smaller files, or remove the rows that are not "
                    "evidence",
                )
            found.append((number, row))
    except csv.Error as exc:
        number = len(found) + 1
        too_big = "field larger" in str(exc)
        raise SelfAssessError(
            f"{path}: row {number}: "
            + (
                f"a cell is over {MAX_CELL // 1024} KB"
                if too_big
                else f"the CSV cannot be read ({exc})"
            )
            + "; nothing was imported",
            hint="check for a quote that is never closed above this row"
            if too_big
            else "save the log again from Excel as CSV UTF-8",
        ) from None
    return found
