"""The library's operations hold the workspace lock and write the activity log themselves:
a script calling them is as safe as the command line (no CLI in these tests)."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from conftest import write

from selfassess.assessment.workspace import Workspace
from selfassess.datafiles import activity, lock
from selfassess.errors import WorkspaceLocked
from selfassess.evidence import evidence_log
from selfassess.evidence.evidence_log import Register
from selfassess.evidence.importer import import_log
from selfassess.evidence.model import EvidenceItem
from selfassess.pack import builder, reader
from selfassess.pack.history import history, latest_version, pack_id
from selfassess.requests import answering, teamfile, tracker


def _add(ws: Workspace, source: Path) -> EvidenceItem:
    template = EvidenceItem(id="E-000", title="")
    return evidence_log.add(Register(ws.root), str(source), template, ws.framework.theme_ids, [])


def _actions(root: Path) -> list[str]:
    return [entry["action"] for entry in activity.read(root)]


def _lock_holder(root: Path) -> str | None:
    """The command named in the holder note, if any (what a second writer is told)."""
    path = root / lock.HOLDER_FILE
    return json.loads(path.read_text())["command"] if path.exists() else None


def _requests_file(demo: Path, ask: str) -> Path:
    manifest = reader.load_manifest(demo / "packs" / "v2")
    requests_file = teamfile.for_pack(manifest)
    teamfile.add(requests_file, manifest, teamfile.NewRequests(ask=ask))
    path = demo.parent / "requests.yaml"
    teamfile.save_file(requests_file, path)
    return path


def test_evidence_add_holds_the_lock_and_logs(
    new_ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = write(tmp_path / "plan.txt", "our plan")
    seen: list[object] = []
    save = Register.save

    def save_and_look(register: Register, item: EvidenceItem) -> None:
        seen.append(_lock_holder(new_ws.root))
        with pytest.raises(WorkspaceLocked), new_ws.lock("a second writer"):
            pass
        save(register, item)

    monkeypatch.setattr(Register, "save", save_and_look)
    item = _add(new_ws, source)
    assert seen == ["selfassess evidence add"]
    assert not (new_ws.root / lock.HOLDER_FILE).exists()  # released afterwards
    [entry] = activity.read(new_ws.root)
    assert (entry["action"], entry["what"], entry["item"]) == (
        "evidence-add",
        "added E-001",
        "E-001",
    )
    assert item.id == "E-001"


def test_evidence_add_on_a_locked_workspace_changes_nothing(
    new_ws: Workspace, tmp_path: Path
) -> None:
    source = write(tmp_path / "plan.txt", "our plan")
    with new_ws.lock("selfassess start"), pytest.raises(WorkspaceLocked, match="in use by"):
        _add(new_ws, source)
    assert Register(new_ws.root).items() == [] and activity.read(new_ws.root) == []


def test_evidence_add_sees_items_another_writer_saved(new_ws: Workspace, tmp_path: Path) -> None:
    register = Register(new_ws.root)
    assert register.items() == []  # read before the other writer adds
    _add(new_ws, write(tmp_path / "a.txt", "a"))
    second = evidence_log.add(
        register, str(write(tmp_path / "b.txt", "b")), EvidenceItem(id="E-000", title=""), [], []
    )
    assert second.id == "E-002"  # not a second E-001 over the first


def test_evidence_import_holds_the_lock_and_logs(new_ws: Workspace, tmp_path: Path) -> None:
    write(tmp_path / "plan.txt", "our plan")
    log = write(tmp_path / "log.csv", "title,file\nOur plan,plan.txt\n")
    themes = new_ws.framework.theme_ids
    with new_ws.lock("selfassess start"), pytest.raises(WorkspaceLocked):
        import_log(Register(new_ws.root), log, themes, {}, [])
    assert Register(new_ws.root).items() == []
    outcome = import_log(Register(new_ws.root), log, themes, {}, [])
    assert outcome.added == ["E-001"] and _actions(new_ws.root) == ["evidence-import"]
    assert not (new_ws.root / lock.HOLDER_FILE).exists()


def test_pack_build_holds_the_lock_and_logs(new_ws: Workspace, tmp_path: Path) -> None:
    _add(new_ws, write(tmp_path / "plan.txt", "our plan"))
    seen: list[object] = []

    def progress(done: int, total: int) -> None:
        seen.append(_lock_holder(new_ws.root))

    result = builder.build(new_ws, progress=progress)
    assert seen == ["selfassess pack build"]
    assert result.version == 1 and _actions(new_ws.root)[-1] == "pack-build"
    with new_ws.lock("selfassess start"), pytest.raises(WorkspaceLocked):
        builder.build(new_ws)
    assert [r["version"] for r in history(new_ws)] == [1]


def test_request_import_holds_the_lock_and_logs(demo_ws: Path) -> None:
    ws = Workspace.open(demo_ws)
    path = _requests_file(demo_ws, "the latest staff survey")
    before, held = len(activity.read(demo_ws)), len(tracker.Tracker(demo_ws).all())
    with ws.lock("selfassess start"), pytest.raises(WorkspaceLocked):
        _import(ws, [path])
    assert len(tracker.Tracker(demo_ws).all()) == held and len(activity.read(demo_ws)) == before
    outcome = _import(ws, [path])
    assert len(outcome.added) == 1
    entry = activity.read(demo_ws)[-1]
    assert entry["action"] == "request-import" and entry["added"] == outcome.added
    assert entry["role"] == activity.TEAM
    assert _import(ws, [path]).added == []  # again: nothing new, nothing logged
    assert len(activity.read(demo_ws)) == before + 1


def test_respond_holds_one_lock_for_the_new_files_and_the_answer(
    demo_ws: Path, tmp_path: Path
) -> None:
    ws = Workspace.open(demo_ws)
    outcome = _import(ws, [_requests_file(demo_ws, "the latest staff survey")])
    [rid] = outcome.added
    doc = write(tmp_path / "survey.csv", "question,score\nmorale,3\n")
    seen: list[object] = []

    def describe(path: str, template: EvidenceItem) -> EvidenceItem:
        seen.append(_lock_holder(demo_ws))
        with pytest.raises(WorkspaceLocked), ws.lock("a second writer"):
            pass
        template.title = "Staff survey"
        return template

    answered = answering.respond(
        ws.root,
        ws.framework,
        rid,
        answering.RespondOptions(files=(str(doc),), partial=True),
        describe=describe,
        on_added=lambda item, notices: seen.append(item.id),
    )
    new_id = answered.evidence[0]
    assert seen == ["selfassess request respond", new_id]
    assert answered.status == "partly-fulfilled"
    assert tracker.Tracker(demo_ws).get(rid).status == "partly-fulfilled"
    added, responded = activity.read(demo_ws)[-2:]
    assert (added["action"], added["what"]) == ("evidence-add", f"added {new_id} for {rid}")
    assert (responded["action"], responded["request"]) == ("request-respond", rid)
    assert not (demo_ws / lock.HOLDER_FILE).exists()


def test_respond_on_a_locked_workspace_changes_nothing(demo_ws: Path) -> None:
    ws = Workspace.open(demo_ws)
    before = tracker.Tracker(demo_ws).get("R-a7k2mq")
    with ws.lock("selfassess start"), pytest.raises(WorkspaceLocked):
        answering.respond(
            ws.root, ws.framework, "R-a7k2mq", answering.RespondOptions(decline="Not yet approved")
        )
    assert tracker.Tracker(demo_ws).get("R-a7k2mq") == before


def test_an_operation_inside_another_joins_its_lock(new_ws: Workspace, tmp_path: Path) -> None:
    source = write(tmp_path / "plan.txt", "our plan")
    with lock.hold(new_ws.root, "selfassess start"):
        item = _add(new_ws, source)  # as the interview adds a document during 'start'
        assert _lock_holder(new_ws.root) == "selfassess start"
    assert item.id == "E-001" and not (new_ws.root / lock.HOLDER_FILE).exists()


def test_another_thread_does_not_join_the_lock(new_ws: Workspace, tmp_path: Path) -> None:
    source = write(tmp_path / "plan.txt", "our plan")
    failures: list[BaseException] = []

    def second_writer() -> None:
        try:
            _add(new_ws, source)
        except WorkspaceLocked as exc:
            failures.append(exc)

    with lock.hold(new_ws.root, "selfassess start"):
        thread = threading.Thread(target=second_writer)
        thread.start()
        thread.join()
    assert len(failures) == 1 and Register(new_ws.root).items() == []


def _import(ws: Workspace, paths: list[Path]) -> tracker.ImportOutcome:
    return tracker.import_requests(
        ws.root,
        paths,
        council=ws.council,
        pack_id=pack_id(ws),
        pack_version=latest_version(ws),
    )
