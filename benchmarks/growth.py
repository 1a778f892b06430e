"""How the big operations grow with the size of the evidence log: build, no-op rebuild,
import and validate, each timed as a whole process, the import side by side with a plain
script doing the obvious work.

    python benchmarks/growth.py [--quick] [--runs 3]

Prints, with the machine:
  for workspaces of 2,000 and 20,000 items (--quick: 2,000 only)
    pack build, first; pack build, no-op rebuild (goal < 1 s); pack build --include-all;
    validate
  evidence import of a generated CSV log of 1,000 and 5,000 rows (--quick: 1,000), and
  of a 5,000-row .xlsx log, each against a plain-Python script that reads the same log,
  copies each file, hashes it and writes a JSON per item (goal <= 1.5x)
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from timing import ENV, machine, median_ms, selfassess_command

COUNCIL = "Benchmark Borough Council"
FRAMEWORK = "corporate-peer-challenge"
THEMES = (
    "local-priorities-and-outcomes",
    "organisational-and-place-leadership",
    "governance-and-culture",
    "financial-planning-and-management",
    "capacity-for-improvement",
)
KINDS = ("plan-or-strategy", "committee-report", "performance-data", "audit-report", "other")

PLAIN_IMPORT = '''
"""The obvious alternative to 'evidence import': read the log, copy, hash, write JSON."""
import csv, hashlib, json, os, shutil, sys
from pathlib import Path

log, out = Path(sys.argv[1]), Path(sys.argv[2])
if log.suffix == ".xlsx":
    from openpyxl import load_workbook

    book = load_workbook(log, read_only=True, data_only=True)
    rows = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    book.close()
else:
    with log.open(newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
header = [str(h).lower() for h in rows[0]]
(out / "items").mkdir(parents=True)
for number, row in enumerate(rows[1:], 1):
    values = dict(zip(header, row))
    item_id = f"E-{number:03d}"
    folder = out / "files" / item_id
    folder.mkdir(parents=True)
    source = log.parent / str(values["file"])
    target = folder / source.name
    shutil.copyfile(source, target)
    with target.open("rb") as handle:
        sha = hashlib.file_digest(handle, "sha256").hexdigest()
    item = {**{k: (str(v) if v is not None else None) for k, v in values.items()},
            "id": item_id, "sha256": sha, "size": target.stat().st_size}
    tmp = out / "items" / f".{item_id}.json.part"
    tmp.write_text(json.dumps(item, indent=2, ensure_ascii=False) + "\\n", encoding="utf-8")
    os.replace(tmp, out / "items" / f"{item_id}.json")
'''


def run(command: list[str], cwd: Path) -> None:
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=ENV)
    if done.returncode:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stdout}{done.stderr}")


def init(folder: Path, selfassess: list[str]) -> Path:
    run(
        [
            *selfassess,
            "init",
            str(folder),
            "--council",
            COUNCIL,
            "--framework",
            FRAMEWORK,
            "--no-input",
        ],
        folder.parent,
    )
    return folder


def document_text(n: int) -> str:
    return f"Document {n}. " + " ".join(
        ("council", "budget", "scrutiny", "housing", "audit", "risk", "residents")[(n + k) % 7]
        for k in range(200)
    )


def stock(ws: Path, items: int) -> None:
    """``items`` evidence items written straight into the log, each with a small text
    document copied in; one in 40 of them pre-reading."""
    items_dir = ws / "evidence" / "items"
    items_dir.mkdir(parents=True, exist_ok=True)
    added = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    for n in range(1, items + 1):
        item_id = f"E-{n:03d}"
        folder = ws / "evidence" / "files" / item_id
        folder.mkdir(parents=True)
        doc = folder / f"document-{n}.txt"
        raw = document_text(n).encode()
        doc.write_bytes(raw)
        item = {
            "id": item_id,
            "title": f"Document {n}",
            "kind": KINDS[n % len(KINDS)],
            "summary": f"Why document {n} matters",
            "date": f"{2023 + n % 3}-{1 + n % 12:02d}-{1 + n % 28:02d}",
            "themes": [THEMES[n % len(THEMES)]],
            "core": n % 40 == 0,
            "handling": {
                "classification": "OFFICIAL-SENSITIVE" if n % 97 == 0 else "OFFICIAL",
                "personal_data": False,
                "exempt": False,
                "published": None,
            },
            "file": {
                "path": f"evidence/files/{item_id}/{doc.name}",
                "linked": False,
                "name": doc.name,
                "size": len(raw),
                "sha256": hashlib.sha256(raw).hexdigest(),
                "mtime_ns": doc.stat().st_mtime_ns,
                "pages": 1,
                "pages_estimated": True,
            },
            "added": added,
        }
        (items_dir / f"{item_id}.json").write_text(json.dumps(item, indent=2) + "\n")


def make_log(folder: Path, rows: int, fmt: str) -> Path:
    """A council's evidence log of ``rows`` rows, with a small document for each."""
    docs = folder / "documents"
    docs.mkdir(parents=True)
    header = ["Ref", "Title", "Summary", "Type", "Date", "Themes", "Pre-reading", "File"]
    table = [header]
    for n in range(1, rows + 1):
        name = f"documents/report-{n:05d}.txt"
        (folder / name).write_text(document_text(n))
        table.append(
            [
                f"EV-{n:05d}",
                f"Report {n}",
                f"Why report {n} matters",
                KINDS[n % len(KINDS)],
                f"{2023 + n % 3}-{1 + n % 12:02d}-{1 + n % 28:02d}",
                THEMES[n % len(THEMES)],
                "yes" if n % 40 == 0 else "no",
                name,
            ]
        )
    if fmt == "xlsx":
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet("Evidence log")
        for row in table:
            sheet.append(row)
        path = folder / "evidence-log.xlsx"
        book.save(path)
        return path
    path = folder / "evidence-log.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(table)
    return path


def once_ms(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    run(command, cwd)
    return (time.perf_counter() - start) * 1000


def growth(work: Path, items: int, selfassess: list[str], runs: int) -> None:
    start = time.perf_counter()
    ws = init(work / f"ws-{items}", selfassess)
    stock(ws, items)
    setup = time.perf_counter() - start
    print(f"workspace with {items:,} evidence items (made in {setup:.1f} s)")
    build = [*selfassess, "pack", "build", "-w", str(ws)]
    first = once_ms(build, work)
    again = median_ms(build, work, runs)
    push = once_ms([*build, "--include-all", "--out", str(work / f"push-{items}")], work)
    validate = median_ms([*selfassess, "validate", str(ws)], work, runs)
    print(f"  pack build, first               {first:9.0f} ms")
    print(f"  pack build, no-op rebuild       {again:9.0f} ms  (goal < 1000 ms)")
    print(f"  pack build --include-all, first {push:9.0f} ms")
    print(f"  validate                        {validate:9.0f} ms\n")


def importing(work: Path, rows: int, fmt: str, selfassess: list[str], runs: int) -> None:
    folder = work / f"log-{rows}-{fmt}"
    log = make_log(folder, rows, fmt)
    plain_script = work / "plain_import.py"
    plain_script.write_text(PLAIN_IMPORT)
    ours, theirs = [], []
    for n in range(runs):
        ws = init(work / f"import-{rows}-{fmt}-{n}", selfassess)
        # each run starts with nothing waiting to be written: the import flushes to disk once
        # at its end, which must not pay for what the run before it left unwritten
        os.sync()
        ours.append(once_ms([*selfassess, "evidence", "import", str(log), "-w", str(ws)], work))
        out = work / f"plain-{rows}-{fmt}-{n}"
        os.sync()
        theirs.append(once_ms([sys.executable, str(plain_script), str(log), str(out)], work))
    mine, plain = statistics.median(ours), statistics.median(theirs)
    print(f"evidence import of a {rows:,}-row .{fmt} log (median of {runs})")
    print(f"  selfassess evidence import      {mine:9.0f} ms")
    print(f"  plain script (read, copy, hash) {plain:9.0f} ms")
    print(f"  ratio: import takes {mine / plain:.2f}x the plain script's time  (goal <= 1.5x)\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2,000 items and 1,000 rows only")
    parser.add_argument("--runs", type=int, default=3, help="runs per timing (median)")
    args = parser.parse_args()
    selfassess = selfassess_command()
    import selfassess as package

    print(machine())
    print(f"selfassess {package.__version__} from {Path(package.__file__).parent}", end="\n\n")
    sizes = (2000,) if args.quick else (2000, 20000)
    logs = ((1000, "csv"),) if args.quick else ((1000, "csv"), (5000, "csv"), (5000, "xlsx"))
    runs = 1 if args.quick else args.runs
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for items in sizes:
            growth(work, items, selfassess, runs)
        for rows, fmt in logs:
            importing(work, rows, fmt, selfassess, runs)


if __name__ == "__main__":
    main()
