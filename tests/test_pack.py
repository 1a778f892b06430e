"""The pull-style pack: what goes in, what never does, versions, verification, search."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import zipfile
from pathlib import Path

import pytest
from conftest import pack_leaks, write
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from selfassess.assessment.workspace import Workspace
from selfassess.errors import SelfAssessError
from selfassess.evidence.evidence_log import Register, add
from selfassess.evidence.handling import Rules
from selfassess.evidence.model import EvidenceItem, Handling
from selfassess.pack import builder, reader, search
from selfassess.pack.builder import BuildOptions
from selfassess.pack.history import history


def add_doc(ws: Workspace, name: str, text: str, **meta: object) -> EvidenceItem:
    source = write(ws.root.parent / "incoming" / name, text)
    handling = Handling(
        **{k: meta.pop(k) for k in list(meta) if k in Handling.__dataclass_fields__}
    )  # type: ignore[arg-type]
    template = EvidenceItem(
        id="E-000", title=str(meta.pop("title", name)), handling=handling, **meta
    )  # type: ignore[arg-type]
    return add(Register(ws.root), str(source), template, ws.framework.theme_ids, [])


def pack_bytes(path: Path) -> list[bytes]:
    """Every file's content in a pack folder or zip (members decompressed)."""
    if path.is_dir():
        return [p.read_bytes() for p in path.rglob("*") if p.is_file()]
    with zipfile.ZipFile(path) as archive:
        return [archive.read(name) for name in archive.namelist()] + [path.read_bytes()]


@pytest.fixture
def stocked(new_ws: Workspace) -> Workspace:
    add_doc(
        new_ws,
        "plan.txt",
        "alphaplan text",
        core=True,
        summary="alphaplan-summary",
        themes=["local-priorities-and-outcomes"],
    )
    add_doc(
        new_ws, "audit.txt", "bravoaudit text", summary="bravoaudit-summary", kind="audit-report"
    )
    add_doc(
        new_ws,
        "risk.txt",
        "charlierisk text",
        summary="charlierisk-summary",
        classification="OFFICIAL-SENSITIVE",
    )
    add_doc(
        new_ws,
        "cases.txt",
        "deltacases text",
        summary="deltacases-summary",
        personal_data=True,
        core=True,
    )
    add_doc(new_ws, "part2.txt", "echopart text", summary="echopart-summary", exempt=True)
    return new_ws


def states(manifest: dict) -> dict[str, str]:
    return {item["id"]: item["state"] for item in manifest["items"]}


def test_pull_by_default(stocked: Workspace) -> None:
    result = builder.build(stocked)
    assert states(result.manifest) == {
        "E-001": "included",
        "E-002": "on-request",
        "E-003": "team-room",
        "E-004": "team-room",
        "E-005": "team-room",
    }
    files = set(result.manifest["files"])
    assert {
        "index.html",
        "library.csv",
        "search.sqlite",
        "documents/E-001-plan.txt",
        "scoping-document.html",
        "scoping-document.docx",
    } == files
    blob = b"".join(pack_bytes(result.path))
    assert b"bravoaudit-summary" in blob and b"bravoaudit text" not in blob
    for secret in (b"charlierisk", b"deltacases", b"echopart"):
        assert secret not in blob
    assert result.manifest["pre_reading"] == {"items": ["E-001"], "pages": 1, "page_limit": 250}


def test_allow_sensitive_lets_official_sensitive_through_but_never_personal_or_exempt(
    stocked: Workspace,
) -> None:
    result = builder.build(
        stocked, BuildOptions(rules=Rules(allow_sensitive=True, include_all=True))
    )
    assert states(result.manifest) == {
        "E-001": "included",
        "E-002": "included",
        "E-003": "included",
        "E-004": "team-room",
        "E-005": "team-room",
    }
    blob = b"".join(pack_bytes(result.path))
    assert b"charlierisk text" in blob and b"deltacases" not in blob and b"echopart" not in blob


def test_fulfilled_request_brings_the_document_in(stocked: Workspace) -> None:
    result = builder.build(stocked, BuildOptions(fulfilled=frozenset({"E-002", "E-004"})))
    assert states(result.manifest)["E-002"] == "included"
    assert states(result.manifest)["E-004"] == "team-room"


def test_versions_chain_and_say_whats_new(stocked: Workspace) -> None:
    first = builder.build(stocked)
    add_doc(stocked, "new.txt", "foxtrot")
    second = builder.build(stocked, BuildOptions(fulfilled=frozenset({"E-002"})))
    assert (first.version, second.version) == (1, 2)
    assert second.path == stocked.root / "packs" / "v2"
    import hashlib

    assert (
        second.manifest["previous_manifest_sha256"]
        == hashlib.sha256((first.path / "manifest.json").read_bytes()).hexdigest()
    )
    # the scoping document lists the evidence, so a new item changes it too
    assert second.whats_new == [
        "the scoping document has changed",
        "1 new item(s): E-006",
        "now in the pack: E-002",
    ]
    assert "NEW" in (second.path / "index.html").read_text()


def test_verify_names_modified_missing_and_unexpected_files(stocked: Workspace) -> None:
    result = builder.build(stocked)
    assert reader.verify(result.path).ok
    (result.path / "library.csv").write_text("tampered")
    (result.path / "documents" / "E-001-plan.txt").unlink()
    (result.path / "extra.txt").write_text("hello")
    check = reader.verify(result.path)
    assert (check.modified, check.missing, check.unexpected) == (
        ["library.csv"],
        ["documents/E-001-plan.txt"],
        ["extra.txt"],
    )


def test_zip_pack_verifies_and_searches_without_writing(stocked: Workspace, run) -> None:
    result = builder.build(stocked, BuildOptions(as_zip=True))
    assert result.path.suffix == ".zip" and reader.verify(result.path).ok
    before = (result.path.stat().st_mtime_ns, result.path.read_bytes())
    out = run("query", "alphaplan", "--pack", str(result.path), "--json")
    assert [hit["id"] for hit in json.loads(out.stdout)] == ["E-001"]
    assert (result.path.stat().st_mtime_ns, result.path.read_bytes()) == before


def test_reading_a_folder_pack_writes_nothing_inside_it(stocked: Workspace, run) -> None:
    result = builder.build(stocked)
    listing = {p: p.stat().st_mtime_ns for p in result.path.rglob("*")}
    assert run("query", "bravoaudit", "--pack", str(result.path)).exit_code == 0
    assert run("pack", "verify", str(result.path)).exit_code == 0
    assert {p: p.stat().st_mtime_ns for p in result.path.rglob("*")} == listing


def test_query_shows_where_each_result_is(stocked: Workspace, run) -> None:
    built = builder.build(stocked)
    out = run("query", "text", "--pack", str(built.path)).stdout
    assert "E-001  plan.txt  [In this pack]" in out
    assert (
        "E-002  audit.txt  [Can be requested]" not in out
    )  # on-request: no document text to match 'text'
    summary = run("query", "bravoaudit", "--pack", str(built.path)).stdout
    assert "[Can be requested]" in summary
    whole = run(
        "query", "charlierisk", "-w", str(stocked.root)
    ).stdout  # the council holds everything
    assert "[Available in the team room]" in whole


def test_malicious_zips_are_refused(tmp_path: Path, run) -> None:
    evil = tmp_path / "evil.zip"
    with zipfile.ZipFile(evil, "w") as archive:
        archive.writestr("manifest.json", json.dumps({"files": {}}))
        archive.writestr("../../escape.txt", "x")
    result = run("pack", "verify", str(evil))
    assert result.exit_code == 1 and "unsafe entry '../../escape.txt'" in result.stderr
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps({"files": {}}))
        archive.writestr("search.sqlite", b"\0" * (60 * 2**20))
    result = run("query", "x", "--pack", str(bomb))
    assert result.exit_code == 1 and "zip bomb" in result.stderr
    assert run("pack", "verify", str(tmp_path / "nothing")).exit_code == 1


def test_an_interrupted_build_leaves_the_previous_pack_intact(
    stocked: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = builder.build(stocked)
    real_replace = os.replace

    def interrupted(src: str, dst: str) -> None:
        if "packs" in str(dst) and str(dst).endswith("v2"):
            raise KeyboardInterrupt
        real_replace(src, dst)

    add_doc(stocked, "late.txt", "a late addition")  # a real change, so v2 is built
    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        builder.build(stocked)
    assert reader.verify(first.path).ok
    assert sorted(p.name for p in (stocked.root / "packs").iterdir()) == ["history.jsonl", "v1"]
    assert len(history(stocked)) == 1


def test_corrupt_and_protected_documents_warn_but_never_stop_the_build(new_ws: Workspace) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.encrypt("secret")
    protected = new_ws.root.parent / "incoming" / "locked.pdf"
    protected.parent.mkdir(parents=True, exist_ok=True)
    with protected.open("wb") as handle:
        writer.write(handle)
    add(
        Register(new_ws.root),
        str(protected),
        EvidenceItem(id="E-000", title="", core=True),
        new_ws.framework.theme_ids,
        [],
    )
    add_doc(new_ws, "broken.pdf", "%PDF-1.7\n1 0 obj", core=True)
    add_doc(new_ws, "old.doc", "legacy", core=True)
    result = builder.build(new_ws)
    text = "\n".join(result.warnings)
    assert "password-protected PDF" in text
    assert "E-002 'broken.pdf'" in text
    assert "Word 97-2003 format" in text
    assert all(state == "included" for state in states(result.manifest).values())


def test_long_pre_reading_warns(new_ws: Workspace) -> None:
    add_doc(new_ws, "tome.txt", "word " * 500 * 260, core=True)
    assert any("over the limit of 250" in w for w in builder.build(new_ws).warnings)


def test_html_escapes_what_the_council_typed(new_ws: Workspace) -> None:
    add_doc(
        new_ws,
        "x.txt",
        "x",
        title="<script>alert(1)</script>",
        summary="</script><img src=x onerror=alert(2)>",
    )
    html = (builder.build(new_ws).path / "index.html").read_text()
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    body = html.split('<script type="application/json"', 1)[1]
    assert "</script><img" not in body
    own = re.sub(r"/\*! MiniSearch.*?</script>", "", html, flags=re.S)  # its comments cite pages
    assert "http://" not in own.replace("http://www.w3.org", "") and "<link" not in html


def test_fts_query_turns_typing_into_a_safe_query() -> None:
    assert (
        search.fts_query('risk "audit committee" OR scrut*')
        == '"risk" "audit committee" OR "scrut"*'
    )
    assert search.fts_query("NEAR( * ) AND") == '"NEAR" "AND"'
    assert search.fts_query('"') == ""


def test_search_ranks_and_filters(stocked: Workspace) -> None:
    add_doc(
        stocked,
        "councils.txt",
        "The councils met; scrutiny of scrutiny reports.",
        kind="committee-report",
        date="2026-01-10",
        themes=["governance-and-culture"],
        core=True,
    )
    add_doc(stocked, "brief.txt", "One mention of scrutiny.", date="2024-01-10", core=True)
    built = builder.build(stocked)
    db = search.open_read_only(built.path / "search.sqlite")
    try:
        assert [h.id for h in search.query(db, "council")] == ["E-006"]  # stemmed: councils
        assert [h.id for h in search.query(db, "scrutiny")] == [
            "E-006",
            "E-007",
        ]  # more matches rank first
        assert [h.id for h in search.query(db, "scrutiny", since="2025-01-01")] == ["E-006"]
        assert [h.id for h in search.query(db, "scrutiny", kind="other")] == ["E-007"]
        assert [h.id for h in search.query(db, "scrutiny", theme="governance-and-culture")] == [
            "E-006"
        ]
        assert [h.id for h in search.query(db, "scrut*")] == ["E-006", "E-007"]
        assert search.query(db, "scrutiny", limit=1)[0].snippet.count("[scrutiny]") >= 1
    finally:
        db.close()


# --- nothing leaks: a property over random logs ----------------------------------------------
flags = st.fixed_dictionaries(
    {
        "classification": st.sampled_from(["OFFICIAL", "OFFICIAL-SENSITIVE"]),
        "personal_data": st.booleans(),
        "exempt": st.booleans(),
        "core": st.booleans(),
    }
)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    logs=st.lists(flags, min_size=1, max_size=6),
    allow=st.booleans(),
    as_zip=st.booleans(),
    fulfilled=st.sets(st.integers(1, 6)),
)
def test_nothing_kept_back_ever_reaches_a_pack(
    tmp_path_factory: pytest.TempPathFactory,
    logs: list[dict],
    allow: bool,
    as_zip: bool,
    fulfilled: set[int],
) -> None:
    root = tmp_path_factory.mktemp("prop")
    ws = Workspace.create(
        root / "ws", council="Prop", framework_id="corporate-peer-challenge", cycle="1"
    )
    for n, meta in enumerate(logs, 1):
        add_doc(ws, f"d{n}.txt", f"bodymarker{n}x text", summary=f"summarymarker{n}x", **meta)
    ids = frozenset(f"E-{n:03d}" for n in fulfilled)
    result = builder.build(
        ws, BuildOptions(as_zip=as_zip, rules=Rules(allow_sensitive=allow), fulfilled=ids)
    )
    blob = b"".join(pack_bytes(result.path))
    scratch = root / "scratch"
    scratch.mkdir()
    db = search.open_read_only(reader.search_index(result.path, scratch))
    for n, meta in enumerate(logs, 1):
        item_state = states(result.manifest)[f"E-{n:03d}"]
        kept = (
            meta["personal_data"]
            or meta["exempt"]
            or (meta["classification"] != "OFFICIAL" and not allow)
        )
        body, summary = f"bodymarker{n}x".encode(), f"summarymarker{n}x".encode()
        if kept:
            assert item_state == "team-room"
            assert summary not in blob and body not in blob
            for marker in (f"bodymarker{n}x", f"summarymarker{n}x"):  # the index's terms too
                assert pack_leaks(result.path, marker) == []
            assert (
                search.query(db, f"summarymarker{n}x") == []
                and search.query(db, f"bodymarker{n}x") == []
            )
        elif item_state == "on-request":
            assert body not in blob and search.query(db, f"bodymarker{n}x") == []
        else:
            assert meta["core"] or f"E-{n:03d}" in ids
            assert body in blob
    db.close()
    with pytest.raises(sqlite3.OperationalError):  # the pack's index is read-only
        search.open_read_only(reader.search_index(result.path, scratch)).execute(
            "CREATE TABLE t(x)"
        )


def test_bad_pack_path(run) -> None:
    result = run("query", "x", "--pack", "missing-pack")
    assert result.exit_code == 1 and "no such pack" in result.stderr
    with pytest.raises(SelfAssessError):
        reader.load_manifest(Path("missing-pack"))


def test_the_demo_pack_keeps_sensitive_exempt_and_personal_items_in_the_team_room(
    demo_ws: Path, run
) -> None:
    v1 = demo_ws / "packs" / "v1"
    assert run("pack", "verify", str(v1)).exit_code == 0
    manifest = json.loads((v1 / "manifest.json").read_text())
    by_title = {item["title"]: item for item in manifest["items"]}
    kept = [item for item in manifest["items"] if item["state"] == "team-room"]
    assert len(kept) == 3 and all("summary" not in item for item in kept)
    assert sum(item["state"] == "included" for item in manifest["items"]) == 5
    blob = b"".join(pack_bytes(v1))
    register = {i.id: i for i in Register(demo_ws).items()}
    for item in kept:
        assert register[item["id"]].summary.encode() not in blob
    assert any("Council Plan" in title for title in by_title)
    html = (v1 / "index.html").read_text()
    assert "Available in the team room" in html and "Can be requested" in html


def test_manifests_follow_their_schema(stocked: Workspace) -> None:
    from jsonschema import Draft202012Validator

    from selfassess.datafiles.schemas import schema

    validator = Draft202012Validator(schema("manifest"))
    for rules in (Rules(), Rules(include_all=True, allow_sensitive=True)):
        manifest = builder.build(stocked, BuildOptions(rules=rules)).manifest
        assert list(validator.iter_errors(manifest)) == []
    broken = dict(
        manifest,
        items=[
            {"id": "E-001", "title": "x", "themes": [], "state": "team-room", "summary": "leak"}
        ],
    )
    assert list(validator.iter_errors(broken))


def test_an_unchanged_rebuild_builds_nothing(stocked: Workspace, run) -> None:
    first = builder.build(stocked)
    again = builder.build(Workspace.open(stocked.root))
    assert (again.built, again.version, again.path) == (False, 1, first.path)
    assert "No changes since version 1; nothing built" in again.message
    assert sorted(p.name for p in (stocked.root / "packs").iterdir()) == ["history.jsonl", "v1"]
    assert len(history(stocked)) == 1
    result = run("pack", "build", "-w", str(stocked.root))
    assert result.exit_code == 0
    assert result.output.startswith("No changes since version 1; nothing built")
    forced = run("pack", "build", "-w", str(stocked.root), "--rebuild")
    assert "Built pack version 2" in forced.output
    assert reader.verify(stocked.root / "packs" / "v2").ok


def test_a_workspace_moved_whole_still_knows_its_last_build(stocked: Workspace) -> None:
    builder.build(stocked)
    moved = stocked.root.with_name("moved")
    stocked.root.rename(moved)  # as the demo renames the workspace it built elsewhere
    again = builder.build(Workspace.open(moved))
    assert (again.built, again.version) == (False, 1)
    (moved / "context.yaml").write_text((moved / "context.yaml").read_text() + "\n")
    assert builder.build(Workspace.open(moved)).built  # and a change after the move still counts


def _edit_item(ws: Workspace) -> None:
    register = Register(ws.root)
    item = register.get("E-002")
    item.summary = "bravoaudit, summary rewritten"
    register.save(item)


def _answer_request(ws: Workspace) -> None:
    from selfassess.requests.tracker import Tracked, Tracker

    Tracker(ws.root).save(
        Tracked(
            id="R-abc123",
            type="document",
            raised="2026-01-05",
            item="E-002",
            status="fulfilled",
            evidence=["E-002"],
            responded="2026-01-06",
        )
    )


def _answer_theme_question(ws: Workspace) -> None:
    theme = ws.framework.themes[0]
    ws.set_answer(theme.id, theme.questions[0].id, "A new answer for the scoping document.")


def _change_core_document(ws: Workspace) -> None:
    path = ws.root / Register(ws.root).get("E-001").file.path  # type: ignore[union-attr]
    path.write_text("alphaplan text, edited in place")


def _remove_last_pack(ws: Workspace) -> None:
    import shutil

    shutil.rmtree(ws.root / "packs" / "v1")


@pytest.mark.parametrize(
    ("change", "options"),
    [
        (_edit_item, {}),
        (lambda ws: add_doc(ws, "new.txt", "foxtrot text"), {}),
        (_answer_request, {}),
        (_answer_theme_question, {}),
        (_change_core_document, {}),
        (_remove_last_pack, {}),
        (None, {"rules": Rules(allow_sensitive=True)}),
        (None, {"rules": Rules(include_all=True)}),
        (None, {"fulfilled": frozenset({"E-002"})}),
        (None, {"as_zip": True}),
    ],
    ids=[
        "item-edited",
        "item-added",
        "request-answered",
        "theme-answered",
        "document-changed",
        "pack-removed",
        "allow-sensitive",
        "include-all",
        "fulfilled",
        "zip",
    ],
)
def test_any_real_change_still_builds(stocked: Workspace, change, options) -> None:
    builder.build(stocked)
    if change is not None:
        change(stocked)
    result = builder.build(stocked, builder.BuildOptions(**options))
    assert (result.built, result.version) == (True, 2)
    assert reader.verify(result.path).ok
    assert not builder.build(
        stocked, builder.BuildOptions(**options)
    ).built  # and then it is the one to match


def test_another_out_builds_and_the_same_out_does_not(stocked: Workspace, tmp_path: Path) -> None:
    builder.build(stocked)
    elsewhere = builder.build(stocked, builder.BuildOptions(out=tmp_path / "for-the-team"))
    assert (elsewhere.built, elsewhere.path) == (True, tmp_path / "for-the-team")
    assert not builder.build(stocked, builder.BuildOptions(out=tmp_path / "for-the-team")).built
    assert builder.build(stocked).built  # the default place again: a change of options
