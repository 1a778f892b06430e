"""``pack verify`` and ``query`` on damaged packs: a damaged zip names what cannot be read,
a malformed manifest names its place, the fingerprint catches a re-hashed manifest, a
broken search index is said in words, and a killed build leaves nothing behind."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from selfassess.assessment.workspace import Workspace
from selfassess.cli import cli
from selfassess.errors import SelfAssessError
from selfassess.pack import builder, reader
from selfassess.pack.builder import BuildOptions
from selfassess.pack.history import history


def invoke(*args: str) -> tuple[int, str, str, BaseException | None]:
    """Exit code, stdout, stderr, and the exception a user would have seen as a traceback."""
    result = CliRunner().invoke(cli, list(args))
    shown = None if isinstance(result.exception, SystemExit) else result.exception
    return result.exit_code, result.stdout, result.stderr, shown


@pytest.fixture
def folder_pack(demo_template: Path, tmp_path: Path) -> Path:
    """A copy of a real pack folder, free to damage."""
    return Path(shutil.copytree(demo_template / "packs" / "v2", tmp_path / "pack"))


def _damaged_variants(data: bytes, rng: random.Random) -> list[tuple[str, bytes]]:
    """Byte flips at many places (every region: members, headers, the central directory),
    truncations at many lengths, and files that are no zip at all."""
    variants = []
    tail = data.rfind(b"PK\x01\x02")  # some flips where the headers are, not just in data
    offsets = [rng.randrange(len(data)) for _ in range(80)]
    offsets += [rng.randrange(min(tail, len(data) - 1), len(data)) for _ in range(30)]
    offsets += [0, 1, 4, 8, 14, 18, 22, 26, 28, len(data) - 22, len(data) - 12, len(data) - 1]
    for offset in offsets:
        damaged = bytearray(data)
        damaged[offset] ^= rng.choice([0x01, 0x10, 0x80, 0xFF])
        variants.append((f"flip@{offset}", bytes(damaged)))
    for length in [0, 1, 22, 100, len(data) - 1, len(data) - 22, len(data) // 2]:
        variants.append((f"cut@{length}", data[:length]))
    variants += [(f"cut@{n}", data[:n]) for n in (rng.randrange(len(data)) for _ in range(30))]
    variants += [("text", b"not a zip at all\n"), ("noise", rng.randbytes(4096))]
    variants += [("zeros", bytes(len(data)))]
    return variants


def _member_spans(path: Path) -> dict[str, range]:
    """Where each member's compressed bytes lie in the zip."""
    spans = {}
    raw = path.read_bytes()
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            start = info.header_offset + 30
            name_len, extra_len = (
                int.from_bytes(raw[start - 4 : start - 2], "little"),
                int.from_bytes(raw[start - 2 : start], "little"),
            )
            begin = start + name_len + extra_len
            spans[info.filename] = range(begin, begin + info.compress_size)
    return spans


def test_damaged_zip_packs_exit_1_naming_the_member_never_a_traceback(
    demo_ws: Path, tmp_path: Path
) -> None:
    built = builder.build(
        Workspace.open(demo_ws), BuildOptions(out=tmp_path / "pack.zip", rebuild=True)
    )
    original = built.path.read_bytes()
    with zipfile.ZipFile(built.path) as archive:
        contents = {name: archive.read(name) for name in archive.namelist()}
    spans = _member_spans(built.path)
    variants = _damaged_variants(original, random.Random(20260511))
    assert len(variants) >= 150
    damaged = tmp_path / "damaged.zip"
    tracebacks, slow, unnamed, harmful = [], [], [], []
    for label, data in variants:
        damaged.write_bytes(data)
        started = time.monotonic()
        code, _, err, exc = invoke("pack", "verify", str(damaged))
        if time.monotonic() - started > 2:
            slow.append(label)
        if exc is not None or code not in (0, 1):
            tracebacks.append((label, code, repr(exc)))
            continue
        if code == 0:  # only when the damage changes nothing a member holds
            with zipfile.ZipFile(damaged) as archive:
                if {n: archive.read(n) for n in archive.namelist()} != contents:
                    harmful.append(label)
            continue
        assert "Traceback" not in err
        if label.startswith("flip@"):
            offset = int(label[5:])
            inside = [name for name, span in spans.items() if offset in span]
            if inside and inside[0] not in err:  # a flip inside a member names it
                unnamed.append((label, inside[0], err))
        elif str(damaged) not in err:
            unnamed.append((label, str(damaged), err))
    assert not tracebacks, tracebacks[:5]
    assert not slow and not harmful, (slow, harmful)
    assert not unnamed, unnamed[:3]


def test_a_damaged_member_is_named_with_the_reason(demo_ws: Path, tmp_path: Path) -> None:
    built = builder.build(
        Workspace.open(demo_ws), BuildOptions(out=tmp_path / "pack.zip", rebuild=True)
    )
    span = _member_spans(built.path)["index.html"]
    data = bytearray(built.path.read_bytes())
    data[span.start + len(span) // 2] ^= 0xFF
    built.path.write_bytes(data)
    code, _, err, exc = invoke("pack", "verify", str(built.path))
    assert exc is None and code == 1
    assert re.search(r"^damaged: index\.html \(.+\)$", err, re.M), err
    assert reader.verify(built.path).damaged.keys() == {"index.html"}


def test_a_zip_whose_directory_lost_the_manifest_says_it_may_be_damaged(
    demo_ws: Path, tmp_path: Path
) -> None:
    built = builder.build(
        Workspace.open(demo_ws), BuildOptions(out=tmp_path / "pack.zip", rebuild=True)
    )
    data = bytearray(built.path.read_bytes())
    with zipfile.ZipFile(built.path) as archive:
        directory = archive.start_dir
    data[data.index(b"manifest.json", directory)] ^= 1  # its name in the directory, spoilt
    built.path.write_bytes(data)
    code, _, err, exc = invoke("pack", "verify", str(built.path))
    assert exc is None and code == 1
    assert "damaged" in err and "fresh copy" in err, err


@pytest.mark.parametrize("where", ["documents/manifest.json", "sub/deeper/manifest.json"])
def test_a_manifest_json_below_the_top_is_an_unexpected_file(
    folder_pack: Path, tmp_path: Path, where: str
) -> None:
    (folder_pack / where).parent.mkdir(parents=True, exist_ok=True)
    (folder_pack / where).write_text("{}")
    check = reader.verify(folder_pack)
    assert not check.ok and check.unexpected == [where]
    zipped = tmp_path / "pack.zip"
    with zipfile.ZipFile(zipped, "w") as archive:
        for path in sorted(folder_pack.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(folder_pack).as_posix())
    assert reader.verify(zipped).unexpected == [where]
    code, _, err, exc = invoke("pack", "verify", str(folder_pack))
    assert exc is None and code == 1 and f"unexpected: {where}" in err


MALFORMED = {
    "a list": (b"[]", "$"),
    "text": (b'"x"', "$"),
    "files null": (
        b'{"pack_id": "p", "version": 1, "council": "C", "items": [], "files": null}',
        "$.files",
    ),
    "files a list": (
        b'{"pack_id": "p", "version": 1, "council": "C", "items": [], "files": []}',
        "$.files",
    ),
    "a hash a number": (
        b'{"pack_id": "p", "version": 1, "council": "C", "items": [], "files": {"a.txt": 5}}',
        '$.files["a.txt"]',
    ),
    "a short hash": (
        b'{"pack_id": "p", "version": 1, "council": "C", "items": [], "files": {"a": "abc"}}',
        "$.files.a",
    ),
    "items a number": (
        b'{"pack_id": "p", "version": 1, "council": "C", "items": 5, "files": {}}',
        "$.items",
    ),
    "an item a number": (
        b'{"pack_id": "p", "version": 1, "council": "C", "items": [5], "files": {}}',
        "$.items[0]",
    ),
    "an item id a number": (
        b'{"pack_id": "p", "version": 1, "council": "C", "files": {},'
        b' "items": [{"id": 4, "title": "t", "state": "included"}]}',
        "$.items[0].id",
    ),
    "themes not text": (
        b'{"pack_id": "p", "version": 1, "council": "C", "files": {},'
        b' "items": [{"id": "E-001", "title": "t", "state": "included", "themes": [1]}]}',
        "$.items[0].themes",
    ),
    "requests an object": (
        b'{"pack_id": "p", "version": 1, "council": "C", "items": [], "files": {}, "requests": {}}',
        "$.requests",
    ),
    "version text": (
        b'{"pack_id": "p", "version": "1", "council": "C", "items": [], "files": {}}',
        "$.version",
    ),
    "no files": (b'{"pack_id": "p", "version": 1, "council": "C", "items": []}', "$.files"),
    "nested deep": (b"[" * 100_000, "$"),
    "a huge number": (b'{"version": 1' + b"0" * 5000 + b"}", "$"),
    "not UTF-8": (b'{"council": "\xff"}', "$"),
    "empty": (b"", "$"),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_a_malformed_manifest_is_named_with_its_json_path(folder_pack: Path, case: str) -> None:
    raw, path = MALFORMED[case]
    (folder_pack / "manifest.json").write_bytes(raw)
    code, _, err, exc = invoke("pack", "verify", str(folder_pack))
    assert exc is None and code == 1, (exc, err)
    assert f"{folder_pack}/manifest.json" in err
    if path != "$":
        assert f"({path})" in err, err
    # the team's other commands read the same manifest: no traceback there either
    code, _, err, exc = invoke("request", "list", "--pack", str(folder_pack))
    assert exc is None and code == 1, (exc, err)


def _build_cli(ws: Path, *extra: str) -> str:
    code, out, err, exc = invoke("pack", "build", "-w", str(ws), *extra)
    assert exc is None and code == 0, err
    return out


def test_build_prints_the_fingerprint_and_records_it(new_ws: Workspace) -> None:
    out = _build_cli(new_ws.root)
    printed = re.search(r"^Fingerprint: ([0-9a-f]{64})$", out, re.M)
    assert printed, out
    manifest = (new_ws.root / "packs" / "v1" / "manifest.json").read_bytes()
    assert printed[1] == hashlib.sha256(manifest).hexdigest()
    assert history(new_ws)[-1]["manifest_sha256"] == printed[1]
    # an unchanged build builds nothing, and says the standing pack's fingerprint
    assert f"Fingerprint: {printed[1]}" in _build_cli(new_ws.root)
    code, out, _, _ = invoke("pack", "verify", str(new_ws.root / "packs" / "v1"))
    assert code == 0 and f"Fingerprint: {printed[1]}" in out


def test_a_rehashed_manifest_passes_the_plain_verify_but_not_the_fingerprint(
    new_ws: Workspace,
) -> None:
    _build_cli(new_ws.root)
    fingerprint = history(new_ws)[-1]["manifest_sha256"]
    pack = new_ws.root / "packs" / "v1"
    code, _, _, _ = invoke("pack", "verify", str(pack), "--fingerprint", fingerprint.upper())
    assert code == 0
    # someone edits the library and the manifest, and hashes it all again consistently
    csv = pack / "library.csv"
    csv.write_text(csv.read_text(encoding="utf-8-sig") + "E-999,Forged,,,,,\n", encoding="utf-8")
    manifest = json.loads((pack / "manifest.json").read_text())
    manifest["files"]["library.csv"] = hashlib.sha256(csv.read_bytes()).hexdigest()
    (pack / "manifest.json").write_text(json.dumps(manifest, indent=2))
    code, _, _, _ = invoke("pack", "verify", str(pack))
    assert code == 0  # every file matches the (edited) manifest
    code, _, err, exc = invoke("pack", "verify", str(pack), "--fingerprint", fingerprint)
    assert exc is None and code == 1
    assert "the manifest was changed since the council built the pack" in err


@pytest.mark.parametrize("given", ["abc", "g" * 64, "0" * 63, "0" * 65, "", "sha256"])
def test_a_malformed_fingerprint_is_a_usage_error(folder_pack: Path, given: str) -> None:
    code, _, err, exc = invoke("pack", "verify", str(folder_pack), "--fingerprint", given)
    assert exc is None and code == 2 and "--fingerprint" in err


def test_every_byte_flip_in_a_manifest_is_caught_by_the_fingerprint(new_ws: Workspace) -> None:
    result = builder.build(new_ws)
    manifest = result.path / "manifest.json"
    original = manifest.read_bytes()
    fingerprint = result.fingerprint
    assert reader.verify(result.path, fingerprint).ok
    missed, unnoticed_without = [], 0
    for position in range(len(original)):
        flipped = bytearray(original)
        flipped[position] ^= 0x01
        manifest.write_bytes(flipped)
        try:
            caught = not reader.verify(result.path, fingerprint).ok
        except SelfAssessError:
            caught = True
        if not caught:
            missed.append(position)
        with contextlib.suppress(SelfAssessError):
            unnoticed_without += position % 8 == 0 and reader.verify(result.path).ok
    assert len(original) > 500 and missed == []
    assert unnoticed_without > 0  # without the fingerprint, some flips pass unseen


def test_query_warns_when_the_pack_fails_the_quick_check_but_answers(folder_pack: Path) -> None:
    code, out, err, _ = invoke("query", "council", "--pack", str(folder_pack))
    assert code == 0 and "result(s)" in out and err == ""
    (folder_pack / "library.csv").unlink()
    (folder_pack / "extra.txt").write_text("x")
    code, out, err, exc = invoke("query", "council", "--pack", str(folder_pack))
    assert exc is None and code == 0 and "result(s)" in out
    assert len(err.splitlines()) == 1 and "quick check" in err and "library.csv" in err
    (folder_pack / "manifest.json").write_text("[")
    code, out, err, exc = invoke("query", "council", "--pack", str(folder_pack))
    assert exc is None and code == 0 and "result(s)" in out
    assert len(err.splitlines()) == 1 and "manifest.json" in err


def test_query_warns_when_the_search_index_is_not_the_one_listed(folder_pack: Path) -> None:
    import sqlite3

    db = sqlite3.connect(folder_pack / "search.sqlite")
    db.execute("INSERT INTO items VALUES ('E-999', 'x', 'x', NULL, '', 'included', '')")
    db.commit()
    db.close()
    code, out, err, exc = invoke("query", "council", "--pack", str(folder_pack))
    assert exc is None and code == 0 and "search.sqlite" in err and "result(s)" in out


def _damage_index(target: Path, how: str) -> None:
    if target.is_dir() and not target.is_symlink():
        shutil.rmtree(target)
    else:
        target.unlink(missing_ok=True)
    if how == "garbage":
        target.write_bytes(random.Random(1).randbytes(5000))
    elif how == "empty":
        target.write_bytes(b"")
    elif how == "truncated":
        target.write_bytes(b"SQLite format 3\0" + bytes(200))
    elif how == "folder":
        target.mkdir()
    elif how == "fifo":
        os.mkfifo(target)
    elif how == "link loop":
        target.symlink_to(target.name)


@pytest.mark.parametrize("how", ["garbage", "empty", "truncated", "folder", "fifo", "link loop"])
def test_a_damaged_pack_search_index_is_an_error_in_words(folder_pack: Path, how: str) -> None:
    _damage_index(folder_pack / "search.sqlite", how)
    code, _, err, exc = invoke("query", "council", "--pack", str(folder_pack))
    assert exc is None and code == 1 and "search.sqlite" in err, (exc, err)


@pytest.mark.parametrize("how", ["garbage", "empty", "truncated", "fifo", "link loop"])
def test_a_damaged_workspace_index_is_rebuilt(demo_ws: Path, how: str) -> None:
    code, before, _, _ = invoke("query", "council", "-w", str(demo_ws))
    assert code == 0
    _damage_index(demo_ws / ".selfassess" / "index.sqlite", how)
    code, out, err, exc = invoke("query", "council", "-w", str(demo_ws))
    assert exc is None and code == 0 and out == before, err


def test_a_folder_where_the_workspace_index_goes_is_named(demo_ws: Path) -> None:
    target = demo_ws / ".selfassess" / "index.sqlite"
    target.parent.mkdir(exist_ok=True)
    _damage_index(target, "folder")
    code, _, err, exc = invoke("query", "council", "-w", str(demo_ws))
    assert exc is None and code == 1 and str(target) in err and "folder" in err


def test_a_pack_that_is_a_fifo_is_refused_without_waiting(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pack.zip")
    for args in (("pack", "verify"), ("query", "x", "--pack")):
        code, _, err, exc = invoke(*args, str(tmp_path / "pack.zip"))
        assert exc is None and code == 1 and "pack.zip" in err


def test_a_killed_build_leaves_nothing_the_next_build_does_not_clear(demo_ws: Path) -> None:
    packs = demo_ws / "packs"
    before = sorted(p.name for p in packs.iterdir())
    child = subprocess.Popen(
        [sys.executable, "-m", "selfassess", "pack", "build", "-w", str(demo_ws), "--rebuild"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    try:
        while not list(packs.glob(".pack-*")):
            assert child.poll() is None and time.monotonic() < deadline, "no staging seen"
            time.sleep(0.002)
        child.send_signal(signal.SIGKILL)
    finally:
        child.kill()
        child.wait()
    assert list(packs.glob(".pack-*")), "the build finished before it was killed"
    result = builder.build(Workspace.open(demo_ws), BuildOptions(rebuild=True))
    assert not list(packs.glob(".pack-*")) and not list(packs.glob(".*.part"))
    after = sorted(p.name for p in packs.iterdir())
    assert after == sorted([*before, result.path.name])
    recorded = history(Workspace.open(demo_ws))
    assert [r["version"] for r in recorded] == list(range(1, len(recorded) + 1))
    for record in recorded:  # every pack there is whole, and the history knows it
        assert reader.verify(demo_ws / record["path"], record["manifest_sha256"]).ok


def test_a_pack_moved_into_place_but_never_recorded_is_built_again(demo_ws: Path) -> None:
    ws = Workspace.open(demo_ws)
    built = builder.build(ws, BuildOptions(rebuild=True))
    lines = (demo_ws / "packs" / "history.jsonl").read_text().splitlines()
    (demo_ws / "packs" / "history.jsonl").write_text("\n".join(lines[:-1]) + "\n")
    again = builder.build(Workspace.open(demo_ws), BuildOptions(rebuild=True))
    assert again.path == built.path and reader.verify(again.path, again.fingerprint).ok


# --- holes a hostile tester found: duplicated names, links, backslashes, the index's name ---


@pytest.fixture
def zip_pack(demo_ws: Path, tmp_path: Path) -> tuple[Path, str]:
    """A real zipped pack, and its fingerprint."""
    built = builder.build(
        Workspace.open(demo_ws), BuildOptions(out=tmp_path / "pack.zip", rebuild=True)
    )
    return built.path, built.fingerprint


def _rezip(source: Path, target: Path, first: dict[str, bytes], last: dict[str, bytes]) -> None:
    """``target``: the members ``first``, every member of ``source``, then ``last`` (names
    may repeat: zipfile warns, and writes them all)."""
    import warnings

    with (
        zipfile.ZipFile(source) as src,
        zipfile.ZipFile(target, "w") as out,
        warnings.catch_warnings(),
    ):
        warnings.simplefilter("ignore")
        for name, data in first.items():
            out.writestr(name, data)
        for info in src.infolist():
            out.writestr(info, src.read(info))
        for name, data in last.items():
            out.writestr(name, data)


def _forged_manifest(pack: Path) -> bytes:
    manifest = json.loads(reader.read_member(pack, "manifest.json") or b"")
    manifest["council"] = "Forged District Council"
    return json.dumps(manifest, indent=2).encode()


def _a_document(pack: Path) -> str:
    return next(n for n in reader.load_manifest(pack)["files"] if n.startswith("documents/"))


@pytest.mark.parametrize("variant", ["manifest first", "manifest case", "document", "backslash"])
def test_a_name_twice_in_a_zip_fails_verify_and_every_reader_refuses(
    zip_pack: tuple[Path, str], tmp_path: Path, variant: str
) -> None:
    pack, fingerprint = zip_pack
    document = _a_document(pack)
    first, last, named = {}, {}, "manifest.json"
    if variant == "manifest first":
        first["manifest.json"] = _forged_manifest(pack)
    elif variant == "manifest case":
        first["Manifest.JSON"] = _forged_manifest(pack)
    elif variant == "document":
        last[document] = b"forged"
        named = document
    else:
        last[document.replace("/", "\\")] = b"forged"
        named = document
    hostile = tmp_path / "hostile.zip"
    _rezip(pack, hostile, first, last)
    code, out, err, exc = invoke("pack", "verify", str(hostile), "--fingerprint", fingerprint)
    assert exc is None and code == 1, (out, err)
    assert named in err and "twice" in err and "verified" not in out + err, err
    for args in (("query", "council", "--pack"), ("request", "list", "--pack")):
        code, out, err, exc = invoke(*args, str(hostile))
        assert exc is None and code == 1 and named in err and "twice" in err, (args, out, err)


@pytest.mark.parametrize(
    "name", ["..\\..\\evil3.txt", "documents\\..\\..\\evil.txt", "C:\\x.txt", "\\x.txt", "/x.txt"]
)
def test_a_zip_entry_escaping_by_backslash_or_drive_is_unsafe(
    zip_pack: tuple[Path, str], tmp_path: Path, name: str
) -> None:
    hostile = tmp_path / "hostile.zip"
    _rezip(zip_pack[0], hostile, {}, {name: b"evil"})
    code, _, err, exc = invoke("pack", "verify", str(hostile))
    assert exc is None and code == 1 and "unsafe" in err and name in err, err


@pytest.mark.parametrize("link", ["root", "documents/loop", "documents/sub/up"])
def test_a_link_in_a_folder_pack_is_unexpected_and_never_followed(
    folder_pack: Path, link: str
) -> None:
    target = {"root": "/", "documents/loop": ".", "documents/sub/up": "../.."}[link]
    (folder_pack / link).parent.mkdir(parents=True, exist_ok=True)
    (folder_pack / link).symlink_to(target)
    check = reader.verify(folder_pack)
    assert not check.ok and check.unexpected == [link] and not check.missing
    code, _, err, exc = invoke("pack", "verify", str(folder_pack))
    assert exc is None and code == 1 and f"unexpected: {link}" in err, err
    code, _, err, exc = invoke("query", "council", "--pack", str(folder_pack))
    assert exc is None and "quick check" in err and link in err, err


@pytest.mark.parametrize("kind", ["fifo", "link to a copy", "folder"])
def test_a_listed_file_that_is_not_a_regular_file_is_reported_once(
    folder_pack: Path, tmp_path: Path, kind: str
) -> None:
    document = _a_document(folder_pack)
    path = folder_pack / document
    copy = tmp_path / "copy"
    copy.write_bytes(path.read_bytes())
    path.unlink()
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    else:
        path.symlink_to(copy)  # the same bytes, but outside the pack: not followed
    check = reader.verify(folder_pack)
    assert not check.ok and check.problems == [document], check
    code, _, err, exc = invoke("pack", "verify", str(folder_pack))
    assert exc is None and code == 1
    lines = [line for line in err.splitlines() if document in line]
    assert len(lines) == 1 and "not a regular file" in lines[0], err


@pytest.mark.parametrize("how", ["garbage", "empty", "truncated"])
def test_a_damaged_index_in_a_zip_pack_is_named_in_the_pack(
    zip_pack: tuple[Path, str], tmp_path: Path, how: str
) -> None:
    damaged = tmp_path / "damaged"
    damaged.mkdir()
    _damage_index(damaged / "search.sqlite", how)
    hostile = tmp_path / "hostile.zip"
    with zipfile.ZipFile(zip_pack[0]) as src, zipfile.ZipFile(hostile, "w") as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "search.sqlite":
                data = (damaged / "search.sqlite").read_bytes()
            out.writestr(info, data)
    code, _, err, exc = invoke("query", "council", "--pack", str(hostile))
    assert exc is None and code == 1, err
    assert f"{hostile}/search.sqlite" in err, err
    assert set(re.findall(r"(\S+)/search\.sqlite", err)) == {str(hostile)}, err
