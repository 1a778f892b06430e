"""The scoping document (issue 12, items 7 to 12): the council's own questions, suggestions
that earn their place, the people to meet, key dates and an outline programme."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import yaml

from selfassess.assessment import readiness
from selfassess.assessment.workspace import Workspace
from selfassess.documents import formats, keydates, people, programme, scoping
from selfassess.documents.suggestions import (
    AREA,
    ASKED,
    FRAMEWORK,
    NO_ACTION,
    UNSUPPORTED,
    UNSUPPORTED_MANY,
)
from selfassess.requests.tracker import Tracked

TODAY = dt.date(2026, 11, 25)
FINANCE = "financial-planning-and-management"
LEADERSHIP = "organisational-and-place-leadership"


def edit(ws: Workspace, name: str, change: Any) -> Workspace:
    """Change one of the workspace's YAML files by hand, as a council officer would."""
    path = ws.root / name
    data = yaml.safe_load(path.read_text()) if path.exists() else {}
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return Workspace.open(ws.root)


def ask(ws: Workspace, *questions: tuple[str, str]) -> Workspace:
    def change(data: dict[str, Any]) -> None:
        data["questions_for_the_team"] = [{"theme": t, "question": q} for t, q in questions]

    return edit(ws, "context.yaml", change)


def visit(ws: Workspace, *days: str, **dates: Any) -> Workspace:
    def change(data: dict[str, Any]) -> None:
        data["dates"] = {**(data.get("dates") or {}), "visit_days": list(days), **dates}

    return edit(ws, "workspace.yaml", change)


def markdown(ws: Workspace) -> str:
    return formats.render(scoping.build(ws, today=TODAY), "md").decode()


def table_after(ws: Workspace, heading: str, kind: str = "table") -> Any:
    blocks = scoping.build(ws, today=TODAY).blocks
    at = next(n for n, b in enumerate(blocks) if b.kind == "heading" and b.text == heading)
    return next(b for b in blocks[at:] if b.kind == kind).rows


def wants(ws: Workspace) -> dict[str, list[str]]:
    """The scope: each theme with what the council wants from it, a line each."""
    blocks = scoping.build(ws, today=TODAY).blocks
    at = next(n for n, b in enumerate(blocks) if b.kind == "heading" and b.text.startswith("Scope"))
    block = next(b for b in blocks[at:] if b.kind == "bullets")
    return dict(block.nested)


# --- 7: the council's own questions -----------------------------------------------------------
def test_the_scope_table_says_what_the_council_wants_in_its_own_words(new_ws: Workspace) -> None:
    ws = ask(new_ws, (FINANCE, "Is our plan to close the budget gap credible?"))
    rows = wants(ws)
    assert rows["Financial planning and management"] == [
        "Is our plan to close the budget gap credible?"
    ]
    assert rows["Governance and culture"] == []
    text = markdown(ws)
    assert text.count("to agree at the scoping meeting") == 1  # said once, naming the themes
    assert "from local priorities and outcomes, organisational and place leadership," in text
    assert "A core theme of" not in text
    assert "## Scope and the council's questions" in text
    assert text.count("- Is our plan to close the budget gap credible?") == 1  # said once
    assert "- Is our plan to close the budget gap credible?" in text


def test_a_focus_area_shows_its_aims_and_its_own_answers(new_ws: Workspace) -> None:
    focus = next(t for t in new_ws.framework.themes if t.focus_area)
    new_ws.set_answer(focus.id, f"{focus.id}.aims", "Halve the use of bed and breakfast.")
    other = next(q for q in focus.questions if q.type == "long_text" and not q.id.endswith(".aims"))
    new_ws.set_answer(focus.id, other.id, "We have tried a leasing scheme.")
    ws = Workspace.open(new_ws.root)
    assert wants(ws)[f"{focus.title} (focus area)"] == ["Halve the use of bed and breakfast."]
    answered = table_after(ws, "What the council says about this focus area")
    assert answered == [[other.prompt, "We have tried a leasing scheme."]]


# --- 8: suggested areas to explore -------------------------------------------------------------
def test_unsupported_strengths_are_one_suggestion_listing_each(new_ws: Workspace) -> None:
    strengths = ["Partners trust us.", "Leaders are visible.", "Staff morale is high."]
    new_ws.set_list(LEADERSHIP, "strengths", strengths)
    found = scoping.suggestions(Workspace.open(new_ws.root), TODAY)
    probed = [s for s in found if s.theme == LEADERSHIP and s.reason == UNSUPPORTED_MANY]
    assert len(probed) == 1
    assert all(s.lower().rstrip(".") in probed[0].area for s in strengths)
    one = Workspace.open(new_ws.root)
    one.set_list(LEADERSHIP, "strengths", ["Partners trust us."])
    found = scoping.suggestions(Workspace.open(one.root), TODAY)
    assert ("How the council knows that partners trust us", UNSUPPORTED) in [
        (s.area, s.reason) for s in found
    ]


def test_findings_carrying_the_councils_words_become_suggestions(
    new_ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = readiness.check

    def with_claims(*args: Any, **kw: Any) -> list[readiness.Finding]:
        found = [f for f in real(*args, **kw) if f.rule != "strength-without-evidence"]
        return [
            *found,
            readiness.Finding("strength-without-evidence", "warning", "", "", FINANCE, claim="Tax collection is strong."),
            readiness.Finding("superlative-claim", "warning", "", "", FINANCE, claim="Kestleford punches above its weight regionally."),
        ]  # fmt: skip

    monkeypatch.setattr(readiness, "check", with_claims)
    found = [s for s in scoping.suggestions(new_ws, TODAY) if s.theme == FINANCE]
    reasons = [s.reason for s in found]
    assert (
        reasons[0]
        == "\u2018punches above its weight\u2019: a superlative the evidence doesn't yet show"
    )
    assert "Kestleford punches above its weight regionally." in found[0].area
    assert UNSUPPORTED in reasons


COUNCIL_FIX = (
    "Scrutiny is officer-led and rarely looks at decisions before they are made; the Head of "
    "Legal and Democratic Services will support a member-led work programme by April 2026."
)


def test_areas_for_development_become_topics_not_the_councils_own_fix(new_ws: Workspace) -> None:
    new_ws.set_list(FINANCE, "areas_for_development", [COUNCIL_FIX])
    found = [
        s
        for s in scoping.suggestions(Workspace.open(new_ws.root), TODAY)
        if s.theme == FINANCE and "scrutiny" in s.area.lower()
    ]
    assert len(found) == 1
    assert "will support" not in found[0].area and "Head of Legal" not in found[0].area
    assert found[0].area.startswith(("How ", "Whether ", "Why ", "What "))
    assert "scrutiny is officer-led" in found[0].area
    assert found[0].reason == AREA and "names it as an area for development" not in found[0].reason


def test_the_councils_question_leads_and_what_it_covers_is_not_repeated(
    new_ws: Workspace,
) -> None:
    ws = ask(new_ws, (FINANCE, "Are our reserves at a prudent level?"))
    areas = [
        "Reserves are at the lower limit of prudence; the Section 151 officer will stop using them by March 2027.",
        "Commercial property has no exit strategy; the Head of Property will take one to cabinet by June 2027.",
        "Savings plans slip; the Director of Resources will report by December 2026.",
        "Capital programme slips every year; the Director of Resources will reset it by May 2027.",
        "Fees and charges are not reviewed; the Head of Finance will review them by July 2027.",
        "We will do more to communicate the budget to staff.",
    ]  # fmt: skip
    ws.set_list(FINANCE, "areas_for_development", areas)
    ws.set_list(FINANCE, "strengths", ["Our budget management is excellent."])
    found = [s for s in scoping.suggestions(Workspace.open(ws.root), TODAY) if s.theme == FINANCE]
    assert len(found) == 5
    assert found[0].area == "Are our reserves at a prudent level?"
    assert found[0].reason == f"{ASKED}; also {AREA}"  # the area it covers, folded in
    assert not any("prudence" in s.area for s in found[1:])
    assert "superlative" in found[1].reason
    assert found[2].reason == NO_ACTION.format(missing="owner or date")


def test_the_councils_questions_are_shown_once_each_on_its_own_line(new_ws: Workspace) -> None:
    ws = ask(
        new_ws,
        (FINANCE, "Push us hard"),
        (FINANCE, "Does overview and scrutiny add value?"),
        (FINANCE, "Push us hard"),
    )
    assert wants(ws)["Financial planning and management"] == [
        "Push us hard",
        "Does overview and scrutiny add value?",
    ]
    text = markdown(ws)
    assert "Push us hard Does" not in text
    assert text.count("Push us hard") == 2  # the scope, and the theme's suggested areas


def test_a_fresh_workspace_has_no_unanswered_question_rows_and_labels_framework_ideas(
    new_ws: Workspace,
) -> None:
    text = markdown(new_ws)
    assert "unanswered" not in text and "\u2014" not in text
    assert "not yet said what it wants from each: to agree at the scoping meeting" in text
    found = scoping.suggestions(new_ws, TODAY)
    assert {s.theme for s in found} == set(new_ws.framework.theme_ids)
    assert all(s.reason for s in found)
    assert any(s.reason == FRAMEWORK for s in found)


def test_the_scoping_document_carries_marking_date_and_words_for_numbers(
    new_ws: Workspace,
) -> None:
    doc = scoping.build(new_ws, today=TODAY)
    assert doc.marking == "OFFICIAL" and doc.dated == "25 November 2026" and doc.version == ""
    text = markdown(new_ws)
    assert "five core themes" in text and "one focus area" in text


# --- 9: people -------------------------------------------------------------------------------
def test_people_are_one_row_a_role_with_those_the_council_names(new_ws: Workspace) -> None:
    def change(data: dict[str, Any]) -> None:
        data["people"] = [
            {"role": "Cabinet member for housing", "name": "Cllr Ada Finch", "themes": [FINANCE]},
            {"role": "Citizens Advice", "organisation": "Citizens Advice Testbury"},
            {"role": "cabinet member for Housing.", "name": "Cllr Bo Lane"},
        ]

    ws = edit(new_ws, "workspace.yaml", change)
    found = people.people(ws)
    roles = [p.role for p in found]
    assert len({r.lower().rstrip(".") for r in roles}) == len(roles)
    housing = next(p for p in found if p.role == "Cabinet member for housing")
    assert housing.who == ["Cllr Ada Finch", "Cllr Bo Lane"]
    assert housing.themes == ["Financial planning and management"]
    assert next(p for p in found if p.role == "Citizens Advice").who == ["Citizens Advice Testbury"]


def test_differently_worded_roles_are_one_role() -> None:
    from selfassess.documents.wording import key_words

    assert key_words("Leader and cabinet members") == key_words(
        "The leader of the council and cabinet"
    )
    assert key_words("Chair of scrutiny") != key_words("Chair of audit")


# --- 10: key dates -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        ("2027-01-31", 1, "2027-02-28"),
        ("2028-01-31", 1, "2028-02-29"),  # a leap year
        ("2026-10-31", 4, "2027-02-28"),
        ("2026-03-31", -1, "2026-02-28"),
        ("2024-02-29", 12, "2025-02-28"),
        ("2026-10-09", 3, "2027-01-09"),
        ("2026-12-15", 1, "2027-01-15"),  # over the year's end
        ("2027-01-15", -1, "2026-12-15"),
        ("2026-08-31", 1, "2026-09-30"),
    ],
)
def test_months_are_added_calendar_correctly(start: str, months: int, expected: str) -> None:
    assert keydates.add_months(dt.date.fromisoformat(start), months) == dt.date.fromisoformat(
        expected
    )


def test_weeks_and_days_count_across_month_and_year_ends() -> None:
    assert keydates.shift(dt.date(2026, 10, 6), weeks=-3) == dt.date(2026, 9, 15)
    assert keydates.shift(dt.date(2027, 1, 3), days=-5) == dt.date(2026, 12, 29)
    assert keydates.shift(dt.date(2028, 2, 27), days=3) == dt.date(2028, 3, 1)


TIMELINE = [
    {"id": "scoping-meeting", "label": "Scoping meeting", "from": "visit_start", "weeks": -10, "about": True},
    {"id": "pre-onsite-meeting", "label": "Pre-onsite meeting", "from": "visit_start", "weeks": -3},
    {"id": "feedback-report", "label": "Feedback report", "from": "visit_end", "months": 3, "by": True},
    {"id": "progress-review", "label": "Progress review", "from": "visit_end", "months": 10, "about": True},
]  # fmt: skip


def test_key_dates_come_from_the_workspace_else_the_timeline_in_words() -> None:
    dates = {"visit_days": ["2026-10-06", "2026-10-07", "2026-10-08", "2026-10-09"],
             "scoping_meeting": "2026-07-20"}  # fmt: skip
    found = {k.label: k.when for k in keydates.key_dates(dates, TIMELINE)}
    assert found == {
        "Period covered": "to be agreed",
        "Scoping meeting": "20 July 2026",
        "Pre-onsite meeting": "about 15 September 2026",  # worked out: marked
        "On-site visit": "6 to 9 October 2026",
        "Feedback report": "by 9 January 2027",
        "Progress review": "about August 2027",
    }
    assert [k.label for k in keydates.key_dates(dates, TIMELINE)][3] == "On-site visit"


def test_key_dates_without_a_visit_are_to_be_agreed() -> None:
    found = keydates.key_dates({}, TIMELINE)
    assert {k.when for k in found} == {"to be agreed"}
    assert [k.label for k in found].index("On-site visit") == 3  # before what follows the visit


def test_the_scoping_document_lists_the_key_dates(new_ws: Workspace) -> None:
    ws = visit(new_ws, "2026-10-06", "2026-10-07", "2026-10-08", scoping_meeting="2026-07-14")
    rows = dict(map(tuple, table_after(ws, "Key dates")))  # type: ignore[arg-type]
    assert rows["On-site visit"] == "6 to 8 October 2026"
    assert next(v for k, v in rows.items() if k.lower().startswith("scoping")) == "14 July 2026"
    assert any(when.startswith("by ") and "2027" in when for when in rows.values())
    assert not any(c.isdigit() and "-" in when for when in rows.values() for c in when[:4])


# --- 11: the outline programme ---------------------------------------------------------------
def test_a_three_day_visit_spreads_the_sessions_over_the_days(new_ws: Workspace) -> None:
    ws = visit(new_ws, "2026-10-06", "2026-10-07", "2026-10-08")
    rows = programme.outline(ws)
    assert [r[0] for r in rows] == [
        "Day 1: Tuesday 6 October 2026",
        "Day 2: Wednesday 7 October 2026",
        "Day 3: Thursday 8 October 2026",
    ]
    first, middle, last = (r[1] for r in rows)
    assert first[0] == "Arrival and team briefing" and any("Theme session" in s for s in first)
    assert any("Theme session" in s for s in middle)
    assert "Feedback presentation" in last[-1] and last[-2] == "Team preparation"
    assert len(last) > len(programme.LAST)  # sessions in the morning, then the feedback
    assert len(middle) > len(first) - len(programme.FIRST)


def test_visit_days_are_sorted_and_each_once_and_one_day_is_said_plainly(
    new_ws: Workspace,
) -> None:
    # opening refuses such a file (validation); the programme sorts anyway, as a library call
    # may hand it a workspace changed in memory
    ws = visit(new_ws, "2026-10-06", "2026-10-08")
    ws.meta["dates"]["visit_days"] = ["2026-10-08", "2026-10-06", "2026-10-06"]
    assert [r[0] for r in programme.outline(ws)] == [
        "Day 1: Tuesday 6 October 2026",
        "Day 2: Thursday 8 October 2026",
    ]
    one = visit(new_ws, "2026-10-06")
    assert "does not fit in one day" in markdown(one)


def test_the_programme_is_a_heading_a_day_with_its_sessions_listed(new_ws: Workspace) -> None:
    ws = visit(new_ws, "2026-10-06", "2026-10-07")
    text = markdown(ws)
    assert "### Day 1: Tuesday 6 October 2026\n\n- Arrival and team briefing" in text
    meeting = Tracked(id="R-x", type="meeting", raised="2026-09-01", ask="A meeting with the chair", status="fulfilled", note="second day")  # fmt: skip
    rows = programme.outline(ws, [meeting])
    assert "Arranged at the team's request: a meeting with the chair" in rows[1][1]


def test_every_worked_out_date_is_marked_and_an_impossible_one_is_to_agree() -> None:
    dates = {"visit_days": ["2026-10-06"]}
    found = keydates.key_dates(
        dates, [{"id": "x", "label": "X", "from": "visit_start", "weeks": -4}]
    )
    assert dict((k.label, k.when) for k in found)["X"] == "about 8 September 2026"
    wild = [{"id": "x", "label": "X", "from": "visit_start", "weeks": -99999999}]
    assert dict((k.label, k.when) for k in keydates.key_dates(dates, wild))["X"] == "to be agreed"
    fallback = [k.label for k in keydates.key_dates(dates, [])]
    assert fallback.index("Pre-onsite meeting") > fallback.index(
        "Pre-reading issued to the peer team (two to three weeks before the visit)"
    )


def test_a_council_named_person_matches_the_frameworks_role(new_ws: Workspace) -> None:
    def change(data: dict[str, Any]) -> None:
        data["people"] = [
            {"role": "Chair of the Audit and Governance Committee (independent member)", "name": "Jo Bell"},
            {"role": "Chief Executive", "organisation": "Mereside Homes"},
        ]  # fmt: skip

    found = people.people(edit(new_ws, "workspace.yaml", change))
    audit = [p for p in found if "audit" in p.role.lower() and "chair" in p.role.lower()]
    assert len(audit) == 1 and audit[0].who == ["Jo Bell"]
    assert any(p.role == "Chief Executive" and p.who == ["Mereside Homes"] for p in found)


@pytest.mark.parametrize("count", [1, 2, 3, 4, 5])
def test_spread_keeps_every_session_in_order(count: int) -> None:
    items = [f"s{n}" for n in range(14)]
    plan = programme.spread(items, count)
    assert [i for day in plan for i in day] == items
    if count >= 2:
        assert all(plan) and len(plan[-1]) < len(plan[1 if count > 2 else 0]) + 1


def test_an_arranged_meeting_goes_on_the_day_its_answer_names(new_ws: Workspace) -> None:
    ws = visit(new_ws, "2026-10-06", "2026-10-07", "2026-10-08")

    def meeting(ask: str, note: str) -> Tracked:
        return Tracked(
            id="R-x", type="meeting", raised="2026-09-01", ask=ask, status="fulfilled", note=note
        )

    rows = programme.outline(
        ws,
        [
            meeting("Audit chair", "Arranged for the afternoon of the second day"),
            meeting("Citizens Advice", "Booked on 8 October at 10am"),
        ],
    )
    assert "Arranged at the team's request: Audit chair (afternoon)" in rows[1][1]
    last = rows[2][1]
    assert any("Citizens Advice" in s for s in last)
    assert next(n for n, s in enumerate(last) if "Citizens Advice" in s) < len(last) - 1
    assert programme.place("on 7th October", ["2026-10-06", "2026-10-07"], 2) == (1, "")
    assert programme.place("whenever suits", ["2026-10-06"], 1) is None


def test_a_superlative_said_twice_is_probed_once(new_ws: Workspace) -> None:
    new_ws.set_list(
        FINANCE, "strengths", ["Our budgeting is excellent.", "Our reporting is excellent."]
    )
    found = [
        s for s in scoping.suggestions(Workspace.open(new_ws.root), TODAY) if s.theme == FINANCE
    ]
    said = [s for s in found if "superlative" in s.reason]
    assert [s.area for s in said] == ["What lies behind \u201cOur budgeting is excellent.\u201d"]
