"""Start-up and save speed, side by side with the obvious baselines, in one run.

    python benchmarks/startup.py [--runs 15]

Prints the median whole-process time of:
  python -c pass                       (the floor)
  a minimal click group's --help       (the baseline for --help: goal within 1.3x)
  selfassess --help
  selfassess status on the demo
  selfassess validate of a workspace with 80+ answered questions   (goal < 200 ms)
  import click, yaml, jsonschema       (what validate cannot avoid)
and, in-process, the median time to save one interview answer (goal < 20 ms).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from timing import machine, median_ms, selfassess_command

MINIMAL_CLICK = """
import click
@click.group()
def cli():
    '''A minimal group.'''
@cli.command()
def hello():
    '''Say hello.'''
cli(['--help'])
"""


def big_workspace(root: Path) -> Path:
    """The demo council with nine extra focus areas: 81 answered questions."""
    from selfassess import demo
    from selfassess.assessment import answers
    from selfassess.assessment.workspace import Workspace
    from selfassess.datafiles import datafile
    from selfassess.datafiles.resources import data_file

    details = datafile.parse(Path("d.yaml"), data_file("demo", "demo.yaml").read_text())
    shipped = datafile.parse(Path("a.yaml"), data_file("demo", "answers.yaml").read_text())
    extra = [f"Focus area {n}" for n in range(1, 10)]
    ws = Workspace.create(
        root,
        council=details["council"],
        framework_id=demo.FRAMEWORK,
        cycle="2026",
        focus_areas=extra,
    )
    for theme in ws.framework.themes:
        if theme.focus_area:
            for q in theme.questions:
                shipped["answers"][q.id] = (
                    f"An answer for {q.id}, long enough to be realistic. " * 8
                )
    shipped["answers"] = {
        k: v for k, v in shipped["answers"].items() if k in ws.framework.question_index()
    }
    for listing in ("ratings", *answers.THEME_LISTS):
        shipped[listing] = {
            k: v for k, v in shipped[listing].items() if k in ws.framework.theme_ids
        }
    result = answers.check_answers_file(datafile.Loaded(root / "a.yaml", "", shipped), ws.framework)
    assert not result.errors, result.errors
    ws.apply(result)
    return root


def save_ms(root: Path, runs: int) -> float:
    from selfassess.assessment.workspace import Workspace

    ws = Workspace.open(root)
    times = []
    for n in range(runs):
        start = time.perf_counter()
        ws.set_answer(
            "governance-and-culture", "governance.scrutiny", f"Answer number {n}.\nSecond line."
        )
        if n:
            times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    exe = Path(sys.executable)
    selfassess = selfassess_command()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        subprocess.run(
            [*selfassess, "demo", "demo"], cwd=work, check=True, stdout=subprocess.DEVNULL
        )
        big = big_workspace(work / "big")
        from selfassess.assessment.workspace import Workspace

        answered = sum(r.answered for r in Workspace.open(big).progress())
        rows = [
            ("python -c pass", [str(exe), "-c", "pass"]),
            ("minimal click group --help", [str(exe), "-c", MINIMAL_CLICK]),
            ("selfassess --help", [*selfassess, "--help"]),
            ("selfassess status (demo)", [*selfassess, "status", "-w", "demo"]),
            (f"selfassess validate ({answered} answers)", [*selfassess, "validate", "big"]),
            (
                "python -c 'import click, yaml, jsonschema'",
                [str(exe), "-c", "import click, yaml, jsonschema"],
            ),
        ]
        results = {label: median_ms(cmd, work, args.runs) for label, cmd in rows}
        save = save_ms(big, 200)
    print(machine())
    print(f"median of {args.runs} runs, whole process\n")
    width = max(map(len, results))
    for label, ms in results.items():
        print(f"  {label:<{width}}  {ms:7.1f} ms")
    click_help = results["minimal click group --help"]
    print(
        f"\n  --help vs minimal click group: {results['selfassess --help'] / click_help:.2f}x"
        "  (goal <= 1.3x)"
    )
    print(
        f"  validate, {answered} answers: "
        f"{results[f'selfassess validate ({answered} answers)']:.0f} ms  (goal < 200 ms)"
    )
    print(f"  save one interview answer: {save:.2f} ms median of 200  (goal < 20 ms)")


if __name__ == "__main__":
    main()
