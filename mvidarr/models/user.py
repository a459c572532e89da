"""Users, their roles and their API keys."""

from __future__ import annotations

import peewee as pw

from mvidarr.models.base import BaseModel, JSONField, fold, utcnow

ROLES = ("readonly", "user", "manager", "admin")  # each includes the ones before it


def role_at_least(role: str, needed: str) -> bool:
    return ROLES.index(role) >= ROLES.index(needed)


class User(BaseModel):
    username = pw.CharField(max_length=150)
    username_key = pw.CharField(max_length=150, unique=True)
    password_hash = pw.CharField(max_length=500)
    role = pw.CharField(max_length=20, default="user")
    totp_secret = pw.CharField(max_length=64, null=True)
    totp_enabled = pw.BooleanField(default=False)
    recovery_codes = JSONField(default=list)  # hashes; a used one is removed
    # Bumped at logout and password change: sessions carrying an older value are dead.
    session_version = pw.IntegerField(default=0)
    failed_logins = pw.IntegerField(default=0)
    locked_until = pw.DateTimeField(null=True)
    created_at = pw.DateTimeField(default=utcnow)
    last_login_at = pw.DateTimeField(null=True)

    def save(self, *args, **kwargs):
        self.username_key = fold(self.username)
        return super().save(*args, **kwargs)

    @classmethod
    def by_name(cls, username: str) -> User | None:
        return cls.get_or_none(cls.username_key == fold(username))


class ApiKey(BaseModel):
    user = pw.ForeignKeyField(User, backref="api_keys", on_delete="CASCADE")
    name = pw.CharField(max_length=100, default="")
    prefix = pw.CharField(max_length=16)
    key_hash = pw.CharField(max_length=128, unique=True)
    created_at = pw.DateTimeField(default=utcnow)
    last_used_at = pw.DateTimeField(null=True)
    revoked_at = pw.DateTimeField(null=True)
