"""Numbered migrations: an empty database and one at the previous schema reach the
same schema, and that schema is exactly what the models declare."""

from __future__ import annotations

import peewee

from mvidarr import migrate
from mvidarr.db import open_database
from mvidarr.models import ALL_MODELS


def schema(database: peewee.SqliteDatabase) -> dict:
    tables = {}
    for table in sorted(database.get_tables()):
        if table == "schema_migration":
            continue
        columns = sorted((c.name, c.data_type.upper(), c.null, c.primary_key)
                         for c in database.get_columns(table))
        indexes = sorted((tuple(i.columns), i.unique) for i in database.get_indexes(table))
        foreign_keys = sorted((f.column, f.dest_table, f.dest_column)
                              for f in database.get_foreign_keys(table))
        tables[table] = {"columns": columns, "indexes": indexes, "foreign_keys": foreign_keys}
    return tables


def test_migrations_are_numbered_without_gaps():
    versions = [version for version, _ in migrate.available()]
    assert versions == list(range(1, len(versions) + 1))
    assert len(versions) >= 2


def test_empty_and_previous_schema_reach_the_same_schema(tmp_path):
    latest = migrate.available()[-1][0]
    fresh = open_database(f"sqlite:///{tmp_path / 'fresh.db'}")
    assert migrate.migrate(fresh)  # everything applied at once
    old = open_database(f"sqlite:///{tmp_path / 'old.db'}")
    migrate.migrate(old, target=latest - 1)
    assert schema(old) != schema(fresh), "the last migration changes nothing"
    assert migrate.pending(old) == [migrate.available()[-1][1]]
    migrate.migrate(old)
    assert schema(old) == schema(fresh)
    assert migrate.migrate(old) == []  # a second run is a no-op


def test_migrated_schema_is_what_the_models_declare(tmp_path):
    migrated = open_database(f"sqlite:///{tmp_path / 'migrated.db'}")
    migrate.migrate(migrated)
    declared = open_database(f"sqlite:///{tmp_path / 'declared.db'}")
    with declared.bind_ctx(ALL_MODELS):
        declared.create_tables(ALL_MODELS)
    assert schema(migrated) == schema(declared)


def test_migrate_command_reports_what_it_did(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from mvidarr.cli.base import cli

    monkeypatch.setenv("MVIDARR_DATA_DIR", str(tmp_path / "data"))
    runner = CliRunner()
    first = runner.invoke(cli, ["migrate"])
    assert first.exit_code == 0, first.output
    assert "applied 0001_initial" in first.output
    second = runner.invoke(cli, ["migrate"])
    assert "up to date" in second.output
