"""Documents (``model``: a list of blocks) rendered to Markdown and HTML through jinja2
templates, or to Word (``word``) through python-docx.

The scoping document and the position statement are built once, as blocks, and every format
follows from them, so the three never drift apart. A council restyles the Word output with
its own corporate template (``--reference-docx``), and overrides any jinja2 template from a
folder of its own (``--templates DIR`` or the user data folder's ``templates/``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from selfassess.documents.model import Block, Document
from selfassess.vocabulary import DOCUMENT_FORMATS

__all__ = ["Block", "Document", "DocumentOptions", "render"]


@dataclass(frozen=True)
class DocumentOptions:
    """How to write the scoping document or the position statement: the format (default:
    from ``out``'s ending, else HTML), where (``-`` for standard output), with the council's
    self-ratings or not, the user's own templates and Word styles, and whether to replace a
    file changed since selfassess wrote it."""

    fmt: str | None = None
    out: str | None = None
    include_ratings: bool = False
    templates_dir: Path | None = None
    reference_docx: Path | None = None
    force: bool = False

    def format(self) -> str:
        """The format to write: the one asked for, else the one ``out``'s ending names."""
        if self.fmt is not None:
            chosen = self.fmt
        else:
            out = self.out
            ending = Path(out).suffix.lower().lstrip(".") if out and out != "-" else ""
            chosen = (
                {"markdown": "md", "htm": "html"}.get(ending, ending)
                if ending in (*DOCUMENT_FORMATS, "markdown", "htm")
                else "html"
            )
        if self.reference_docx and chosen != "docx":
            from selfassess.errors import UsageError

            raise UsageError("--reference-docx is for Word output", hint="add --format docx")
        return chosen


def render(
    document: Document, fmt: str, templates: Path | None = None, reference_docx: Path | None = None
) -> bytes:
    """The document in ``fmt`` (md, html or docx), as bytes ready to write."""
    if fmt == "docx":
        from selfassess.documents import word

        return word.render(document, reference_docx)
    from selfassess.datafiles import templating as templating

    name = f"documents/{document.kind}.{fmt}.j2"
    return templating.render(name, templates, doc=document).encode("utf-8")
