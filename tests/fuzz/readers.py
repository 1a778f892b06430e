"""Every reader of a file or value from outside, the commands that read it and the malformed
inputs it gets. The sandbox (built once from the demo) holds:

    ws/             the demo workspace
    pack/ pack.zip  a copy of its latest pack, as a folder and as a zip
    log/            an evidence log (CSV and XLSX, four rows) beside its documents
    answers.yaml  requests.yaml  fwdir/fw.yaml  note.txt  out/
"""

from __future__ import annotations

import csv
import io
import random
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.fuzz import mutations as m
from tests.fuzz.mutations import Recipe

REPO = Path(__file__).resolve().parents[2]
WS = "{root}/ws"
NOTE = "{root}/note.txt"
PACK_DOC = "documents/E-001-council-plan-2023-2027.docx"
LOG_ROWS = 4


@dataclass(frozen=True)
class Case:
    reader: str
    name: str
    args: tuple[str, ...]
    target: str | None = None
    recipe: Recipe | None = None
    must_refuse: bool = False

    @property
    def id(self) -> str:
        return f"{self.reader}-{self.name}"


@dataclass(frozen=True)
class Reader:
    name: str
    target: str
    commands: tuple[tuple[str, ...], ...]
    recipes: tuple[Recipe, ...]

    def cases(self) -> list[Case]:
        return [
            Case(
                self.name,
                recipe.name,
                self.commands[i % len(self.commands)],
                recipe.target or self.target,
                recipe,
                recipe.must_refuse,
            )
            for i, recipe in enumerate(self.recipes)
        ]


# --- the template ---------------------------------------------------------------------------------
def build_template(demo: Path, root: Path) -> None:
    shutil.copytree(demo, root / "ws")
    shutil.copytree(demo / "packs" / "v2", root / "pack")
    _zip_folder(root / "pack", root / "pack.zip")
    with (demo / "shared-drive" / "evidence-log.csv").open(encoding="utf-8") as log:
        rows = list(csv.reader(log))[: LOG_ROWS + 1]
    (root / "log").mkdir()
    for row in rows[1:]:
        shutil.copy2(demo / "shared-drive" / row[rows[0].index("file")], root / "log")
    with (root / "log" / "evidence-log.csv").open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows(rows)
    _xlsx(rows, root / "log" / "evidence-log.xlsx")
    shutil.copy2(REPO / "selfassess" / "demo" / "answers.yaml", root)
    shutil.copy2(REPO / "selfassess" / "demo" / "requests.yaml", root)
    (root / "fwdir").mkdir()
    shutil.copy2(REPO / "tests" / "cases" / "frameworks" / "tiny.yaml", root / "fwdir" / "fw.yaml")
    (root / "note.txt").write_text("A short note for the evidence log.\n", encoding="utf-8")
    (root / "out").mkdir()


def _zip_folder(folder: Path, to: Path) -> None:
    with zipfile.ZipFile(to, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(folder).as_posix())


def _xlsx(rows: list[list[str]], to: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    book.save(to)


# --- zip members ----------------------------------------------------------------------------------
def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _rezip(members: dict[str, bytes], extra: list[tuple[str, bytes]] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in [*members.items(), *(extra or [])]:
            archive.writestr(name, content)
    return out.getvalue()


def member(name: str, make: Callable[[bytes, random.Random], bytes | str]) -> m.Make:
    """Change one member of a zip (an .xlsx or a zip pack); a special removes it."""

    def apply(data: bytes, rng: random.Random) -> bytes:
        members = _members(data)
        new = make(members.get(name, b""), rng)
        if isinstance(new, str):
            members.pop(name, None)
        else:
            members[name] = new
        return _rezip(members)

    return apply


def _bad_crc(name: str) -> m.Make:
    """Damage one member's compressed bytes in place (a Bad CRC-32 or a zlib error)."""

    def apply(data: bytes, rng: random.Random) -> bytes:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo(name)
        start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
        buf = bytearray(data)
        for _ in range(3):
            at = start + rng.randrange(max(info.compress_size, 1))
            buf[at] ^= 0xFF
        return bytes(buf)

    return apply


def _zip_extra(name: str, content: bytes) -> m.Make:
    return lambda data, rng: _rezip(_members(data), [(name, content)])


def _zip_bomb(data: bytes, rng: random.Random) -> bytes:
    out = io.BytesIO(data)
    name, chunk = "documents/E-099-zeros.docx", b"\0" * (1 << 20)
    with (
        zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as archive,
        archive.open(name, "w", force_zip64=True) as stream,
    ):
        for _ in range(200):
            stream.write(chunk)
    return out.getvalue()
