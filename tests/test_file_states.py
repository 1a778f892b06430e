"""Workspace files in strange states: a pipe, a device, a folder or a loop where a file or a
folder should be. Each is a clear message naming the path, exit 1, never a traceback, never
a hang; a cache in such a state is ignored, never a failed build (issue 11)."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

Run = Callable[..., Result]


pytestmark = pytest.mark.usefixtures("no_hang")


def output(result: Result) -> str:
    return result.output + (result.stderr if result.stderr_bytes is not None else "")


def refused(result: Result, *names: str) -> str:
    out = output(result)
    assert result.exit_code == 1, out
    assert "Traceback" not in out
    for name in names:
        assert name in out, out
    return out


def replace(path: Path, state: str) -> None:
    """Put a pipe, a device link, a folder, a plain file or a loop at ``path``."""
    if path.is_dir() and not path.is_symlink():
        import shutil

        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()
    if state == "fifo":
        os.mkfifo(path)
    elif state == "device":
        path.symlink_to("/dev/zero")
    elif state == "folder":
        path.mkdir()
    elif state == "file":
        path.write_text("not a folder\n")
    else:  # a loop
        path.symlink_to(path.name)


def document(demo_ws: Path) -> Path:
    return next((demo_ws / "evidence" / "files" / "E-004").iterdir())


# --- item 1 and 2: an evidence document -----------------------------------------------------
@pytest.mark.parametrize("state", ["fifo", "device", "folder"])
def test_evidence_check_reports_a_document_that_is_not_a_file(
    run: Run, demo_ws: Path, state: str
) -> None:
    path = document(demo_ws)
    replace(path, state)
    result = run("evidence", "check", "-w", str(demo_ws))
    out = refused(result, "E-004")
    assert path.name in out


# --- caches ---------------------------------------------------------------------------------
@pytest.mark.parametrize("state", ["fifo", "folder", "device"])
def test_pack_build_ignores_a_strange_last_build_record(
    run: Run, demo_ws: Path, state: str
) -> None:
    replace(demo_ws / ".selfassess" / "last-build.json", state)
    result = run("pack", "build", "-w", str(demo_ws))
    assert result.exit_code == 0, output(result)
    assert (demo_ws / "packs" / "v3" / "manifest.json").is_file()


def test_a_pipe_in_the_text_cache_is_ignored(run: Run, demo_ws: Path) -> None:
    cache = demo_ws / ".selfassess" / "text"
    cached = sorted(cache.glob("*.txt"))
    assert cached
    for path in cached:
        replace(path, "fifo")
    found = run("query", "council", "-w", str(demo_ws))
    assert found.exit_code == 0, output(found)
    built = run("pack", "build", "-w", str(demo_ws))
    assert built.exit_code == 0, output(built)


@pytest.mark.parametrize("state", ["fifo", "folder"])
def test_a_strange_written_record_is_named_not_waited_on(
    run: Run, demo_ws: Path, state: str
) -> None:
    record = demo_ws / ".selfassess" / "written.json"
    replace(record, state)
    result = run("pack", "build", "-w", str(demo_ws))
    assert "Traceback" not in output(result)
    assert result.exit_code == 0 or "written.json" in output(result), output(result)


# --- item 2: folders that are not folders ---------------------------------------------------
@pytest.mark.parametrize("state", ["file", "fifo", "loop"])
@pytest.mark.parametrize("folder", [".selfassess/staging", ".selfassess"])
def test_a_cache_folder_that_is_not_a_folder(
    run: Run, demo_ws: Path, tmp_path: Path, folder: str, state: str
) -> None:
    replace(demo_ws / folder, state)
    items = sorted(p.name for p in (demo_ws / "evidence" / "items").iterdir())
    doc = tmp_path / "note.txt"
    doc.write_text("A note about housing.\n")
    added = run(
        "evidence",
        "add",
        str(doc),
        "--title",
        "Note",
        "--kind",
        "other",
        "-w",
        str(demo_ws),
        "--no-input",
    )
    refused(added, folder)
    log = tmp_path / "log.csv"
    log.write_text("Ref,Title,Summary,Type,File\nR1,Note,,other,note.txt\n")
    refused(run("evidence", "import", str(log), "-w", str(demo_ws)), folder)
    assert sorted(p.name for p in (demo_ws / "evidence" / "items").iterdir()) == items
    # to a build, the folder's caches are simply not there: it builds
    built = run("pack", "build", "-w", str(demo_ws))
    assert built.exit_code == 0, output(built)
    assert (demo_ws / "packs" / "v3" / "manifest.json").is_file()


def test_request_import_when_requests_is_a_file(run: Run, demo_ws: Path, tmp_path: Path) -> None:
    pack = demo_ws / "packs" / "v1"
    mine = tmp_path / "mine.yaml"
    made = run("request", "add", "E-017", "--pack", str(pack), "--file", str(mine))
    assert made.exit_code == 0, output(made)
    replace(demo_ws / "requests", "file")
    refused(run("request", "import", str(mine), "-w", str(demo_ws)), "requests")


# --- item 3: validate checks request records as the tracker does ----------------------------
@pytest.mark.parametrize(
    "damage",
    [
        lambda text: "[" * 100_000 + "]" * 100_000,
        lambda text: re.sub(r'"note": null', r'"note": "a \\udc80 b"', text),
        lambda text: re.sub(r'"due": "\d{4}-\d\d-\d\d"', '"due": 20260926', text),
    ],
    ids=["deep", "surrogate", "number-date"],
)
def test_validate_refuses_a_request_record_the_tracker_refuses(
    run: Run, demo_ws: Path, damage: Callable[[str], str]
) -> None:
    record = sorted((demo_ws / "requests").glob("R-*.json"))[0]
    text = record.read_text()
    changed = damage(text)
    assert changed != text
    record.write_text(changed)
    refused(run("request", "list", "-w", str(demo_ws)), record.name)
    refused(run("validate", str(demo_ws)), record.name)


# --- item 4: a negative shared-string index -------------------------------------------------
def test_a_negative_shared_string_index_is_damage(run: Run, ws: str, tmp_path: Path) -> None:
    import zipfile

    from openpyxl import Workbook

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("A plan.\n")
    book = Workbook()
    sheet = book.active
    sheet.append(["Ref", "Title", "Summary", "Type", "File"])
    for n in range(6):
        sheet.append([f"R{n}", f"Title {n}", f"Summary {n}", "other", "a.txt"])
    log = docs / "log.xlsx"
    book.save(log)
    with zipfile.ZipFile(log) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    xml = parts["xl/worksheets/sheet1.xml"]
    # every inline string becomes an entry in a shared-strings table, one cell pointing at -4
    strings: list[bytes] = []

    def shared(match: re.Match[bytes]) -> bytes:
        strings.append(match.group(1))
        return b't="s"><v>' + str(len(strings) - 1).encode() + b"</v>"

    xml = re.sub(rb't="inlineStr"><is><t>([^<]*)</t></is>', shared, xml)
    xml = xml.replace(b't="s"><v>7</v>', b't="s"><v>-4</v>', 1)
    parts["xl/worksheets/sheet1.xml"] = xml
    table = b"".join(b"<si><t>" + s + b"</t></si>" for s in strings)
    parts["xl/sharedStrings.xml"] = (
        b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
        b'spreadsheetml/2006/main">' + table + b"</sst>"
    )
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    )
    rels = "xl/_rels/workbook.xml.rels"
    parts[rels] = parts[rels].replace(
        b"</Relationships>",
        b'<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
    )
    with zipfile.ZipFile(log, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    result = run("evidence", "import", str(log), "-w", ws)
    out = refused(result, str(log), "damaged")
    assert not list((Path(ws) / "evidence" / "items").glob("*.json")), out
