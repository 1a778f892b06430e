"""Reading a pack: its manifest, verifying its hashes, and its search index, safely (no
zip entry may escape or explode) and without ever writing inside it.

Kept apart from building, and on the standard library only, so that the peer team's
commands (``query``, ``pack verify``) start quickly.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from selfassess.errors import SelfAssessError

if TYPE_CHECKING:
    import zipfile

MANIFEST = "manifest.json"


def walk(folder: Path) -> list[str]:
    return sorted(
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and p.name != MANIFEST
    )


def sha256(path: Path) -> str:
    import hashlib  # loads OpenSSL: only when hashing, not for a search

    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


MAX_MEMBER_BYTES = 2 * 1024**3
MAX_RATIO = 200


def safe_member(info: zipfile.ZipInfo, archive: Path) -> None:
    name = info.filename
    if name.startswith(("/", "\\")) or ".." in Path(name).parts or ":" in name:
        raise SelfAssessError(f"{archive}: unsafe entry '{name}' in the zip; refusing to read it")
    if info.file_size > MAX_MEMBER_BYTES or (
        info.compress_size
        and info.file_size / info.compress_size > MAX_RATIO
        and info.file_size > 10 * 2**20
    ):
        raise SelfAssessError(
            f"{archive}: '{name}' would expand to {info.file_size} bytes; refusing (a zip bomb?)"
        )


def read_member(pack: Path, name: str) -> bytes | None:
    if pack.is_dir():
        path = pack / name
        return path.read_bytes() if path.is_file() else None
    import zipfile

    try:
        with zipfile.ZipFile(pack) as archive:
            try:
                info = archive.getinfo(name)
            except KeyError:
                return None
            safe_member(info, pack)
            return archive.read(info)
    except zipfile.BadZipFile:
        raise SelfAssessError(f"{pack}: not a pack folder or a valid zip") from None


def require_pack(pack: Path) -> None:
    """Fail clearly unless ``pack`` is a pack folder or zip (without parsing its manifest)."""
    if not pack.exists():
        raise SelfAssessError(f"{pack}: no such pack", hint="give the pack folder or .zip")
    if pack.is_dir():
        if not (pack / MANIFEST).is_file():
            raise SelfAssessError(f"{pack}: no {MANIFEST}; this is not a selfassess pack")
        return
    import zipfile

    try:
        with zipfile.ZipFile(pack) as archive:
            archive.getinfo(MANIFEST)
            for info in archive.infolist():  # one unsafe entry makes the whole zip suspect
                safe_member(info, pack)
    except (zipfile.BadZipFile, OSError):
        raise SelfAssessError(f"{pack}: not a pack folder or a valid zip") from None
    except KeyError:
        raise SelfAssessError(f"{pack}: no {MANIFEST}; this is not a selfassess pack") from None


def load_manifest(pack: Path) -> dict[str, Any]:
    if not pack.exists():
        raise SelfAssessError(f"{pack}: no such pack", hint="give the pack folder or .zip")
    raw = read_member(pack, MANIFEST)
    if raw is None:
        raise SelfAssessError(f"{pack}: no {MANIFEST}; this is not a selfassess pack")
    try:
        manifest: dict[str, Any] = json.loads(raw)
    except ValueError as exc:
        raise SelfAssessError(f"{pack}/{MANIFEST}: not valid JSON ({exc})") from None
    return manifest


@dataclass
class Verification:
    pack: Path
    modified: list[str]
    missing: list[str]
    unexpected: list[str]

    @property
    def ok(self) -> bool:
        return not (self.modified or self.missing or self.unexpected)


def verify(pack: Path) -> Verification:
    """Recompute every file's hash against the manifest. Reads only."""
    manifest = load_manifest(pack)
    expected: dict[str, str] = manifest.get("files", {})
    actual: dict[str, str] = {}
    if pack.is_dir():
        for rel in walk(pack):
            actual[rel] = sha256(pack / rel)
    else:
        import zipfile

        with zipfile.ZipFile(pack) as archive:
            for info in archive.infolist():
                if info.is_dir() or info.filename == MANIFEST:
                    continue
                safe_member(info, pack)
                import hashlib

                digest = hashlib.sha256()
                with archive.open(info) as member:
                    while chunk := member.read(1 << 20):
                        digest.update(chunk)
                actual[info.filename] = digest.hexdigest()
    return Verification(
        pack,
        modified=sorted(n for n in expected if n in actual and actual[n] != expected[n]),
        missing=sorted(n for n in expected if n not in actual),
        unexpected=sorted(n for n in actual if n not in expected),
    )


def search_index(pack: Path, scratch: Path) -> Path:
    """The pack's search index as a file to open read-only (unzipped into ``scratch``)."""
    if pack.is_dir():
        return pack / "search.sqlite"
    raw = read_member(pack, "search.sqlite")
    if raw is None:
        raise SelfAssessError(f"{pack}: no search index in this pack")
    target = scratch / "search.sqlite"
    target.write_bytes(raw)
    return target
