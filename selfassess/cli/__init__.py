"""The command line: a thin click layer over the library.

Commands parse options, call the library, and print. Library errors are turned into exit
codes in one place (:class:`SelfAssessGroup`): 1 for a finding, 2 for usage, 130 when the
user interrupts. Commands are loaded lazily (click's documented pattern): ``--help`` lists
them from :data:`COMMANDS` without importing any command module, and a command's module is
imported only when that command runs, so ``selfassess --help`` stays quick.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import sys
from typing import Any

import click

from selfassess import __version__
from selfassess.errors import FindingsFound, Interrupted, SelfAssessError

# Every command: where it lives, and the line the top-level --help shows for it (the first
# paragraph of its docstring; tests/test_cli.py checks the two agree).
COMMANDS: dict[str, tuple[str, str]] = {
    "check": (
        "selfassess.cli.documents:check",
        "Is the self-assessment honest and ready? Findings per theme, each saying what to do.",
    ),
    "demo": (
        "selfassess.cli.assessment:demo",
        "Make a finished workspace for an invented council, and show its status.",
    ),
    "evidence": (
        "selfassess.cli.evidence:evidence",
        "The evidence log: add documents, import the log you keep in Excel, list and check it.",
    ),
    "frameworks": (
        "selfassess.cli.frameworks:frameworks",
        "List, show and check the frameworks a self-assessment can follow.",
    ),
    "init": (
        "selfassess.cli.assessment:init",
        "Create a workspace: a folder for one council's self-assessment.",
    ),
    "log": (
        "selfassess.cli.requests:log",
        "The workspace's activity log: when, which role, what (never names, never a peer's "
        "reason).",
    ),
    "pack": (
        "selfassess.cli.pack:pack",
        "Build the evidence pack for the peer team, and verify one.",
    ),
    "query": (
        "selfassess.cli.pack:query",
        "Search the library: titles, summaries and the text of documents, ranked, with snippets.",
    ),
    "report": (
        "selfassess.cli.documents:report",
        "The position statement, ready for sign-off: context, then the council's narrative by "
        "theme.",
    ),
    "request": (
        "selfassess.cli.requests:request",
        "Additional information requests: the team asks, the council answers.",
    ),
    "scope": (
        "selfassess.cli.documents:scope",
        "The scoping document for the peer team and the pre-onsite meeting.",
    ),
    "sign-off": (
        "selfassess.cli.sign_off:sign_off",
        "Set the position statement's status: draft, for sign-off, or signed off.",
    ),
    "start": (
        "selfassess.cli.assessment:start",
        "The interview: council context, then theme by theme.",
    ),
    "status": (
        "selfassess.cli.status:status",
        "Progress theme by theme: questions answered, self-rating, strengths, areas for "
        "development.",
    ),
    "validate": (
        "selfassess.cli.validate:validate",
        "Check a workspace, or a framework, answers or workspace file (exit 1 if not valid).",
    ),
}


class SelfAssessGroup(click.Group):
    """A click group that loads its commands when they run and reports library errors as
    one clear message, never a traceback."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*COMMANDS, *self.commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.commands or cmd_name not in COMMANDS:
            return self.commands.get(cmd_name)
        import importlib

        module, attribute = COMMANDS[cmd_name][0].split(":")
        command = getattr(importlib.import_module(module), attribute)
        assert isinstance(command, click.Command)
        self.commands[cmd_name] = command  # this group's own cache: the next lookup is free
        return command

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name = args[0]
        if self.get_command(ctx, name) is None and not name.startswith("-"):
            # "did you mean": from every command, loaded or not
            raise click.exceptions.NoSuchCommand(
                name, possibilities=self.list_commands(ctx), ctx=ctx
            )
        return super().resolve_command(ctx, args)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        for arg in args:
            try:
                arg.encode("utf-8")
            except UnicodeEncodeError:  # bytes that are not UTF-8 (decoded as surrogates)
                shown = arg.encode("utf-8", "backslashreplace").decode("ascii", "replace")
                raise click.UsageError(
                    f"the argument {shown[:60]!r} holds bytes that are not UTF-8 text; "
                    "give it in UTF-8 (a file with such a name: rename it)",
                    ctx,
                ) from None
        return super().parse_args(ctx, args)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The commands and their one-line help, from :data:`COMMANDS`: no module imported."""
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(len(name) for name in names)
        # click shortens each line as it would the command's own help
        rows = [(n, click.Command(n, help=COMMANDS[n][1]).get_short_help_str(limit)) for n in names]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except Interrupted as exc:
            click.echo(f"\n{exc.message}", err=True)
            ctx.exit(exc.exit_code)
        except FindingsFound as exc:
            if exc.message:
                click.echo(exc.message, err=True)
            ctx.exit(exc.exit_code)
        except SelfAssessError as exc:
            click.echo(f"Error: {exc.message}", err=True)
            if exc.hint:
                click.echo(f"  hint: {exc.hint}", err=True)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("\nstopped.", err=True)
            ctx.exit(130)
        except OSError as exc:
            if exc.errno not in (errno.EPIPE, errno.ENOSPC, errno.EIO):
                raise
            if exc.errno == errno.EPIPE:  # the reader (head, less) has all it wanted
                ctx.exit(0)
            # the output could not be written (a closed pipe, a full disk): say so on stderr
            with contextlib.suppress(OSError):
                click.echo(f"Error: could not write the output: {exc.strerror}", err=True)
            ctx.exit(1)


@click.group(cls=SelfAssessGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="selfassess")
@click.option(
    "--frameworks-dir",
    multiple=True,
    metavar="DIR",
    type=click.Path(exists=True, file_okay=False),
    envvar="SELFASSESS_FRAMEWORKS_DIR",
    help="Also look for frameworks in DIR (repeatable; or $SELFASSESS_FRAMEWORKS_DIR).",
)
@click.pass_context
def cli(ctx: click.Context, frameworks_dir: tuple[str, ...]) -> None:
    """Prepare a council's self-assessment for a sector-led peer challenge.

    \b
    The council's single point of contact:
      selfassess init ./cpc-2026 --council "Brackenford Borough Council" \\
          --framework corporate-peer-challenge
      selfassess start -w ./cpc-2026            # the interview, theme by theme
      selfassess evidence import log.xlsx -w ./cpc-2026
      selfassess check -w ./cpc-2026            # honest and ready?
      selfassess report -w ./cpc-2026 --format docx
      selfassess pack build -w ./cpc-2026       # the pull-style evidence pack
      selfassess request import requests.yaml -w ./cpc-2026
    The peer team (needs only the pack):
      selfassess query "risk register" --pack ./pack
      selfassess request add E-006 --pack ./pack --reason "..."

    Try it first with 'selfassess demo', which makes a finished workspace for an invented
    council. Commands that work on a workspace take -w DIR, else $SELFASSESS_WORKSPACE,
    else the current folder.
    """
    from pathlib import Path

    from selfassess.settings import Settings

    # the run's settings travel down to every command in the context, never in a global
    ctx.obj = Settings(frameworks_dirs=tuple(Path(d) for d in frameworks_dir))


def _prepare_streams() -> None:
    """Text an output's encoding cannot hold (a Windows code page, ASCII) is shown with
    replacement characters rather than stopping the command after its change has landed;
    with no standard output at all (closed by the shell), nothing is done and that is said."""
    if sys.stdout is None:
        if sys.stderr is not None:
            sys.stderr.write("Error: standard output is closed; nothing was done\n")
        sys.exit(1)
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and stream.errors == "strict":
            stream.reconfigure(errors="replace")


def main() -> None:
    _prepare_streams()
    try:
        cli(prog_name="selfassess")
    finally:
        try:
            sys.stdout.flush()
        except OSError:  # the reader went away or the disk is full; nothing more to say
            with contextlib.suppress(OSError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
