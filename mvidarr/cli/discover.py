"""`discover [--artist NAME]`: find new videos of monitored artists, with a progress bar."""

from __future__ import annotations

import click

from mvidarr.cli.base import cli, get_app
from mvidarr.errors import NotFoundError
from mvidarr.models import Artist


def _describe(summary: dict) -> str:
    failed = [f"{name} ({note['error']})" for name, note in summary["sources"].items()
              if not note["ok"]]
    line = (f"{summary['artist']}: {summary['found']} found, {summary['new']} new, "
            f"{summary['queued']} queued")
    return line + (f"; failed: {', '.join(failed)}" if failed else "")


@cli.command()
@click.option("--artist", "artist_name", help="Only this artist (monitored or not).")
@click.pass_context
def discover(ctx, artist_name):
    """Ask every enabled source for new videos of monitored artists (or of one artist)."""
    from mvidarr.services import discovery

    app = get_app(ctx)
    with app.connection():
        if artist_name:
            artist = Artist.by_name(artist_name)
            if artist is None:
                raise NotFoundError(f"no artist named {artist_name!r}")
            artists = [artist]
        else:
            artists = list(Artist.select().where(Artist.monitored == True)  # noqa: E712
                           .order_by(Artist.sort_name))
        if not artists:
            click.echo("no monitored artists to discover")
            return
        lines, new = [], 0
        with click.progressbar(artists, label="Discovering", show_pos=True,
                               item_show_func=lambda a: a.name if a else None) as bar:
            for artist in bar:
                summary = discovery.discover_artist(app, artist)
                new += summary["new"]
                lines.append(_describe(summary))
        for line in lines:
            click.echo(line)
        click.echo(f"{len(artists)} artist(s), {new} new video(s)")
