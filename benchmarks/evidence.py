"""Evidence, pack and search speed, side by side with the obvious alternatives, in one run.

    python benchmarks/evidence.py [--mb 300] [--items 2000] [--docs 5000] [--runs 7]

Prints, with the machine:
  hashing the documents (hashlib, as pack build and evidence add do) vs sha256sum
  a no-op rebuild of a workspace with --items evidence items          (goal < 1 s)
  query over --docs documents (~5 KB of text each) vs selfassess --help and grep -ril
  the demo's pack, pull vs --include-all: size and file count
  validate and status of the --items workspace vs check-jsonschema on the same items
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from timing import machine, median_ms, selfassess_command

WORDS = [
    "council",
    "plan",
    "priorities",
    "outcomes",
    "residents",
    "scrutiny",
    "committee",
    "audit",
    "governance",
    "reserves",
    "budget",
    "savings",
    "transformation",
    "workforce",
    "housing",
    "homelessness",
    "temporary",
    "accommodation",
    "partnership",
    "health",
    "wellbeing",
    "economy",
    "regeneration",
    "planning",
    "performance",
    "risk",
    "register",
    "assurance",
    "culture",
    "leadership",
    "cabinet",
    "member",
    "officer",
    "capacity",
    "digital",
    "data",
    "equality",
]


def prose(rng: random.Random, size: int) -> str:
    words, total = [], 0
    while total < size:
        word = rng.choice(WORDS)
        words.append(word)
        total += len(word) + 1
    return " ".join(words)


def make_workspace(root: Path, items: int, text_bytes: int, seed: int) -> Path:
    """A workspace with ``items`` small text documents, one in 40 of them pre-reading."""
    from selfassess.assessment.workspace import Workspace
    from selfassess.evidence.evidence_log import Register, add
    from selfassess.evidence.model import EvidenceItem

    ws = Workspace.create(
        root / "ws",
        council="Benchmark Borough Council",
        framework_id="corporate-peer-challenge",
        cycle="2026",
    )
    incoming = root / "incoming"
    incoming.mkdir()
    rng = random.Random(seed)
    register = Register(ws.root)
    themes = ws.framework.theme_ids
    for n in range(1, items + 1):
        doc = incoming / f"doc-{n:05d}.txt"
        doc.write_text(prose(rng, text_bytes))
        template = EvidenceItem(
            id="E-000",
            title=f"Document {n}",
            summary=f"Summary of document {n}",
            kind="other",
            themes=[themes[n % len(themes)]],
            core=n % 40 == 0,
        )
        add(register, str(doc), template, themes, [])
    return ws.root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=300, help="volume of documents to hash")
    parser.add_argument("--items", type=int, default=2000)
    parser.add_argument("--docs", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--only", choices=["hashing", "rebuild", "search", "demo"], help="run one part only"
    )
    args = parser.parse_args()
    selfassess = selfassess_command()
    print(machine(), end="\n\n")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        wanted = {args.only} if args.only else {"hashing", "rebuild", "search", "demo"}
        if "hashing" in wanted:
            hashing(work, args.mb)
        if "rebuild" in wanted:
            rebuild_and_validate(work, args.items, selfassess, args.runs)
        if "search" in wanted:
            searching(work, args.docs, selfassess, args.runs)
        if "demo" in wanted:
            demo_sizes(work, selfassess)


def hashing(work: Path, mb: int) -> None:
    from selfassess.evidence.evidence_log import hash_file

    free = shutil.disk_usage(work).free // 2**20
    if free < mb * 3:
        print(f"hashing: skipped, {free} MB free is less than 3 x {mb} MB\n")
        return
    folder = work / "hashing"
    folder.mkdir()
    files = []
    for n in range(max(1, mb // 10)):
        path = folder / f"doc-{n:03d}.bin"
        path.write_bytes(os.urandom(10 * 2**20))
        files.append(path)
    total = sum(p.stat().st_size for p in files) / 2**20
    for path in files:  # warm the page cache for both contenders
        path.read_bytes()
    start = time.perf_counter()
    for path in files:
        hash_file(path)
    ours = time.perf_counter() - start
    start = time.perf_counter()
    subprocess.run(["sha256sum", *map(str, files)], stdout=subprocess.DEVNULL, check=True)
    theirs = time.perf_counter() - start
    print(f"hashing {total:.0f} MB in {len(files)} files (page cache warm)")
    print(f"  selfassess (hashlib.file_digest)  {total / ours:7.0f} MB/s")
    print(f"  sha256sum                         {total / theirs:7.0f} MB/s")
    print(f"  ratio: selfassess is {theirs / ours:.2f}x the speed of sha256sum  (goal >= 1x)\n")
    shutil.rmtree(folder)


def rebuild_and_validate(work: Path, items: int, selfassess: list[str], runs: int) -> None:
    start = time.perf_counter()
    ws = make_workspace(work / "rebuild", items, 2000, seed=1)
    setup = time.perf_counter() - start
    first = median_ms([*selfassess, "pack", "build", "-w", str(ws)], work, 1, warm=False)
    again = median_ms([*selfassess, "pack", "build", "-w", str(ws)], work, runs)
    print(f"workspace with {items} evidence items (made in {setup:.1f} s through 'evidence add')")
    print(f"  pack build, first             {first:7.0f} ms")
    print(f"  pack build, no-op rebuild     {again:7.0f} ms  (goal < 1000 ms)")
    validate = median_ms([*selfassess, "validate", str(ws)], work, runs)
    status = median_ms([*selfassess, "status", "-w", str(ws)], work, runs)
    print(f"  validate                      {validate:7.0f} ms")
    print(f"  status                        {status:7.0f} ms")
    checker = shutil.which(
        "check-jsonschema", path=str(Path(sys.executable).parent)
    ) or shutil.which("check-jsonschema")
    if checker:
        from selfassess.datafiles.resources import data_file

        schema = str(data_file("schemas", "evidence.schema.json"))
        item_files = sorted(str(p) for p in (ws / "evidence" / "items").glob("*.json"))
        other = median_ms([checker, "--schemafile", schema, *item_files], work, max(3, runs // 2))
        print(f"  check-jsonschema (items only) {other:7.0f} ms")
        print(
            f"  ratio: validate takes {validate / other:.2f}x check-jsonschema's time"
            "  (goal <= 0.5x)\n"
        )
    else:
        print("  check-jsonschema: not installed (pip install check-jsonschema to compare)\n")


def searching(work: Path, docs: int, selfassess: list[str], runs: int) -> None:
    from selfassess.assessment.workspace import Workspace
    from selfassess.evidence.handling import Rules
    from selfassess.pack import builder

    ws_root = make_workspace(work / "search", docs, 5000, seed=2)
    ws = Workspace.open(ws_root)
    built = builder.build(ws, builder.BuildOptions(rules=Rules(include_all=True)))
    text_dir = ws_root / "evidence" / "files"  # plain text documents: grep reads them as they are
    text_mb = sum(p.stat().st_size for p in text_dir.rglob("*.txt")) / 2**20
    query = median_ms(
        [*selfassess, "query", "temporary accommodation scrutiny", "--pack", str(built.path)],
        work,
        runs,
    )
    help_ = median_ms([*selfassess, "--help"], work, runs)
    grep = median_ms(["grep", "-ril", "temporary accommodation", str(text_dir)], work, runs)
    print(f"query over {docs} documents ({text_mb:.0f} MB of text), median of {runs}")
    print(f"  selfassess query --pack       {query:7.0f} ms")
    print(
        f"  selfassess --help             {help_:7.0f} ms   query/help = {query / help_:.2f}x"
        "  (goal <= 1.5x)"
    )
    print(
        f"  grep -ril (same text)         {grep:7.0f} ms   query/grep = {query / grep:.2f}x"
        "  (goal < 1x)\n"
    )


def demo_sizes(work: Path, selfassess: list[str]) -> None:
    subprocess.run([*selfassess, "demo", "demo"], cwd=work, stdout=subprocess.DEVNULL, check=True)
    subprocess.run(
        [*selfassess, "pack", "build", "-w", "demo", "--include-all", "--out", "push"],
        cwd=work,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=True,
    )
    print("the demo's pack")
    for label, path in (
        ("pull (default)", work / "demo" / "packs" / "v1"),
        ("push (--include-all)", work / "push"),
    ):
        files = [p for p in path.rglob("*") if p.is_file()]
        size = sum(p.stat().st_size for p in files) / 1024
        print(f"  {label:<22} {len(files):4d} files  {size:7.0f} KB")


if __name__ == "__main__":
    main()
