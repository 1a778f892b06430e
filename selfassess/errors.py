"""One exception hierarchy for the whole library.

Every failure a user can cause is a :class:`SelfAssessError` carrying a message and a hint
saying what to do. The command-line layer turns :class:`UsageError` into exit code 2, any
other :class:`SelfAssessError` into exit code 1 (a :class:`FindingsFound` with no message
says nothing more: its report is printed), and :class:`Interrupted` into 130.
"""

from __future__ import annotations

from collections.abc import Iterable


class SelfAssessError(Exception):
    """A failure the user can act on: a message, and a hint saying what to do."""

    exit_code = 1

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message}\n  hint: {self.hint}"


class UsageError(SelfAssessError):
    """The command was called the wrong way (exit code 2)."""

    exit_code = 2


class NotFound(SelfAssessError):
    """A named thing (workspace, framework, theme, file) does not exist."""


class WorkspaceLocked(SelfAssessError):
    """Another process is writing to the workspace."""


class FindingsFound(SelfAssessError):
    """A check found something (exit code 1). The command has usually printed its report
    already, so the message may be empty: then nothing more is said."""

    def __init__(self, message: str = "", hint: str | None = None) -> None:
        super().__init__(message, hint)


class Interrupted(SelfAssessError):
    """The user pressed Ctrl-C or Ctrl-D; everything given so far is saved (exit code 130)."""

    exit_code = 130


class Problem:
    """One thing wrong with a file: where it is and what to do about it.

    (A plain class, not a dataclass: the command line imports this module at start-up.)
    """

    __slots__ = ("file", "line", "message", "path", "severity")

    def __init__(
        self,
        file: str,
        message: str,
        path: str = "$",
        line: int | None = None,
        severity: str = "error",
    ) -> None:
        self.file, self.message, self.path, self.line, self.severity = (
            file,
            message,
            path,
            line,
            severity,
        )

    def location(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where} ({self.path})" if self.path != "$" else where

    def __str__(self) -> str:
        return f"{self.location()}: {self.message}"

    def __repr__(self) -> str:
        return f"Problem({self})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Problem) and self.as_dict() == other.as_dict()

    def __hash__(self) -> int:
        return hash(tuple(self.as_dict().values()))

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "path": self.path,
            "message": self.message,
            "severity": self.severity,
        }


class InvalidData(SelfAssessError):
    """One or more files failed validation; ``problems`` lists each one."""

    def __init__(self, problems: list[Problem], summary: str = "validation failed") -> None:
        self.problems = list(problems)
        self.summary = summary
        super().__init__("\n".join([summary, *(f"  {p}" for p in self.problems)]))


class FileProblem(SelfAssessError):
    """A file could not be read or parsed; ``problem`` says where."""

    def __init__(self, problem: Problem, hint: str | None = None) -> None:
        super().__init__(str(problem), hint)
        self.problem = problem


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` when a close match exists, else an empty string."""
    import difflib
    import re

    options = list(candidates)
    # the start of an id first ('early-help' for 'early-help-and-front-door'), then likeness
    close = [c for c in options if len(word) >= 3 and c.startswith(word)][:1]
    close = close or difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if not close and len(word) >= 4:
        # a word of a long id: 'finance' for 'financial-planning-and-management'
        close = [
            c
            for c in options
            if any(
                difflib.SequenceMatcher(None, word, part).ratio() >= 0.75
                for part in re.split(r"[-.]", c)
            )
        ][:1]
    return f" (did you mean '{close[0]}'?)" if close else ""


def json_path(parts: Iterable[str | int]) -> str:
    """``["answers", "q1", 0]`` → ``$.answers.q1[0]``: where a :class:`Problem` is."""
    out = "$"
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part.replace("-", "").replace("_", "").isalnum():
            out += f".{part}"
        else:
            import json

            out += f"[{json.dumps(part)}]"
    return out
