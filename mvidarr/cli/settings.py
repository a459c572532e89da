"""`settings get|set|reset|list`. Secrets are never printed."""

from __future__ import annotations

import json

import click

from mvidarr.cli.base import cli, get_app


def _show(value) -> str:
    return value if isinstance(value, str) else json.dumps(value)


@cli.group()
def settings():
    """Read and change settings."""


@settings.command("get")
@click.argument("key")
@click.pass_context
def settings_get(ctx, key):
    """Print the value of KEY (secrets are shown as ********)."""
    app = get_app(ctx)
    with app.connection():
        click.echo(_show(app.settings.shown(key)))


@settings.command("set")
@click.argument("key")
@click.argument("value")
@click.pass_context
def settings_set(ctx, key, value):
    """Set KEY to VALUE (lists: comma-separated; booleans: true/false)."""
    app = get_app(ctx)
    with app.connection():
        app.settings.set(key, value)
        click.echo(f"{key} = {_show(app.settings.shown(key))}")


@settings.command("reset")
@click.argument("key")
@click.pass_context
def settings_reset(ctx, key):
    """Forget the value of KEY: it reads as its default again."""
    app = get_app(ctx)
    with app.connection():
        app.settings.reset(key)
        click.echo(f"{key} = {_show(app.settings.shown(key))} (default)")


@settings.command("list")
@click.pass_context
def settings_list(ctx):
    """Print every setting and its value (secrets redacted)."""
    app = get_app(ctx)
    with app.connection():
        for key in sorted(app.settings.specs):
            click.echo(f"{key} = {_show(app.settings.shown(key))}")
