"""`plugins list|enable|disable`."""

from __future__ import annotations

import click

from mvidarr.cli.base import cli, get_app


@cli.group()
def plugins():
    """List, enable and disable plugins."""


@plugins.command("list")
@click.pass_context
def plugins_list(ctx):
    """Show every plugin, built-in and installed, with its state."""
    app = get_app(ctx)
    with app.connection():
        rows = app.plugin_states.describe()
    click.echo(f"{'NAME':<14} {'KIND':<9} {'VERSION':<10} {'ENABLED':<8} HEALTH")
    for row in rows:
        kind = "builtin" if row["builtin"] else "installed"
        enabled = "yes" if row["enabled"] else "no"
        health = row["health"] + (f" ({row['last_error']})" if row["last_error"] else "")
        click.echo(f"{row['name']:<14} {kind:<9} {row['version']:<10} {enabled:<8} {health}")


def _set(ctx, name: str, enabled: bool) -> None:
    app = get_app(ctx)
    with app.connection():
        app.plugin_states.set_enabled(name, enabled)
    click.echo(f"{name} {'enabled' if enabled else 'disabled'}")


@plugins.command("enable")
@click.argument("name")
@click.pass_context
def plugins_enable(ctx, name):
    """Enable plugin NAME."""
    _set(ctx, name, True)


@plugins.command("disable")
@click.argument("name")
@click.pass_context
def plugins_disable(ctx, name):
    """Disable plugin NAME: none of its hooks run until it is enabled again."""
    _set(ctx, name, False)
