"""What the login guard remembers: failed attempts and TOTP codes already used."""

from __future__ import annotations

import peewee as pw

from mvidarr.models.base import BaseModel, utcnow
from mvidarr.models.user import User


class LoginAttempt(BaseModel):
    """Failed attempts of one kind (`scope`) by one `subject`: an account's folded
    name, a client address, a user id. `blocked_until` is when the next try is
    accepted again (a short delay, or a lock after many failures)."""

    scope = pw.CharField(max_length=30)
    subject = pw.CharField(max_length=300)
    failures = pw.IntegerField(default=0)
    last_failure_at = pw.DateTimeField(null=True)
    blocked_until = pw.DateTimeField(null=True)

    class Meta:
        indexes = ((("scope", "subject"), True),)


class TotpUse(BaseModel):
    """A TOTP time step a user has logged in with: the same code is not taken twice."""

    user = pw.ForeignKeyField(User, on_delete="CASCADE")
    step = pw.BigIntegerField()
    used_at = pw.DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("user", "step"), True),)
