"""``selfassess query``: filters a person can mistype, item ids, and ranking by where a
word is found."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from test_pack import add_doc

from selfassess.assessment.workspace import Workspace
from selfassess.pack import builder


def ids(run, *args: str) -> list[str]:
    result = run("query", *args, "--json")
    assert result.exit_code == 0, result.output
    return [hit["id"] for hit in json.loads(result.stdout)]


def test_an_unknown_theme_or_kind_is_a_usage_error_with_a_suggestion(
    new_ws: Workspace, run
) -> None:
    add_doc(new_ws, "plan.txt", "scrutiny", core=True, themes=["governance-and-culture"])
    pack = str(builder.build(new_ws).path)
    for where in (("--pack", pack), ("-w", str(new_ws.root))):
        wrong_theme = run("query", "scrutiny", *where, "--theme", "governance-and-cultur")
        assert wrong_theme.exit_code == 2, where
        assert "did you mean 'governance-and-culture'" in wrong_theme.stderr
        wrong_kind = run("query", "scrutiny", *where, "--kind", "audit-reprot")
        assert wrong_kind.exit_code == 2, where
        assert "did you mean 'audit-report'" in wrong_kind.stderr
    # a kind as a person writes it is understood; a real theme with no items finds nothing
    assert ids(run, "scrutiny", "--pack", pack, "--kind", "Other") == ["E-001"]
    assert ids(run, "scrutiny", "-w", str(new_ws.root), "--theme", "capacity-for-improvement") == []


def test_an_item_id_finds_that_item_in_any_case(new_ws: Workspace, run) -> None:
    for n in range(1, 6):
        add_doc(new_ws, f"doc{n}.txt", f"text {n}", core=True, summary=f"summary {n}")
    pack = str(builder.build(new_ws).path)
    for typed in ("E-004", "e-004", "e-4", "E004"):
        assert ids(run, typed, "--pack", pack) == ["E-004"], typed
        assert ids(run, typed, "-w", str(new_ws.root)) == ["E-004"], typed
    assert ids(run, "E-002 e-5", "--pack", pack) == ["E-002", "E-005"]
    shown = run("query", "e-003", "--pack", pack).stdout
    assert shown.startswith("E-003  doc3.txt") and "summary 3" in shown
    assert ids(run, "E-099", "--pack", pack) == []
    missing = run("query", "E-099", "--pack", pack)
    assert missing.exit_code == 0 and "E-099: no such item in this pack." in missing.stdout


def test_ids_and_words_together_find_the_items_named_then_the_words(new_ws: Workspace, run) -> None:
    add_doc(new_ws, "a.txt", "alpha", core=True, summary="Alpha doc")
    add_doc(new_ws, "b.txt", "gamma", core=True, summary="Gamma doc")
    add_doc(new_ws, "c.txt", "gamma again", core=True, summary="Another gamma")
    pack = str(builder.build(new_ws).path)
    assert ids(run, "E-003 gamma", "--pack", pack) == ["E-003", "E-002"]
    assert ids(run, "E-001 OR E-002", "--pack", pack) == ["E-001", "E-002"]
    assert set(ids(run, "E-001 OR gamma", "--pack", pack)) == {"E-001", "E-002", "E-003"}
    for nothing in ("", '"', "OR"):
        result = run("query", nothing, "--pack", pack)
        assert result.exit_code == 2 and "give some words or item ids" in result.stderr, nothing


def test_a_match_in_a_documents_text_ranks_above_a_match_only_in_a_theme_id(
    new_ws: Workspace, run
) -> None:
    theme = "focus-housing-delivery"
    filler = "The council plan sets out priorities for the place and its people. " * 60
    add_doc(new_ws, "strategy.txt", filler + "Housing delivery is behind plan.", core=True)
    for n in range(4):  # short items that say nothing of it, filed under the theme
        add_doc(new_ws, f"other{n}.txt", f"note {n}", core=True, themes=[theme])
    pack = str(builder.build(new_ws).path)
    assert ids(run, "delivery", "--pack", pack)[0] == "E-001"
    assert ids(run, "housing delivery", "-w", str(new_ws.root))[0] == "E-001"


def test_on_the_demo_every_item_that_says_the_words_ranks_above_those_filed_under_them(
    demo_ws: Path, run
) -> None:
    pack = demo_ws / "packs" / "v2"
    db = sqlite3.connect(pack / "search.sqlite")
    for word in ("homelessness", "housing", "delivery"):
        saying = {
            row[0]
            for row in db.execute(
                "SELECT id FROM docs WHERE docs MATCH ?", (f"{{title summary body}}: {word}",)
            )
        }
        found = ids(run, word, "--pack", str(pack))
        assert len(found) > len(saying) > 0, word  # some items are only filed under it
        assert set(found[: len(saying)]) == saying, word
    db.close()
