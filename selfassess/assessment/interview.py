"""The interview's plan and its sittings: what to ask, in what order, what is already done,
and saving each answer the moment it is given, under the workspace lock.

The questions themselves are put to a person by the command line
(:mod:`selfassess.cli.interview`, the only code that imports questionary). A script can
drive a :class:`Sitting` directly and is as safe as the terminal: the lock is held for the
whole sitting, every answer is written at once, and the sitting is recorded in the
activity log when it ends, however it ends.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from selfassess.assessment.answers import CONTEXT_FIELDS, THEME_LISTS, is_answered
from selfassess.assessment.drafts import Drafts
from selfassess.assessment.layout import CONTEXT_FILE
from selfassess.datafiles import activity
from selfassess.errors import InvalidData, UsageError
from selfassess.framework.model import Framework, Question, Theme

if TYPE_CHECKING:
    from contextlib import AbstractContextManager

    from selfassess.assessment.answers import MergeReport
    from selfassess.assessment.workspace import Workspace
    from selfassess.errors import Problem
    from selfassess.evidence.evidence_log import Register
    from selfassess.evidence.model import EvidenceItem

LIST_WORDS = {"strengths": "Strengths", "areas_for_development": "Areas for development"}
LIST_PROMPTS = {
    "strengths": "Strengths in this theme, one per line",
    "areas_for_development": "Areas for development, one per line, each with the action you plan",
}


TEAM_QUESTIONS = "questions_for_the_team"  # the council's own questions, after its context


def team_question_problem(text: str) -> str | None:
    """Why ``text`` cannot be saved as one of the council's questions for the team (too
    long for the context file's schema, or not one line of text), in words to show the
    person typing it; None when it can be (a blank one too: it ends the list)."""
    from selfassess.datafiles import schemas

    question = text.strip()
    item = schemas.schema("context")["properties"][TEAM_QUESTIONS]["items"]
    limit = int(item["properties"]["question"]["maxLength"])
    if len(question) > limit:
        return (
            f"The question is {len(question):,} characters long, over the limit of "
            f"{limit:,}: shorten it"
        )
    what = schemas.text_problem(question, one_line=True)
    return f"The question must be one line, but it holds {what}: remove it" if what else None


@dataclass(frozen=True)
class Step:
    """One thing the interview asks: a context field, the council's questions for the team,
    a question, a rating, or a list."""

    kind: str  # context | questions_for_the_team | question | rating | strengths | ...
    key: str
    theme: Theme | None = None
    question: Question | None = None


def plan(framework: Framework, theme_id: str | None = None) -> list[Step]:
    """Every step of the interview, in order. With ``theme_id``, that theme alone."""
    steps: list[Step] = []
    if theme_id is None:
        steps += [Step("context", key) for key in CONTEXT_FIELDS]
        steps.append(Step(TEAM_QUESTIONS, TEAM_QUESTIONS))
    themes = [framework.theme(theme_id)] if theme_id else list(framework.themes)
    for theme in themes:
        steps += [Step("question", q.id, theme, q) for q in theme.questions]
        if framework.scale:
            steps.append(Step("rating", "rating", theme))
        steps += [Step(kind, kind, theme) for kind in LIST_PROMPTS]
        steps.append(Step("evidence", "evidence_reviewed", theme))
    return steps


def is_done(workspace: Workspace, step: Step) -> bool:
    """Whether a step needs no asking when resuming."""
    if step.kind == "context":
        return is_answered(workspace.context().get(step.key))
    if step.kind == TEAM_QUESTIONS:  # asked once (an empty list: none); --review asks again
        stopped = Drafts(workspace.root).get(draft_key(step)) is not None  # mid-question
        return isinstance(workspace.context().get(step.key), list) and not stopped
    assert step.theme is not None
    record = workspace.theme_record(step.theme.id)
    if step.kind == "question":
        assert step.question is not None
        saved = record.get("answers", {})
        if step.question.required:
            return is_answered(saved.get(step.key))
        return step.key in saved
    if step.kind == "evidence":
        return record.get("evidence_reviewed") is True
    if step.kind == "rating":  # the target is asked after the current level, which is kept
        return "target" in (record.get("rating") or {})
    return step.key in record


def draft_key(step: Step) -> str:
    """Where a step's unfinished answer is kept: its question id, ``context.<field>`` or
    ``<theme>.<list>``."""
    if step.kind == "question" or step.theme is None:
        return step.key if step.theme is not None else f"context.{step.key}"
    return f"{step.theme.id}.{step.kind}"


def step_name(framework: Framework, step: Step) -> str:
    """A step as a person recognises it, for 'your unfinished answer to ...'."""
    if step.kind == "context":
        return f"'{CONTEXT_FIELDS[step.key].split(':')[0]}'"
    if step.kind == TEAM_QUESTIONS:
        return "'Questions for the peer team'"
    assert step.theme is not None
    if step.question is not None:
        return f"'{step.question.prompt}' ({step.key})"
    return f"'{framework.term(step.kind).capitalize()}' in {step.theme.title}"


def list_prompt(framework: Framework, kind: str) -> str:
    """The prompt for a theme's strengths or areas for development, in the framework's words."""
    term = framework.term(kind).capitalize()
    return LIST_PROMPTS[kind].replace(LIST_WORDS[kind], term, 1)


@dataclass
class Outcome:
    asked: int
    remaining_required: list[tuple[str, str]]


class Sitting:
    """One sitting of the interview: ``with Sitting(ws) as sitting:`` holds the workspace
    lock; each ``save_*`` writes its answer at once; leaving the block records the sitting in
    the activity log (roles only, never the answers)."""

    def __init__(
        self,
        workspace: Workspace,
        *,
        theme_id: str | None = None,
        review: bool = False,
        command: str = "selfassess start",
    ) -> None:
        self.workspace = workspace
        self.theme_id = theme_id
        self.steps = plan(workspace.framework, theme_id)
        self.todo = self.steps if review else [s for s in self.steps if not is_done(workspace, s)]
        self.command = command
        self.asked = 0
        self.answered = 0
        self.drafts = Drafts(workspace.root)
        self.drafted: list[str] = []  # steps whose unfinished answer was kept this time
        self._rated: set[str] = set()  # themes whose self-rating was counted as saved
        self._lock: AbstractContextManager[None] | None = None
        self._register: Register | None = None

    def __enter__(self) -> Sitting:
        from selfassess.datafiles.lock import hold

        # an operation's hold: the documents added during the sitting join this lock
        self._lock = hold(self.workspace.root, self.command)
        self._lock.__enter__()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        assert self._lock is not None
        try:
            if self.answered:
                where = f" in theme {self.theme_id}" if self.theme_id else ""
                activity.record(
                    self.workspace.root,
                    activity.COUNCIL,
                    "interview",
                    f"{self.answered} answer(s) saved{where}",
                    answers=self.answered,
                )
        finally:
            self._lock.__exit__(kind, error, trace)

    # --- saving, one answer at a time --------------------------------------------------------
    def _counted(self, given: bool) -> bool:
        self.asked += 1
        self.answered += given
        return given

    def save_context(self, key: str, value: str | None) -> bool:
        self.workspace.set_context(key, value)
        self.drafts.drop(f"context.{key}")
        return self._counted(is_answered(value))

    def team_questions(self) -> list[dict[str, str]]:
        """The council's questions for the peer team saved so far ({question, theme})."""
        saved = self.workspace.context().get(TEAM_QUESTIONS)
        return [dict(q) for q in saved] if isinstance(saved, list) else []

    def save_team_question(self, question: str | None, theme_id: str | None = None) -> bool:
        """Add one of the council's questions for the team, tagged to a theme, at once.
        None (no more questions) records that they were asked, so a resumed interview
        moves on; questions already saved are kept."""
        questions = self.team_questions()
        given = bool(question and question.strip())
        if given:
            assert question is not None
            problem = team_question_problem(question)
            if problem:
                raise UsageError(
                    f"{self.workspace.root / CONTEXT_FILE}: not saved: {problem}",
                    hint="give the question on one line, in at most the characters allowed",
                )
            if theme_id not in self.workspace.framework.theme_ids:
                raise UsageError(
                    f"no theme '{theme_id}' in {self.workspace.framework.id}",
                    hint="tag the question to one of: "
                    + ", ".join(self.workspace.framework.theme_ids),
                )
            questions.append({"question": question.strip(), "theme": theme_id or ""})
        self.workspace.set_context(TEAM_QUESTIONS, questions)
        self.drafts.drop(f"context.{TEAM_QUESTIONS}")
        if given:
            self.answered += 1
        return given

    def save_answer(self, theme_id: str, question_id: str, value: Any) -> bool:
        self.workspace.set_answer(theme_id, question_id, value)
        self.drafts.drop(question_id)
        return self._counted(is_answered(value))

    def save_rating_now(self, theme_id: str, current: str | None) -> None:
        """The current self-rating, saved as soon as it is chosen. Until the target is
        chosen too, the rating is asked again when the interview resumes."""
        self.workspace.set_rating_current(theme_id, current)
        if current is not None and theme_id not in self._rated:
            self._rated.add(theme_id)  # counted as saved now, should the sitting stop here
            self.answered += 1

    def save_rating(self, theme_id: str, current: str | None, target: str | None) -> bool:
        self.workspace.set_rating(theme_id, current, target)
        given = current is not None or target is not None
        self.asked += 1
        if given and theme_id not in self._rated:
            self._rated.add(theme_id)
            self.answered += 1
        return given

    def save_list(self, theme_id: str, kind: str, lines: list[str]) -> bool:
        assert kind in THEME_LISTS
        self.workspace.set_list(theme_id, kind, lines)
        self.drafts.drop(f"{theme_id}.{kind}")
        return self._counted(any(line.strip() for line in lines))

    # --- unfinished answers ------------------------------------------------------------------
    def draft(self, step: Step) -> str | None:
        """The text this step's answer had reached when the interview was last stopped."""
        return self.drafts.get(draft_key(step))

    def keep_draft(self, step: Step, text: str) -> None:
        """Keep what was typed for ``step`` when the interview stopped: not as the answer,
        but to offer back next time."""
        self.drafts.keep(draft_key(step), text)
        self.drafted.append(step_name(self.workspace.framework, step))

    # --- the evidence that supports a theme --------------------------------------------------
    def register(self) -> Register:
        if self._register is None:
            from selfassess.evidence.evidence_log import Register

            self._register = Register(self.workspace.root, self.workspace.checks)
        return self._register

    def tick_evidence(self, theme_id: str, ticked: set[str]) -> None:
        """Link exactly the ``ticked`` items of the log to the theme."""
        register = self.register()
        for item in register.items():
            if (item.id in ticked) != (theme_id in item.themes):
                item.themes = [t for t in item.themes if t != theme_id]
                if item.id in ticked:
                    item.themes.append(theme_id)
                register.save(item)

    def add_evidence(self, theme_id: str, source: str) -> EvidenceItem:
        """Add a document or web page to the log for this theme (the lock is already held)."""
        from selfassess.evidence import evidence_log, model

        framework = self.workspace.framework
        template = model.EvidenceItem(id="E-000", title="", themes=[theme_id])
        item = evidence_log.add(
            self.register(), source, template, framework.theme_ids, framework.question_index()
        )
        activity.record(
            self.workspace.root, activity.COUNCIL, "evidence-add", f"added {item.id}", item=item.id
        )
        return item

    def mark_evidence_reviewed(self, theme_id: str) -> None:
        self.workspace.mark_evidence_reviewed(theme_id)
        self.asked += 1

    def outcome(self) -> Outcome:
        return Outcome(self.asked, self.workspace.missing_required())


def merge_answers(
    workspace: Workspace, path: Path, on_warning: Callable[[Problem], None] | None = None
) -> MergeReport:
    """Merge an answers file (YAML or JSON) into the workspace under its lock: every answer
    or none. Returns what the merge did (new, replaced, empty, cleared); each warning goes
    to ``on_warning``; a file with errors changes nothing and raises :class:`InvalidData`."""
    from selfassess.assessment import answers
    from selfassess.datafiles import datafile

    result = answers.check_answers_file(datafile.load(path), workspace.framework)
    for problem in result.warnings:
        if on_warning is not None:
            on_warning(problem)
    if result.errors:
        raise InvalidData(result.errors, summary=f"{path}: not merged, nothing was changed")
    from selfassess.datafiles.lock import hold

    with hold(workspace.root, "selfassess start --answers"):
        report = answers.compare(result, workspace.context(), workspace.theme_record)
        workspace.apply(result)
        activity.record(
            workspace.root,
            activity.COUNCIL,
            "answers-merge",
            f"merged {report.merged} answer(s) from {path.name}",
            answers=report.merged,
            replaced=report.replaced,
            cleared=len(report.cleared),
        )
    return report
