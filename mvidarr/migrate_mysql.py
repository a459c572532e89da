"""Schema changes on MariaDB/MySQL, where keys are short and DDL is not transactional.

`migrate.migrate` uses `PortableMySQLMigrator` for a MySQLDatabase; migrations call
it as they call any peewee `SchemaMigrator`.
"""

from __future__ import annotations

import re

import peewee
from playhouse.migrate import MySQLMigrator, make_index_name, operation

# InnoDB keys hold at most 3072 bytes; utf8mb4 takes up to 4 bytes a character.
MYSQL_KEY_BYTES = 3072
MYSQL_TYPE_BYTES = {"tinyint": 1, "smallint": 2, "int": 4, "bigint": 8, "double": 8,
                    "float": 4, "datetime": 8, "date": 3}
_VARCHAR = re.compile(r"^varchar\((\d+)\)", re.I)


class PortableMySQLMigrator(MySQLMigrator):
    """MySQLMigrator with two differences.

    - An index whose columns exceed the key size indexes the first characters of its
      long VARCHAR columns (the server only does that by itself for single-column
      non-unique keys; for others it refuses: error 1071). A unique index never gets
      a prefix: that would change what it forbids.
    - DDL commits at once, so a migration that fails half-way cannot roll back: adding
      an index that exists and dropping one that is gone are no-ops, so running the
      migration again finishes it.
    """

    def _index_names(self, table: str) -> set[str]:
        return {index.name for index in self.database.get_indexes(table)}

    @operation
    def add_index(self, table, columns, unique=False, using=None, where=None,
                  nulls_distinct=None, name=None):
        name = name or make_index_name(table, columns)
        if name in self._index_names(table):
            return []
        types = dict(self.database.execute_sql(
            "SELECT column_name, LOWER(column_type) FROM information_schema.columns "
            "WHERE table_schema = DATABASE() AND table_name = %s", (table,)).fetchall())
        parts = _key_parts(table, columns, types, unique)
        if parts is None:
            return super().add_index(table, columns, unique, using, where, nulls_distinct, name)
        kind = "UNIQUE INDEX" if unique else "INDEX"
        return self.make_context().literal(
            f"CREATE {kind} `{name}` ON `{table}` ({', '.join(parts)})")

    @operation
    def drop_index(self, table, index_name):
        if index_name not in self._index_names(table):
            return []
        return super().drop_index(table, index_name)


def _key_parts(table: str, columns: list[str], types: dict[str, str],
               unique: bool) -> list[str] | None:
    """Column parts with prefix lengths when the key is too long, else None."""
    fixed, long = 0, {}
    for column in columns:
        kind = types.get(column, "")
        varchar = _VARCHAR.match(kind)
        if varchar:
            long[column] = int(varchar.group(1))
        else:
            fixed += MYSQL_TYPE_BYTES.get(kind.split("(")[0], 8)
    if fixed + 4 * sum(long.values()) <= MYSQL_KEY_BYTES:
        return None
    if unique:
        raise peewee.ProgrammingError(
            f"unique index on {table}({', '.join(columns)}) exceeds MariaDB's "
            f"{MYSQL_KEY_BYTES}-byte key: shorten the columns")
    budget, kept = MYSQL_KEY_BYTES - fixed, {}
    for left, (column, length) in enumerate(sorted(long.items(), key=lambda item: item[1])):
        kept[column] = min(length, budget // (4 * (len(long) - left)))  # short ones whole
        budget -= 4 * kept[column]
    return [f"`{c}`({kept[c]})" if kept.get(c, 0) < long.get(c, 0) else f"`{c}`"
            for c in columns]
