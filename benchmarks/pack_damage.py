"""`pack verify` under damage: damaged zip packs, and every byte of a manifest flipped.

    python benchmarks/pack_damage.py [--packs 300] [--seed 11] [--positions all|N] [--xor 1]

Re-measures two rows of issue 11's table on the current code, on the demo's workspace
(`selfassess demo`):

1. Damaged zip packs. Builds a zip pack (`pack build --zip`), then makes N damaged copies
   (seeded): a third with bytes flipped anywhere, a third with bytes flipped in the zip's
   central directory, a third truncated at a random length. Runs the real command,
   `selfassess pack verify PACK`, on each (10 s timeout) and counts tracebacks ('Traceback'
   in the output, or an exit other than 0, 1 or 2), hangs (over 10 s twice: a run over
   10 s that finishes when run again was a busy machine, and is counted apart), exit 1
   naming a member (or only the file), and exit 0. An exit 0 is a miss unless the damage
   was harmless: every member reads back byte-identical with Python's zipfile. Beside it, on the same files, `unzip
   -tq` (or `python -m zipfile -t` where unzip is missing): how many it flags, what it
   misses, and the time per pack of each.
2. Manifest byte flips. Builds a folder pack and takes the fingerprint `pack build` printed,
   then flips each byte of its manifest.json in turn (XOR one value; every position, or a
   seeded sample of N) and counts the flips that `pack verify` does not notice, without and
   with `--fingerprint`. The flips run the library in-process (reader.verify, what the
   command calls), for speed; one flip of each kind of result is re-run through the real
   command to check that its exit agrees. Beside it, the manifest's own hashes checked the
   way `sha256sum -c` checks a list: each listed file hashed against the flipped list.

Prints the machine (and its load average: other work slows every figure), the figures
and a summary table. Not part of the test suite: it takes a minute or two on 2 idle cores.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from timing import ENV, machine, selfassess_command

TIMEOUT = 10.0
BUILT = re.compile(r"^Built pack version \d+: (.+)$", re.MULTILINE)
FINGERPRINT = re.compile(r"^Fingerprint: ([0-9a-f]{64})", re.MULTILINE)
KEEP = Path(tempfile.gettempdir()) / "pack-damage"
KINDS = ("flip anywhere", "flip in the central directory", "truncate")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--packs", type=int, default=300, help="damaged zip packs")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument(
        "--positions",
        default="all",
        help="manifest positions to flip: 'all', or a number for a seeded sample",
    )
    parser.add_argument("--xor", type=lambda s: int(s, 0), default=1, help="the flip (1-255)")
    parser.add_argument(
        "--alternative",
        choices=("unzip", "zipfile"),
        default="unzip" if shutil.which("unzip") else "zipfile",
        help="the zip tester beside 'pack verify' (default: unzip -tq when installed)",
    )
    args = parser.parse_args()
    command = selfassess_command()
    load = f"{os.getloadavg()[0]:.1f}"  # other work on the machine slows every figure
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        ws = base / "demo"
        run([*command, "demo", str(ws)])
        zipped, _ = build(command, ws, "--zip")
        zips = damaged_zips(command, base, zipped, args)
        pack, fp = build(command, ws, "--rebuild")
        flips = manifest_flips(command, pack, fp, args)
    print(f"{machine()}, load average {load} at the start, {os.getloadavg()[0]:.1f} at the end")
    zips.report()
    flips.report()
    summary(zips, flips)


def run(argv: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, capture_output=True, text=True, env=ENV, check=True, **kwargs)


def build(command: list[str], ws: Path, option: str) -> tuple[Path, str]:
    """A new pack of the workspace: where it is, and the fingerprint `pack build` printed."""
    out = run([*command, "pack", "build", "-w", str(ws), option]).stdout
    where, fp = BUILT.search(out), FINGERPRINT.search(out)
    assert where and fp, f"unexpected 'pack build' output:\n{out}"
    path = Path(where.group(1))
    return (path if path.is_absolute() else Path.cwd() / path), fp.group(1)


# --- 1. damaged zip packs ---------------------------------------------------------------


@dataclass
class ZipFigures:
    packs: int
    alternative: str
    outcomes: Counter[str] = field(default_factory=Counter)
    by_kind: dict[str, Counter[str]] = field(default_factory=dict)
    harmless: int = 0  # damaged packs whose members all read back byte-identical
    alt_flagged: int = 0
    alt_missed: int = 0  # harmful damage the alternative passed
    alt_hangs: int = 0
    retried: int = 0  # runs over 10 s that finished in time when run again
    verify_ms: list[float] = field(default_factory=list)
    alt_ms: list[float] = field(default_factory=list)
    examples: dict[str, str] = field(default_factory=dict)  # outcome: a reproduction

    def report(self) -> None:
        print(
            f"\n1. pack verify on {self.packs} damaged zip packs (the real command, 10 s timeout)"
        )
        for kind, counts in self.by_kind.items():
            print(f"   {kind}: " + ", ".join(f"{k} {n}" for k, n in sorted(counts.items())))
        for outcome in OUTCOMES:
            print(f"   {outcome}: {self.outcomes.get(outcome, 0)}")
        print(f"   (runs over 10 s once but not when run again, not counted: {self.retried})")
        print(f"   damage that was harmless (every member reads back identical): {self.harmless}")
        print(
            f"   {self.alternative}: flags {self.alt_flagged} of {self.packs}, passes "
            f"{self.alt_missed} whose damage was not harmless, hangs {self.alt_hangs}"
        )
        verify, alt = statistics.median(self.verify_ms), statistics.median(self.alt_ms)
        print(
            f"   time per pack (median): pack verify {verify:.0f} ms, {self.alternative} "
            f"{alt:.0f} ms ({verify / alt:.1f}x)"
        )
        for outcome, example in self.examples.items():
            print(f"   example, {outcome}: {example}")


OUTCOMES = (
    "tracebacks",
    "hangs over 10 s",
    "exit 1 naming a member",
    "exit 1 naming only the file",
    "exit 1 naming neither",
    "exit 2",
    "exit 0, damage harmless",
    "exit 0, damage NOT harmless (missed)",
)
BAD = {OUTCOMES[i] for i in (0, 1, 4, 5, 7)}  # each of these is shown with a reproduction


def damaged_zips(
    command: list[str], base: Path, pack: Path, args: argparse.Namespace
) -> ZipFigures:
    original = pack.read_bytes()
    with zipfile.ZipFile(pack) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
        directory = archive.start_dir  # where the central directory begins
    rng = random.Random(args.seed)
    figures = ZipFigures(args.packs, "unzip -tq" if args.alternative == "unzip" else "zipfile -t")
    alt = (
        ["unzip", "-tq"] if args.alternative == "unzip" else [sys.executable, "-m", "zipfile", "-t"]
    )
    folder = base / "damaged"
    folder.mkdir()
    for n in range(args.packs):
        kind = KINDS[n % len(KINDS)]
        damaged, how = damage(original, directory, kind, rng)
        path = folder / f"{n:03d}.zip"
        path.write_bytes(damaged)
        harmless = reads_back(path, members)
        figures.harmless += harmless
        outcome, output, ms = verify_zip(command, path, members)
        if outcome == OUTCOMES[1]:  # a hang only if it hangs again: not a busy machine
            outcome, output, _ = verify_zip(command, path, members)
            figures.retried += outcome != OUTCOMES[1]
        if outcome.startswith("exit 0"):
            outcome = OUTCOMES[6] if harmless else OUTCOMES[7]
        figures.outcomes[outcome] += 1
        figures.by_kind.setdefault(kind, Counter())[outcome.split(",")[0]] += 1
        figures.verify_ms.append(ms)
        if outcome in BAD and outcome not in figures.examples:
            keep = KEEP / f"{n:03d}.zip"  # outlives the run, for a reproduction
            KEEP.mkdir(exist_ok=True)
            shutil.copyfile(path, keep)
            figures.examples[outcome] = f"{keep} ({how}): {output[-300:]!r}"
        flagged, alt_ms = alternative(alt, path)
        figures.alt_ms.append(alt_ms)
        figures.alt_hangs += flagged is None
        figures.alt_flagged += bool(flagged)
        if flagged is False and not harmless:
            figures.alt_missed += 1
            if "alternative passes" not in figures.examples:
                KEEP.mkdir(exist_ok=True)
                shutil.copyfile(path, KEEP / f"{n:03d}.zip")
                figures.examples["alternative passes"] = (
                    f"{KEEP / f'{n:03d}.zip'} ({how}): pack verify says {output[-200:]!r}"
                )
    return figures


def damage(data: bytes, directory: int, kind: str, rng: random.Random) -> tuple[bytes, str]:
    """A damaged copy of ``data``, and what was done to it."""
    if kind == "truncate":
        length = rng.randrange(len(data))
        return data[:length], f"truncated to {length} of {len(data)} bytes"
    start = 0 if kind == "flip anywhere" else directory
    out = bytearray(data)
    flips = []
    for _ in range(rng.randint(1, 4)):
        at, xor = rng.randrange(start, len(data)), rng.randrange(1, 256)
        out[at] ^= xor
        flips.append(f"{at}^{xor:#04x}")
    return bytes(out), "bytes flipped at " + " ".join(flips)


def reads_back(path: Path, members: dict[str, bytes]) -> bool:
    """Whether every member of the damaged zip reads back byte-identical, and no other."""
    try:
        with zipfile.ZipFile(path) as archive:
            if sorted(archive.namelist()) != sorted(members):
                return False
            return all(archive.read(name) == data for name, data in members.items())
    except Exception:  # any failure to read it back: the damage was not harmless
        return False


def verify_zip(command: list[str], path: Path, members: dict[str, bytes]) -> tuple[str, str, float]:
    """The outcome of `pack verify PATH`, its output, and its wall time in ms."""
    start = time.perf_counter()
    try:
        done = subprocess.run(
            [*command, "pack", "verify", str(path)],
            capture_output=True, text=True, env=ENV, timeout=TIMEOUT,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        return OUTCOMES[1], "", (time.perf_counter() - start) * 1000
    ms = (time.perf_counter() - start) * 1000
    output = done.stdout + done.stderr
    if "Traceback" in output or done.returncode not in (0, 1, 2):
        return OUTCOMES[0], output, ms
    if done.returncode == 2:
        return OUTCOMES[5], output, ms
    if done.returncode == 0:
        return "exit 0", output, ms
    if any(f"'{name}'" in output or f": {name}" in output for name in members):
        return OUTCOMES[2], output, ms
    return (OUTCOMES[3] if str(path) in output else OUTCOMES[4]), output, ms


def alternative(argv: list[str], path: Path) -> tuple[bool | None, float]:
    """Whether the zip tester flags ``path`` (None: it hung), and its wall time in ms."""
    start = time.perf_counter()
    try:
        done = subprocess.run(
            [*argv, str(path)], stdin=subprocess.DEVNULL, capture_output=True, timeout=TIMEOUT
        )
    except subprocess.TimeoutExpired:
        return None, (time.perf_counter() - start) * 1000
    return done.returncode != 0, (time.perf_counter() - start) * 1000


# --- 2. manifest byte flips -------------------------------------------------------------


@dataclass
class FlipFigures:
    manifest_bytes: int
    positions: int
    how: str
    xor: int
    plain: Counter[str] = field(default_factory=Counter)
    fingerprinted: Counter[str] = field(default_factory=Counter)
    listed: Counter[str] = field(default_factory=Counter)  # the sha256sum -c style check
    plain_ms: list[float] = field(default_factory=list)
    fingerprinted_ms: list[float] = field(default_factory=list)
    listed_ms: list[float] = field(default_factory=list)
    cli: list[str] = field(default_factory=list)  # one real-command run per kind of result
    examples: list[str] = field(default_factory=list)

    def report(self) -> None:
        print(
            f"\n2. manifest byte flips: a folder pack's manifest.json ({self.manifest_bytes} "
            f"bytes), {self.how}, each XOR {self.xor:#04x}; in-process reader.verify"
        )
        for label, counts in (
            ("pack verify", self.plain),
            ("pack verify --fingerprint FP", self.fingerprinted),
            ("the listed hashes, sha256sum -c style", self.listed),
        ):
            print(f"   {label}: " + ", ".join(f"{k} {n}" for k, n in sorted(counts.items())))
        for line in self.cli:
            print(f"   real command: {line}")
        for line in self.examples:
            print(f"   not noticed without a fingerprint, e.g. {line}")
        print(
            "   time per check (median): pack verify "
            f"{statistics.median(self.plain_ms):.2f} ms, with --fingerprint "
            f"{statistics.median(self.fingerprinted_ms):.2f} ms, sha256sum -c style "
            f"{statistics.median(self.listed_ms):.2f} ms ({ratio(self):.1f}x)"
        )


def ratio(flips: FlipFigures) -> float:
    return statistics.median(flips.fingerprinted_ms) / statistics.median(flips.listed_ms)


def manifest_flips(
    command: list[str], pack: Path, fp: str, args: argparse.Namespace
) -> FlipFigures:
    from selfassess.pack import reader  # the library the command calls

    manifest = pack / reader.MANIFEST
    original = manifest.read_bytes()
    assert hashlib.sha256(original).hexdigest() == fp, (
        "the printed fingerprint is not the manifest's"
    )
    if args.positions == "all":
        positions, how = list(range(len(original))), "every position"
    else:
        wanted = min(int(args.positions), len(original))
        positions = sorted(random.Random(args.seed).sample(range(len(original)), wanted))
        how = f"a seeded sample of {wanted} positions (seed {args.seed})"
    figures = FlipFigures(len(original), len(positions), how, args.xor)
    kinds: dict[tuple[str, str], int] = {}
    for at in positions:
        flipped = bytearray(original)
        flipped[at] ^= args.xor
        manifest.write_bytes(flipped)
        plain = in_process(lambda: reader.verify(pack), figures.plain_ms)
        with_fp = in_process(lambda: reader.verify(pack, fp), figures.fingerprinted_ms)
        figures.plain[plain] += 1
        figures.fingerprinted[with_fp] += 1
        figures.listed[listed_check(pack, bytes(flipped), figures.listed_ms)] += 1
        kinds.setdefault((plain, with_fp), at)
        if plain == "missed" and len(figures.examples) < 3:
            figures.examples.append(f"byte {at}: {around(original, at)} -> {around(flipped, at)}")
    for (plain, with_fp), at in kinds.items():
        flipped = bytearray(original)
        flipped[at] ^= args.xor
        manifest.write_bytes(flipped)
        figures.cli.append(cli_agrees(command, pack, fp, at, plain, with_fp))
    manifest.write_bytes(original)
    return figures


def around(raw: bytes | bytearray, at: int) -> str:
    return repr(bytes(raw[max(0, at - 12) : at + 12]).decode("utf-8", "replace"))


def in_process(check: Any, times: list[float]) -> str:
    """'noticed' (exit 1), 'missed' (exit 0) or 'traceback' for one in-process verify."""
    from selfassess.errors import SelfAssessError

    start = time.perf_counter()
    try:
        result = "noticed" if not check().ok else "missed"
    except SelfAssessError:
        result = "noticed"
    except Exception as exc:
        result = f"traceback ({type(exc).__name__})"
    times.append((time.perf_counter() - start) * 1000)
    return result


def listed_check(pack: Path, raw: bytes, times: list[float]) -> str:
    """What checking the manifest's listed hashes alone notices, as `sha256sum -c` does: a
    list it cannot read, a listed file missing, or a hash that differs."""
    start = time.perf_counter()
    result = "missed"
    try:
        files = json.loads(raw.decode("utf-8"))["files"]
        for name, digest in files.items():
            path = pack / name
            if not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != digest:
                result = "noticed"
                break
    except Exception:  # not a list it can read: sha256sum -c fails too
        result = "noticed"
    times.append((time.perf_counter() - start) * 1000)
    return result


def cli_agrees(command: list[str], pack: Path, fp: str, at: int, plain: str, with_fp: str) -> str:
    """Run the real command on one flip and say whether its exits match the in-process ones."""
    expect = {"missed": 0, "noticed": 1}
    runs = []
    for extra, wanted in (([], plain), (["--fingerprint", fp], with_fp)):
        done = subprocess.run(
            [*command, "pack", "verify", str(pack), *extra],
            capture_output=True, text=True, env=ENV, timeout=TIMEOUT,
        )  # fmt: skip
        traceback = "Traceback" in done.stdout + done.stderr
        agrees = not traceback and done.returncode == expect.get(wanted, -1)
        runs.append(f"exit {done.returncode}{' TRACEBACK' if traceback else ''}"
                    f" ({'agrees' if agrees else 'DISAGREES'})")  # fmt: skip
    return f"byte {at} ({plain} / {with_fp} with a fingerprint): {runs[0]}; with --fingerprint {runs[1]}"


# --- the table --------------------------------------------------------------------------


def summary(zips: ZipFigures, flips: FlipFigures) -> None:
    verify, alt = statistics.median(zips.verify_ms), statistics.median(zips.alt_ms)
    rows = [
        (f"`pack verify` on {zips.packs} damaged zip packs: tracebacks",
         str(zips.outcomes[OUTCOMES[0]]), "0",
         f"{zips.alternative}: flags {zips.alt_flagged}"),
        ("  hangs over 10 s", str(zips.outcomes[OUTCOMES[1]]), "0", f"{zips.alt_hangs}"),
        ("  exit 1 naming the member",
         f"{zips.outcomes[OUTCOMES[2]]} (+{zips.outcomes[OUTCOMES[3]]} naming the file)",
         f"all but harmless ({zips.harmless})", ""),
        ("  exit 0 on damage that was not harmless", str(zips.outcomes[OUTCOMES[7]]), "0",
         str(zips.alt_missed)),
        ("  time per pack (median)", f"{verify:.0f} ms", "",
         f"{alt:.0f} ms ({verify / alt:.1f}x)"),
        ("manifest byte flips not noticed by `pack verify`",
         f"{flips.plain['missed']} of {flips.positions}", "", ""),
        ("  ... with a fingerprint", f"{flips.fingerprinted['missed']} of {flips.positions}",
         "0", f"sha256sum -c style: {flips.listed['missed']} of {flips.positions}"),
        ("  time per check (median)", f"{statistics.median(flips.fingerprinted_ms):.2f} ms", "",
         f"{statistics.median(flips.listed_ms):.2f} ms ({ratio(flips):.1f}x)"),
    ]  # fmt: skip
    header = ("measured on this code", "result", "goal", "alternative, same run")
    widths = [max(len(row[i]) for row in (header, *rows)) for i in range(4)]
    print()
    for row in (header, tuple("-" * w for w in widths), *rows):
        print("| " + " | ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) + " |")


if __name__ == "__main__":
    main()
