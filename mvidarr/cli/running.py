"""`serve`, `worker` and `migrate`."""

from __future__ import annotations

import signal
import threading

import click

from mvidarr.cli.base import cli, get_app


def _stop_on_sigterm() -> threading.Event:
    stop = threading.Event()

    def handler(signum, frame):
        stop.set()
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, handler)
    return stop


@cli.command()
@click.option("--host", help="Address to listen on (default: MVIDARR_HOST or 127.0.0.1).")
@click.option("--port", type=int, help="Port to listen on (default: MVIDARR_PORT or 5000).")
@click.option("--threads", type=int, default=8, show_default=True, help="Web server threads.")
@click.option("--no-workers", is_flag=True, help="Serve the web app and scheduler only.")
@click.pass_context
def serve(ctx, host, port, threads, no_workers):
    """Serve the web app, the scheduler and the workers in one process."""
    import waitress

    from mvidarr.web import create_app as create_web

    app = get_app(ctx, console_log=True, host=host, port=port)
    web = create_web(app)
    if not no_workers:
        app.start_workers()
    app.scheduler.start()
    _stop_on_sigterm()
    url = f"http://{app.config.host}:{app.config.port}"
    app.log.info("MVidarr %s serving on %s (data in %s)", app.version, url, app.data_dir)
    try:
        waitress.serve(web, host=app.config.host, port=app.config.port, threads=threads,
                       ident="MVidarr", _quiet=True)
    except KeyboardInterrupt:
        pass
    finally:
        app.log.info("stopping")
        app.stop()


@cli.command()
@click.option("--threads", type=int, help="Worker threads (default: the workers.threads setting).")
@click.pass_context
def worker(ctx, threads):
    """Run job workers only (for extra worker processes)."""
    app = get_app(ctx, console_log=True)
    app.start_workers(threads)
    stop = _stop_on_sigterm()
    app.log.info("worker %s running %d thread(s)", app.jobs.process, app.workers.threads)
    try:
        while not stop.wait(1):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        app.stop()


@cli.command()
@click.pass_context
def migrate(ctx):
    """Bring the database schema up to date (also done at every start)."""
    from mvidarr import migrate as migrations
    from mvidarr.config import Config
    from mvidarr.db import bind, open_database

    config = Config.from_env()
    config.data_dir.mkdir(parents=True, exist_ok=True)
    database = open_database(config.database_url)
    bind(database)
    with database.connection_context():
        ran = migrations.migrate(database)
    if ran:
        for name in ran:
            click.echo(f"applied {name}")
    else:
        click.echo("the database is up to date")
