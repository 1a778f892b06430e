"""Reading and writing the human-readable data files: size limits, YAML with line numbers,
atomic writes.

Everything that touches a file on disk for the library goes through here, so that every
failure names the file and the place, and no write can leave a half-written file behind.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import stat
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from selfassess.errors import FileProblem, Problem, SelfAssessError

MAX_FILE_BYTES = 5 * 1024 * 1024
"""Files larger than this are refused before parsing."""

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_BaseDumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Loader(_BaseLoader):  # type: ignore[misc]
    """Safe loader that keeps dates as the strings the user typed (``2026-10-06``), so every
    value is plain JSON data and a date is checked by the schema, not silently converted."""


def _mapping_without_duplicates(loader: Any, node: Any, deep: bool = False) -> Any:
    """A mapping node, refusing a key given twice (PyYAML would keep the last silently)."""
    seen: dict[Any, Any] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"the key {key!r} is given twice (first on line {seen[key].line + 1}); "
                "keep one, or the earlier value is lost",
                key_node.start_mark,
            )
        seen[key] = key_node.start_mark
    return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)


_Loader.add_constructor("tag:yaml.org,2002:map", lambda loader, node: _dict(loader, node))


def _dict(loader: Any, node: Any) -> Any:
    data: dict[Any, Any] = {}
    yield data
    data.update(_mapping_without_duplicates(loader, node))


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}


class _Dumper(_BaseDumper):  # type: ignore[misc]
    """Writes long answers as literal blocks so the files stay pleasant to read and diff."""


def _represent_str(dumper: Any, value: str) -> Any:
    style = "|" if "\n" in value else None
    if style:
        value = "\n".join(line.rstrip() for line in value.splitlines())
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


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


def json_path(parts: Iterable[str | int]) -> str:
    """``["answers", "q1", 0]`` → ``$.answers.q1[0]``."""
    out = "$"
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part.replace("-", "").replace("_", "").isalnum():
            out += f".{part}"
        else:
            out += f"[{json.dumps(part)}]"
    return out


def read_text(path: Path, limit: int = MAX_FILE_BYTES) -> str:
    """Read a UTF-8 text file, refusing oversized and non-UTF-8 files with a clear message."""
    name = str(path)
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode) and not stat.S_ISDIR(info.st_mode):
            raise FileProblem(Problem(name, "not a regular file (a pipe or a device?)"))
        size = info.st_size
        if size > limit:
            raise FileProblem(
                Problem(
                    name, f"the file is {size / 1e6:.1f} MB, over the {limit / 1e6:.0f} MB limit"
                ),
                hint="a framework, answers or workspace file should be far smaller; "
                "check that this is the right file",
            )
        raw = path.read_bytes()
    except IsADirectoryError:
        raise FileProblem(Problem(name, "is a folder, not a file")) from None
    except FileNotFoundError:
        raise FileProblem(Problem(name, "no such file")) from None
    except PermissionError:
        raise FileProblem(
            Problem(name, "permission denied"), hint="check you can read the file"
        ) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise FileProblem(
            Problem(name, f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02x})", line=line),
            hint="save it as UTF-8 (in Excel or Word: 'Save as', encoding UTF-8)",
        ) from None


def parse(path: Path, text: str) -> Any:
    """Parse YAML (or JSON, which is YAML) text, turning syntax errors into a located error."""
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
        return yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        raise FileProblem(_yaml_problem(path, exc, text), hint=_YAML_HINT) from None
    except yaml.YAMLError as exc:
        raise FileProblem(Problem(str(path), f"not valid YAML: {exc}")) from None


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
        node = yaml.compose(text, Loader=_Loader)
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
    return str(yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=88))


def write_atomic(path: Path, text: str | bytes, durable: bool = True) -> None:
    """Write ``text`` to ``path`` so that readers see either the old file or the new one,
    never a half-written one, even if the process is killed mid-write. ``durable=False``
    skips the flush to disk, for caches that can be rebuilt."""
    write_all({Path(path): text}, durable)


def write_all(
    files: Mapping[Path, str | bytes],
    durable: bool = True,
    moving: Mapping[Path, Path] | None = None,
) -> None:
    """Write several files so that either all are replaced or, if one cannot be written,
    none is: every new file is written in full beside its target before any replaces it.
    ``moving``: large files the caller has already written in full and flushed to disk
    (target: where it is, on the same disk), renamed into place with the rest; removed if
    the write fails."""
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
            if path.is_symlink():  # write the file the link points to; keep the link
                path = path.resolve()
            if (
                path.exists() and not path.is_file()
            ):  # a device or a pipe: it cannot be renamed over
                direct[path] = text
                continue
            staged.append((_stage(path, text, durable and not one_flush), path))
        if one_flush:
            os.sync()  # every new file is on disk before any replaces its target
        for path, text in direct.items():
            with path.open("wb") as handle:
                handle.write(text.encode("utf-8") if isinstance(text, str) else text)
        for tmp, path in [*staged, *((str(ready), target) for target, ready in moving.items())]:
            os.replace(tmp, path)
    except BaseException as exc:
        for tmp, _ in staged:
            Path(tmp).unlink(missing_ok=True)
        for ready in moving.values():
            ready.unlink(missing_ok=True)
        for folder in made:
            with contextlib.suppress(OSError):
                folder.rmdir()
        if isinstance(exc, OSError) and not isinstance(exc, PermissionError):
            where = exc.filename or next(iter(files), "")
            raise SelfAssessError(
                f"{where}: could not save: {exc.strerror}; nothing was changed",
                hint="check the disk has space and the file is not locked or read-only",
            ) from None
        if isinstance(exc, PermissionError):
            raise SelfAssessError(
                f"{exc.filename or next(iter(files), '')}: cannot write here (permission denied); "
                "nothing was changed",
                hint="check that you can write to the workspace, or copy it somewhere you can",
            ) from None
        raise


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
    write_atomic(path, header + dump_yaml(data))


def is_real_date(value: str) -> bool:
    """``2026-02-28`` yes; ``2026-02-30``, ``2026-2-3`` or ``20260203`` no."""
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10 and value[4] == "-"
