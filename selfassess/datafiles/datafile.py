"""Reading and writing the human-readable data files: size limits, YAML with line numbers,
atomic writes.

Everything that touches a file on disk for the library goes through here, so that every
failure names the file and the place, and no write can leave a half-written file behind.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import json
import os
import re
import stat
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from selfassess.datafiles import regular, yaml_dialect
from selfassess.errors import FileProblem, Problem, SelfAssessError, json_path

MAX_FILE_BYTES = 5 * 1024 * 1024
"""Files larger than this are refused before parsing."""


@dataclass(frozen=True)
class Loaded:
    """A parsed data file, with its text kept so problems can be traced to a line."""

    path: Path
    text: str
    data: Any

    @property
    def name(self) -> str:
        return str(self.path)

    def line_of(self, path: Sequence[str | int]) -> int | None:
        """The 1-based line where the value at JSON path ``path`` starts, if the file has one."""
        if self.path.suffix == ".json":
            return None
        return yaml_line(self.text, path)

    def problem(self, message: str, path: Sequence[str | int] = (), **kw: Any) -> Problem:
        return Problem(self.name, message, json_path(path), self.line_of(path), **kw)


def read_text(path: Path, limit: int = MAX_FILE_BYTES) -> str:
    """Read a UTF-8 text file, refusing oversized, non-UTF-8 and not-regular files (a pipe,
    a device, a folder, a link that loops) with a clear message."""
    raw = regular.read_bytes(
        path,
        limit,
        too_big_hint="a framework, answers or workspace file should be far smaller; "
        "check that this is the right file",
    )
    return regular.decode(path, raw)


def parse(path: Path, text: str) -> Any:
    """Parse YAML (or JSON, which is YAML) text, turning syntax errors into a located error;
    then refuse what parsed but no selfassess file can hold (see :func:`_check_values`)."""
    try:
        data = _parse(path, text)
    except RecursionError:
        raise FileProblem(
            Problem(str(path), f"nested too deeply (more than {MAX_DEPTH} levels)"),
            hint=_NESTING_HINT,
        ) from None
    except ValueError:  # past Python's limit on an integer's digits (4,300)
        digits = re.search(r"\d{4000,}", text)
        raise FileProblem(
            Problem(
                str(path),
                "a number too long to read (over 4,300 digits)",
                line=text.count("\n", 0, digits.start()) + 1 if digits else None,
            ),
            hint="no selfassess file needs a number this long; put it in quotes if it is text",
        ) from None
    _check_values(Loaded(path, text, data))
    return data


MAX_DEPTH = 100
"""Values nested deeper than this are refused: no selfassess file needs half as many."""

_NESTING_HINT = "check for brackets that are opened but never closed"


def _parse(path: Path, text: str) -> Any:
    if path.suffix == ".json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise FileProblem(
                Problem(
                    str(path), f"not valid JSON (column {exc.colno}): {exc.msg}", line=exc.lineno
                )
            ) from None
    try:
        return yaml.load(text, Loader=yaml_dialect.Loader)
    except yaml.MarkedYAMLError as exc:
        raise FileProblem(_yaml_problem(path, exc, text), hint=_YAML_HINT) from None
    except yaml.YAMLError as exc:
        raise FileProblem(Problem(str(path), f"not valid YAML: {exc}")) from None


def _check_values(loaded: Loaded) -> None:
    """Refuse, at the place, what parsed but must not reach the code or a writer: nesting
    deeper than :data:`MAX_DEPTH`, a part repeated by a YAML alias, a key that is not text (JSON's keys always are), and text
    holding a lone surrogate (JSON's ``"\\ud800"``: half a character, which no file can be
    written with)."""
    # only an escape in the text can make a lone surrogate: YAML's reader refuses them
    escapes = "\\u" in loaded.text or "\\U" in loaded.text
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(loaded.data, ())]
    seen: set[int] = set()  # the lists and mappings met: YAML's aliases can repeat one
    while stack:
        value, where = stack.pop()
        if isinstance(value, dict | list):
            if id(value) in seen:  # "*name": refused, as repeats of repeats explode in size
                raise FileProblem(
                    loaded.problem("repeats a part of the file with an alias (*name)", where),
                    hint="write the part out in full where it is needed; selfassess files "
                    "do not use YAML's anchors (&name) and aliases (*name)",
                )
            seen.add(id(value))
        if len(where) > MAX_DEPTH:
            raise FileProblem(
                loaded.problem(f"nested too deeply (more than {MAX_DEPTH} levels)", where[:3]),
                hint=_NESTING_HINT,
            )
        if isinstance(value, dict):
            for key, inner in value.items():
                if not isinstance(key, str):
                    raise FileProblem(
                        loaded.problem(f"the key {key!r} is not text", where),
                        hint="put the key in quotes",
                    )
                if escapes and not _whole_characters(key):
                    raise FileProblem(loaded.problem(_HALF, where), hint=_HALF_HINT)
                stack.append((inner, (*where, key)))
        elif isinstance(value, list):
            stack.extend((inner, (*where, i)) for i, inner in enumerate(value))
        elif escapes and isinstance(value, str) and not _whole_characters(value):
            raise FileProblem(loaded.problem(_HALF, where), hint=_HALF_HINT)


_HALF = "the text holds half a character (a lone surrogate such as \\ud800)"
_HALF_HINT = "remove the escape, or write the character it was meant to be"


def _whole_characters(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


_YAML_HINT = (
    "check the indentation and quoting on that line (text containing ': ' or starting with "
    "a quote, '-' or '#' needs quotes)"
)


def _yaml_problem(path: Path, exc: yaml.MarkedYAMLError, text: str) -> Problem:
    """Point at where the broken construct starts (an unterminated quote, say), not at the
    end of the file where the parser gave up."""
    problem, context = exc.problem or "syntax error", exc.context
    start, found = exc.context_mark, exc.problem_mark
    lines = text.splitlines()
    if found is not None and found.line < len(lines) and "\t" in lines[found.line]:
        return Problem(
            str(path),
            "not valid YAML: this line has a tab; YAML indents with spaces, never tabs",
            line=found.line + 1,
        )
    if context and start is not None:
        where = f" (line {found.line + 1}, column {found.column + 1})" if found else ""
        message = f"not valid YAML (column {start.column + 1}): {context}, {problem}{where}"
        return Problem(str(path), message, line=start.line + 1)
    column = f" (column {found.column + 1})" if found else ""
    return Problem(
        str(path), f"not valid YAML{column}: {problem}", line=found.line + 1 if found else None
    )


def load(path: Path, limit: int = MAX_FILE_BYTES) -> Loaded:
    """Read and parse a data file."""
    text = read_text(path, limit)
    return Loaded(path, text, parse(path, text))


def yaml_line(text: str, path: Sequence[str | int]) -> int | None:
    """Find the line of a value by walking the YAML node tree (used only when reporting)."""
    try:
        node = yaml.compose(text, Loader=yaml_dialect.Loader)
    except yaml.YAMLError:
        return None
    line = node.start_mark.line + 1 if node is not None else None
    for part in path:
        if isinstance(node, yaml.MappingNode):
            pair = next(((k, v) for k, v in node.value if k.value == part), None)
            if pair is None:
                break
            # point at the key: a nested mapping's value starts on the line below it
            line, node = pair[0].start_mark.line + 1, pair[1]
        elif (
            isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value)
        ):
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            break
    return line


def dump_yaml(data: Any) -> str:
    return str(
        yaml.dump(data, Dumper=yaml_dialect.Dumper, sort_keys=False, allow_unicode=True, width=88)
    )


def write_atomic(
    path: Path, text: str | bytes, durable: bool = True, *, to_device: bool = False
) -> None:
    """Write ``text`` to ``path`` so that readers see either the old file or the new one,
    never a half-written one, even if the process is killed mid-write. ``durable=False``
    skips the flush to disk, for caches that can be rebuilt. ``to_device``: see
    :func:`write_all`."""
    write_all({Path(path): text}, durable, to_device=to_device)


def write_all(
    files: Mapping[Path, str | bytes],
    durable: bool = True,
    moving: Mapping[Path, Path] | None = None,
    *,
    to_device: bool = False,
) -> None:
    """Write several files so that either all are replaced or, if one cannot be written,
    none is: every new file is written in full beside its target before any replaces it.
    ``moving``: large files the caller has already written in full and flushed to disk
    (target: where it is, on the same disk), renamed into place with the rest; removed if
    the write fails.

    A link is written through to its target (the link is kept). A pipe or a device where a
    data file should be is refused; only an output the user named (``to_device``: a
    document to ``/dev/stdout``, say) is written through one, and only while something
    reads it."""
    moving = moving or {}
    staged: list[tuple[str, Path]] = []
    direct: dict[Path, str | bytes] = {}
    # many files: one flush to disk for the lot, as a flush per file costs milliseconds each
    one_flush = durable and len(files) > 1 and hasattr(os, "sync")
    made: list[Path] = []  # folders made for the moved files, removed if the write fails
    try:
        for target in moving:
            if not target.parent.is_dir():
                target.parent.mkdir(parents=True)
                made.append(target.parent)
        for path, text in files.items():
            path, through = _where_to_write(path, to_device)
            if through:  # a device or a pipe: it cannot be renamed over
                direct[path] = text
                continue
            staged.append((_stage(path, text, durable and not one_flush), path))
        if one_flush:
            os.sync()  # every new file is on disk before any replaces its target
        for path, text in direct.items():
            regular.write_through(path, text.encode("utf-8") if isinstance(text, str) else text)
        for tmp, path in [*staged, *((str(ready), target) for target, ready in moving.items())]:
            os.replace(tmp, path)
    except BaseException as exc:
        for leftover in [*(Path(tmp) for tmp, _ in staged), *moving.values()]:
            leftover.unlink(missing_ok=True)
        for folder in made:
            with contextlib.suppress(OSError):
                folder.rmdir()
        if isinstance(exc, OSError):
            raise _not_saved(exc, next(iter(files), "")) from None
        raise


def _not_saved(exc: OSError, first: Path | str) -> SelfAssessError:
    """The error for a write that failed, after everything it staged was removed."""
    where = exc.filename or first
    if isinstance(exc, PermissionError):
        return SelfAssessError(
            f"{where}: cannot write here (permission denied); nothing was changed",
            hint="check that you can write to the workspace, or copy it somewhere you can",
        )
    return SelfAssessError(
        f"{where}: could not save: {exc.strerror}; nothing was changed",
        hint="check the disk has space and the file is not locked or read-only",
    )


def _where_to_write(path: Path, to_device: bool) -> tuple[Path, bool]:
    """The file to write for ``path`` (a link's target), and whether to write through it
    rather than replace it. A link that loops, a folder, and a pipe or device that is not
    ``to_device`` are refused."""
    try:
        kind = os.stat(path).st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise regular.os_problem(path, exc) from None
        # nothing there yet (a link to nothing: its target is made)
        return (path.resolve() if path.is_symlink() else path), False
    if path.is_symlink():
        path = path.resolve()
    if stat.S_ISREG(kind):
        return path, False
    if stat.S_ISDIR(kind):
        raise FileProblem(Problem(str(path), "is a folder, not a file; nothing was changed"))
    if not to_device:
        raise FileProblem(
            Problem(str(path), f"{regular.NOT_REGULAR}; nothing was changed"),
            hint="remove it; selfassess keeps only ordinary files here",
        )
    return path, True


def _stage(path: Path, text: str | bytes, durable: bool) -> str:
    """Write the new content to a temporary file beside ``path``; returns its name."""
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except FileNotFoundError:
        raise SelfAssessError(f"{path.parent}: the folder does not exist") from None
    except PermissionError:
        raise SelfAssessError(
            f"{path}: cannot write here (permission denied)",
            hint=f"check that you can write to {path.parent}, or copy the workspace somewhere "
            "you can",
        ) from None
    try:
        os.fchmod(fd, 0o666 & ~_umask())  # mkstemp makes 0600; a shared drive needs the usual mode
        data = text.encode("utf-8") if isinstance(text, str) else text
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return tmp


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_yaml(path: Path, data: Any, header: str = "") -> None:
    """``header``: comment lines made with :func:`comment`."""
    write_atomic(path, header + dump_yaml(data))


# what would end a comment line, or that YAML allows nowhere in a file
_NOT_IN_A_COMMENT = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")


def comment(*lines: str) -> str:
    """Comment lines for the top of a YAML file. A value in them (a council's name, a
    title) stays on its line: a line break or other control character becomes a space, so
    no value can break the file."""
    return "".join(f"# {_NOT_IN_A_COMMENT.sub(' ', line)}\n" for line in lines)


def is_real_date(value: str) -> bool:
    """``2026-02-28`` yes; ``2026-02-30``, ``2026-2-3`` or ``20260203`` no."""
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10 and value[4] == "-"
