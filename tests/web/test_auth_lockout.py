"""Failed logins: growing delays, a temporary lock, per account and per address."""

from __future__ import annotations

from datetime import timedelta

import pytest

from mvidarr import accounts, lockout
from mvidarr.errors import TooManyRequestsError
from mvidarr.models import LoginAttempt, utcnow

PASSWORD = "correct horse battery"


@pytest.fixture
def alice(db):
    return accounts.create_user("alice", PASSWORD, "user")


def login(client, username="alice", password=PASSWORD, address="203.0.113.7"):
    return client.post("/api/auth/login", json={"username": username, "password": password},
                       environ_base={"REMOTE_ADDR": address})


def unblock(scope=None):
    """Let time pass: every wait ends now (the failures stay counted)."""
    query = LoginAttempt.update(blocked_until=utcnow() - timedelta(seconds=1))
    if scope:
        query = query.where(LoginAttempt.scope == scope)
    query.execute()


def test_delays_grow_then_lock():
    limit = lockout.LOGIN_ACCOUNT
    waits = [limit.wait(n) for n in range(1, 13)]
    assert waits[:2] == [0, 0]
    assert waits[2:9] == [1, 2, 4, 8, 16, 32, 64]
    assert waits[9] == limit.lock_seconds
    assert waits[10] == 2 * limit.lock_seconds
    assert limit.wait(1000) == limit.max_seconds


def test_the_right_password_is_refused_while_locked(client, alice):
    for _ in range(3):
        assert login(client, password="wrong wrong wrong").status_code == 401
    # The third failure makes the account wait a second: even the right password waits.
    waiting = login(client)
    assert waiting.status_code == 429
    assert waiting.headers["Retry-After"] == "1"
    for _ in range(7):
        unblock()
        assert login(client, password="wrong wrong wrong").status_code == 401
    locked = login(client)
    assert locked.status_code == 429
    assert int(locked.headers["Retry-After"]) > 800
    assert "try again" in locked.get_json()["error"]


def test_the_lock_is_per_account_from_any_address(client, alice, db):
    accounts.create_user("bob", PASSWORD, "user")
    for n in range(3):
        login(client, password="wrong wrong wrong", address=f"198.51.100.{n}")
    assert login(client, address="192.0.2.99").status_code == 429
    assert login(client, username="bob", address="192.0.2.99").status_code == 200


def test_unknown_names_are_locked_the_same_way(client, db):
    answers = [login(client, username="ghost").status_code for _ in range(4)]
    assert answers == [401, 401, 401, 429]


def test_one_address_guessing_many_accounts_is_limited(client, alice):
    for n in range(10):
        assert login(client, username=f"user{n}", password="x" * 10).status_code == 401
    assert login(client).status_code == 429  # the right password, from that address
    assert login(client, address="192.0.2.1").status_code == 200  # elsewhere: fine


def test_a_good_login_forgets_the_account_but_not_the_address(client, alice, db):
    for _ in range(2):
        login(client, password="wrong wrong wrong")
    assert login(client).status_code == 200
    assert lockout.failures((lockout.LOGIN_ACCOUNT, "alice")) == 0
    assert lockout.failures((lockout.LOGIN_ADDRESS, "203.0.113.7")) == 2


def test_failures_are_forgotten_after_a_quiet_hour(db):
    key = (lockout.LOGIN_ACCOUNT, "carol")
    long_ago = utcnow() - timedelta(hours=3)
    for _ in range(5):
        lockout.fail(key, now=long_ago)
    assert lockout.failures(key) == 5
    lockout.fail(key)
    assert lockout.failures(key) == 1
    lockout.check(key)  # one fresh failure: no wait


def test_check_answers_the_longest_wait(db):
    account, address = (lockout.LOGIN_ACCOUNT, "dave"), (lockout.LOGIN_ADDRESS, "192.0.2.5")
    for _ in range(5):
        lockout.fail(account, address)
    with pytest.raises(TooManyRequestsError) as caught:
        lockout.check(address, account)
    assert 3 < caught.value.retry_after <= 4
