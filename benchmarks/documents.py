"""How long the documents take, side by side with the obvious alternative, in one run.

    python benchmarks/documents.py [--runs 5]

Prints the median whole-process time, on the demo council, of:
  selfassess report --format md | html | docx     (the position statement)
  selfassess scope --format docx                  (the scoping document)
  soffice --headless --convert-to docx            (LibreOffice turning the same statement,
                                                   already written as HTML, into Word: what
                                                   an officer does by hand with "Save as")
and the ratio of selfassess's Word file (from the workspace) to LibreOffice's conversion
(from a finished HTML file). LibreOffice is skipped, and said so, where it is not installed.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import tempfile
from pathlib import Path

from timing import ENV, machine, median_ms, selfassess_command


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    tool = selfassess_command()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        subprocess.run(
            [*tool, "demo", str(root / "demo")], check=True, capture_output=True, env=ENV
        )
        ws = str(root / "demo")
        figures: dict[str, float] = {}
        for command, fmt in (("report", "md"), ("report", "html"), ("report", "docx")):
            out = str(root / f"statement.{fmt}")
            run = [*tool, command, "-w", ws, "--format", fmt, "--out", out, "--force"]
            figures[f"selfassess report --format {fmt}"] = median_ms(run, root, runs)
        scope = [*tool, "scope", "-w", ws, "--format", "docx", "--out", str(root / "s.docx")]
        figures["selfassess scope --format docx"] = median_ms([*scope, "--force"], root, runs)
        office = shutil.which("soffice") or shutil.which("libreoffice")
        if office:
            convert = [office, "--headless", "--convert-to", "docx", "--outdir"]
            convert += [str(root / "lo"), str(root / "statement.html")]
            figures["soffice --convert-to docx (from HTML)"] = median_ms(convert, root, runs)
    print(machine())
    print(f"median of {runs} runs after one warm-up, whole process, demo council\n")
    for name, ms in figures.items():
        print(f"  {name:<42} {ms:8.0f} ms")
    if office:
        ratio = (
            figures["soffice --convert-to docx (from HTML)"]
            / figures["selfassess report --format docx"]
        )
        print(f"\n  LibreOffice's conversion takes {ratio:.1f}x as long as selfassess's Word file")
    else:
        print("\n  LibreOffice is not installed: no side-by-side figure")


if __name__ == "__main__":
    main()
