"""Failed login attempts (per account, per client address) and used TOTP steps.

Frozen: these classes describe the tables as they were at this migration.
"""

import peewee as pw

from mvidarr.models.base import utcnow


def _tables():
    class Base(pw.Model):
        class Meta:
            legacy_table_names = False

    class User(Base):  # only what the foreign key needs
        class Meta:
            table_name = "user"

    class LoginAttempt(Base):
        scope = pw.CharField(max_length=30)
        subject = pw.CharField(max_length=300)
        failures = pw.IntegerField(default=0)
        last_failure_at = pw.DateTimeField(null=True)
        blocked_until = pw.DateTimeField(null=True)

        class Meta:
            indexes = ((("scope", "subject"), True),)

    class TotpUse(Base):
        user = pw.ForeignKeyField(User, on_delete="CASCADE")
        step = pw.BigIntegerField()
        used_at = pw.DateTimeField(default=utcnow)

        class Meta:
            indexes = ((("user", "step"), True),)

    return [LoginAttempt, TotpUse]


def up(database, migrator):
    tables = _tables()
    with database.bind_ctx(tables):
        database.create_tables(tables)
