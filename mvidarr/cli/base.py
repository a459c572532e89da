"""The command group and the one way commands get the app."""

from __future__ import annotations

import click

from mvidarr.config import Config


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="mvidarr", prog_name="mvidarr")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """MVidarr: follow artists, find their music videos, download and file them.

    Configured by the environment: MVIDARR_DATA_DIR (default ./data),
    MVIDARR_DATABASE_URL, MVIDARR_SECRET_KEY, MVIDARR_HOST, MVIDARR_PORT.
    """
    ctx.ensure_object(dict)


def get_app(ctx: click.Context, *, console_log: bool = False, **overrides):
    """Build the app once per invocation; migrations run as part of it."""
    from mvidarr.app import create_app

    root = ctx.find_root()
    root.ensure_object(dict)
    if "app" not in root.obj:
        config = Config.from_env(**overrides)
        config.log_to_console = console_log
        app = create_app(config)
        root.obj["app"] = app
        root.call_on_close(app.stop)
    return root.obj["app"]
