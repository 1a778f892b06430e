"""One exception hierarchy for the whole library.

Every failure a user can cause is a :class:`SelfAssessError` carrying a message and a hint
saying what to do. The command-line layer turns :class:`UsageError` into exit code 2, any
other :class:`SelfAssessError` into exit code 1, and :class:`Interrupted` into 130.
"""

from __future__ import annotations

from dataclasses import dataclass, field


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


class Interrupted(SelfAssessError):
    """The user pressed Ctrl-C or Ctrl-D; everything given so far is saved (exit code 130)."""

    exit_code = 130


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file: where it is and what to do about it."""

    file: str
    message: str
    path: str = "$"
    line: int | None = None
    severity: str = "error"

    def location(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where} ({self.path})" if self.path != "$" else where

    def __str__(self) -> str:
        return f"{self.location()}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "path": self.path,
            "message": self.message,
            "severity": self.severity,
        }


@dataclass
class InvalidData(SelfAssessError):
    """One or more files failed validation; ``problems`` lists each one."""

    problems: list[Problem] = field(default_factory=list)
    summary: str = "validation failed"

    def __post_init__(self) -> None:
        lines = [self.summary, *(f"  {p}" for p in self.problems)]
        SelfAssessError.__init__(self, "\n".join(lines))


class FileProblem(SelfAssessError):
    """A file could not be read or parsed; ``problem`` says where."""

    def __init__(self, problem: Problem, hint: str | None = None) -> None:
        super().__init__(str(problem), hint)
        self.problem = problem
