"""The application object: one `Mvidarr`, built by `create_app`, passed everywhere."""

from __future__ import annotations

import contextlib
import logging
from dataclasses import replace
from importlib import metadata
from pathlib import Path

from mvidarr import migrate as migrations
from mvidarr.config import Config, ensure_data_dir, secret_key
from mvidarr.db import bind, open_database
from mvidarr.http import make_session
from mvidarr.jobs import JobQueue, WorkerPool
from mvidarr.logs import setup_logging
from mvidarr.models import db
from mvidarr.plugin_states import PluginStates
from mvidarr.plugins import REQUIRED, HookCaller, PluginInfo, make_plugin_manager
from mvidarr.scheduler import Scheduler
from mvidarr.settings import Settings
from mvidarr.sources import Sources


class Mvidarr:
    """Owns the database, plugins, settings, job queue, scheduler, HTTP session and
    logger. Every hook receives it as `app`."""

    def __init__(self, config: Config):
        self.config = config
        self.version = metadata.version("mvidarr")
        self.log = logging.getLogger("mvidarr")
        self.database = open_database(config.database_url)
        self.settings = Settings()
        self.plugin_states = PluginStates(self)
        self.pm, self.plugin_infos = make_plugin_manager()
        self.required_plugins = REQUIRED
        self.hooks = HookCaller(self, self.pm)
        self.http = make_session(self.version)
        self.sources = Sources(self)  # paced, cached, counted calls to outside services
        self.jobs = JobQueue(self)
        self.scheduler = Scheduler(self)
        self.workers: WorkerPool | None = None

    def add_plugin(self, name: str, plugin: object) -> None:
        """Register a plugin object that no entry point announces (tests, embedding)."""
        self.pm.register(plugin, name=name)
        module = getattr(plugin, "__module__", None) or getattr(plugin, "__name__", "?")
        self.plugin_infos[name] = PluginInfo(name, False, "local", module)

    @property
    def data_dir(self) -> Path:
        return self.config.data_dir

    @property
    def secret_key(self) -> str:
        return secret_key(self.config)

    @contextlib.contextmanager
    def connection(self):
        """A database connection for one request or one job, closed afterwards."""
        opened = db.connect(reuse_if_open=True)
        try:
            yield
        finally:
            if opened and not db.is_closed():
                db.close()

    def library_root(self) -> Path:
        root = self.settings.get("library.root")
        return Path(root).expanduser() if root else self.data_dir / "library"

    def start_workers(self, threads: int | None = None) -> WorkerPool:
        count = threads or int(self.settings.get("workers.threads"))
        self.workers = WorkerPool(self, count)
        self.workers.start()
        return self.workers

    def stop(self) -> None:
        self.scheduler.stop()
        if self.workers:
            self.workers.stop()
        self.http.close()


def create_app(config: Config | None = None, *, migrate: bool = True,
               plugins: dict[str, object] | None = None) -> Mvidarr:
    """Build a ready MVidarr: data folder, logging, database (migrated), plugins'
    settings and tasks registered. `plugins` adds plugin objects by name (tests,
    embedding) after the built-in and installed ones."""
    config = config or Config.from_env()
    ensure_data_dir(config)
    app = Mvidarr(config)
    for name, plugin in (plugins or {}).items():
        app.add_plugin(name, plugin)
    setup_logging(config.data_dir, app.settings.secret_values, console=config.log_to_console)
    bind(app.database)
    with app.connection():
        if migrate:
            migrations.migrate(app.database)
        register_plugins(app)
    return app


def register_plugins(app: Mvidarr) -> None:
    """Fill the settings registry and task table from every plugin."""
    for plugin, specs in app.hooks.collect("register_settings"):
        for spec in specs:
            if plugin not in app.required_plugins:
                spec = replace(spec, plugin=plugin)
            app.settings.register(spec)
    for _plugin, tasks in app.hooks.collect("register_tasks"):
        for task in tasks:
            app.jobs.register(task)

