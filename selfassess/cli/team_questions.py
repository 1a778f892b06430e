"""The interview asks the council's own questions for the peer team ("push us hard on..."):
one at a time, each tagged to a theme, each saved as soon as its theme is chosen; one that
could not be saved (too long, more than one line) is asked again with the reason. A blank
question ends the list; asked again (--review), the saved ones are shown and kept, and more
can be added. The scoping document turns them into the team's lines of enquiry."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from functools import partial
from typing import Any

import questionary
from questionary import Choice

from selfassess.assessment.interview import Sitting, Step, team_question_problem
from selfassess.cli.choices import choose
from selfassess.framework.model import Framework

ASK = "What do you want the peer team to push you hard on?"


def ask(sitting: Sitting, step: Step, say: Callable[[str], None]) -> None:
    """Ask for the council's questions for the team until a blank one. A question being
    typed or tagged when the person stops is kept as a draft, offered back next time."""
    framework = sitting.workspace.framework
    say("\n== Your questions for the peer team ==")
    say(
        textwrap.fill(
            "Optional. The questions you most want the team to test, in your own words: "
            "they become the team's lines of enquiry in the scoping document. One at a time; "
            "leave it blank when you have no more.",
            80,
        )
    )
    saved = sitting.team_questions()
    if saved:
        titles = {t.id: t.title for t in framework.themes}
        say(f"Saved so far (kept): {len(saved)}")
        for number, item in enumerate(saved, 1):
            say(f"  {number}. {item['question']} ({titles.get(item['theme'], item['theme'])})")
    draft = sitting.draft(step)
    if draft is not None:
        say(f"You had started this question: {draft}")
    while True:
        label = ASK if not saved else "Another question for the team?"
        prompt = questionary.text(
            label,
            default=draft or "",
            instruction="(blank: no more)" if not saved else "(blank: keep these)",
            validate=lambda typed: team_question_problem(typed) or True,
        )
        typed: str = _kept(sitting, step, prompt.unsafe_ask, prompt.application)
        if not typed.strip():
            sitting.save_team_question(None)  # asked: a resumed interview moves on
            return
        select = _theme(framework, typed.strip())
        theme: str = _kept(sitting, step, partial(choose, select), typed)
        sitting.save_team_question(typed, theme)
        saved, draft = sitting.team_questions(), None


def _kept(sitting: Sitting, step: Step, ask: Callable[[], Any], typed: Any) -> Any:
    """``ask()``; if the person stops, the question typed so far (``typed``: the text, or
    the prompt it is being typed in) is kept as a draft."""
    try:
        return ask()
    except (KeyboardInterrupt, EOFError):
        text = typed if isinstance(typed, str) else typed.current_buffer.text
        if text.strip():
            sitting.keep_draft(step, text)
        raise


def _theme(framework: Framework, question: str) -> questionary.Question:
    """The choice of theme for a question: the workspace's themes, focus areas too."""
    options = [
        Choice(t.title + (" (focus area)" if t.focus_area else ""), value=t.id)
        for t in framework.themes
    ]
    short = question if len(question) <= 60 else question[:57].rstrip() + "..."
    return questionary.select(f"Which theme is '{short}' about?", choices=options)
