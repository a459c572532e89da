"""Open the database a URL names and bind the models to it."""

from __future__ import annotations

from pathlib import Path

import peewee
from playhouse import db_url

from mvidarr.config import make_private
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
            make_private(Path(path))  # SQLite gives its -wal and -shm files the same mode
        # BEGIN IMMEDIATE: a transaction that reads and then writes takes the write
        # lock up front and waits for it (busy_timeout); a deferred one that must
        # upgrade under WAL fails at once with "database is locked".
        return peewee.SqliteDatabase(path, pragmas=SQLITE_PRAGMAS, timeout=10,
                                     lock_type="IMMEDIATE")
    if scheme == "postgres":
        url = "postgresql" + url[len("postgres"):]
    options = {}
    if scheme == "mysql":
        # DATETIME alone keeps whole seconds (MySQL even rounds up): leases, ordering
        # by time and "newer than" tests need the microseconds SQLite and PostgreSQL keep.
        # TEXT there holds only 64 KB (descriptions, job results): LONGTEXT, as 0005 does.
        options["field_types"] = {"DATETIME": "DATETIME(6)", "TEXT": "LONGTEXT"}
        options["charset"] = "utf8mb4"
        # Columns compare exactly there (0005: utf8mb4_bin), so a case-insensitive
        # match (`contains`, ILIKE elsewhere) names a case-insensitive collation.
        options["operations"] = {"ILIKE": "COLLATE utf8mb4_unicode_ci LIKE"}
    try:
        database = db_url.connect(url, **options)
    except (ImportError, RuntimeError) as exc:
        raise ConfigError(
            f"MVIDARR_DATABASE_URL: {exc} (install mvidarr[postgres] or [mysql])") from None
    if "passwd" in database.connect_params:  # playhouse's old name, deprecated by PyMySQL
        database.connect_params["password"] = database.connect_params.pop("passwd")
    return database


def bind(database: peewee.Database) -> None:
    """Point every model at `database`."""
    db.initialize(database)
