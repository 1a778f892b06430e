"""Text and page counts from the documents in an evidence log.

Each format is read by a well-kept library (pypdf, python-docx, openpyxl) or the standard
library, imported only when a document of that format turns up. Results are cached by the
document's SHA-256, so an unchanged document is never extracted twice. A document that
cannot be read (corrupt, password-protected, a legacy format) gives a warning and no text;
it never stops the work. Nor does one that would take too long: an Office file whose XML
expands past what is safe is refused before it is parsed (``office_zip``), and reading
stops, with a warning, after a minute or 20 million characters.
"""

from __future__ import annotations

import json
import math
import os
import re
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from selfassess.datafiles import datafile, regular
from selfassess.errors import SelfAssessError

WORDS_PER_PAGE = 500
LEGACY = {".doc": "Word 97-2003", ".xls": "Excel 97-2003", ".ppt": "PowerPoint 97-2003"}
TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".csv", ".tsv", ".text"}
HTML_SUFFIXES = {".html", ".htm"}
MAX_SECONDS = 60.0
MAX_CHARS = 20_000_000


@dataclass(frozen=True)
class Extracted:
    text: str
    pages: int | None
    pages_estimated: bool = False
    warning: str | None = None


def extract(path: Path) -> Extracted:
    """Text and page count of one document; never raises for a bad document."""
    suffix = path.suffix.lower()
    pages: int | None
    try:
        os.close(regular.open_to_read(path))  # a pipe or a device: refused, not waited on
    except SelfAssessError as exc:
        return Extracted("", None, warning=exc.message)
    try:
        if suffix == ".pdf":
            text, pages = _pdf(path)
        elif suffix == ".docx":
            text, pages = _docx(path)
        elif suffix in (".xlsx", ".xlsm"):
            text, pages = _xlsx(path), None
        elif suffix in HTML_SUFFIXES:
            text, pages = _html(regular.read_bytes(path).decode("utf-8", "replace")), None
        elif suffix in TEXT_SUFFIXES:
            text, pages = regular.read_bytes(path).decode("utf-8", "replace"), None
        elif suffix in LEGACY:
            return Extracted(
                "",
                None,
                warning=f"{LEGACY[suffix]} format: listed, but no text can be searched; "
                f"save it as {suffix}x to make it searchable",
            )
        else:
            return Extracted("", None, warning=f"no text is read from {suffix or 'this'} files")
    except _Unreadable as exc:
        return Extracted("", None, warning=str(exc))
    except _Partial as exc:
        text, pages = exc.text, exc.pages
        return Extracted(_tidy(text), pages, pages is None, warning=exc.reason)
    except Exception as exc:
        return Extracted("", None, warning=f"could not read the text ({type(exc).__name__}: {exc})")
    text = _tidy(text)
    if pages is None and text:
        return Extracted(text, max(1, math.ceil(len(text.split()) / WORDS_PER_PAGE)), True)
    return Extracted(text, pages)


class _Unreadable(Exception):
    pass


class _Partial(Exception):
    """Reading stopped at a limit: the text so far, and why."""

    def __init__(self, text: str, pages: int | None, reason: str) -> None:
        super().__init__(reason)
        self.text, self.pages, self.reason = text, pages, reason


def _capped(parts: Iterable[str], what: str, pages: int | None = None) -> str:
    """The parts joined by lines, stopping after ``MAX_SECONDS`` or ``MAX_CHARS``."""
    started, kept, size = time.monotonic(), [], 0
    for count, part in enumerate(parts, 1):
        kept.append(part)
        size += len(part) + 1
        if size > MAX_CHARS or time.monotonic() - started > MAX_SECONDS:
            limit = "20 million characters" if size > MAX_CHARS else f"{MAX_SECONDS:.0f} s"
            raise _Partial(
                "\n".join(kept),
                pages,
                f"only the first {count:,} {what} were read (the "
                f"limit is {limit}): search finds only what they say",
            )
    return "\n".join(kept)


def _office(path: Path) -> None:
    from selfassess.evidence import office_zip

    try:
        office_zip.check(path)
    except office_zip.Unsafe as exc:
        raise _Unreadable(exc.message.removeprefix(f"{path}: ")) from None


def _pdf(path: Path) -> tuple[str, int]:
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings are ours to report
    try:
        reader = PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(""):
            raise _Unreadable("password-protected PDF: listed, but its text cannot be read")
        pages = len(reader.pages)
        text = _capped(((page.extract_text() or "") for page in reader.pages), "pages", pages)
    except PdfReadError as exc:
        raise _Unreadable(f"damaged or truncated PDF ({exc})") from None
    return text, pages


def _docx(path: Path) -> tuple[str, int | None]:
    import docx

    _office(path)
    document = docx.Document(str(path))
    parts = _capped(_docx_parts(document), "paragraphs")
    pages = None
    try:
        import zipfile

        with zipfile.ZipFile(path) as archive:
            match = re.search(rb"<Pages>(\d+)</Pages>", archive.read("docProps/app.xml"))
            pages = int(match.group(1)) if match else None
    except (KeyError, OSError, zipfile.BadZipFile):
        pages = None
    return parts, pages


def _docx_parts(document: Any) -> Iterator[str]:
    for paragraph in document.paragraphs:
        yield paragraph.text
    for table in document.tables:
        for row in table.rows:
            yield "\t".join(cell.text for cell in row.cells)


def _xlsx(path: Path) -> str:
    from openpyxl import load_workbook

    _office(path)
    book = load_workbook(path, read_only=True, data_only=True)
    try:
        return _capped(_xlsx_lines(book), "rows")
    finally:
        book.close()


def _xlsx_lines(book: Any) -> Iterator[str]:
    """Each sheet's title and its rows with something in them, a sheet ending after 1,000
    empty rows in a row (one stray cell at the last row would be a million)."""
    for sheet in book.worksheets:
        yield f"# {sheet.title}"
        empty = 0
        for row in sheet.iter_rows(max_col=1_000, values_only=True):
            cells = [str(c) for c in row if c is not None]
            empty = 0 if cells else empty + 1
            if empty >= 1_000:
                break
            if cells:
                yield "\t".join(cells)


class _TextOnly(HTMLParser):
    SKIP = frozenset({"script", "style", "head", "template"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in ("p", "br", "div", "li", "tr", "h1", "h2", "h3", "h4", "td", "th"):
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self.skipping:
            self.skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def _html(markup: str) -> str:
    parser = _TextOnly()
    parser.feed(markup)
    parser.close()
    return "".join(parser.parts)


def _tidy(text: str) -> str:
    text = text.replace("\x00", "")
    text = re.sub(r"[ \t\r\f\v]+", " ", text)
    return re.sub(r"\n\s*\n+", "\n\n", text).strip()


class TextCache:
    """Extracted text kept by SHA-256 in a folder, so no document is extracted twice.

    One file per document, ``<sha256>.txt``: a first line with the page count and any
    warning, then the text (one file, not two: an import writes thousands of them). A plain
    text document is not cached: reading it again costs no more than reading a copy."""

    HEADER = "selfassess-text-1 "

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def pages(self, path: Path, sha256: str, *, keep: bool = True) -> Extracted:
        """The page count alone (``text`` is left empty): for a plain text document, counted
        from its words without tidying its text, as :func:`extract` would count them.
        ``keep`` False (personal data): the text is read, counted and forgotten, never
        cached."""
        if path.suffix.lower() not in TEXT_SUFFIXES:
            if not keep:
                found = extract(path)
                return Extracted("", found.pages, found.pages_estimated, found.warning)
            return self.get(path, sha256)
        try:
            raw = regular.read_bytes(path)
        except SelfAssessError as exc:
            return Extracted("", None, warning=f"could not read the text ({exc.message})")
        words = len(raw.decode("utf-8", "replace").replace("\x00", "").split())
        if not words:
            return Extracted("", None)
        return Extracted("", max(1, math.ceil(words / WORDS_PER_PAGE)), True)

    def forget(self, sha256: str) -> None:
        """Remove a document's cached text (it turned out to hold personal data)."""
        (self.folder / f"{sha256}.txt").unlink(missing_ok=True)

    def get(self, path: Path, sha256: str) -> Extracted:
        if path.suffix.lower() in TEXT_SUFFIXES:
            return extract(path)
        text_file = self.folder / f"{sha256}.txt"
        try:
            # a pipe or a folder in the cache is no cache: refused at once, never waited on
            raw = regular.read_bytes(text_file).decode("utf-8")
            head, _, text = raw.partition("\n")
            if head.startswith(self.HEADER):
                return Extracted(text, **json.loads(head.removeprefix(self.HEADER)))
        except (SelfAssessError, OSError, ValueError, TypeError):
            pass
        result = extract(path)
        meta = {
            "pages": result.pages,
            "pages_estimated": result.pages_estimated,
            "warning": result.warning,
        }
        header = self.HEADER + json.dumps(meta)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            datafile.write_atomic(text_file, f"{header}\n{result.text}", durable=False)
        except (SelfAssessError, OSError):  # a cache that cannot be written: read again next time
            pass
        return result
