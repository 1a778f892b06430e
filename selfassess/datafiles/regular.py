"""Opening a workspace data file that must be a regular file: never waiting on a pipe with
nobody at the other end, never reading a device, a folder or a link that loops, and turning
each way it can fail into one message that names the file and says what to do.

Every reader and appender of the workspace's data files opens them here (the YAML and JSON
files through :func:`selfassess.datafiles.datafile.read_text`, the activity log, the pack
history, the schema-check cache), so a file in a strange state is refused in one way.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from selfassess.errors import FileProblem, Problem, SelfAssessError

# A pipe opened without this blocks until someone opens the other end: perhaps never.
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_BINARY = getattr(os, "O_BINARY", 0)

NOT_REGULAR = "not a regular file (a pipe, a device or a socket?)"
_REMOVE = "remove it; selfassess keeps only ordinary files here"


def os_problem(path: Path, exc: OSError) -> FileProblem:
    """The located error for an operating-system failure on ``path``."""
    name = str(path)
    number = exc.errno
    if number == errno.ENOENT:
        return FileProblem(Problem(name, "no such file"))
    if number == errno.EISDIR:
        return FileProblem(Problem(name, "is a folder, not a file"), hint=_REMOVE)
    if number in (errno.EACCES, errno.EPERM):
        return FileProblem(Problem(name, "permission denied"), hint="check you can read the file")
    if number == errno.ELOOP:
        return FileProblem(
            Problem(name, "a symbolic link that leads round in a loop, not a file"),
            hint="remove the link, or point it at the real file",
        )
    if number == errno.ENXIO:  # a pipe nobody reads, or a device that is not there
        return FileProblem(Problem(name, NOT_REGULAR), hint=_REMOVE)
    return FileProblem(
        Problem(name, f"cannot be opened ({(exc.strerror or str(exc)).lower()})"),
        hint="check the file and the disk it is on",
    )


def _open(path: Path, flags: int, mode: int = 0o644) -> int:
    """An open descriptor of the regular file ``path``; anything else is refused at once."""
    try:
        fd = os.open(path, flags | _NONBLOCK | _BINARY, mode)
    except OSError as exc:
        raise os_problem(path, exc) from None
    try:
        kind = os.fstat(fd).st_mode
        if stat.S_ISDIR(kind):
            raise FileProblem(Problem(str(path), "is a folder, not a file"), hint=_REMOVE)
        if not stat.S_ISREG(kind):
            raise FileProblem(Problem(str(path), NOT_REGULAR), hint=_REMOVE)
        if _NONBLOCK:
            os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


def open_to_read(path: Path) -> int:
    """An open descriptor for reading the regular file ``path``; a folder, a pipe, a device
    or a link that loops is refused at once."""
    return _open(path, os.O_RDONLY)


def read_bytes(path: Path, limit: int | None = None, too_big_hint: str | None = None) -> bytes:
    """The bytes of the regular file ``path``, refusing one over ``limit`` bytes."""
    fd = open_to_read(path)
    try:
        size = os.fstat(fd).st_size
        if limit is not None and size > limit:
            raise FileProblem(
                Problem(
                    str(path),
                    f"the file is {size / 1e6:.1f} MB, over the {limit / 1e6:.0f} MB limit",
                ),
                hint=too_big_hint,
            )
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as exc:
        raise os_problem(path, exc) from None
    finally:
        os.close(fd)


def decode(path: Path, raw: bytes, hint: str | None = None) -> str:
    """UTF-8 text (a byte-order mark is dropped), or a located error at the first bad byte."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise FileProblem(
            Problem(
                str(path), f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02x})", line=line
            ),
            hint=hint or "save it as UTF-8 (in Excel or Word: 'Save as', encoding UTF-8)",
        ) from None


def open_to_append(path: Path) -> int:
    """An open descriptor for appending to the regular file ``path`` (made when missing);
    a folder, a pipe, a device or a link that loops is refused at once."""
    return _open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT)


def append(path: Path, data: bytes) -> None:
    """Append ``data`` to the regular file ``path`` (made when missing) in one write: an
    append this short is atomic on every local file system."""
    fd = open_to_append(path)
    try:
        os.write(fd, data)
    except OSError as exc:
        raise os_problem(path, exc) from None
    finally:
        os.close(fd)


def write_through(path: Path, data: bytes) -> None:
    """Write to a device or a pipe the user named as an output, refusing at once a pipe
    nobody reads (opening it for writing would wait for a reader, perhaps for ever)."""
    try:
        fd = os.open(path, os.O_WRONLY | _NONBLOCK | _BINARY)
    except OSError as exc:
        if exc.errno == errno.ENXIO:
            raise SelfAssessError(
                f"{path}: nothing is reading from this pipe; nothing was written",
                hint="start the program that reads it first, or write to a file",
            ) from None
        raise
    try:
        if _NONBLOCK:
            os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def is_present(path: Path) -> bool:
    """Whether something is at ``path``, a link that loops included (``Path.exists`` says a
    loop is not there, and the file would then be silently taken as empty or missing)."""
    return path.exists() or path.is_symlink()


def make_folder(path: Path, *, exist_ok: bool = True) -> None:
    """Make the folder ``path`` and its parents; a file, a pipe or a link that loops in the
    way is named (the first part of the path that is not a folder), never a traceback."""
    try:
        path.mkdir(parents=True, exist_ok=exist_ok)
    except FileExistsError:
        if not exist_ok and path.is_dir():
            raise
        raise _in_the_way(path) from None
    except OSError as exc:
        if exc.errno in (errno.ENOTDIR, errno.ELOOP, errno.EEXIST):
            raise _in_the_way(path) from None
        raise os_problem(path, exc) from None


def _in_the_way(path: Path) -> FileProblem:
    """The located error for the first part of ``path`` that is there but is not a folder."""
    for part in [*reversed(path.parents), path]:
        if is_present(part) and not part.is_dir():
            blocker = part
            break
    else:
        blocker = path
    return FileProblem(
        Problem(str(blocker), "should be a folder, but is a file, a pipe or a broken link"),
        hint="move it out of the way; selfassess makes this folder itself",
    )
