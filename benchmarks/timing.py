"""What the benchmark scripts share: timing whole commands the way a user runs them."""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

# as installed from a wheel: byte-code cached (a session may set PYTHONDONTWRITEBYTECODE)
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def median_ms(command: list[str], cwd: Path, runs: int, warm: bool = True) -> float:
    """Median wall time of ``runs`` runs; with ``warm``, a first run warms the caches
    (byte-code, page cache) and is dropped."""
    times = []
    for n in range(runs + int(warm)):
        start = time.perf_counter()
        subprocess.run(
            command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV
        )
        if n or not warm:
            times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def selfassess_command() -> list[str]:
    """The console script a user runs, from the same environment as this Python."""
    script = Path(sys.executable).parent / "selfassess"
    return [str(script)] if script.exists() else [sys.executable, "-m", "selfassess"]


def machine() -> str:
    return f"machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}"
