"""Failed-attempt limits for logins, the setup token and 2FA codes.

Each failure is counted per subject (an account, a client address, a user).
After `free` failures every further try must wait a delay that doubles with
each failure; after `lock_after` failures the subject is locked for
`lock_seconds` (doubling on every failure after that, up to a day). While a
subject waits, every try is refused with `TooManyRequestsError` before any
password is looked at, so the right password is refused too. A quiet period of
`forget_seconds` without failures starts the count afresh.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import peewee

from mvidarr.errors import TooManyRequestsError
from mvidarr.models import LoginAttempt, db, utcnow


@dataclass(frozen=True)
class Limit:
    scope: str
    free: int  # failures that cost nothing
    lock_after: int  # failures that lock the subject
    lock_seconds: int = 15 * 60
    forget_seconds: int = 60 * 60
    max_seconds: int = 24 * 60 * 60

    def wait(self, failures: int) -> int:
        """Seconds the subject waits after its `failures`-th failure."""
        if failures < self.free:
            return 0
        if failures < self.lock_after:
            return min(2 ** (failures - self.free), self.lock_seconds)
        return min(self.lock_seconds * 2 ** min(failures - self.lock_after, 16), self.max_seconds)


# An account is the target of guessing; an address may hold several people (NAT),
# so it gets more room before it waits.
LOGIN_ACCOUNT = Limit("login-account", free=3, lock_after=10)
LOGIN_ADDRESS = Limit("login-address", free=10, lock_after=30)
SETUP_ADDRESS = Limit("setup-address", free=3, lock_after=10)
# A signed-in user proving themselves again: 2FA codes, their current password.
REAUTH_USER = Limit("reauth-user", free=3, lock_after=10)

Key = tuple[Limit, str]


def _subject(subject: str) -> str:
    return (subject or "unknown")[:300]


def _row(key: Key) -> LoginAttempt | None:
    limit, subject = key
    return LoginAttempt.get_or_none(LoginAttempt.scope == limit.scope,
                                    LoginAttempt.subject == _subject(subject))


def check(*keys: Key, now: datetime | None = None) -> None:
    """Refuse (429 with Retry-After) while any of `keys` must wait."""
    now = now or utcnow()
    waits = [(row.blocked_until - now).total_seconds() for row in map(_row, keys)
             if row is not None and row.blocked_until is not None and row.blocked_until > now]
    if waits:
        retry_after = max(waits)
        raise TooManyRequestsError(
            f"too many failed attempts: try again in {int(retry_after + 0.999)} seconds",
            retry_after=retry_after)


def fail(*keys: Key, now: datetime | None = None) -> None:
    """Count one failure against each of `keys`."""
    now = now or utcnow()
    for key in keys:
        _fail(key, now)


def _fail(key: Key, now: datetime) -> None:
    limit, subject = key
    subject = _subject(subject)
    with db.atomic():
        row = _row(key)
        if row is None:
            try:
                with db.atomic():
                    row = LoginAttempt.create(scope=limit.scope, subject=subject)
            except peewee.IntegrityError:  # another request counted first
                row = _row(key)
        quiet = (row.last_failure_at is not None
                 and (now - row.last_failure_at).total_seconds() > limit.forget_seconds
                 and (row.blocked_until is None or row.blocked_until <= now))
        failures = LoginAttempt.failures + 1 if not quiet else 1
        LoginAttempt.update(failures=failures, last_failure_at=now).where(
            LoginAttempt.id == row.id).execute()
        count = LoginAttempt.get_by_id(row.id).failures
        wait = limit.wait(count)
        blocked = now + timedelta(seconds=wait) if wait else None
        LoginAttempt.update(blocked_until=blocked).where(LoginAttempt.id == row.id).execute()


def clear(*keys: Key) -> None:
    """Forget the failures of `keys` (after a success)."""
    for limit, subject in keys:
        LoginAttempt.delete().where(LoginAttempt.scope == limit.scope,
                                    LoginAttempt.subject == _subject(subject)).execute()


def failures(key: Key) -> int:
    row = _row(key)
    return row.failures if row else 0
