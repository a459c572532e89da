"""The `mvidarr` command. Each subcommand lives in a small module of this package."""

from __future__ import annotations

import logging
import sys

import click

from mvidarr.cli import (  # noqa: F401  (registers commands)
    accounts,
    demo,
    discover,
    plugins,
    running,
    settings,
)
from mvidarr.cli.base import cli
from mvidarr.errors import MvidarrError

log = logging.getLogger("mvidarr.cli")


def _log_to_file(exc: BaseException) -> None:
    """Write the traceback to the log file only (when one is set up): the console
    gets one line."""
    logger = logging.getLogger("mvidarr")
    record = logger.makeRecord("mvidarr.cli", logging.ERROR, __file__, 0, "unexpected error",
                               None, (type(exc), exc, exc.__traceback__))
    for handler in logger.handlers:
        if isinstance(handler, logging.FileHandler):
            handler.handle(record)


def main(argv: list[str] | None = None) -> None:
    """Run the CLI: errors as one clear line and a non-zero exit, never a traceback."""
    try:
        code = cli.main(args=argv, prog_name="mvidarr", standalone_mode=False)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(1)
    except MvidarrError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # a bug: keep the traceback in the log, not on the screen
        _log_to_file(exc)
        click.echo(f"Error: unexpected failure ({type(exc).__name__}: {exc}); "
                   "the details are in the log", err=True)
        sys.exit(2)
    sys.exit(code if isinstance(code, int) else 0)
