"""A fresh database on a PostgreSQL or MariaDB server for each test.

Opt-in: with ``MVIDARR_TEST_DATABASE_URL`` set to a server URL (for example
``postgresql://mvidarr:secret@127.0.0.1/mvidarr`` or
``mysql://mvidarr:secret@127.0.0.1/mvidarr``), the test session creates a database
named after the URL's one plus a random suffix (through the URL's database), migrates
it once, and drops it at the end. Before each test the `config` fixture empties every
table but `schema_migration`, ending the connections earlier tests left open: each
test starts on an empty, migrated database, as it does with SQLite, without paying
for the migrations again (seconds per test on MariaDB). Tests of migrations
themselves take a `fresh_database`. The user needs the right to create and drop
databases of that name prefix. Without the variable every test keeps its own
SQLite file.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterator
from urllib.parse import urlsplit, urlunsplit

from mvidarr.db import open_database
from mvidarr.migrate import migrate

ENV = "MVIDARR_TEST_DATABASE_URL"


def server_url() -> str | None:
    return os.environ.get(ENV) or None


def engine(url: str) -> str:
    """'postgresql', 'mysql' or 'sqlite' for a database URL."""
    scheme = url.split(":", 1)[0].lower()
    return "postgresql" if scheme == "postgres" else scheme


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


@contextlib.contextmanager
def fresh_database(url: str) -> Iterator[str]:
    """Create an empty database beside the one `url` names; answer its URL; drop it."""
    kind = engine(url)
    if kind not in ("postgresql", "mysql"):
        raise ValueError(f"{ENV} must name a PostgreSQL or MariaDB/MySQL server, not {kind!r}")
    base = urlsplit(url).path.lstrip("/") or "mvidarr"
    name = f"{base}_t{secrets.token_hex(5)}"
    admin = open_database(url)
    with admin.connection_context():
        if kind == "postgresql":
            admin.execute_sql(f'CREATE DATABASE "{name}"')
        else:
            # The server's default collation, as a user's database has it: migrations
            # must meet it (0005 makes the tables compare text exactly).
            admin.execute_sql(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4")
    try:
        yield with_database(url, name)
    finally:
        with admin.connection_context():
            _drop(admin, kind, name)


def migrated(url: str) -> str:
    """Bring the database `url` names to the latest schema; answer `url`."""
    database = open_database(url)
    with database.connection_context():
        migrate(database)
    return url


def empty(url: str) -> None:
    """Delete every row of every table but `schema_migration`; ids start again at 1."""
    kind = engine(url)
    name = urlsplit(url).path.lstrip("/")
    database = open_database(url)
    with database.connection_context():
        _end_other_connections(database, kind, name)
        tables = [t for t in database.get_tables() if t != "schema_migration"]
        if not tables:
            return
        if kind == "postgresql":
            names = ", ".join(f'"{table}"' for table in tables)
            database.execute_sql(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
            return
        database.execute_sql("SET FOREIGN_KEY_CHECKS = 0")
        for table in tables:
            database.execute_sql(f"TRUNCATE TABLE `{table}`")
        database.execute_sql("SET FOREIGN_KEY_CHECKS = 1")


def _end_other_connections(admin, kind: str, name: str) -> None:
    """Earlier tests' threads and apps may still hold connections (and locks)."""
    if kind == "postgresql":
        # Only our own client connections: the server's (autovacuum) need a superuser.
        admin.execute_sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                          "WHERE datname = %s AND pid <> pg_backend_pid() "
                          "AND usename = current_user AND backend_type = 'client backend'",
                          (name,))
        return
    rows = admin.execute_sql(
        "SELECT id FROM information_schema.processlist WHERE db = %s AND id <> CONNECTION_ID()",
        (name,)).fetchall()
    for (connection_id,) in rows:
        with contextlib.suppress(Exception):  # it may have ended meanwhile
            admin.execute_sql(f"KILL CONNECTION {int(connection_id)}")


def _drop(admin, kind: str, name: str) -> None:
    """Drop `name`, ending connections the tests left open (threads, leaked apps)."""
    _end_other_connections(admin, kind, name)
    if kind == "postgresql":
        admin.execute_sql(f'DROP DATABASE IF EXISTS "{name}"')
        return
    admin.execute_sql(f"DROP DATABASE IF EXISTS `{name}`")
