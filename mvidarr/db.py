"""Open the database a URL names and bind the models to it."""

from __future__ import annotations

from pathlib import Path

import peewee
from playhouse import db_url

from mvidarr.errors import ConfigError
from mvidarr.models import db

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": 10000,  # ms: workers and the web share one file
    "synchronous": "normal",
    "cache_size": -32000,  # 32 MB
}
SCHEMES = ("sqlite", "postgresql", "postgres", "mysql")


def default_url(data_dir: Path) -> str:
    return f"sqlite:///{(Path(data_dir) / 'mvidarr.db').resolve()}"


def open_database(url: str) -> peewee.Database:
    """A peewee database for `url`, not yet connected."""
    scheme = url.split(":", 1)[0].lower()
    if scheme not in SCHEMES:
        raise ConfigError(
            f"MVIDARR_DATABASE_URL: unsupported scheme {scheme!r} "
            "(use sqlite:///path, postgresql://... or mysql://...)"
        )
    if scheme == "sqlite":
        path = url.split("sqlite:///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        return peewee.SqliteDatabase(path, pragmas=SQLITE_PRAGMAS, timeout=10)
    if scheme == "postgres":
        url = "postgresql" + url[len("postgres"):]
    try:
        return db_url.connect(url)
    except (ImportError, RuntimeError) as exc:
        raise ConfigError(
            f"MVIDARR_DATABASE_URL: {exc} (install mvidarr[postgres] or [mysql])") from None


def bind(database: peewee.Database) -> None:
    """Point every model at `database`."""
    db.initialize(database)
