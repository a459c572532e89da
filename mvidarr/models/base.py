"""The late-bound database and what every model shares."""

from __future__ import annotations

import json
import unicodedata
from datetime import UTC, datetime

import peewee

# Bound to a real database by `mvidarr.db.connect`; nothing touches it at import.
db = peewee.DatabaseProxy()


def utcnow() -> datetime:
    """Naive UTC now: what every timestamp column stores."""
    return datetime.now(UTC).replace(tzinfo=None)


def fold(text: str | None) -> str:
    """Case- and accent-folded text, for unique names and sorting."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().split())


class JSONField(peewee.TextField):
    """A JSON value in a text column: portable across SQLite, PostgreSQL, MariaDB."""

    def db_value(self, value):
        return None if value is None else json.dumps(value, separators=(",", ":"))

    def python_value(self, value):
        return None if value is None else json.loads(value)


class BaseModel(peewee.Model):
    class Meta:
        database = db
        legacy_table_names = False

    @classmethod
    def get_or_none_by_id(cls, pk):
        return cls.get_or_none(cls._meta.primary_key == pk)
