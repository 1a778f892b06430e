"""Options shared by many commands, and the helpers that print their results."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from selfassess.assessment.workspace import Workspace
    from selfassess.settings import Settings

F = TypeVar("F", bound=Callable[..., Any])

workspace_option = click.option(
    "-w",
    "--workspace",
    "workspace_dir",
    metavar="DIR",
    help="The workspace folder (default: $SELFASSESS_WORKSPACE, else the current folder).",
)
json_option = click.option(
    "--json", "as_json", is_flag=True, help="Print JSON on stdout (messages go to stderr)."
)
no_input_option = click.option(
    "--no-input",
    is_flag=True,
    help="Never ask anything: use what the options give, or fail naming the option to pass.",
)


if TYPE_CHECKING:  # click's ParamType is generic for type checkers (8.2 and later)
    _TextParam = click.ParamType[str, Any]
else:
    _TextParam = click.ParamType


class DateType(_TextParam):
    """A date typed as YYYY-MM-DD, kept as that text."""

    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        import datetime as dt

        try:
            if len(str(value)) != 10:
                raise ValueError
            dt.date.fromisoformat(str(value))
        except ValueError:
            self.fail(f"{value!r} is not a date in the form YYYY-MM-DD", param, ctx)
        return str(value)


DATE = DateType()


class TextType(_TextParam):
    """Text as the schemas allow it: one line (a council's name, a cycle, a title: not blank,
    no line break, control character or bidi control), or free text (a summary: line breaks
    and tabs, no other control character)."""

    name = "text"

    def __init__(self, *, one_line: bool) -> None:
        self.one_line = one_line

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        from selfassess.datafiles.schemas import text_problem

        text = str(value)
        what = text_problem(text, one_line=self.one_line)
        kind = "one line of text" if self.one_line else "plain text"
        if what is not None:
            self.fail(f"{text!r} must be {kind}; it holds {what}", param, ctx)
        if self.one_line and not text.strip():
            self.fail(f"{text!r} is blank; give the words, or leave the option out", param, ctx)
        return text


ONE_LINE = TextType(one_line=True)
TEXT = TextType(one_line=False)


def can_ask(no_input: bool) -> bool:
    """Whether a question may be put to a person: a terminal on both ends, and not --no-input."""
    return not no_input and sys.stdin.isatty() and sys.stdout.isatty()


def print_json(data: Any) -> None:
    import json

    click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))


def warn(message: str) -> None:
    click.echo(f"Warning: {message}", err=True)


def settings() -> Settings:
    """The run's settings, built by the top-level group from its options."""
    from selfassess.settings import DEFAULT, Settings

    obj = click.get_current_context().find_root().obj
    return obj if isinstance(obj, Settings) else DEFAULT


def open_workspace(workspace_dir: str | Path | None) -> Workspace:
    """The workspace named by -w (else $SELFASSESS_WORKSPACE, else the current folder)."""
    from selfassess.assessment.workspace import Workspace, resolve

    return Workspace.open(resolve(workspace_dir), settings())
