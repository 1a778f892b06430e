"""The interview, driven in-process through prompt_toolkit's pipe input."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CTRL_C, CTRL_D, DOWN, ENTER, FINISH, ROOT, SPACE, keys, load_yaml

from selfassess.assessment.interview import is_done, plan
from selfassess.assessment.workspace import Workspace
from selfassess.cli import interview
from selfassess.errors import Interrupted

CONTEXT = (
    "Our place.",
    FINISH,
    "No overall control.",
    FINISH,
    "Challenge us.",
    FINISH,
    "Money.",
    FINISH,
    ENTER,  # no questions for the peer team
)
ALPHA = (
    "Short",
    ENTER,
    "Line one",
    ENTER,
    "line two",
    FINISH,
    DOWN,
    ENTER,  # a.choice: green
    SPACE,
    DOWN,
    DOWN,
    SPACE,
    ENTER,  # a.multi: cats and owls
    "42",
    ENTER,
    "2026-01-31",
    ENTER,
    ENTER,  # a.yes: Yes
    DOWN,
    ENTER,  # current rating: mid
    DOWN,
    ENTER,  # target (defaults to current): high
    "Strong partnerships",
    ENTER,
    "Good data",
    FINISH,
    FINISH,  # no areas for development yet
    FINISH,  # no new documents
)
BETA = ("First", ENTER, "", ENTER, ENTER, ENTER, FINISH, "Must improve scrutiny", FINISH, FINISH)


def reopen(ws: Workspace) -> Workspace:
    return Workspace.open(ws.root)


def test_every_question_type_is_asked_and_saved(tiny: Workspace) -> None:
    with keys(*CONTEXT, *ALPHA, *BETA):
        outcome = interview.run(tiny)
    assert outcome.remaining_required == []
    alpha = load_yaml(tiny.theme_path("alpha"))
    assert alpha["answers"] == {
        "a.text": "Short",
        "a.long": "Line one\nline two",
        "a.choice": "green",
        "a.multi": ["cats", "owls"],
        "a.number": 42,
        "a.date": "2026-01-31",
        "a.yes": True,
    }
    assert alpha["rating"] == {"current": "mid", "target": "high"}
    assert alpha["strengths"] == ["Strong partnerships", "Good data"]
    assert alpha["areas_for_development"] == []
    beta = load_yaml(tiny.theme_path("beta"))
    assert beta["answers"] == {"b.one": "First", "b.two": None}
    assert beta["areas_for_development"] == ["Must improve scrutiny"]
    context = load_yaml(tiny.root / "context.yaml")
    assert context["political_makeup"] == "No overall control."


def test_ctrl_c_keeps_every_answer_given_and_resume_starts_at_the_next(tiny: Workspace) -> None:
    with (
        keys(*CONTEXT, "Short", ENTER, "Half an answer", CTRL_C),
        pytest.raises(Interrupted) as stop,
    ):
        interview.run(tiny)
    assert "5 answers saved" in stop.value.message
    assert "selfassess start" in stop.value.message
    assert stop.value.exit_code == 130
    saved = load_yaml(tiny.theme_path("alpha"))["answers"]
    assert saved == {"a.text": "Short"}  # the half-typed answer was never given
    # resuming asks a.long first, offering the half-typed text: the keys below finish it
    rest = ALPHA[ALPHA.index(FINISH) + 1 :]
    with keys(", finished.", FINISH, *rest, *BETA):
        outcome = interview.run(reopen(tiny))
    assert outcome.remaining_required == []
    assert load_yaml(tiny.theme_path("alpha"))["answers"]["a.long"] == "Half an answer, finished."


def test_ctrl_d_stops_like_ctrl_c(tiny: Workspace) -> None:
    with keys("Our place.", FINISH, CTRL_D), pytest.raises(Interrupted):
        interview.run(tiny)
    assert load_yaml(tiny.root / "context.yaml")["local_context"] == "Our place."


def test_a_missing_key_fails_instead_of_hanging(tiny: Workspace) -> None:
    with keys("Our place.", FINISH), pytest.raises(Interrupted):
        interview.run(tiny)


def test_one_theme_only_skips_context_and_other_themes(tiny: Workspace) -> None:
    with keys(*BETA):
        outcome = interview.run(tiny, theme_id="beta")
    assert load_yaml(tiny.theme_path("beta"))["answers"]["b.one"] == "First"
    assert not tiny.theme_path("alpha").exists()
    assert load_yaml(tiny.root / "context.yaml")["local_context"] is None
    assert ("alpha", "a.text") in outcome.remaining_required


def test_skipped_required_question_is_asked_again_but_skipped_optional_is_not(
    tiny: Workspace,
) -> None:
    # leave b.one (required) and b.two (optional) blank
    with keys(ENTER, ENTER, ENTER, ENTER, FINISH, FINISH, FINISH):
        interview.run(tiny, theme_id="beta")
    assert tiny.missing_required() and ("beta", "b.one") in tiny.missing_required()
    steps = [s.key for s in plan(tiny.framework, "beta") if not is_done(reopen(tiny), s)]
    assert steps == ["b.one"]


def test_review_offers_saved_answers_as_defaults(tiny: Workspace) -> None:
    with keys(*CONTEXT, *ALPHA, *BETA):
        interview.run(tiny)
    # accept every default: Enter on single-line prompts, Esc-Enter on multi-line ones
    alpha = (ENTER, FINISH, ENTER, ENTER, ENTER, ENTER, ENTER, ENTER, ENTER, FINISH, FINISH, FINISH)
    beta = (ENTER, ENTER, ENTER, ENTER, FINISH, FINISH, FINISH)
    accept_all = (FINISH,) * 4 + (ENTER,) + alpha + beta  # ENTER: no more questions for the team
    before = {t: load_yaml(reopen(tiny).theme_path(t)) for t in ("alpha", "beta")}
    with keys(*accept_all):
        interview.run(reopen(tiny), review=True)
    after = {t: load_yaml(reopen(tiny).theme_path(t)) for t in ("alpha", "beta")}
    assert after == before


def test_review_can_change_one_answer(tiny: Workspace) -> None:
    with keys(*CONTEXT, *ALPHA, *BETA):
        interview.run(tiny)
    ws = reopen(tiny)
    # review beta only: replace b.one, keep the rest
    with keys("\x15Changed", ENTER, ENTER, ENTER, ENTER, FINISH, FINISH, FINISH):  # Ctrl-U clears
        interview.run(ws, theme_id="beta", review=True)
    assert load_yaml(ws.theme_path("beta"))["answers"]["b.one"] == "Changed"


def test_number_outside_bounds_is_refused_then_corrected(tiny: Workspace) -> None:
    with (
        keys(
            "Short", ENTER, "x", FINISH, ENTER, ENTER, "500", ENTER, "\x08\x08\x0899", ENTER, CTRL_C
        ),
        pytest.raises(Interrupted),
    ):
        interview.run(tiny, theme_id="alpha")
    assert load_yaml(tiny.theme_path("alpha"))["answers"]["a.number"] == 99


def test_nothing_to_do_says_so(tiny: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    with keys(*CONTEXT, *ALPHA, *BETA):
        interview.run(tiny)
    with keys():
        interview.run(reopen(tiny))
    assert "--review" in capsys.readouterr().out


def test_after_a_theme_documents_can_be_ticked_and_added(tiny: Workspace, tmp_path: Path) -> None:
    from selfassess.evidence.evidence_log import Register, add
    from selfassess.evidence.model import EvidenceItem

    doc = tmp_path / "minutes.txt"
    doc.write_text("Scrutiny minutes")
    register = Register(tiny.root)
    add(
        register, str(doc), EvidenceItem(id="E-000", title="Old plan"), tiny.framework.theme_ids, []
    )
    with keys(
        "First",
        ENTER,
        ENTER,
        ENTER,
        ENTER,
        FINISH,
        FINISH,
        SPACE,
        ENTER,
        f'"{doc}"',
        ENTER,
        "missing.pdf",
        FINISH,
    ):
        interview.run(tiny, theme_id="beta")
    items = Register(tiny.root).items()
    assert [(i.id, i.themes) for i in items] == [("E-001", ["beta"]), ("E-002", ["beta"])]
    assert load_yaml(tiny.theme_path("beta"))["evidence_reviewed"] is True


def test_dates_as_uk_officers_type_them_and_percentages(tiny: Workspace) -> None:
    from selfassess.assessment.answers import parse_typed

    date = tiny.framework.question_index()["a.date"][1]
    number = tiny.framework.question_index()["a.number"][1]
    assert parse_typed(date, "31/10/2026") == "2026-10-31"
    assert parse_typed(number, "14.5%") == 14.5
    with pytest.raises(ValueError):
        parse_typed(number, "1,8")


def test_the_current_rating_is_saved_before_the_target_is_asked(tiny: Workspace) -> None:
    upto_rating = ALPHA[: ALPHA.index("42") + 5]  # every question of theme alpha
    with (
        keys(*CONTEXT, *upto_rating, DOWN, ENTER, CTRL_C),  # current: mid, then Ctrl-C
        pytest.raises(Interrupted),
    ):
        interview.run(tiny)
    assert load_yaml(tiny.theme_path("alpha"))["rating"] == {"current": "mid"}  # no target yet


def test_a_sitting_holds_the_lock_saves_at_once_and_records_itself(new_ws: Workspace) -> None:
    from selfassess.assessment.interview import Sitting
    from selfassess.datafiles import activity
    from selfassess.errors import WorkspaceLocked

    with Sitting(new_ws) as sitting:
        with pytest.raises(WorkspaceLocked), reopen(new_ws).lock("another writer"):
            pass  # pragma: no cover - the lock is held by the sitting
        sitting.save_context("aims", "Challenge our housing plans.")
        assert load_yaml(new_ws.root / "context.yaml")["aims"] == "Challenge our housing plans."
    assert not (new_ws.root / ".selfassess.lock.holder").exists()  # released
    last = activity.read(new_ws.root)[-1]
    assert last["action"] == "interview" and last["answers"] == 1
    assert "Challenge" not in str(last)  # the log holds no answers


def test_merging_an_answers_file_from_the_library_is_locked_and_logged(
    new_ws: Workspace, tmp_path: Path
) -> None:
    from selfassess.assessment.interview import merge_answers
    from selfassess.datafiles import activity
    from selfassess.errors import WorkspaceLocked

    answers = tmp_path / "answers.yaml"
    answers.write_text("context:\n  aims: Test our plans.\n", encoding="utf-8")
    with reopen(new_ws).lock("another writer"), pytest.raises(WorkspaceLocked):
        merge_answers(new_ws, answers)
    assert merge_answers(new_ws, answers).merged == 1
    assert activity.read(new_ws.root)[-1]["action"] == "answers-merge"


def test_what_a_user_reads_about_self_ratings_says_what_is_true(tiny: Workspace, run) -> None:
    """Self-ratings sit in the council's files: kept out of documents, not private, and
    within reach of the Freedom of Information Act. No text a user reads claims otherwise."""
    import io

    upto_rating = ALPHA[: ALPHA.index("42") + 5]
    out = io.StringIO()
    with keys(*CONTEXT, *upto_rating, DOWN, ENTER, CTRL_C), pytest.raises(Interrupted):
        interview.run(tiny, out=out)
    said = {
        "the interview": out.getvalue(),
        "scope --help": run("scope", "--help").output,
        "report --help": run("report", "--help").output,
        "status": run("status", "-w", str(tiny.root)).output,
        "frameworks show": run("frameworks", "show", "corporate-peer-challenge").output,
        "framework template": (ROOT / "templates" / "framework-new.yaml.j2").read_text(),
    }
    for where, text in said.items():
        flat = " ".join(text.split())
        assert "private" not in flat.lower(), where
        if where != "framework template":
            assert "not exempt from the Freedom of Information Act" in flat, where
    assert "kept out of documents" in " ".join(said["the interview"].split())
