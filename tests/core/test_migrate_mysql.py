"""Migrations on MariaDB/MySQL: long keys get prefixes, half-applied index changes finish.

The key arithmetic runs everywhere; the re-run needs a MariaDB server
(``MVIDARR_TEST_DATABASE_URL=mysql://...``) and says so when it is not given.
"""

from __future__ import annotations

import peewee
import pytest

from mvidarr import migrate
from mvidarr.db import open_database
from mvidarr.migrate_mysql import _key_parts
from mvidarr.testing import serverdb

TYPES = {"id": "int(11)", "status": "varchar(20)", "title_sort": "varchar(1000)",
         "match_key": "varchar(1000)", "added_at": "datetime(6)"}


def test_keys_that_fit_are_left_to_the_server():
    assert _key_parts("video", ["status", "added_at"], TYPES, False) is None
    assert _key_parts("video", ["status"], TYPES, True) is None


def test_long_keys_keep_short_columns_whole_and_share_the_rest():
    # 3072 bytes: status takes 80, title_sort the remaining 2992 (748 characters).
    assert _key_parts("video", ["status", "title_sort"], TYPES, False) == [
        "`status`", "`title_sort`(748)"]
    assert _key_parts("video", ["id", "title_sort"], TYPES, False) == [
        "`id`", "`title_sort`(767)"]
    assert _key_parts("video", ["title_sort", "match_key"], TYPES, False) == [
        "`title_sort`(384)", "`match_key`(384)"]


def test_a_unique_key_is_never_cut_short():
    with pytest.raises(peewee.ProgrammingError, match="shorten the columns"):
        _key_parts("video", ["title_sort"], TYPES, True)


ON_MARIADB = serverdb.engine(serverdb.server_url() or "sqlite:") == "mysql"


@pytest.mark.skipif(not ON_MARIADB, reason="needs MVIDARR_TEST_DATABASE_URL=mysql://...")
def test_a_half_applied_index_migration_finishes_when_run_again():
    last = migrate.available()[-1][0]
    index_migration = next(v for v, name in migrate.available() if name.endswith("_indexes")
                           and v > 2)
    with serverdb.fresh_database(serverdb.server_url()) as url:
        database = open_database(url)
        with database.connection_context():
            migrate.migrate(database, target=index_migration - 1)
            migrator = migrate.migrator_for(database)
            # What a failure half-way leaves: one index made, none dropped, no record.
            migrator.add_index("video", ["status", "title_sort"]).run()
            assert migrate.migrate(database)[0].startswith(f"{index_migration:04d}_")
            assert migrate.pending(database) == []
            assert max(migrate.applied(database)) == last
            names = {index.name for index in database.get_indexes("video")}
            assert "video_status_title_sort" in names and "video_status" not in names
