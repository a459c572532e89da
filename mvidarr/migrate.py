"""Numbered schema migrations: `mvidarr/migrations/NNNN_name.py`, each with `up()`.

`up(database, migrator)` gets the peewee database and a
`playhouse.migrate.SchemaMigrator` for it. Migrations never import the live
models: they describe the schema as it was when they were written, so an old
database and a new one reach the same schema.
"""

from __future__ import annotations

import importlib
import logging
import pkgutil
import re

import peewee
from playhouse.migrate import SchemaMigrator

from mvidarr import migrations as migrations_package
from mvidarr.migrate_mysql import PortableMySQLMigrator
from mvidarr.models.base import utcnow

log = logging.getLogger("mvidarr.migrate")
_NAME = re.compile(r"^(\d{4})_\w+$")


class SchemaMigration(peewee.Model):
    version = peewee.IntegerField(primary_key=True)
    name = peewee.CharField(max_length=200)
    applied_at = peewee.DateTimeField(default=utcnow)

    class Meta:
        table_name = "schema_migration"


def available() -> list[tuple[int, str]]:
    found = []
    for module in pkgutil.iter_modules(migrations_package.__path__):
        match = _NAME.match(module.name)
        if match:
            found.append((int(match.group(1)), module.name))
    return sorted(found)


def applied(database: peewee.Database) -> set[int]:
    with SchemaMigration.bind_ctx(database):
        SchemaMigration.create_table(safe=True)
        return {row.version for row in SchemaMigration.select()}


def migrator_for(database: peewee.Database) -> SchemaMigrator:
    database = getattr(database, "obj", None) or database  # a DatabaseProxy
    if isinstance(database, peewee.MySQLDatabase):
        return PortableMySQLMigrator(database)
    return SchemaMigrator.from_database(database)


def migrate(database: peewee.Database, target: int | None = None) -> list[str]:
    """Apply every migration not yet applied (up to `target`); answer their names."""
    done = applied(database)
    ran = []
    migrator = migrator_for(database)
    for version, name in available():
        if version in done or (target is not None and version > target):
            continue
        module = importlib.import_module(f"{migrations_package.__name__}.{name}")
        try:
            with database.atomic(), SchemaMigration.bind_ctx(database):
                module.up(database, migrator)
                SchemaMigration.create(version=version, name=name)
        except Exception:
            if not migrator.transactional_ddl:  # MariaDB/MySQL: what ran is kept
                log.error("migration %s failed half-way; MariaDB/MySQL keep the schema "
                          "changes made before the error (index changes are redone "
                          "safely by running the migration again)", name)
            raise
        log.info("applied migration %s", name)
        ran.append(name)
    return ran


def pending(database: peewee.Database) -> list[str]:
    done = applied(database)
    return [name for version, name in available() if version not in done]
