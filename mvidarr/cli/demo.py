"""`demo-data --artists N --videos M`: a synthetic library in an empty database."""

from __future__ import annotations

import time

import click

from mvidarr.cli.base import cli, get_app


@cli.command("demo-data")
@click.option("--artists", type=click.IntRange(1, 1_000_000), default=100, show_default=True,
              help="How many artists.")
@click.option("--videos", type=click.IntRange(0, 10_000_000), default=2000,
              show_default=True, help="How many videos, spread unevenly over the artists.")
@click.option("--seed", type=int, default=0, show_default=True,
              help="The same seed makes the same library (its dates count back from now).")
@click.pass_context
def demo_data(ctx, artists, videos, seed):
    """Fill an empty database with a synthetic library, for demos and benchmarks.

    Refuses a database that holds any artist, video or download. The videos are
    made up: nothing is downloaded, and no artist is set to auto-download.
    """
    from mvidarr.services import demo

    app = get_app(ctx)
    started = time.monotonic()
    with app.connection():
        if not demo.library_is_empty():  # before the bar: a refusal is one clear line
            raise click.ClickException(demo.REFUSAL)
        with click.progressbar(length=demo.plan_size(artists, videos),
                               label="Making demo data", show_pos=True) as bar:
            summary = demo.generate(artists, videos, seed=seed,
                                    library_root=app.library_root(), progress=bar.update)
    by_status = ", ".join(f"{count} {status}" for status, count in
                          summary["by_status"].items())
    history = ", ".join(f"{count} {status}" for status, count in
                        summary["downloads"].items())
    click.echo(f"{summary['artists']} artists and {summary['videos']} videos "
               f"({by_status}) in {time.monotonic() - started:.1f} s")
    click.echo(f"downloads: {history}")
