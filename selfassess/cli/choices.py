"""Every choice the command line asks (single, multiple, yes or no, a self-rating) goes
through :func:`choose`, so that Esc then Enter, which finishes a typed answer, can never
turn a choice into ''."""

from __future__ import annotations

from typing import Any

import questionary
from questionary import Choice

SKIP = "__skip__"


def select_one(label: str, options: list[tuple[str, Any]], saved: Any, offered: Any = None) -> Any:
    """A single choice from ``options`` (title, stored value), with a way to leave it for now.
    The cursor starts at the saved value (else at ``offered``), but only when it is still
    one of the options; Esc then Enter keeps that saved value (none: leaves it for now)."""
    choices = [Choice(title, value=value) for title, value in options]
    choices.append(Choice("Leave for now", value=SKIP))
    values = [value for _, value in options]

    def valid(value: Any) -> bool:
        return any(value is v or (value == v and type(value) is type(v)) for v in values)

    kept = saved if valid(saved) else None
    start = kept if kept is not None else (offered if valid(offered) else None)
    prompt = questionary.select(label, choices=choices, default=start)
    picked = choose(prompt, unchanged=kept)
    return None if picked == SKIP else picked


ASK_AGAIN = object()  # choose: Esc then Enter is ignored, the prompt stays


def choose(prompt: questionary.Question, unchanged: Any = ASK_AGAIN) -> Any:
    """Ask a select or checkbox prompt: the one way every choice is asked.

    Esc then Enter finishes a typed answer, so people press it at a choice too. Left to
    itself, prompt_toolkit reads it as Meta-Enter, which accepts the prompt's hidden (empty)
    text line: the prompt would return ''. Here it returns ``unchanged`` instead (the answer
    as it was), or, given nothing to keep, is ignored and the prompt stays."""
    from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent, merge_key_bindings

    keep = KeyBindings()

    @keep.add("escape", "enter", eager=True)
    def _finish(event: KeyPressEvent) -> None:
        if unchanged is not ASK_AGAIN:
            event.app.exit(result=unchanged)

    app = prompt.application
    app.key_bindings = merge_key_bindings([app.key_bindings or KeyBindings(), keep])
    return prompt.unsafe_ask()
