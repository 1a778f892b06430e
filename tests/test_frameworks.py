"""Shipped frameworks: valid, complete, and found from the package."""

from __future__ import annotations

from pathlib import Path

import pytest

from selfassess import vocabulary
from selfassess.datafiles import resources, schemas
from selfassess.framework import catalogue, model

SHIPPED = catalogue.shipped_paths()


def test_data_folders_are_found() -> None:
    for name in resources.DATA_FOLDERS:
        assert resources.data_folder(name).is_dir()
    for name in schemas.SCHEMAS:
        assert schemas.schema(name)["$schema"].endswith("2020-12/schema")


@pytest.mark.parametrize("path", SHIPPED.values(), ids=SHIPPED.keys())
def test_shipped_framework_is_valid(path: Path) -> None:
    _, problems = catalogue.check_file(path)
    assert problems == []


def test_corporate_framework_has_the_five_core_themes_and_good_questions() -> None:
    framework = catalogue.load("corporate-peer-challenge")
    assert framework.theme_ids == [
        "local-priorities-and-outcomes",
        "organisational-and-place-leadership",
        "governance-and-culture",
        "financial-planning-and-management",
        "capacity-for-improvement",
    ]
    for theme in framework.themes:
        assert 6 <= len(theme.questions) <= 10, theme.id
        assert all(q.help for q in theme.questions)
    types = {q.type for _, q in framework.questions()}
    assert types == set(vocabulary.QUESTION_TYPES)
    rules = " ".join(framework.ground_rules).lower()
    for words in ("not an inspection", "freedom of information", "publish", "factual"):
        assert words in rules


def test_focus_theme_ids_are_stable_slugs() -> None:
    assert (
        model.focus_theme_id("Housing delivery & homelessness!")
        == "focus-housing-delivery-homelessness"
    )
    assert model.focus_theme_id("!!!") == "focus-area"
