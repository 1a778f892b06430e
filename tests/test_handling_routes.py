"""Whatever route a document takes into the evidence log (add, import with or without a
ref, a request's answer), the strictest handling of any copy holds for every copy, nothing
kept back reaches a pack, and personal data is neither copied nor cached."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import MARKER, case_notes, pack_leaks, write
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from selfassess.assessment.workspace import Workspace
from selfassess.evidence.evidence_log import Register
from selfassess.requests.tracker import Tracked, Tracker


def built_pack(run, ws: str, *extra: str) -> Path:
    result = run("pack", "build", "-w", ws, *extra)
    assert result.exit_code == 0, result.output
    line = next(x for x in result.stdout.splitlines() if x.startswith("Built pack version"))
    return Path(line.split(": ", 1)[1])


def test_importing_a_row_with_a_ref_for_a_personal_data_file_keeps_it_back(
    run, ws: str, tmp_path: Path
) -> None:
    # issue 10, leak route 1, exactly as reported
    notes = case_notes(tmp_path / "incoming")
    assert (
        run("evidence", "add", str(notes), "-w", ws, "--personal-data", "--no-input").exit_code == 0
    )
    log = write(
        notes.parent / "log.csv",
        "ref,title,file,pre_reading\nLOG-1,Casework,case-notes.txt,yes\n",
    )
    imported = run("evidence", "import", str(log), "-w", ws)
    assert imported.exit_code == 0, imported.output
    assert "E-002 is the same file as E-001" in imported.stdout
    assert Register(Path(ws)).get("E-002").handling.personal_data
    pack = built_pack(run, ws)
    assert not (pack / "documents" / "E-002-case-notes.txt").exists()
    assert pack_leaks(pack, MARKER) == []


@pytest.mark.parametrize("order", [("--core", "--exempt"), ("--exempt", "--core")])
def test_a_stricter_copy_tightens_the_older_copies_too(
    run, ws: str, tmp_path: Path, order: tuple[str, str]
) -> None:
    # issue 10, leak route 2
    doc = case_notes(tmp_path / "incoming", "x.txt")
    run("evidence", "add", str(doc), order[0], "-w", ws, "--no-input")
    second = run("evidence", "add", str(doc), order[1], "-w", ws, "--no-input")
    assert second.exit_code == 0, second.output
    register = Register(Path(ws))
    assert register.get("E-001").handling.exempt and register.get("E-002").handling.exempt
    if order[1] == "--exempt":
        assert "E-001 is now OFFICIAL, exempt (Part 2)" in second.stdout
        assert "same file as E-002" in second.stdout
    assert pack_leaks(built_pack(run, ws), MARKER) == []


def test_an_import_that_marks_one_copy_tightens_its_twins(run, ws: str, tmp_path: Path) -> None:
    doc = case_notes(tmp_path / "incoming", "x.txt")
    run("evidence", "add", str(doc), "--core", "-w", ws, "--no-input")
    run("evidence", "add", str(doc), "--core", "-w", ws, "--no-input")
    log = write(doc.parent / "log.csv", "title,file,classification\nX,x.txt,OFFICIAL-SENSITIVE\n")
    imported = run("evidence", "import", str(log), "-w", ws)
    assert imported.exit_code == 0, imported.output
    register = Register(Path(ws))
    assert {i.handling.classification for i in register.items()} == {"OFFICIAL-SENSITIVE"}
    assert "is now OFFICIAL-SENSITIVE" in imported.stdout
    assert pack_leaks(built_pack(run, ws), MARKER) == []


# --- request respond --file: all or nothing ------------------------------------------------
def open_request(root: Path, rid: str = "R-abc234") -> str:
    Tracker(root).save(Tracked(id=rid, type="document", raised="2026-03-01", ask="Case notes"))
    return rid


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file the council keeps (the cache aside), by its path in the workspace."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in root.rglob("*")
        if p.is_file() and ".selfassess" not in p.parts
    }


@pytest.mark.parametrize(
    "failing",
    [
        ["--sensitive"],
        ["--personal-data"],
        ["--exempt"],
        ["--evidence", "E-099"],
    ],
)
def test_a_failed_respond_with_a_file_writes_nothing(
    run, ws: str, tmp_path: Path, failing: list[str]
) -> None:
    # issue 10, leak route 3: nothing is written unless the whole command succeeds
    root = Path(ws)
    rid = open_request(root)
    doc = case_notes(tmp_path / "incoming")
    before = snapshot(root)
    for _ in range(2):  # a retry after a failure adds nothing either
        refused = run(
            "request", "respond", rid, "--file", str(doc), *failing, "-w", ws, "--no-input"
        )
        assert refused.exit_code in (1, 2), refused.output
        assert "Added" not in refused.stdout
        assert snapshot(root) == before
    if failing[0] != "--evidence":
        done = run(
            "request",
            "respond",
            rid,
            "--file",
            str(doc),
            *failing,
            "--team-room",
            "-w",
            ws,
            "--no-input",
        )
        assert done.exit_code == 0, done.output
        assert [i.id for i in Register(root).items()] == ["E-001"]
        assert pack_leaks(built_pack(run, ws), MARKER) == []


def test_a_respond_file_that_is_a_kept_back_twin_is_refused_whole(
    run, ws: str, tmp_path: Path
) -> None:
    root = Path(ws)
    doc = case_notes(tmp_path / "incoming")
    run("evidence", "add", str(doc), "--exempt", "-w", ws, "--no-input")
    rid = open_request(root)
    before = snapshot(root)
    refused = run("request", "respond", rid, "--file", str(doc), "-w", ws, "--no-input")
    assert refused.exit_code == 2 and "--team-room" in refused.stderr
    assert snapshot(root) == before


# --- personal data: kept by reference, no text cached or indexed -----------------------------
def personal_html(folder: Path) -> Path:
    return write(
        folder / "case-review.html", f"<html><body><p>{MARKER} household</p></body></html>"
    )


def test_personal_data_is_referenced_in_place_and_no_text_is_cached(
    run, ws: str, tmp_path: Path
) -> None:
    # issue 10, leak route 6
    root = Path(ws)
    doc = personal_html(tmp_path / "incoming")
    added = run("evidence", "add", str(doc), "--personal-data", "-w", ws, "--no-input")
    assert added.exit_code == 0, added.output
    item = Register(root).get("E-001")
    assert item.file is not None and item.file.linked and item.file.path == str(doc.resolve())
    assert not (root / "evidence" / "files").exists()
    assert run("query", MARKER, "-w", ws).stdout.strip() in ("", "No matches.")
    assert run("query", "household", "-w", ws).stdout.strip() in ("", "No matches.")
    cache = root / ".selfassess"
    assert not any(MARKER.encode() in p.read_bytes() for p in cache.rglob("*") if p.is_file())


def test_personal_data_can_be_copied_in_when_the_council_insists(
    run, ws: str, tmp_path: Path
) -> None:
    root = Path(ws)
    doc = personal_html(tmp_path / "incoming")
    added = run("evidence", "add", str(doc), "--personal-data", "--copy", "-w", ws, "--no-input")
    assert added.exit_code == 0, added.output
    item = Register(root).get("E-001")
    assert item.file is not None and not item.file.linked
    assert (root / item.file.path).read_bytes() == doc.read_bytes()
    cache = root / ".selfassess"
    assert not any(MARKER.encode() in p.read_bytes() for p in cache.rglob("*") if p.is_file())
    both = run("evidence", "add", str(doc), "--link", "--copy", "-w", ws, "--no-input")
    assert both.exit_code == 2 and "--copy" in both.stderr


def test_personal_data_from_an_import_or_an_answer_is_referenced_too(
    run, ws: str, tmp_path: Path
) -> None:
    root = Path(ws)
    doc = personal_html(tmp_path / "incoming")
    log = write(doc.parent / "log.csv", "ref,file,personal_data\nL-1,case-review.html,yes\n")
    assert run("evidence", "import", str(log), "-w", ws).exit_code == 0
    other = write(tmp_path / "incoming" / "other.html", f"<p>{MARKER} another</p>")
    rid = open_request(root)
    answered = run(
        "request",
        "respond",
        rid,
        "--file",
        str(other),
        "--personal-data",
        "--team-room",
        "-w",
        ws,
        "--no-input",
    )
    assert answered.exit_code == 0, answered.output
    assert all(i.file is not None and i.file.linked for i in Register(root).items())
    assert not (root / "evidence" / "files").exists()
    cache = root / ".selfassess"
    assert not any(MARKER.encode() in p.read_bytes() for p in cache.rglob("*") if p.is_file())


def test_a_copy_that_becomes_personal_data_loses_its_cached_text(
    run, ws: str, tmp_path: Path
) -> None:
    root = Path(ws)
    doc = personal_html(tmp_path / "incoming")
    run("evidence", "add", str(doc), "-w", ws, "--no-input")
    assert MARKER in run("query", MARKER, "-w", ws).stdout  # indexed while it was OFFICIAL
    marked = run("evidence", "add", str(doc), "--personal-data", "-w", ws, "--no-input")
    assert "E-001 is now OFFICIAL, personal data" in marked.stdout, marked.output
    assert MARKER not in run("query", MARKER, "-w", ws).stdout
    first = Register(root).get("E-001")
    assert first.file is not None and first.file.linked and first.file.path == str(doc.resolve())
    assert "E-001: its copy in the workspace is removed" in marked.stdout
    assert not (root / "evidence" / "files" / "E-001").exists()
    cache = root / ".selfassess"
    assert not any(MARKER.encode() in p.read_bytes() for p in cache.rglob("*") if p.is_file())
    manifest = json.loads((built_pack(run, ws) / "manifest.json").read_text())
    assert {i["state"] for i in manifest["items"]} == {"team-room"}


# --- the property: nothing kept back reaches a pack, by any route ---------------------------
MARKS = ("sensitive", "personal_data", "exempt")
arrival = st.fixed_dictionaries(
    {
        "file": st.integers(0, 1),
        "route": st.sampled_from(["add", "import-ref", "import-noref", "respond"]),
        "sensitive": st.booleans(),
        "personal_data": st.booleans(),
        "exempt": st.booleans(),
        "core": st.booleans(),
        "team_room": st.booleans(),
    }
)


def arrive(run, ws: str, folder: Path, n: int, doc: Path, how: dict) -> bool:
    """One copy of ``doc`` arriving by ``how["route"]``; whether the command succeeded
    (a failed one must have written nothing)."""
    flags = [f"--{m.replace('_', '-')}" for m in MARKS if how[m]]
    if how["route"] == "add":
        result = run(
            "evidence", "add", str(doc), *flags, *(["--core"] * how["core"]), "-w", ws, "--no-input"
        )
    elif how["route"] == "respond":
        rid = open_request(Path(ws), f"R-abcd{n:02d}")
        before = snapshot(Path(ws))
        room = ["--team-room"] if how["team_room"] else []
        result = run(
            "request", "respond", rid, "--file", str(doc), *flags, *room, "-w", ws, "--no-input"
        )
        if result.exit_code != 0:
            assert "Traceback" not in result.output and snapshot(Path(ws)) == before
            return False
    else:
        yes = {True: "yes", False: "no"}
        cells = [
            doc.name,
            "OFFICIAL-SENSITIVE" if how["sensitive"] else "OFFICIAL",
            yes[how["personal_data"]],
            yes[how["exempt"]],
            yes[how["core"]],
        ]
        header = "file,classification,personal_data,exempt,pre_reading"
        if how["route"] == "import-ref":
            header, cells = f"ref,{header}", [f"L-{n}", *cells]
        log = write(folder / f"log-{n}.csv", f"{header}\n{','.join(cells)}\n")
        result = run("evidence", "import", str(log), "-w", ws)
    assert result.exit_code == 0, result.output
    return True


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    arrivals=st.lists(arrival, min_size=1, max_size=5),
    suffixes=st.tuples(st.sampled_from([".txt", ".html"]), st.sampled_from([".txt", ".html"])),
    allow=st.booleans(),
    include_all=st.booleans(),
    as_zip=st.booleans(),
)
def test_nothing_kept_back_reaches_a_pack_whatever_route_a_copy_took(
    run,
    tmp_path_factory: pytest.TempPathFactory,
    arrivals: list[dict],
    suffixes: tuple[str, str],
    allow: bool,
    include_all: bool,
    as_zip: bool,
) -> None:
    root = tmp_path_factory.mktemp("routes")
    ws = str(
        Workspace.create(
            root / "ws", council="Prop", framework_id="corporate-peer-challenge", cycle="1"
        ).root
    )
    folder = root / "incoming"
    markers = [f"leakmark{n}q{n}" for n in range(2)]
    docs = [
        write(folder / f"doc{n}{suffixes[n]}", f"<p>Text {markers[n]} here</p>\n") for n in range(2)
    ]
    strictest: dict[int, set[str]] = {0: set(), 1: set()}
    for n, how in enumerate(arrivals):
        if arrive(run, ws, folder, n, docs[how["file"]], how):
            strictest[how["file"]] |= {m for m in MARKS if how[m]}
    register = Register(Path(ws))
    build = ["--allow-sensitive"] * allow + ["--include-all"] * include_all + ["--zip"] * as_zip
    pack = built_pack(run, ws, *build)
    for n, doc in enumerate(docs):
        copies = [i for i in register.items() if i.file and i.file.name == doc.name]
        # every copy carries the strictest marks any copy that arrived had
        assert {
            (
                i.handling.classification == "OFFICIAL-SENSITIVE",
                i.handling.personal_data,
                i.handling.exempt,
            )
            for i in copies
        } <= {
            ("sensitive" in strictest[n], "personal_data" in strictest[n], "exempt" in strictest[n])
        }
        marks = strictest[n] - ({"sensitive"} if allow else set())
        if not copies:
            continue
        if marks:
            assert pack_leaks(pack, markers[n]) == [], (n, arrivals)
        elif include_all:
            assert pack_leaks(pack, markers[n]), (n, arrivals)  # the control: it does ship
        if "personal_data" in strictest[n]:
            assert all(i.file is not None and i.file.linked for i in copies)
            assert markers[n] not in run("query", markers[n], "-w", ws).stdout
            cache = Path(ws) / ".selfassess" / "text"
            assert not any(markers[n].encode() in p.read_bytes() for p in cache.rglob("*"))


def test_an_import_that_marks_a_copy_personal_refers_to_the_file_in_place(
    run, ws: str, tmp_path: Path
) -> None:
    root = Path(ws)
    doc = personal_html(tmp_path / "incoming")
    run("evidence", "add", str(doc), "-w", ws, "--no-input")
    assert (root / "evidence" / "files" / "E-001").is_dir()
    log = write(doc.parent / "log.csv", "file,personal_data\ncase-review.html,yes\n")
    assert "1 updated" in run("evidence", "import", str(log), "-w", ws).stdout
    item = Register(root).get("E-001")
    assert item.handling.personal_data and item.file is not None and item.file.linked
    assert not (root / "evidence" / "files" / "E-001").exists()
    assert pack_leaks(built_pack(run, ws, "--include-all"), MARKER) == []
