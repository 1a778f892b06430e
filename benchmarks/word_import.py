"""How long reading a Word position statement back takes, side by side with the obvious
alternatives, in one run.

    python benchmarks/word_import.py [--runs 5]

On the demo council's position statement as a Word file (built the way `report --format
docx` builds it, with its content controls once the export writes them), prints the median
time of:
  selfassess.roundtrip.reader.read_bytes          (every answer, as Word's "accept all
                                                   changes" shows it: in process)
  python-docx Document(...).paragraphs            (the body's paragraphs as text: in process;
                                                   it skips the paragraphs inside controls)
  soffice --headless --convert-to txt             (LibreOffice turning the file into plain
                                                   text: a whole process, as a script runs it)
and each alternative's time as a multiple of the reader's. LibreOffice is skipped, and said
so, where it is not installed.
"""

from __future__ import annotations

import argparse
import io
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from timing import machine, median_ms

from selfassess.demo import build as build_demo
from selfassess.documents import formats, position_statement
from selfassess.roundtrip import reader


def in_process_ms(work: Callable[[], object], runs: int) -> float:
    """Median wall time of ``runs`` calls of ``work``, after one warm-up call."""
    work()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def statement_docx(root: Path) -> bytes:
    """The demo council's position statement as Word, with content controls where the
    writer makes them."""
    ws = build_demo(root / "demo")
    document = position_statement.build(ws)
    document.controls = ("benchmark", "run1")  # ignored by a writer without controls
    return formats.render(document, "docx")


def python_docx_paragraphs(data: bytes) -> list[str]:
    from docx import Document

    return [p.text for p in Document(io.BytesIO(data)).paragraphs]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        data = statement_docx(root)
        source = root / "position-statement.docx"
        source.write_bytes(data)
        read = reader.read_bytes(data, source.name)
        paragraphs = python_docx_paragraphs(data)
        figures = {
            "reader.read_bytes": in_process_ms(lambda: reader.read_bytes(data), runs),
            "python-docx Document(...).paragraphs": in_process_ms(
                lambda: python_docx_paragraphs(data), runs
            ),
        }
        office = shutil.which("soffice") or shutil.which("libreoffice")
        if office:
            profile = (root / "profile").as_uri()
            convert = [office, f"-env:UserInstallation={profile}", "--headless"]
            convert += ["--convert-to", "txt", "--outdir", str(root / "lo"), str(source)]
            figures["soffice --convert-to txt"] = median_ms(convert, root, runs)
    print(machine())
    print(f"median of {runs} runs after one warm-up, demo council's position statement")
    print(f"  ({len(data) // 1024} KB; the reader finds {len(read.controls)} controls and")
    print(f"  {len(read.outside)} paragraphs outside them; python-docx sees {len(paragraphs)},")
    print("  the body's own: none in a table or a control)\n")
    for name, ms in figures.items():
        print(f"  {name:<42} {ms:8.1f} ms")
    base = figures["reader.read_bytes"]
    print()
    for name, ms in list(figures.items())[1:]:
        print(f"  {name} takes {ms / base:.1f}x as long as the reader")
    if not office:
        print("  LibreOffice is not installed: no figure for its conversion")


if __name__ == "__main__":
    main()
