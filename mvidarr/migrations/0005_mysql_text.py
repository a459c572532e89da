"""MariaDB/MySQL only: store and compare text as SQLite and PostgreSQL do.

- Exact comparison. A database made with the server's defaults compares text
  without regard to case or accents (utf8mb4_general_ci): two YouTube ids that
  differ only in case (two videos) collide on the unique key, and lookups by id, URL
  or setting key find the wrong row. Every table, and the database's default for
  tables made later, becomes utf8mb4_bin. Sorting and searching use the folded
  columns, so they do not change.
- Length. TEXT holds 64 KB there; a long description, biography or job result
  would be refused. Every TEXT column becomes LONGTEXT.
- Precision. DATETIME keeps whole seconds; timestamps become DATETIME(6).
  (`open_database` asks for both types in tables made later.)

Other databases: nothing to do (ENGINES says so to the schema test).
"""

import peewee as pw

ENGINES = ("mysql",)
NEW_TYPES = {"text": "LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin",
             "datetime": "DATETIME(6)"}


def up(database, migrator):
    if not isinstance(database, pw.MySQLDatabase):
        return
    database.execute_sql("ALTER DATABASE CHARACTER SET utf8mb4 COLLATE utf8mb4_bin")
    for table in database.get_tables():
        columns = database.execute_sql(
            "SELECT column_name, data_type, is_nullable FROM information_schema.columns "
            "WHERE table_schema = DATABASE() AND table_name = %s AND (data_type = 'text' "
            "OR (data_type = 'datetime' AND datetime_precision = 0))", (table,)).fetchall()
        changes = ["CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"] + [
            f"MODIFY `{name}` {NEW_TYPES[kind]} " + ("NULL" if nullable == "YES" else "NOT NULL")
            for name, kind, nullable in columns]
        database.execute_sql(f"ALTER TABLE `{table}` " + ", ".join(changes))
