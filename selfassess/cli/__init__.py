"""The command line: a thin click layer over the library.

Commands parse options, call the library, and print. Library errors are turned into exit
codes in one place (:class:`SelfAssessGroup`): 1 for a finding, 2 for usage, 130 when the
user interrupts. Heavy libraries are imported inside the commands that use them, so
``selfassess --help`` stays quick.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from typing import Any

import click

from selfassess import __version__
from selfassess.errors import FindingsFound, Interrupted, SelfAssessError


class SelfAssessGroup(click.Group):
    """A click group that reports library errors as one clear message, never a traceback."""

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


def _register() -> None:
    from selfassess.cli import assessment, documents, evidence, frameworks, pack, requests

    for command in (
        assessment.init,
        assessment.start,
        assessment.status,
        assessment.validate,
        documents.check,
        evidence.evidence,
        pack.pack,
        pack.query,
        requests.request,
        requests.log,
        documents.scope,
        documents.report,
        assessment.demo,
        frameworks.frameworks,
    ):
        cli.add_command(command)


_register()


def main() -> None:
    try:
        cli(prog_name="selfassess")
    finally:
        try:
            sys.stdout.flush()
        except OSError:  # the reader went away or the disk is full; nothing more to say
            with contextlib.suppress(OSError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
