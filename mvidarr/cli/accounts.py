"""`user create` and `apikey create`."""

from __future__ import annotations

import sys

import click

from mvidarr import accounts as service
from mvidarr.cli.base import cli, get_app
from mvidarr.models import ROLES


@cli.group()
def user():
    """Manage users."""


@user.command("create")
@click.argument("name")
@click.option("--role", type=click.Choice(ROLES), default="user", show_default=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@click.pass_context
def user_create(ctx, name, role, password_stdin):
    """Create a user (the password is asked for, or read with --password-stdin)."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    app = get_app(ctx)
    with app.connection():
        created = service.create_user(name, password, role)
    click.echo(f"created {created.role} {created.username}")


@cli.group()
def apikey():
    """Manage API keys."""


@apikey.command("create")
@click.option("--user", "username", required=True, help="The user the key acts as.")
@click.option("--name", default="", help="A label to tell keys apart.")
@click.pass_context
def apikey_create(ctx, username, name):
    """Create an API key and print it (it is shown only this once)."""
    app = get_app(ctx)
    with app.connection():
        _row, key = service.create_api_key(username, name)
    click.echo(key)
