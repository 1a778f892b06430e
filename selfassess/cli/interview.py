"""The interview in a terminal: with :mod:`selfassess.cli.choices` and
:mod:`selfassess.cli.team_questions`, the only code that imports questionary.

It walks the steps the library plans (:mod:`selfassess.assessment.interview`), puts each
to the person with the widget for its type, and hands every answer to the library's
:class:`~selfassess.assessment.interview.Sitting`, which saves it at once under the
workspace lock. Ctrl-C or Ctrl-D raise :class:`Interrupted` with what was saved.
"""

from __future__ import annotations

import datetime as dt
import sys
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TextIO

import questionary
from questionary import Choice

from selfassess.assessment.answers import CONTEXT_FIELDS, check_value, display, parse_typed
from selfassess.assessment.interview import TEAM_QUESTIONS, Outcome, Sitting, Step, list_prompt
from selfassess.assessment.workspace import Workspace
from selfassess.cli import team_questions
from selfassess.cli.choices import choose as _choose
from selfassess.cli.choices import select_one as _select_one
from selfassess.errors import Interrupted, SelfAssessError
from selfassess.evidence.model import EvidenceItem, Handling
from selfassess.framework.model import Framework, Question, Theme
from selfassess.vocabulary import EVIDENCE_KINDS, OFFICIAL, OFFICIAL_SENSITIVE, RATINGS_HANDLING

TYPED = ("text", "long_text", "number", "date")  # question types answered by typing


def run(
    workspace: Workspace,
    *,
    theme_id: str | None = None,
    review: bool = False,
    out: TextIO | None = None,
) -> Outcome:
    """Run the interview in the terminal; the library saves each answer as it is given."""
    say = _printer(out or sys.stdout)
    with Sitting(workspace, theme_id=theme_id, review=review) as sitting:
        todo, total = sitting.todo, len(sitting.steps)
        if not todo:
            say("Everything in scope has been answered. Use --review to revisit your answers.")
        else:
            if len(todo) < total and not review:
                say(f"Carrying on where you left off: {total - len(todo)} of {total} steps done.")
            say(
                "Each answer is saved as soon as you give it. Long answers take several lines:\n"
                "press Esc then Enter to finish one. Leave an answer blank to come back to it;\n"
                "Ctrl-C stops, keeping everything answered so far."
            )
        try:
            _walk(sitting, say)
        except (KeyboardInterrupt, EOFError):
            import shlex

            again = ["selfassess", "start", "-w", str(workspace.root)]
            again += ["--theme", theme_id] if theme_id else []
            answered = sitting.answered
            kept = "".join(
                f"; your unfinished answer to {name} is kept as a draft" for name in sitting.drafted
            )
            offered = " (drafts are offered back)" if kept else ""
            raise Interrupted(
                f"stopped - {answered} answer{'s' if answered != 1 else ''} saved this time in "
                f"{workspace.root}{kept}; run '{shlex.join(again)}' to carry on{offered}"
            ) from None
        return sitting.outcome()


def _walk(sitting: Sitting, say: Callable[[str], None]) -> None:
    current_theme: str | None = None
    for number, step in enumerate(sitting.todo):
        if step.kind == "context" and number == 0:
            say("\n== Council context ==")
            say("These set the scene for the peer team. Write for a reader from another council.")
        if step.theme is not None and step.theme.id != current_theme:
            current_theme = step.theme.id
            _theme_intro(sitting.workspace.framework, step.theme, say)
        _ask(sitting, step, say)


def _printer(out: TextIO) -> Callable[[str], None]:
    def say(text: str) -> None:
        print(text, file=out, flush=True)

    return say


def _theme_intro(framework: Framework, theme: Theme, say: Callable[[str], None]) -> None:
    number = framework.theme_ids.index(theme.id) + 1
    say(f"\n== Theme {number} of {len(framework.themes)}: {theme.title} ==")
    say(_wrap(theme.summary))
    if theme.what_good_looks_like:
        say("What good looks like:")
        for line in theme.what_good_looks_like:
            say(_wrap(line, bullet=True))
    say("")


def _width() -> int:
    """Lines fit the terminal (and stay readable on a wide one)."""
    import shutil

    return max(40, min(88, shutil.get_terminal_size((88, 24)).columns - 2))


def _wrap(text: str, bullet: bool = False) -> str:
    if bullet:
        return textwrap.fill(text, _width(), initial_indent="  - ", subsequent_indent="    ")
    return textwrap.fill(text, _width())


def _fit(label: str) -> str:
    """A prompt wrapped to the terminal: prompt_toolkit cuts a long line off at the edge."""
    return "\n  ".join(textwrap.wrap(label, _width() - 4)) or label


@dataclass(frozen=True)
class Typing:
    """A text prompt's draft: the unfinished answer to offer, and where to keep the text
    typed so far if the person stops (Ctrl-C or Ctrl-D) before finishing it."""

    draft: str | None
    keep: Callable[[str], None]


def _typing(sitting: Sitting, step: Step, say: Callable[[str], None]) -> Typing:
    draft = sitting.draft(step)
    if draft is not None:
        say(f"You had started this answer: {_excerpt(draft)}")
        say("It is filled in below: finish it, or clear it to leave the answer blank.")
    return Typing(draft, lambda text: sitting.keep_draft(step, text))


def _excerpt(text: str, limit: int = 120) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 3].rstrip() + "..."


def _ask(sitting: Sitting, step: Step, say: Callable[[str], None]) -> None:
    """Ask one step; the sitting saves the answer at once."""
    workspace = sitting.workspace
    if step.kind == TEAM_QUESTIONS:
        team_questions.ask(sitting, step, say)
        return
    if step.kind == "context":
        saved = workspace.context().get(step.key)
        typing = _typing(sitting, step, say)
        sitting.save_context(step.key, _long_text(CONTEXT_FIELDS[step.key], saved, typing=typing))
        return
    assert step.theme is not None
    record = workspace.theme_record(step.theme.id)
    if step.kind == "question":
        assert step.question is not None
        saved = record.get("answers", {}).get(step.key)
        if step.question.help:
            say(_wrap(step.question.help))
        typed = _typing(sitting, step, say) if step.question.type in TYPED else None
        answer = ask_question(step.question, saved, typed)
        sitting.save_answer(step.theme.id, step.key, answer)
        return
    if step.kind == "rating":
        _ask_rating(sitting, step.theme, record.get("rating") or {}, say)
        return
    if step.kind == "evidence":
        _attach_evidence(sitting, step.theme, say)
        return
    saved_list = record.get(step.kind, [])
    label = list_prompt(workspace.framework, step.kind)  # the framework's own words
    typing = _typing(sitting, step, say)
    text = _long_text(label, "\n".join(saved_list) or None, required=False, typing=typing)
    sitting.save_list(step.theme.id, step.kind, (text or "").splitlines())


def _ask_rating(
    sitting: Sitting, theme: Theme, rating: dict[str, Any], say: Callable[[str], None]
) -> None:
    levels = sitting.workspace.framework.scale
    say(f"Self-rating ({RATINGS_HANDLING}):")
    for level in levels:
        say(
            textwrap.fill(
                f"{level.label}: {level.description}",
                _width(),
                initial_indent="  - ",
                subsequent_indent="    ",
            )
        )
    current = _select_level(f"{theme.title}: where are you now?", levels, rating.get("current"))
    sitting.save_rating_now(theme.id, current)  # kept even if the next question is interrupted
    target = _select_level(
        f"{theme.title}: where do you aim to be by the next challenge?",
        levels,
        rating.get("target"),
        offered=current,  # the cursor starts at the current level when no target is saved
    )
    sitting.save_rating(theme.id, current, target)


def _attach_evidence(sitting: Sitting, theme: Theme, say: Callable[[str], None]) -> None:
    """After a theme: tick the documents in the log that support it, and add new ones."""
    items = sitting.register().items()
    if items:
        boxes = [
            Choice(f"{i.id} {i.title}", value=i.id, checked=theme.id in i.themes) for i in items
        ]
        ticked = _choose(
            questionary.checkbox(
                f"Which documents in the evidence log support '{theme.title}'?",
                choices=boxes,
                instruction="(space to tick, enter when done)",
            ),
            unchanged=[i.id for i in items if theme.id in i.themes],
        )
        sitting.tick_evidence(theme.id, set(ticked))
    typed = questionary.text(
        f"New documents for '{theme.title}': file paths or web addresses, one per line (optional)",
        multiline=True,
        instruction="(Esc, Enter to finish)\n>",
    ).unsafe_ask()
    for line in typed.splitlines():
        source = line.strip().strip('"').strip("'")
        if not source:
            continue
        try:
            item = sitting.add_evidence(theme.id, source)
        except SelfAssessError as exc:
            say(f"  not added: {exc.message}")
            continue
        say(
            f"  added {item.id}: {item.title} (add its summary and kind with 'selfassess evidence')"
        )
    sitting.mark_evidence_reviewed(theme.id)


def ask_question(question: Question, saved: Any, typing: Typing | None = None) -> Any:
    """Ask one question with the widget for its type; blank means 'leave for now'. For a
    typed answer, ``typing`` offers a draft and keeps the text typed if the person stops."""
    label = question.prompt
    kind = question.type
    if kind == "long_text":
        return _long_text(label, saved, required=question.required, typing=typing)
    label += "" if question.required else " (optional)"
    if kind == "choice":
        return _select_one(_fit(label), [(c.label, c.id) for c in question.choices], saved)
    if kind == "multi_choice":
        ids = [c.id for c in question.choices]
        kept = [c for c in saved if c in ids] if isinstance(saved, list) else []
        boxes = [Choice(c.label, value=c.id, checked=c.id in kept) for c in question.choices]
        prompt = questionary.checkbox(
            _fit(label), choices=boxes, instruction="(space to tick, enter when done)"
        )
        return list(_choose(prompt, unchanged=kept)) or None
    if kind == "yes_no":
        return _select_one(_fit(label), [("Yes", True), ("No", False)], saved)
    if kind in ("number", "date"):
        instruction = "(e.g. 31/10/2026; blank: later)" if kind == "date" else _bounds(question)
        shown = "" if saved is None else display(question, saved)
        text = _typed_text(
            typing,
            shown,
            _fit(label),
            instruction=instruction,
            validate=lambda typed: _typed_error(question, typed),
        )
        return parse_typed(question, text)
    text = _typed_text(typing, saved if isinstance(saved, str) else "", _fit(label))
    return text.strip() or None


def _typed_text(typing: Typing | None, saved: str, label: str, **options: Any) -> str:
    """A text prompt offering the draft (else the saved answer). If the person stops while
    typing, the text typed so far, when it says something new, is kept as a draft."""
    default = typing.draft if typing is not None and typing.draft is not None else saved
    question = questionary.text(label, default=default, **options)
    try:
        answer: str = question.unsafe_ask()
    except (KeyboardInterrupt, EOFError):
        typed = question.application.current_buffer.text
        if typing is not None and typed.strip() and typed.strip() != saved.strip():
            typing.keep(typed)
        raise
    return answer


def _bounds(question: Question) -> str:
    if question.min is not None and question.max is not None:
        return f"({question.min:g} to {question.max:g}; blank: later)"
    if question.min is not None:
        return f"(at least {question.min:g}; blank: later)"
    return "(a number; blank: later)"


def _typed_error(question: Question, typed: str) -> bool | str:
    try:
        value = parse_typed(question, typed)
    except ValueError:
        return "Type a number, like 12 or 3.5 (a point for decimals; commas only between thousands)"
    problem = check_value(question, value)
    if problem and question.type == "date":
        return f"Type a date like {dt.date.today():%d/%m/%Y} or {dt.date.today().isoformat()}"
    return problem or True


def _long_text(
    label: str, saved: str | None, required: bool = True, typing: Typing | None = None
) -> str | None:
    text = _typed_text(
        typing,
        saved if isinstance(saved, str) else "",
        _fit(label + ("" if required else " (optional)")),
        multiline=True,
        instruction="(Esc, Enter to finish)\n>",
    )
    return text.strip() or None


def _select_level(
    label: str, levels: Any, saved: str | None, offered: str | None = None
) -> str | None:
    options = [(lv.label, lv.id) for lv in levels]
    return _select_one(_fit(label), options, saved, offered)  # type: ignore[no-any-return]


def ask_init_details(
    council: str | None, framework_id: str | None, frameworks: list[Framework]
) -> tuple[str, str]:
    """Ask for whatever ``init`` was not given."""
    try:
        if not council:
            council = (
                questionary.text(
                    "The council's name:",
                    validate=lambda typed: (
                        bool(typed.strip()) or "The council's name cannot be empty"
                    ),
                )
                .unsafe_ask()
                .strip()
            )
        if not framework_id:
            ids = [f.id for f in frameworks]
            framework_id = _choose(
                questionary.select(
                    "Which framework?",
                    choices=[Choice(f"{f.title} ({f.id})", value=f.id) for f in frameworks],
                    default=(
                        "corporate-peer-challenge" if "corporate-peer-challenge" in ids else None
                    ),
                )
            )
    except (KeyboardInterrupt, EOFError):
        raise Interrupted("stopped - no workspace was created") from None
    assert framework_id is not None
    return council, framework_id


def ask_evidence_details(source: str, template: EvidenceItem, framework: Framework) -> EvidenceItem:
    """Ask for the details of a document being added that the options did not give."""
    from dataclasses import replace

    try:
        print(f"\nAdding {source}", flush=True)
        title = template.title or _ask_title(source)
        summary = template.summary or _ask_summary()
        kind = _ask_kind() if template.kind == "other" else template.kind
        themes = list(template.themes) or _ask_themes(framework)
        ticked = _ask_handling(template.handling)
    except (KeyboardInterrupt, EOFError):
        raise Interrupted("stopped - this document was not added; those before it were") from None
    handling = _as_ticked(template.handling, ticked)
    return replace(
        template, title=title, summary=summary, kind=kind, themes=themes, handling=handling
    )


def _ask_title(source: str) -> str:
    from pathlib import Path

    title: str = questionary.text("Title:", default=Path(source).name).unsafe_ask()
    return title.strip()


def _ask_summary() -> str:
    summary: str = questionary.text(
        "The council's own summary: why it matters for the challenge (optional)",
        multiline=True,
        instruction="(Esc, Enter to finish)\n>",
    ).unsafe_ask()
    return summary.strip()


def _ask_kind() -> str:
    kind: str = _choose(
        questionary.select(
            "Kind of document:",
            choices=[Choice(label, value=kid) for kid, label in EVIDENCE_KINDS.items()],
            default="other",
        )
    )
    return kind


def _ask_themes(framework: Framework) -> list[str]:
    themes: list[str] = _choose(
        questionary.checkbox(
            "Themes it supports:",
            choices=[Choice(t.title, value=t.id) for t in framework.themes],
        )
    )
    return themes


def _ask_handling(marks: Handling) -> list[str]:
    """Which handling marks apply, offered ticked as they stand."""
    ticked: list[str] = _choose(
        questionary.checkbox(
            "Handling: tick what applies (none ticked = plain OFFICIAL, may go in a pack)",
            choices=[
                Choice(
                    OFFICIAL_SENSITIVE,
                    value="sensitive",
                    checked=marks.classification != OFFICIAL,
                ),
                Choice("Contains personal data", value="personal", checked=marks.personal_data),
                Choice("Exempt information (a Part 2 paper)", value="exempt", checked=marks.exempt),
            ],
        )
    )
    return ticked


def _as_ticked(marks: Handling, ticked: list[str]) -> Handling:
    """The handling marks as ticked; none ticked is plain OFFICIAL."""
    return Handling.marked(
        sensitive="sensitive" in ticked,
        personal_data="personal" in ticked,
        exempt="exempt" in ticked,
        published=marks.published,
    )
