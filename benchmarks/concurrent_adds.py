"""Concurrent writers: N `selfassess evidence add` started together on one workspace, many
rounds, as a council's script might run them.

    python benchmarks/concurrent_adds.py [--rounds 50] [--writers 4] [--wait 30]

Prints, with the machine: rounds, adds that failed, ids given twice (collisions), items
lost (an add that said it succeeded but whose item or document is missing), whether the
workspace validates at the end, and the wall time per round. Goal: 0 failed, 0 collisions,
0 lost, valid.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from timing import ENV, machine, selfassess_command

ADDED = re.compile(r"^Added (E-\d+):", re.MULTILINE)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--wait", default="30", help="SELFASSESS_LOCK_WAIT for each writer")
    args = parser.parse_args()
    command = selfassess_command()
    env = {**ENV, "SELFASSESS_LOCK_WAIT": args.wait}
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        ws = base / "ws"
        subprocess.run(
            [*command, "init", str(ws), "--council", "Benchmark Borough Council",
             "--framework", "corporate-peer-challenge", "--no-input"],
            check=True, stdout=subprocess.DEVNULL, env=env,
        )  # fmt: skip
        said: list[str] = []  # the ids the writers said they added
        failed = 0
        started = time.perf_counter()
        for r in range(args.rounds):
            sources = []
            for w in range(args.writers):
                source = base / "in" / f"doc-{r}-{w}.txt"
                source.parent.mkdir(exist_ok=True)
                source.write_text(f"round {r} writer {w}\n", encoding="utf-8")
                sources.append(source)
            adds = [_add(command, source, ws, env) for source in sources]
            for add in adds:
                out, err = add.communicate()
                if add.returncode != 0:
                    failed += 1
                    print(f"round {r}: exit {add.returncode}: {err.strip()}", file=sys.stderr)
                said += ADDED.findall(out)
        elapsed = time.perf_counter() - started
        collisions = sum(n - 1 for n in Counter(said).values() if n > 1)
        items = ws / "evidence" / "items"
        lost = 0
        for item_id in set(said):
            path = items / f"{item_id}.json"
            if not path.exists():
                lost += 1
                continue
            stored = json.loads(path.read_text(encoding="utf-8"))["file"]["path"]
            lost += not (ws / stored).is_file()
        on_disk = len(list(items.glob("E-*.json")))
        check = subprocess.run(
            [*command, "validate", "-w", str(ws)], capture_output=True, text=True, env=env
        )
    print(machine())
    print(f"rounds: {args.rounds} x {args.writers} writers ({os.cpu_count()} cores)")
    print(f"adds that failed: {failed}")
    print(f"ids given twice (collisions): {collisions}")
    print(f"items lost (said added, item or document missing): {lost}")
    print(f"items on disk: {on_disk} (expected {args.rounds * args.writers - failed})")
    print(f"validate: {'passes' if check.returncode == 0 else 'FAILS: ' + check.stdout}")
    print(f"wall time: {elapsed:.1f} s, {elapsed / args.rounds:.2f} s a round")


def _add(command: list[str], source: Path, ws: Path, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*command, "evidence", "add", str(source), "-w", str(ws), "--no-input"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


if __name__ == "__main__":
    main()
