"""Additional information requests: the whole pull loop, and its bad inputs."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import chromium, load_yaml, start_chromium, write
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from selfassess.requests import merging, teamfile, tracker


@pytest.fixture
def pack_v1(demo_ws: Path, tmp_path: Path) -> Path:
    """What the team received: a copy of the demo's pack version 1."""
    return Path(shutil.copytree(demo_ws / "packs" / "v1", tmp_path / "team" / "pack-v1"))


def html_style_file(
    path: Path, pack: Path, rid: str, item: str | None, ask: str | None, role: str
) -> Path:
    """A requests file exactly as index.html writes one (JSON-quoted YAML scalars)."""
    manifest = json.loads((pack / "manifest.json").read_text())
    q = json.dumps
    lines = [
        "# Additional information requests (made in the pack's index.html)",
        "schema_version: 1",
        f"council: {q(manifest['council'])}",
        f"pack_id: {q(manifest['pack_id'])}",
        f"pack_version: {manifest['version']}",
        "requests:",
        f"  - id: {q(rid)}",
        f"    item: {q(item) if item else 'null'}",
        f"    ask: {q(ask) if ask else 'null'}",
        '    type: "document"',
        "    theme: null",
        '    due: "2026-12-01"',
        f"    by: {q(role)}",
        '    raised: "2026-11-20"',
        '    status: "open"',
        "    reasons:",
        f"      - by: {q(role)}",
        '        text: "Needed for the finance session"',
    ]
    return write(path, "\n".join(lines) + "\n")


def test_the_whole_round_trip(run, demo_ws: Path, pack_v1: Path, tmp_path: Path) -> None:
    team = pack_v1.parent
    lmp, lop = team / "lmp.yaml", team / "lop.yaml"
    w = str(demo_ws)
    # two peers ask: a library item, a free-text ask, and the same ask twice
    assert (
        run(
            "request",
            "add",
            "E-010",
            "--pack",
            str(pack_v1),
            "--by",
            "lead-member-peer",
            "--reason",
            "audit follow-up",
            "--file",
            str(lmp),
        ).exit_code
        == 0
    )
    assert (
        run(
            "request",
            "add",
            "--ask",
            "Latest corporate risk register",
            "--pack",
            str(pack_v1),
            "--by",
            "lead-member-peer",
            "--file",
            str(lmp),
        ).exit_code
        == 0
    )
    again = run(
        "request",
        "add",
        "E-010",
        "--pack",
        str(pack_v1),
        "--file",
        str(lmp),
        "--reason",
        "second reason",
    )
    assert "already requested" in again.stdout and len(teamfile.load_file(lmp).requests) == 2
    html_style_file(
        lop, pack_v1, "R-zz2abc", None, "latest corporate   risk register", "lead-officer-peer"
    )
    run(
        "request",
        "add",
        "E-016",
        "E-015",
        "--pack",
        str(pack_v1),
        "--by",
        "lead-officer-peer",
        "--file",
        str(lop),
    )
    # the manager merges: the duplicate ask becomes one request with both reasons
    merged = team / "requests.yaml"
    ours = team / "team-requests.yaml"
    result = run(
        "request", "merge", str(lmp), str(lop), "--out", str(merged), "--with-reasons", str(ours)
    )
    assert "Merged 5 request(s) from 2 file(s) into 4" in result.stdout
    risk = next(r for r in teamfile.load_file(ours).requests if r.ask)
    assert risk.also == ["R-zz2abc"] and len(risk.reasons) == 1  # lmp gave no reason for it
    # the council imports twice: nothing doubles
    first = run("request", "import", str(merged), "-w", w)
    assert "4 new" in first.stdout
    second = run("request", "import", str(merged), str(lop), "-w", w)
    assert "0 new" in second.stdout
    tracked = {t.subject(): t for t in tracker.Tracker(demo_ws).all()}
    assert len([t for t in tracked.values() if t.id != "R-a7k2mq" and t.raised >= "2026-11"]) == 4
    by_item = {t.item: t.id for t in tracker.Tracker(demo_ws).all() if t.item}
    ask_id = next(
        t.id for t in tracker.Tracker(demo_ws).all() if t.ask and "risk register" in t.ask
    )
    # fulfil one, decline one, partly fulfil one
    assert run("request", "respond", by_item["E-010"], "-w", w, "--no-input").exit_code == 0
    assert (
        run(
            "request", "respond", by_item["E-016"], "-w", w, "--decline", "Being refreshed"
        ).exit_code
        == 0
    )
    doc = write(tmp_path / "risk-register-q2.csv", "risk,score\nfunding,16\n")
    partly = run(
        "request", "respond", "R-zz2abc", "-w", w, "--file", str(doc), "--partial", "--no-input"
    )
    assert partly.exit_code == 0 and "partly-fulfilled" in partly.stdout
    built = run("pack", "build", "-w", w)
    assert "requests answered:" in built.stdout
    v3 = demo_ws / "packs" / "v3"
    # the team's view against the new pack shows every state, by its own ids
    view = json.loads(
        run("request", "list", "--pack", str(v3), "--file", str(lop), "--json").stdout
    )
    states = {row["what"]: row["status"] for row in view}
    assert states['"latest corporate   risk register"'] == "partly-fulfilled"
    manifest = json.loads((v3 / "manifest.json").read_text())
    titles = {i["id"]: i["title"] for i in manifest["items"]}  # the pack names what was asked for
    assert states[f"E-016 {titles['E-016']}"] == "declined"
    assert states[f"E-015 {titles['E-015']}"] == "open"
    included = {i["id"] for i in manifest["items"] if i["state"] == "included"}
    new_item = next(t for t in tracker.Tracker(demo_ws).all() if t.id == ask_id).evidence[0]
    assert {"E-010", new_item} <= included and "E-016" not in included
    for version in ("v1", "v2", "v3"):
        assert run("pack", "verify", str(demo_ws / "packs" / version)).exit_code == 0
    # nothing of the peers' reasons reaches the council's workspace
    for path in demo_ws.rglob("*"):
        if path.is_file() and path.suffix in (".json", ".jsonl", ".yaml", ".html", ".csv"):
            text = path.read_text(errors="replace")
            assert "audit follow-up" not in text and "Needed for the finance session" not in text
    html = (v3 / "index.html").read_text()
    assert "Partly fulfilled" in html and "Being refreshed" in html


def test_withdrawal_reaches_the_council(run, demo_ws: Path, pack_v1: Path) -> None:
    mine = pack_v1.parent / "mine.yaml"
    run("request", "add", "E-017", "--pack", str(pack_v1), "--file", str(mine))
    rid = teamfile.load_file(mine).requests[0].id
    run("request", "import", str(mine), "-w", str(demo_ws))
    assert run("request", "withdraw", rid, "--file", str(mine)).exit_code == 0
    result = run("request", "import", str(mine), "-w", str(demo_ws))
    assert "1 withdrawn" in result.stdout
    assert tracker.Tracker(demo_ws).get(rid).effective_status == "withdrawn"
    answer = run("request", "respond", rid, "-w", str(demo_ws), "--no-input")
    assert answer.exit_code == 1 and "withdrawn by the team" in answer.stderr


def test_team_room_item_can_only_be_answered_as_such(run, demo_ws: Path, pack_v1: Path) -> None:
    mine = pack_v1.parent / "mine.yaml"
    run("request", "add", "E-014", "--pack", str(pack_v1), "--file", str(mine))
    run("request", "import", str(mine), "-w", str(demo_ws))
    rid = teamfile.load_file(mine).requests[0].id
    wrong = run("request", "respond", rid, "--evidence", "E-014", "-w", str(demo_ws))
    assert wrong.exit_code == 2 and "--team-room" in wrong.stderr
    assert run("request", "respond", rid, "--team-room", "-w", str(demo_ws)).exit_code == 0
    run("pack", "build", "-w", str(demo_ws))
    manifest = json.loads((demo_ws / "packs" / "v3" / "manifest.json").read_text())
    assert next(i for i in manifest["items"] if i["id"] == "E-014")["state"] == "team-room"


@pytest.mark.parametrize(
    ("args", "expected", "code"),
    [
        (["E-999"], "no item 'E-999'", 1),
        (["E-06"], "did you mean", 1),
        ([], "give item ids", 2),
        (["E-010", "--due", "2020-01-01"], "in the past", 0),
    ],
    ids=["unknown-item", "typo", "nothing", "past-due"],
)
def test_bad_team_input(run, pack_v1: Path, args: list[str], expected: str, code: int) -> None:
    result = run(
        "request", "add", *args, "--pack", str(pack_v1), "--file", str(pack_v1.parent / "r.yaml")
    )
    assert result.exit_code == code
    assert expected in result.output


def test_a_tampered_pack_is_refused(run, pack_v1: Path) -> None:
    (pack_v1 / "library.csv").write_text("changed")
    result = run(
        "request", "add", "E-010", "--pack", str(pack_v1), "--file", str(pack_v1.parent / "r.yaml")
    )
    assert result.exit_code == 1 and "does not match its manifest (library.csv)" in result.stderr


def test_bad_files_are_refused_whole(run, demo_ws: Path, pack_v1: Path) -> None:
    team = pack_v1.parent
    good = team / "good.yaml"
    held = {t.id for t in tracker.Tracker(demo_ws).all()}
    run("request", "add", "E-010", "--pack", str(pack_v1), "--file", str(good))
    data = load_yaml(good)
    newer = write(team / "newer.yaml", json.dumps({**data, "schema_version": 2}))
    assert (
        "made by a newer selfassess"
        in run("request", "import", str(newer), "-w", str(demo_ws)).stderr
    )
    other = write(team / "other.yaml", json.dumps({**data, "council": "Elsewhere DC"}))
    result = run("request", "import", str(good), str(other), "-w", str(demo_ws))
    assert result.exit_code == 1 and "not Kestleford Borough Council" in result.stderr
    assert tracker.Tracker(demo_ws).all() and "R-a7k2mq" in {
        t.id for t in tracker.Tracker(demo_ws).all()
    }
    assert {t.id for t in tracker.Tracker(demo_ws).all()} == held  # nor the good file
    clash = dict(data)
    clash["requests"] = [dict(data["requests"][0], id="R-a7k2mq")]  # the demo's id, another item
    result = run(
        "request", "import", str(write(team / "clash.yaml", json.dumps(clash))), "-w", str(demo_ws)
    )
    assert result.exit_code == 1 and "already used for E-006" in result.stderr
    broken = write(team / "broken.yaml", "schema_version: 1\ncouncil: x\n")
    assert (
        "'pack_id' is required" in run("request", "import", str(broken), "-w", str(demo_ws)).stderr
    )


def test_concurrent_responses_are_kept_apart(run, demo_ws: Path) -> None:
    from selfassess.assessment.workspace import Workspace

    with Workspace.open(demo_ws).lock("selfassess request respond"):
        result = run("request", "respond", "R-a7k2mq", "-w", str(demo_ws))
    assert result.exit_code == 1 and "is in use by 'selfassess request respond'" in result.stderr


def test_the_log_records_roles_and_never_reasons(run, demo_ws: Path) -> None:
    entries = json.loads(run("log", "-w", str(demo_ws), "--json").stdout)
    assert [e["action"] for e in entries][:3] == ["evidence-import", "pack-build", "request-import"]
    assert {e["role"] for e in entries} == {"single point of contact", "peer team"}
    text = (demo_ws / "activity.jsonl").read_text()
    assert "value for money weakness is being addressed" not in text


# --- the order of imports never matters -----------------------------------------------------
def _files(pack_manifest: dict, seed: int) -> list[teamfile.RequestsFile]:
    base = teamfile.for_pack(pack_manifest)
    a, b = (
        teamfile.RequestsFile(**{**base.__dict__, "requests": []}),
        teamfile.RequestsFile(**{**base.__dict__, "requests": []}),
    )
    teamfile.add(
        a,
        pack_manifest,
        teamfile.NewRequests(
            items=("E-010", "E-012"), reason="x", due="2026-12-01", by="lead-member-peer"
        ),
    )
    teamfile.add(
        b,
        pack_manifest,
        teamfile.NewRequests(
            items=("E-010",), ask="Staff survey comments", due="2026-11-28", by="officer-peer"
        ),
    )
    a_later = teamfile.RequestsFile(
        **{**a.__dict__, "requests": [teamfile.Request(**r.__dict__) for r in a.requests]}
    )
    teamfile.withdraw(a_later, a.requests[1].id)
    merged = merging.merge([(Path("a"), a), (Path("b"), b)]).team
    return [a, b, a_later, merged]


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(order=st.permutations(range(4)), repeat=st.lists(st.integers(0, 3), max_size=3))
def test_any_interleaving_of_imports_gives_the_same_workspace(
    demo_template: Path,
    tmp_path_factory: pytest.TempPathFactory,
    order: list[int],
    repeat: list[int],
) -> None:
    manifest = json.loads((demo_template / "packs" / "v1" / "manifest.json").read_text())
    files = _files(manifest, 0)

    def state(sequence: list[int]) -> dict:
        root = tmp_path_factory.mktemp("ws")
        council = tracker.Tracker(root)
        for n in sequence:
            council.import_files(
                [(Path(f"f{n}"), files[n])], manifest["council"], manifest["pack_id"], 1
            )
        # which id the council shows is the first it saw (tests/test_request_round_trip.py)
        return {t.key: {**t.__dict__, "id": None, "also": sorted(t.ids)} for t in council.all()}

    assert state([*order, *repeat]) == state([0, 1, 2, 3])


# --- the form in index.html, in a real browser ----------------------------------------------
@pytest.mark.skipif(chromium() is None, reason="needs chromium, chromedriver and selenium")
def test_the_pack_page_makes_a_requests_file_the_council_can_import(
    run, demo_ws: Path, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    downloads = tmp_path / "downloads"
    downloads.mkdir()
    chrome = start_chromium(tmp_path / "profile", downloads)
    try:
        chrome.get((demo_ws / "packs" / "v2" / "index.html").as_uri())
        chrome.find_element(By.CSS_SELECTOR, 'input.pick[value="E-012"]').click()
        chrome.find_element(By.CSS_SELECTOR, 'input.reason[data-id="E-012"]').send_keys(
            "Were the 2018 actions closed?"
        )
        Select(chrome.find_element(By.ID, "role")).select_by_value("lead-officer-peer")
        chrome.find_element(By.ID, "ask-text").send_keys('A site visit to the "Riverside" hostel')
        Select(chrome.find_element(By.ID, "ask-type")).select_by_value("site-visit")
        chrome.find_element(By.ID, "add-ask").click()
        chrome.find_element(By.ID, "q").send_keys("risk")  # the search box filters rows
        hidden = chrome.execute_script("return document.querySelectorAll('tr.item[hidden]').length")
        assert hidden > 0
        chrome.find_element(By.ID, "save").click()
        WebDriverWait(chrome, 10).until(lambda _: list(downloads.glob("requests-*.yaml")))
    finally:
        chrome.quit()
    (saved,) = downloads.glob("requests-lead-officer-peer-*.yaml")
    made = teamfile.load_file(saved)
    assert [(r.item, r.ask, r.type) for r in made.requests] == [
        ("E-012", None, "document"),
        (None, 'A site visit to the "Riverside" hostel', "site-visit"),
    ]
    assert made.requests[0].reasons == [
        {"by": "lead-officer-peer", "text": "Were the 2018 actions closed?"}
    ]
    result = run("request", "import", str(saved), "-w", str(demo_ws))
    assert result.exit_code == 0 and "2 new" in result.stdout


def test_asking_again_for_a_declined_item_says_so(run, demo_ws: Path, tmp_path: Path) -> None:
    result = run(
        "request",
        "add",
        "E-013",
        "--pack",
        str(demo_ws / "packs" / "v2"),
        "--file",
        str(tmp_path / "r.yaml"),
    )
    assert "was already asked for (R-c4n9vx) and declined" in result.stdout
    assert "re-checked after a system change" in result.stdout


def test_a_blank_ask_is_refused(run, pack_v1: Path) -> None:
    result = run(
        "request",
        "add",
        "--ask",
        "   ",
        "--pack",
        str(pack_v1),
        "--file",
        str(pack_v1.parent / "r.yaml"),
    )
    assert result.exit_code == 2 and not (pack_v1.parent / "r.yaml").exists()


def test_merge_refuses_one_id_for_two_things(run, pack_v1: Path) -> None:
    team = pack_v1.parent
    run("request", "add", "E-010", "--pack", str(pack_v1), "--file", str(team / "a.yaml"))
    data = load_yaml(team / "a.yaml")
    other = dict(data, requests=[dict(data["requests"][0], item="E-012")])
    write(team / "b.yaml", json.dumps(other))
    result = run(
        "request",
        "merge",
        str(team / "a.yaml"),
        str(team / "b.yaml"),
        "--out",
        str(team / "m.yaml"),
    )
    assert (
        result.exit_code == 1
        and "nothing was merged" in result.stderr
        and not (team / "m.yaml").exists()
    )


def test_the_team_sees_every_answer_from_the_pack_alone(run, demo_ws: Path) -> None:
    rows = json.loads(
        run("request", "list", "--pack", str(demo_ws / "packs" / "v2"), "--json").stdout
    )
    assert {r["id"]: r["status"] for r in rows} == {
        "R-a7k2mq": "fulfilled",
        "R-c4n9vx": "declined",
        "R-h6t3pd": "fulfilled",
        "R-m5r8yb": "fulfilled",
        "R-w2d7kp": "on-site",
    }


def test_validate_knows_a_requests_file(run, pack_v1: Path) -> None:
    path = pack_v1.parent / "r.yaml"
    run("request", "add", "E-010", "--pack", str(pack_v1), "--file", str(path))
    result = run("validate", str(path))
    assert result.exit_code == 0 and "valid requests file" in result.stdout


def test_a_damaged_index_is_reported_not_a_traceback(run, pack_v1: Path) -> None:
    index = pack_v1 / "search.sqlite"
    index.write_bytes(index.read_bytes()[:5000])
    result = run("query", "council", "--pack", str(pack_v1))
    assert result.exit_code == 1 and "damaged" in result.stderr


def test_broken_records_are_reported_not_tracebacks(run, demo_ws: Path) -> None:
    write(demo_ws / "requests" / "R-a7k2mq.json", '{"id": "R-a7k2mq", "colour": "blue"}')
    result = run("request", "list", "-w", str(demo_ws))
    assert result.exit_code == 1 and "R-a7k2mq.json: not a request record" in result.stderr
    (demo_ws / "requests" / "R-a7k2mq.json").unlink()
    (demo_ws / "packs" / "history.jsonl").write_text("{broken\n")
    built = run("pack", "build", "-w", str(demo_ws))
    assert built.exit_code == 1 and "history.jsonl:1" in built.stderr


# --- one row shape for every 'request list' ----------------------------------------------------
ROW_TYPES: dict[str, tuple[type, ...]] = {
    "id": (str,),
    "also": (list,),
    "what": (str,),
    "type": (str,),
    "theme": (str, type(None)),
    "due": (str, type(None)),
    "status": (str,),
    "days_open": (int, type(None)),
    "overdue": (bool,),
    "asked_by": (list,),
    "answer": (str,),
}


def test_every_request_list_gives_the_same_keys_and_types(
    run, demo_ws: Path, isolated: Path
) -> None:
    pack = demo_ws / "packs" / "v2"
    outputs = {
        "council": run("request", "list", "-w", str(demo_ws), "--json"),
        "pack alone": run("request", "list", "--pack", str(pack), "--json"),
    }
    # the team's own file, in the current folder where 'request list' looks for it
    mine = isolated / "requests.yaml"
    run("request", "add", "E-017", "--pack", str(pack), "--by", "lead-member-peer", "--due",
        "2020-01-01", "--reason", "finance session")  # fmt: skip
    run("request", "add", "--ask", "the latest staff survey", "--pack", str(pack))
    outputs |= {
        "team file": run("request", "list", "--file", str(mine), "--json"),
        "team file and pack": run(
            "request", "list", "--pack", str(pack), "--file", str(mine), "--json"
        ),
        "team file found here": run("request", "list", "--json"),
    }
    views = {}
    for view, result in outputs.items():
        assert result.exit_code == 0, (view, result.stderr)
        views[view] = json.loads(result.stdout)
        assert views[view], view
        for row in views[view]:
            assert list(row) == list(ROW_TYPES), view  # the same keys, in the same order
            wrong = {k: v for k, v in row.items() if not isinstance(v, ROW_TYPES[k])}
            assert not wrong and not isinstance(row["days_open"], bool), (view, wrong)
    # days open is a number where the date asked is known, and null from the pack alone
    assert {type(r["days_open"]) for r in views["pack alone"]} == {type(None)}
    assert {type(r["days_open"]) for v in views.values() if v is not views["pack alone"]
            for r in v} == {int}  # fmt: skip
    # overdue: still open, and past its due date
    late = json.loads(run("request", "list", "--file", str(mine), "--overdue", "--json").stdout)
    assert [(r["what"], r["asked_by"]) for r in late] == [("E-017", ["lead-member-peer"])]
