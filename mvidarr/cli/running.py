"""`serve`, `worker` and `migrate`."""

from __future__ import annotations

import signal
import threading

import click

from mvidarr.cli.base import cli, get_app
from mvidarr.errors import ConfigError


def _stop_on_sigterm() -> threading.Event:
    stop = threading.Event()

    def handler(signum, frame):
        stop.set()
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, handler)
    return stop


def make_server(wsgi_app, host: str, port: int, threads: int = 8):
    """A waitress server bound to host:port (not yet serving)."""
    import waitress

    try:
        # Forwarded headers reach the app untouched: web.security believes them only
        # from the addresses in security.trusted_proxies (waitress would drop them all).
        return waitress.create_server(wsgi_app, host=host, port=port, threads=threads,
                                      ident="MVidarr", clear_untrusted_proxy_headers=False)
    except OSError as exc:
        raise ConfigError(f"cannot listen on {host}:{port}: {exc.strerror or exc} "
                          "(choose another address with --host/--port or MVIDARR_HOST/"
                          "MVIDARR_PORT)") from None


@cli.command()
@click.option("--host", help="Address to listen on (default: MVIDARR_HOST or 127.0.0.1).")
@click.option("--port", type=int, help="Port to listen on (default: MVIDARR_PORT or 5000).")
@click.option("--threads", type=int, default=8, show_default=True, help="Web server threads.")
@click.option("--no-workers", is_flag=True, help="Serve the web app and scheduler only.")
@click.pass_context
def serve(ctx, host, port, threads, no_workers):
    """Serve the web app, the scheduler and the workers in one process."""
    from mvidarr.web import create_app as create_web

    app = get_app(ctx, console_log=True, host=host, port=port)
    server = make_server(create_web(app), app.config.host, app.config.port, threads)
    if not no_workers:
        app.start_workers()
    app.scheduler.start()
    _stop_on_sigterm()
    url = f"http://{app.config.host}:{app.config.port}"
    app.log.info("MVidarr %s serving on %s (data in %s)", app.version, url, app.data_dir)
    try:
        server.run()
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
    from mvidarr.config import Config, ensure_data_dir
    from mvidarr.db import bind, open_database

    config = Config.from_env()
    ensure_data_dir(config)
    database = open_database(config.database_url)
    bind(database)
    with database.connection_context():
        ran = migrations.migrate(database)
    if ran:
        for name in ran:
            click.echo(f"applied {name}")
    else:
        click.echo("the database is up to date")
