"""Reading a pack: its manifest, verifying its hashes, and its search index, safely (no
zip entry may escape or explode, a damaged zip is named, never a traceback) and without
ever writing inside it.

Kept apart from building, and on the standard library only, so that the peer team's
commands (``query``, ``pack verify``) start quickly.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from selfassess.errors import SelfAssessError, UsageError
from selfassess.pack import manifest_shape

if TYPE_CHECKING:
    import zipfile

MANIFEST = "manifest.json"
SEARCH_INDEX = "search.sqlite"
FRESH_COPY = "ask the council for a fresh copy of the pack"


def walk(folder: Path) -> list[str]:
    """Everything in a pack folder but its folders, by its path inside it (a link, a FIFO
    too: never followed or opened), but the manifest (the one at the top: a
    ``manifest.json`` anywhere else is a file like any other)."""
    return sorted(
        rel for rel, mode in _tree(folder)[0].items() if not stat.S_ISDIR(mode) and rel != MANIFEST
    )


def _tree(folder: Path) -> tuple[dict[str, int], dict[str, str]]:
    """Every entry below ``folder``, by its path inside it, with its own ``stat`` mode (a
    link is never followed, so a link to ``/`` or to its own folder is one entry); and the
    folders that cannot be listed, with why."""
    kinds: dict[str, int] = {}
    unlisted: dict[str, str] = {}
    stack = [""]
    while stack:
        rel = stack.pop()
        try:
            with os.scandir(folder / rel) as found:
                entries = [(e.name, e.stat(follow_symlinks=False).st_mode) for e in found]
        except OSError as exc:
            unlisted[rel] = f"cannot be read: {_reason(exc)}"
            continue
        for name, mode in entries:
            path = f"{rel}/{name}" if rel else name
            kinds[path] = mode
            if stat.S_ISDIR(mode):
                stack.append(path)
    return kinds, unlisted


def _kind(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return "a link, never followed"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    return "a socket" if stat.S_ISSOCK(mode) else "a device"


def sha256(path: Path) -> str:
    """The SHA-256 of the regular file ``path``, opened without following a link or
    waiting on a FIFO (so one swapped in meanwhile is refused, not read)."""
    import hashlib  # loads OpenSSL: only when hashing, not for a search

    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    with os.fdopen(os.open(path, flags), "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
        return hashlib.file_digest(handle, "sha256").hexdigest()


MAX_MEMBER_BYTES = 2 * 1024**3
MAX_RATIO = 200


def safe_member(info: zipfile.ZipInfo, archive: Path) -> None:
    name = info.filename  # unpacked on Windows, '\\' separates too, and 'C:' is a drive
    if name.startswith(("/", "\\")) or ".." in name.replace("\\", "/").split("/") or ":" in name:
        raise SelfAssessError(f"{archive}: unsafe entry '{name}' in the zip; refusing to read it")
    if info.file_size > MAX_MEMBER_BYTES or (
        info.compress_size
        and info.file_size / info.compress_size > MAX_RATIO
        and info.file_size > 10 * 2**20
    ):
        raise SelfAssessError(
            f"{archive}: '{name}' would expand to {info.file_size} bytes; refusing (a zip bomb?)"
        )


def _damage() -> tuple[type[BaseException], ...]:
    """What reading a damaged zip raises: a bad CRC, a bad header or extra field, a broken
    deflate stream, a truncated file, a member marked encrypted or packed by an unknown
    method (RuntimeError, NotImplementedError), a name that does not decode."""
    import struct
    import zipfile
    import zlib

    return (zipfile.BadZipFile, zlib.error, struct.error, EOFError, OSError, ValueError,
            RuntimeError)  # fmt: skip


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__


@contextmanager
def open_zip(pack: Path) -> Iterator[zipfile.ZipFile]:
    """The zip ``pack``, every entry checked safe; a file that is not a readable zip, or
    not a regular file (a FIFO would never end), is refused naming it."""
    import zipfile

    try:
        regular = stat.S_ISREG(os.stat(pack).st_mode)
    except OSError as exc:
        raise SelfAssessError(f"{pack}: cannot be read ({_reason(exc)})") from None
    if not regular:
        raise SelfAssessError(f"{pack}: not a pack folder or a .zip file")
    try:
        archive = zipfile.ZipFile(pack)
    except _damage() as exc:
        raise SelfAssessError(
            f"{pack}: not a pack folder or a readable zip ({_reason(exc)})", hint=FRESH_COPY
        ) from None
    with archive:
        for info in archive.infolist():  # one unsafe entry makes the whole zip suspect
            safe_member(info, pack)
        _each_name_once(archive, pack)
        yield archive


def _each_name_once(archive: zipfile.ZipFile, pack: Path) -> None:
    """Refuse a zip holding a name twice: which of the two a reader (or an unzip tool)
    takes differs, so a forged manifest or document could hide behind a true one. Names
    that differ only by case, or by '\\' for '/', are the same file once unpacked."""
    seen: dict[str, str] = {}
    for info in archive.infolist():
        key = info.filename.replace("\\", "/").rstrip("/").casefold()
        if key not in seen:
            seen[key] = info.filename
            continue
        first = seen[key]
        names = (
            f"'{first}' is" if first == info.filename else f"'{first}' and '{info.filename}' are"
        )
        raise SelfAssessError(
            f"{pack}: {names} in the zip twice (the same file, once unpacked); refusing to "
            "read either: one may be forged",
            hint=FRESH_COPY,
        )


def _member(archive: zipfile.ZipFile, pack: Path, name: str) -> bytes | None:
    """One member's bytes (None when there is none), a damaged one refused naming it."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    try:
        return archive.read(info)
    except _damage() as exc:
        raise SelfAssessError(
            f"{pack}: '{name}' is damaged in the zip ({_reason(exc)})", hint=FRESH_COPY
        ) from None


def read_member(pack: Path, name: str) -> bytes | None:
    if pack.is_dir():
        path = pack / name
        try:
            mode = os.lstat(path).st_mode
            if stat.S_ISLNK(mode):
                raise SelfAssessError(
                    f"{path}: a link, not a file: a pack's files are never read through links",
                    hint=FRESH_COPY,
                )
            if not stat.S_ISREG(mode):
                return None
            return path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise SelfAssessError(f"{path}: cannot be read ({_reason(exc)})") from None
    with open_zip(pack) as archive:
        return _member(archive, pack, name)


def require_pack(pack: Path) -> None:
    """Fail clearly unless ``pack`` is a pack folder or zip (without parsing its manifest)."""
    if not pack.exists():
        raise SelfAssessError(f"{pack}: no such pack", hint="give the pack folder or .zip")
    if pack.is_dir():
        if not (pack / MANIFEST).is_file():
            raise no_manifest(pack)
        return
    with open_zip(pack) as archive:
        if MANIFEST not in archive.NameToInfo:
            raise no_manifest(pack)


def no_manifest(pack: Path) -> SelfAssessError:
    """The error for a pack without a manifest: a zip's may be lost to damage."""
    if pack.is_dir():
        return SelfAssessError(f"{pack}: no {MANIFEST}; this is not a selfassess pack")
    return SelfAssessError(
        f"{pack}: no {MANIFEST} in the zip's list of files: not a selfassess pack, or a pack "
        "whose zip is damaged",
        hint=f"if the council sent it, {FRESH_COPY}",
    )


def read_manifest(pack: Path) -> tuple[dict[str, Any], bytes]:
    """The pack's manifest, checked for shape, and its bytes as they are in the pack."""
    if not pack.exists():
        raise SelfAssessError(f"{pack}: no such pack", hint="give the pack folder or .zip")
    raw = read_member(pack, MANIFEST)
    if raw is None:
        raise no_manifest(pack)
    return manifest_shape.parse(raw, f"{pack}/{MANIFEST}"), raw


def load_manifest(pack: Path) -> dict[str, Any]:
    return read_manifest(pack)[0]


def fingerprint(raw: bytes) -> str:
    """A pack's fingerprint: the SHA-256 of its manifest's bytes. The council sends it by
    another route (a covering letter, an email): a manifest edited and re-hashed inside
    the pack no longer matches it."""
    return _sha256(raw)


def _sha256(raw: bytes) -> str:
    import hashlib

    return hashlib.sha256(raw).hexdigest()


def fingerprint_option(given: str) -> str:
    """A fingerprint as someone typed or pasted it (any case; spaces and colons between
    groups of digits are allowed), as 64 lowercase hex digits; a usage error otherwise."""
    cleaned = "".join(given.split()).replace(":", "").lower()
    if not manifest_shape.SHA256.fullmatch(cleaned):
        raise UsageError(
            f"--fingerprint {given!r} is not a pack fingerprint",
            hint="a fingerprint is 64 hex digits (0-9, a-f), as 'pack build' printed it",
        )
    return cleaned


@dataclass
class Verification:
    pack: Path
    modified: list[str]
    missing: list[str]
    unexpected: list[str]
    damaged: dict[str, str] = field(default_factory=dict)  # file: why it cannot be read
    fingerprint: str = ""  # the SHA-256 of the manifest as found
    expected_fingerprint: str | None = None  # the council's, when given

    @property
    def fingerprint_ok(self) -> bool | None:
        """Whether the manifest is the one the council built (None: no fingerprint given)."""
        if self.expected_fingerprint is None:
            return None
        return self.fingerprint == self.expected_fingerprint

    @property
    def problems(self) -> list[str]:
        """Every file that does not match the manifest, each named once."""
        return list(dict.fromkeys(self.modified + self.missing + self.unexpected + [*self.damaged]))

    @property
    def ok(self) -> bool:
        return not self.problems and self.fingerprint_ok is not False


def verify(pack: Path, expected_fingerprint: str | None = None) -> Verification:
    """Recompute every file's hash against the manifest, and the manifest's own against
    ``expected_fingerprint`` when given. Reads only."""
    manifest, raw = read_manifest(pack)  # a zip's unsafe or doubled entries are refused first
    expected: dict[str, str] = manifest["files"]
    actual, damaged, odd = _folder_hashes(pack, expected) if pack.is_dir() else _zip_hashes(pack)
    unexpected = [n for n in [*actual, *odd] if n not in expected]
    for name, what in odd.items():  # a listed name that is a FIFO, a link: said once
        if name in expected:
            damaged[name] = f"not a regular file: {what}"
    return Verification(
        pack,
        modified=sorted(n for n in expected if n in actual and actual[n] != expected[n]),
        missing=sorted(n for n in expected if n not in actual and n not in damaged),
        unexpected=sorted(unexpected),
        damaged=damaged,
        fingerprint=fingerprint(raw),
        expected_fingerprint=expected_fingerprint,
    )


def _folder_hashes(
    folder: Path, listed: Collection[str]
) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """Every regular file's hash; the files and folders that cannot be read; and what is
    not a regular file, with what it is (a link, a FIFO: never followed or opened, so
    never waited on; a folder too, for one where the manifest lists a file)."""
    actual: dict[str, str] = {}
    kinds, damaged = _tree(folder)
    damaged.pop("", None)  # the pack folder itself was read for its manifest
    odd: dict[str, str] = {}
    for rel, mode in kinds.items():
        if rel == MANIFEST and stat.S_ISREG(mode):
            continue
        if not stat.S_ISREG(mode):
            if not stat.S_ISDIR(mode) or rel in listed:
                odd[rel] = _kind(mode)
            continue
        try:
            actual[rel] = sha256(folder / rel)
        except OSError as exc:
            damaged[rel] = f"cannot be read: {_reason(exc)}"
    return actual, damaged, odd


def _zip_hashes(pack: Path) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """Every member's hash; the members that are damaged (each named, with why); and none
    that is neither (a zip holds only files and folders, each name once: see open_zip)."""
    import hashlib

    actual: dict[str, str] = {}
    damaged: dict[str, str] = {}
    with open_zip(pack) as archive:
        for info in archive.infolist():
            name = info.filename
            if info.is_dir() or name == MANIFEST:
                continue
            digest = hashlib.sha256()
            try:
                with archive.open(info) as member:
                    while chunk := member.read(1 << 20):
                        digest.update(chunk)
            except _damage() as exc:
                damaged[name] = _reason(exc)
                continue
            actual[name] = digest.hexdigest()
    return actual, damaged, {}


def quick_check(pack: Path) -> str | None:
    """What is wrong with a pack at a glance, or None: its manifest reads and is whole, it
    lists exactly the files there are, and the search index is the one it lists. (Not
    every document's hash: ``pack verify`` does that.)"""
    try:
        manifest, _ = read_manifest(pack)
        if pack.is_dir():
            present = set(walk(pack))
        else:
            with open_zip(pack) as archive:
                present = {i.filename for i in archive.infolist() if not i.is_dir()}
            present.discard(MANIFEST)
        listed = set(manifest["files"])
        if present != listed:
            names = sorted(present ^ listed)
            shown = ", ".join(names[:3]) + (", ..." if len(names) > 3 else "")
            return f"{len(names)} file(s) missing or not in its manifest ({shown})"
        index = read_member(pack, SEARCH_INDEX)
        if index is not None and _sha256(index) != manifest["files"].get(SEARCH_INDEX):
            return f"its {SEARCH_INDEX} does not match the manifest"
    except SelfAssessError as exc:
        return exc.message
    return None


def search_index(pack: Path, scratch: Path) -> Path:
    """The pack's search index as a file to open read-only (unzipped into ``scratch``)."""
    from selfassess.pack import search

    if pack.is_dir():
        if (pack / SEARCH_INDEX).is_symlink():
            read_member(pack, SEARCH_INDEX)  # refused: a link is never followed
        return pack / SEARCH_INDEX
    raw = read_member(pack, SEARCH_INDEX)
    if raw is None:
        raise SelfAssessError(f"{pack}: no search index in this pack")
    target = scratch / SEARCH_INDEX
    target.write_bytes(raw)
    try:  # a damaged index is named as it is in the pack, not by its scratch copy
        search.open_read_only(target).close()
    except SelfAssessError as exc:
        message = exc.message.replace(str(target), f"{pack}/{SEARCH_INDEX}")
        raise SelfAssessError(message, hint=exc.hint) from None
    return target
