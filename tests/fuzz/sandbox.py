"""Running one malformed input: put it in place, run the command in-process under a time
limit, and compare every file before and after. A sandbox is a copy of a template folder
(a workspace, a pack, files from outside); after each case it is put back as it was."""

from __future__ import annotations

import os
import shutil
import signal
import stat
import traceback
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType

from click.testing import CliRunner

from selfassess.cli import cli

SECONDS = 3.0  # a run that works longer than this (processor time) is too slow
WAITING = 20.0  # a run that takes longer than this by the clock is a hang (it may be waiting
# on a pipe, using no processor time); the clock limit is looser, as a busy machine slows it
# a cache of the files that passed their schema: rewritten as a by-product of reading
NOT_SAVED_DATA = ("ws/.selfassess/checked.json",)

Entry = tuple[str, bytes | str | int]


class Hang(BaseException):
    """Raised by the alarm: a BaseException, so neither click nor the library swallows it."""


@contextmanager
def time_limit(seconds: float, waiting: float = WAITING) -> Iterator[None]:
    """Raise :class:`Hang` after ``seconds`` of processor time, or ``waiting`` seconds by
    the clock (a run blocked on a pipe uses no processor time)."""

    def alarm(signum: int, frame: FrameType | None) -> None:
        if signum == signal.SIGPROF:
            raise Hang(f"still working after {seconds:g} s of processor time")
        raise Hang(f"still running after {waiting:g} s")

    previous = {sig: signal.signal(sig, alarm) for sig in (signal.SIGALRM, signal.SIGPROF)}
    signal.setitimer(signal.ITIMER_PROF, seconds)
    signal.setitimer(signal.ITIMER_REAL, waiting)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.setitimer(signal.ITIMER_PROF, 0)
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def snapshot(root: Path) -> dict[str, Entry]:
    """Every entry under ``root`` by relative path, without following links or opening
    anything: a file by its size, change time and inode (a write changes one of them; the
    bytes are compared only where it did)."""
    found: dict[str, Entry] = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(folder, name)
            rel = path.relative_to(root).as_posix()
            info = path.lstat()
            if stat.S_ISLNK(info.st_mode):
                found[rel] = ("link", os.readlink(path))
            elif stat.S_ISREG(info.st_mode):
                found[rel] = ("file", f"{info.st_size}:{info.st_mtime_ns}:{info.st_ino}")
            elif stat.S_ISDIR(info.st_mode):
                found[rel] = ("dir", 0)
            else:
                found[rel] = ("other", stat.S_IFMT(info.st_mode))
    return found


def contents(root: Path) -> dict[str, bytes]:
    """The bytes of every regular file under ``root``."""
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in root.rglob("*")
        if path.is_file() and not path.is_symlink()
    }


def remove(path: Path) -> None:
    if path.is_symlink() or (path.exists() and not path.is_dir()):
        path.unlink()
    elif path.is_dir():
        shutil.rmtree(path)


def place(path: Path, change: bytes | str) -> None:
    """Put a malformed input (bytes, or a special) where ``path`` was."""
    remove(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(change, bytes):
        path.write_bytes(change)
    elif change == "folder":
        (path / "inside").mkdir(parents=True)
    elif change == "fifo":
        os.mkfifo(path)
    elif change == "symlink-loop":
        os.symlink(path.name, path)
    elif change == "symlink-dev-null":
        os.symlink(os.devnull, path)
    else:
        assert change == "missing", change


@dataclass
class Sandbox:
    template: Path
    root: Path
    original: dict[str, bytes] = field(default_factory=dict)
    state: dict[str, Entry] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.original = contents(self.template)
        self._copy()

    def _copy(self) -> None:
        if self.root.exists():
            shutil.rmtree(self.root)
        shutil.copytree(self.template, self.root, symlinks=True)
        self.state = snapshot(self.root)

    def reset(self, target: str) -> None:
        """Back to the template: the target, then whatever else a run added or changed
        (a copy of the whole template if that is not enough)."""
        for rel in sorted(self._moved({target}), key=len, reverse=True):
            remove(self.root / rel)
        for rel in sorted(self._moved({target})):
            entry = self.state.get(rel)
            if entry is not None and entry[0] == "dir":
                (self.root / rel).mkdir(parents=True, exist_ok=True)
            elif rel in self.original:
                (self.root / rel).parent.mkdir(parents=True, exist_ok=True)
                (self.root / rel).write_bytes(self.original[rel])
        now = snapshot(self.root)
        for rel in self._moved({target}, now):
            if rel in self.original and (self.root / rel).read_bytes() == self.original[rel]:
                self.state[rel] = now[rel]  # rewritten as it was (a new change time)
        if self._moved(set(), now):
            self._copy()

    def _moved(self, also: set[str], now: dict[str, Entry] | None = None) -> set[str]:
        now = snapshot(self.root) if now is None else now
        moved = {
            rel for rel in now.keys() | self.state.keys() if now.get(rel) != self.state.get(rel)
        }
        return (moved | also) - set(NOT_SAVED_DATA)

    def changed(
        self, outcome: Outcome, target: str | None, placed: bytes | str | None
    ) -> list[str]:
        """The regular files a refusal changed (or removed), by their bytes."""
        out = []
        for rel, entry in outcome.before.items():
            if rel in NOT_SAVED_DATA or entry[0] != "file" or outcome.after.get(rel) == entry:
                continue
            before = placed if rel == target else self.original.get(rel)
            path = self.root / rel
            now = path.read_bytes() if path.is_file() and not path.is_symlink() else None
            if now != before:
                out.append(
                    f"changed on refusal: {rel}"
                    if now is not None
                    else f"removed on refusal: {rel}"
                )
        return out


@dataclass
class Outcome:
    exit_code: int
    output: str
    exception: BaseException | None
    before: dict[str, Entry]
    after: dict[str, Entry]

    def problems(self, must_refuse: bool) -> list[str]:
        found: list[str] = []
        if isinstance(self.exception, Hang):
            found.append(f"hang: {self.exception} ({where(self.exception)})")
        elif self.exception is not None and not isinstance(self.exception, SystemExit):
            kind = type(self.exception).__name__
            found.append(
                f"traceback: {kind}: {str(self.exception)[:200]} ({where(self.exception)})"
            )
        elif self.exit_code not in (0, 1, 2):
            found.append(f"exit {self.exit_code}, not 0, 1 or 2")
        if must_refuse and self.exit_code == 0:
            found.append("accepted: exit 0 where only a refusal is right")
        return found

    @property
    def refused(self) -> bool:
        return self.exit_code != 0 and not isinstance(self.exception, Hang)


def where(exc: BaseException) -> str:
    """Where an exception was raised: the innermost frame in selfassess, and the innermost."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if f"{os.sep}selfassess{os.sep}" in f.filename]
    parts = []
    for label, frame in (
        ("in selfassess", ours[-1] if ours else None),
        ("raised", frames[-1] if frames else None),
    ):
        if frame is not None:
            module = Path(frame.filename).with_suffix("").as_posix()
            module = (
                module.split("/selfassess/", 1)[-1].replace("/", ".")
                if "/selfassess/" in module
                else Path(module).name
            )
            parts.append(f"{label} {module}:{frame.name} line {frame.lineno}")
    return "; ".join(parts)


def invoke(root: Path, args: list[str]) -> Outcome:
    before = snapshot(root)
    exception: BaseException | None = None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a warning is printed to the user, not a traceback
        try:
            with time_limit(SECONDS):
                result = CliRunner().invoke(cli, args, catch_exceptions=True)
            exit_code, output, exception = result.exit_code, result.output, result.exception
        except Hang as hang:
            exit_code, output, exception = -1, "", hang
    return Outcome(exit_code, output, exception, before, snapshot(root))
