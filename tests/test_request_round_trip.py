"""The request round trip between the team and the council: ids that never change, due dates
on merge, a re-ask after a decline, answers for now ("to follow", "on site"), the council's
copy of a merged file, and members writing one file at once."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path
from unittest.mock import patch

import pytest
from conftest import write
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from selfassess.requests import merging, teamfile, tracker

TODAY = dt.date.today()


def days(n: int) -> str:
    return (TODAY + dt.timedelta(days=n)).isoformat()


def team_file(path: Path, pack: Path, *requests: dict) -> Path:
    """A requests file for ``pack`` holding ``requests`` (each at least id and item or ask)."""
    manifest = json.loads((pack / "manifest.json").read_text())
    data = {
        "schema_version": 1,
        "council": manifest["council"],
        "pack_id": manifest["pack_id"],
        "pack_version": manifest["version"],
        "requests": [
            {"type": "document", "status": "open", "raised": TODAY.isoformat(), **r}
            for r in requests
        ],
    }
    return write(path, json.dumps(data))


# --- item 8: an id never changes -------------------------------------------------------------
def test_a_merged_duplicate_never_renames_the_councils_request(run, demo_ws: Path) -> None:
    """The demo's R-a7k2mq (answered in v2) meets another member's id for the same item,
    which sorts before it: the council keeps its id, and nothing is newly answered."""
    pack = demo_ws / "packs" / "v1"
    merged = team_file(
        demo_ws.parent / "merged.yaml",
        pack,
        {"id": "R-36r9xs", "item": "E-006", "raised": "2026-09-16", "also": ["R-a7k2mq"]},
        {"id": "R-8m3k8w", "item": "E-013", "raised": "2026-09-16", "also": ["R-c4n9vx"]},
    )
    before = sorted(p.name for p in (demo_ws / "requests").iterdir())
    assert run("request", "import", str(merged), "-w", str(demo_ws)).exit_code == 0
    assert sorted(p.name for p in (demo_ws / "requests").iterdir()) == before
    council = tracker.Tracker(demo_ws)
    assert council.get("R-36r9xs").id == "R-a7k2mq" and council.get("R-8m3k8w").id == "R-c4n9vx"
    assert "R-36r9xs" in council.get("R-a7k2mq").also
    # an ask the council had not seen re-opens the declined request, under its own id
    assert council.get("R-c4n9vx").status == "re-opened"
    built = run("pack", "build", "-w", str(demo_ws))
    assert built.exit_code == 0 and "requests answered" not in built.stdout


def test_whats_new_knows_a_request_by_any_of_its_ids() -> None:
    """A pack built before ids were kept for life may show a request under another of its
    ids: the answer it already carried is not news."""
    from selfassess.pack.history import whats_new

    answer = {"status": "fulfilled", "responded": "2026-09-20"}
    before = {"items": [], "requests": [{"id": "R-36r9xs", "also": ["R-a7k2mq"], **answer}]}
    now = [{"id": "R-a7k2mq", "also": ["R-36r9xs"], **answer}]
    assert whats_new(before, [], now)[0] == ["no changes"]
    changed = [{**now[0], "status": "declined", "responded": "2026-09-22"}]
    assert whats_new(before, [], changed)[0] == ["requests answered: R-a7k2mq"]


def test_a_request_keeps_the_id_the_council_first_saw(run, demo_ws: Path) -> None:
    pack = demo_ws / "packs" / "v2"
    first = team_file(demo_ws.parent / "first.yaml", pack, {"id": "R-zzzzzz", "item": "E-017"})
    later = team_file(
        demo_ws.parent / "later.yaml",
        pack,
        {"id": "R-222222", "item": "E-017", "also": ["R-zzzzzz"]},
    )
    run("request", "import", str(first), "-w", str(demo_ws))
    run("request", "import", str(later), "-w", str(demo_ws))
    tracked = tracker.Tracker(demo_ws).get("R-222222")
    assert (tracked.id, tracked.also) == ("R-zzzzzz", ["R-222222"])
    assert (demo_ws / "requests" / "R-zzzzzz.json").exists()
    assert not (demo_ws / "requests" / "R-222222.json").exists()


# --- item 9: due dates on merge ----------------------------------------------------------------
def test_merge_keeps_the_earliest_due_date_not_past_and_reports_every_conflict(
    run, demo_ws: Path
) -> None:
    pack, team = demo_ws / "packs" / "v2", demo_ws.parent
    a = team_file(
        team / "a.yaml",
        pack,
        {"id": "R-aaaaaa", "item": "E-017", "due": days(30), "by": "lead-member-peer"},
        {"id": "R-aaaaab", "item": "E-012", "due": days(20), "by": "lead-member-peer"},
    )
    b = team_file(
        team / "b.yaml",
        pack,
        {"id": "R-bbbbbb", "item": "E-017", "due": "2025-01-01", "by": "officer-peer"},
        {"id": "R-bbbbbc", "item": "E-012", "due": days(10), "by": "officer-peer"},
        {"id": "R-bbbbbd", "item": "E-016", "due": days(5), "by": "officer-peer"},
    )
    out = team / "merged.yaml"
    result = run("request", "merge", str(a), str(b), "--out", str(out))
    assert result.exit_code == 0
    dues = {r.item: r.due for r in teamfile.load_file(out).requests}
    assert dues == {"E-017": days(30), "E-012": days(10), "E-016": days(5)}
    said = result.output
    # each conflict names the request, every date and whose it is; no conflict, no line
    for line in (
        f"R-aaaaaa (E-017): {days(30)} (lead-member-peer, {a})",
        f"2025-01-01 (officer-peer, {b}, already past)",
        f"R-aaaaab (E-012): {days(20)} (lead-member-peer, {a})",
        f"{days(10)} (officer-peer, {b})",
    ):
        assert line in said, said
    assert "E-016" not in said


# --- item 5: the council's copy holds only what the council keeps ------------------------------
def test_the_merged_file_for_the_council_holds_no_reasons(run, demo_ws: Path) -> None:
    pack, team = demo_ws / "packs" / "v2", demo_ws.parent
    reason = {"by": "lead-member-peer", "text": "The audit committee's minutes show a gap"}
    a = team_file(team / "a.yaml", pack, {"id": "R-aaaaaa", "item": "E-017", "reasons": [reason]})
    b = team_file(
        team / "b.yaml",
        pack,
        {"id": "R-bbbbbb", "ask": "Staff survey", "reasons": [{"text": "Morale in finance"}]},
    )
    peers_before = (a.read_text(), b.read_text())
    council, ours = team / "to-council.yaml", team / "team-copy.yaml"
    result = run(
        "request", "merge", str(a), str(b), "--out", str(council), "--with-reasons", str(ours)
    )
    assert result.exit_code == 0, result.output
    text = council.read_text()
    assert "audit committee's minutes" not in text and "Morale" not in text
    assert "reasons:" not in text and "why you need it" not in text
    assert [r.reasons for r in teamfile.load_file(ours).requests] == [
        [reason],
        [{"text": "Morale in finance"}],
    ]
    assert (a.read_text(), b.read_text()) == peers_before
    # the council's copy never overwrites a member's own file
    refused = run("request", "merge", str(a), str(b), "--out", str(a))
    assert refused.exit_code == 2 and a.read_text() == peers_before[0]
    both = run("request", "merge", str(a), "--out", str(ours), "--with-reasons", str(ours))
    assert both.exit_code == 2 and "two different files" in both.stderr
    assert run("request", "import", str(council), "-w", str(demo_ws)).exit_code == 0


# --- item 10: asking again for a declined item -------------------------------------------------
def _reopened_in_the_next_pack(run, demo_ws: Path, asked: Path) -> None:
    imported = run("request", "import", str(asked), "-w", str(demo_ws))
    assert imported.exit_code == 0 and "1 re-opened" in imported.stdout, imported.output
    council = tracker.Tracker(demo_ws).get("R-c4n9vx")
    assert council.status == "re-opened" and council.decline_reason is None
    assert "re-checked after a system change" in council.declines[-1]["reason"]
    rows = json.loads(
        run("request", "list", "-w", str(demo_ws), "--status", "re-opened", "--json").stdout
    )
    assert [r["id"] for r in rows] == ["R-c4n9vx"] and "declined before" in rows[0]["answer"]
    assert run("pack", "build", "-w", str(demo_ws)).exit_code == 0
    manifest = json.loads((demo_ws / "packs" / "v3" / "manifest.json").read_text())
    shown = next(r for r in manifest["requests"] if r["id"] == "R-c4n9vx")
    assert shown["status"] == "re-opened"
    assert "re-checked" in shown["previous_decline"]["reason"]
    page = (demo_ws / "packs" / "v3" / "index.html").read_text()
    assert "Re-opened" in page
    assert "after a decline: The monthly figures are being re-checked" in page  # beside the item
    # the council declines again: the earlier decline stays on record
    run("request", "respond", "R-c4n9vx", "--decline", "Still being checked", "-w", str(demo_ws))
    again = tracker.Tracker(demo_ws).get("R-c4n9vx")
    assert again.status == "declined" and len(again.declines) == 1


def test_asking_again_with_request_add_reopens_the_declined_request(run, demo_ws: Path) -> None:
    mine = demo_ws.parent / "mine.yaml"
    # the member's own file still holds the first ask; the new one is not folded into it
    team_file(mine, demo_ws / "packs" / "v2", {"id": "R-c4n9vx", "item": "E-013"})
    result = run("request", "add", "E-013", "--pack", str(demo_ws / "packs" / "v2"),
                 "--file", str(mine), "--reason", "We need the checked series")  # fmt: skip
    assert result.exit_code == 0
    assert "declined" in result.stdout and "re-checked after a system change" in result.stdout
    assert "re-opened" in result.stdout
    assert len(teamfile.load_file(mine).requests) == 2
    _reopened_in_the_next_pack(run, demo_ws, mine)


def test_asking_again_from_the_page_reopens_the_declined_request(run, demo_ws: Path) -> None:
    page_file = team_file(
        demo_ws.parent / "requests-officer-peer.yaml",
        demo_ws / "packs" / "v2",
        {"id": "R-p4g3zz", "item": "E-013", "by": "officer-peer"},
    )
    _reopened_in_the_next_pack(run, demo_ws, page_file)


# --- item 11: "to follow" and "on site" are answers for now, not declines -----------------------
def test_to_follow_and_on_site_are_states_of_their_own(run, demo_ws: Path) -> None:
    w = str(demo_ws)
    mine = team_file(demo_ws.parent / "mine.yaml", demo_ws / "packs" / "v2",
                     {"id": "R-f0ll0w", "item": "E-017", "due": days(-3)})  # fmt: skip
    run("request", "import", str(mine), "-w", w)
    note = "The checked series will be in the team room on day one"
    on_site = run("request", "respond", "R-c4n9vx", "--on-site", days(3), "--note", note, "-w", w)
    assert on_site.exit_code == 0 and "on-site" in on_site.stdout, on_site.output
    late = run("request", "respond", "R-f0ll0w", "--to-follow", days(-1), "-w", w)
    assert late.exit_code == 0 and "to-follow" in late.stdout, late.output
    rows = {r["id"]: r for r in json.loads(run("request", "list", "-w", w, "--json").stdout)}
    assert rows["R-c4n9vx"]["status"] == "on-site" and not rows["R-c4n9vx"]["overdue"]
    assert rows["R-c4n9vx"]["answer"] == f"on site: in the team room from {days(3)}; {note}"
    # the promised date has passed with nothing sent: overdue, though its due date is no matter
    assert rows["R-f0ll0w"]["status"] == "to-follow" and rows["R-f0ll0w"]["overdue"]
    assert rows["R-f0ll0w"]["answer"] == f"to follow by {days(-1)}"
    overdue = json.loads(run("request", "list", "-w", w, "--overdue", "--json").stdout)
    assert [r["id"] for r in overdue] == ["R-f0ll0w"]
    table = run("request", "list", "-w", w, "--status", "on-site").stdout
    assert "R-c4n9vx" in table and "on-site" in table and "R-f0ll0w" not in table
    council = tracker.Tracker(demo_ws).get("R-c4n9vx")
    assert (council.decline_reason, council.expected) == (None, days(3))
    built = run("pack", "build", "-w", w)
    assert "R-c4n9vx" in built.stdout and "R-f0ll0w" in built.stdout  # what's new names them
    html = (demo_ws / "packs" / "v3" / "index.html").read_text()
    assert "On site" in html and "To follow" in html
    # with no date, on site means from the first day of the visit
    run("request", "respond", "R-c4n9vx", "--on-site", "-w", w)
    assert tracker.Tracker(demo_ws).get("R-c4n9vx").expected == "2026-10-06"
    wrong = run(
        "request", "respond", "R-f0ll0w", "--to-follow", days(2), "--decline", "no", "-w", w
    )
    assert wrong.exit_code == 2 and tracker.Tracker(demo_ws).get("R-f0ll0w").expected == days(-1)


def test_asking_for_something_to_follow_says_when_it_comes(run, demo_ws: Path) -> None:
    w = str(demo_ws)
    run("request", "respond", "R-c4n9vx", "--to-follow", days(4), "-w", w)
    run("pack", "build", "-w", w)
    mine = demo_ws.parent / "mine.yaml"
    asked = run("request", "add", "E-013", "--pack", str(demo_ws / "packs" / "v3"),
                "--file", str(mine))  # fmt: skip
    assert f"(R-c4n9vx) and to follow in pack version 3 (from {days(4)})" in asked.stdout
    assert teamfile.load_file(mine).requests == []


# --- item 12: members writing one file at once -------------------------------------------------
def test_members_adding_at_the_same_time_lose_no_request(demo_ws: Path) -> None:
    pack, shared = demo_ws / "packs" / "v2", demo_ws.parent / "shared" / "requests.yaml"
    shared.parent.mkdir()
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    asked = []
    for round_ in range(2):
        members = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "selfassess",
                    "request",
                    "add",
                    "--ask",
                    f"Round {round_} ask {n}",
                    "--pack",
                    str(pack),
                    "--file",
                    str(shared),
                ],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
            for n in range(5)
        ]
        for member in members:
            _, err = member.communicate(timeout=120)
            assert member.returncode == 0, err.decode()
        asked += [f"Round {round_} ask {n}" for n in range(5)]
        assert sorted(r.ask for r in teamfile.load_file(shared).requests) == sorted(asked)


def test_the_lock_waits_for_its_holder_and_dies_with_it(tmp_path: Path) -> None:
    from selfassess.datafiles.file_lock import holding, lock_path
    from selfassess.errors import SelfAssessError

    shared = write(tmp_path / "requests.yaml", "")
    holder = subprocess.Popen(
        [sys.executable, "-c", "import filelock, sys, time\n"
         f"lock = filelock.FileLock({str(lock_path(shared))!r}); lock.acquire()\n"
         "print('held', flush=True)\n"
         "time.sleep(60)"],
        stdout=subprocess.PIPE,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == b"held"
        waiting = holding(shared, "selfassess request add", wait=0.2)
        with pytest.raises(SelfAssessError, match="being written by another command"), waiting:
            pass
    finally:
        holder.kill()  # no clean release: the system frees the lock with the process
        holder.communicate()
    with holding(shared, "selfassess request add", wait=5):
        pass


# --- the property: ids are stable under any order of merges and imports ------------------------
WANTS = (("E-010", None), (None, "Staff survey comments"))
MEMBERS = ("lead-member-peer", "officer-peer", "shadow-peer")
steps = st.lists(
    st.one_of(
        st.tuples(st.just("add"), st.integers(0, 2), st.integers(0, 1)),
        st.tuples(st.just("withdraw"), st.integers(0, 2), st.integers(0, 5)),
        st.tuples(st.just("merge"), st.permutations(range(3)), st.integers(1, 3)),
        st.tuples(st.just("import"), st.integers(0, 3), st.just(0)),
        st.tuples(st.just("decline"), st.integers(0, 1), st.just(0)),
    ),
    min_size=4,
    max_size=24,
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=steps, id_order=st.permutations(range(40)))
def test_request_ids_never_change(
    demo_template: Path,
    tmp_path_factory: pytest.TempPathFactory,
    steps: list[tuple],
    id_order: list[int],
) -> None:
    """Members add, withdraw and ask again; the manager merges any of their files in any
    order; the council imports any file, any number of times, and declines some requests.
    Every id a member got back finds its request in the council's tracker once imported, and
    the id the council shows for a request never changes after it first saw it."""
    manifest = json.loads((demo_template / "packs" / "v1" / "manifest.json").read_text())
    root = tmp_path_factory.mktemp("ws")
    fresh = iter(f"R-{n:06d}" for n in id_order)  # the ids members get, in any order
    with patch.object(teamfile, "new_id", lambda: next(fresh)):
        _members_merges_and_imports(manifest, tracker.Tracker(root), steps)


def _members_merges_and_imports(
    manifest: dict, council: tracker.Tracker, steps: list[tuple]
) -> None:
    root = council.root
    files = [teamfile.for_pack(manifest) for _ in MEMBERS] + [teamfile.for_pack(manifest)]
    given_ids: dict[str, str] = {}  # every id a member got back -> what it asks for
    imported: set[str] = set()  # the ids the council has been sent
    shown: dict[str, str] = {}  # what is asked for -> the id the council first showed
    for step, a, b in steps:
        if step == "add":
            item, ask = WANTS[b]
            teamfile.add(files[a], manifest, teamfile.NewRequests(
                items=(item,) if item else (), ask=ask, by=MEMBERS[a]))  # fmt: skip
            given_ids |= {r.id: r.key for r in files[a].requests}
        elif step == "withdraw" and files[a].requests:
            teamfile.withdraw(files[a], files[a].requests[b % len(files[a].requests)].id)
        elif step == "merge":
            files[3] = merging.merge([(Path(f"m{n}"), files[n]) for n in a[:b]]).council_copy()
        elif step == "import":
            council.import_files([(Path("f"), files[a])], manifest["council"],
                                 manifest["pack_id"], 1)  # fmt: skip
            imported |= {i for r in files[a].requests for i in r.ids}
        elif step == "decline":
            for record in council.all():
                if record.key == teamfile.request_key(*WANTS[a]):
                    record.status, record.decline_reason = "declined", "Not held"
                    council.save(record)
        records = council.all()
        for record in records:
            assert shown.setdefault(record.key, record.id) == record.id
        # one record per thing asked for, under the id first shown: none renamed or deleted
        assert sorted(p.name for p in (root / "requests").glob("*.json")) == sorted(
            f"{i}.json" for i in shown.values()
        ) and len(records) == len(shown)
        for rid in imported:
            assert council.get(rid).key == given_ids[rid]


def test_on_site_is_never_overdue_but_to_follow_is_after_its_date() -> None:
    from selfassess.requests import listing

    on = dt.date(2026, 12, 2)
    assert not listing.is_overdue("on-site", "2026-09-30", on, expected="2026-10-06")
    assert listing.is_overdue("to-follow", "2026-12-30", on, expected="2026-11-30")
    assert not listing.is_overdue("to-follow", "2026-09-30", on, expected="2026-12-03")


# --- a hostile tester's round trip -----------------------------------------------------------
def _ask_again(run, demo_ws: Path, due: str | None, rid: str = "R-p4g3zz") -> Path:
    """A page-made file asking again for the declined E-013, imported."""
    asked = team_file(
        demo_ws.parent / f"requests-{rid}.yaml",
        demo_ws / "packs" / "v2",
        {"id": rid, "item": "E-013", "by": "officer-peer", "due": due,
         "reasons": [{"by": "officer-peer", "text": "We need the checked series"}]},
    )  # fmt: skip
    imported = run("request", "import", str(asked), "-w", str(demo_ws))
    assert imported.exit_code == 0 and "1 re-opened" in imported.stdout, imported.output
    return asked


def test_whats_new_sees_a_request_declined_again_on_the_same_day(run, demo_ws: Path) -> None:
    w = str(demo_ws)
    run("request", "respond", "R-c4n9vx", "--decline", "Not yet checked", "-w", w)
    assert run("pack", "build", "-w", w).exit_code == 0  # v3
    _ask_again(run, demo_ws, days(10))
    run("request", "respond", "R-c4n9vx", "--decline", "Checked, but not signed off", "-w", w)
    built = run("pack", "build", "-w", w)  # v4, the same day
    assert built.exit_code == 0
    manifest = json.loads((demo_ws / "packs" / "v4" / "manifest.json").read_text())
    assert manifest["whats_new"] != ["no changes"]
    assert "requests answered: R-c4n9vx" in "; ".join(manifest["whats_new"])
    # nothing answered anew: nothing new, and no new version
    again = run("pack", "build", "-w", w)
    assert again.exit_code == 0 and "No changes since version 4" in again.stdout
    assert not (demo_ws / "packs" / "v5").exists()


def test_whats_new_compares_what_the_team_sees_of_an_answer() -> None:
    from selfassess.pack.history import whats_new

    answer = {"id": "R-a7k2mq", "status": "fulfilled", "responded": "2026-09-20",
              "evidence": ["E-006"], "note": None, "team_room": False}  # fmt: skip
    before = {"items": [], "requests": [answer]}
    assert whats_new(before, [], [dict(answer)])[0] == ["no changes"]
    for change in ({"evidence": ["E-006", "E-007"]}, {"note": "Q3 in May"}, {"team_room": True}):
        assert whats_new(before, [], [{**answer, **change}])[0] == ["requests answered: R-a7k2mq"]


@pytest.mark.parametrize("due", [None, "2025-01-01"])
def test_a_reopened_request_takes_the_new_asks_due_date_and_counts_days_anew(
    run, demo_ws: Path, due: str | None
) -> None:
    asked = team_file(
        demo_ws.parent / "again.yaml", demo_ws / "packs" / "v2",
        {"id": "R-p4g3zz", "item": "E-013", "by": "officer-peer", "due": due},
    )  # fmt: skip
    imported = run("request", "import", str(asked), "-w", str(demo_ws))
    assert imported.exit_code == 0 and "1 re-opened" in imported.stdout
    assert "R-c4n9vx" in imported.stdout and "no due date" in imported.stdout
    council = tracker.Tracker(demo_ws).get("R-c4n9vx")
    assert council.due is None and council.reopened == TODAY.isoformat()
    rows = {
        r["id"]: r for r in json.loads(run("request", "list", "-w", str(demo_ws), "--json").stdout)
    }
    assert rows["R-c4n9vx"]["days_open"] == 0 and not rows["R-c4n9vx"]["overdue"]
    # importing the first ask's file again brings back no past date
    first = team_file(demo_ws.parent / "first.yaml", demo_ws / "packs" / "v2",
                      {"id": "R-c4n9vx", "item": "E-013", "due": "2026-09-30"})  # fmt: skip
    run("request", "import", str(first), "-w", str(demo_ws))
    assert tracker.Tracker(demo_ws).get("R-c4n9vx").due is None


def test_a_reopened_request_is_due_when_the_new_ask_says(run, demo_ws: Path) -> None:
    _ask_again(run, demo_ws, days(10))
    council = tracker.Tracker(demo_ws).get("R-c4n9vx")
    assert council.due == days(10) and not council.overdue()
    assert council.days_open() == 0
    run("request", "respond", "R-c4n9vx", "--evidence", "E-004", "-w", str(demo_ws))
    assert tracker.Tracker(demo_ws).get("R-c4n9vx").days_open() == 0


def test_merge_never_writes_through_a_link_to_a_members_file(run, demo_ws: Path) -> None:
    pack = demo_ws / "packs" / "v2"
    a = team_file(demo_ws.parent / "a.yaml", pack, {"id": "R-aaaaaa", "item": "E-017"})
    b = team_file(
        demo_ws.parent / "b.yaml", pack,
        {"id": "R-bbbbbb", "item": "E-012", "reasons": [{"by": "officer-peer", "text": "why"}]},
    )  # fmt: skip
    kept = b.read_bytes()
    link = demo_ws.parent / "link.yaml"
    link.symlink_to(b)
    result = run("request", "merge", str(a), "--out", str(link))
    assert result.exit_code == 2 and "link" in result.stderr, result.output
    assert b.read_bytes() == kept
    into_input = run("request", "merge", str(a), str(b), "--out", str(link))
    assert into_input.exit_code == 2 and b.read_bytes() == kept
    (demo_ws.parent / "here").symlink_to(demo_ws.parent)  # the same file by another path
    team = demo_ws.parent / "here" / "out.yaml"
    same = run("request", "merge", str(a), "--out", str(demo_ws.parent / "out.yaml"),
               "--with-reasons", str(team))  # fmt: skip
    assert same.exit_code == 2 and "two different files" in same.stderr


def test_the_demo_says_how_many_requests_version_2_answers(run, tmp_path: Path) -> None:
    result = run("demo", str(tmp_path / "d"))
    count = len(tracker.Tracker(tmp_path / "d").all())
    assert f"the answers to its {count} requests" in result.stdout
    assert "four requests" not in result.stdout or count == 4


@pytest.mark.parametrize("flag", ["--on-site", "--to-follow"])
def test_a_request_id_given_as_the_date_says_to_put_the_id_first(
    run, demo_ws: Path, flag: str
) -> None:
    result = run("request", "respond", flag, "R-c4n9vx", "-w", str(demo_ws))
    assert result.exit_code == 2
    assert "put the request id first" in result.stderr
    assert f"request respond R-c4n9vx {flag}" in result.stderr
    assert tracker.Tracker(demo_ws).get("R-c4n9vx").status == "declined"


def test_importing_a_page_file_again_after_its_merged_copy_says_nothing_changed(
    run, demo_ws: Path
) -> None:
    page_file = team_file(
        demo_ws.parent / "page.yaml", demo_ws / "packs" / "v2",
        {"id": "R-p4g3zz", "item": "E-017", "by": "officer-peer", "due": days(9),
         "reasons": [{"by": "officer-peer", "text": "why"}]},
        {"id": "R-q5h4aa", "ask": "Rent arrears by ward", "by": "officer-peer",
         "reasons": [{"by": "officer-peer", "text": "why not"}]},
    )  # fmt: skip
    merged = demo_ws.parent / "merged.yaml"
    assert run("request", "merge", str(page_file), "--out", str(merged)).exit_code == 0
    first = run("request", "import", str(merged), "-w", str(demo_ws))
    assert "2 new" in first.stdout
    again = run("request", "import", str(page_file), "-w", str(demo_ws))
    assert again.exit_code == 0 and "0 new, 0 re-opened, 0 withdrawn, 0 updated" in again.stdout
    assert "nothing changed" in again.stdout.lower()
