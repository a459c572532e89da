"""Two-factor authentication: enrol, confirm, log in with a code, recovery codes, off."""

from __future__ import annotations

import base64
import time
from datetime import timedelta

import pyotp
import pytest

from mvidarr import accounts, twofactor
from mvidarr.models import LoginAttempt, User, utcnow

PASSWORD = "correct horse battery"


@pytest.fixture
def alice(db):
    return accounts.create_user("alice", PASSWORD, "user")


def login(client, **extra):
    return client.post("/api/auth/login",
                       json={"username": "alice", "password": PASSWORD, **extra})


def code_at(secret: str, offset_steps: int = 0) -> str:
    return pyotp.TOTP(secret).at(int(time.time()), counter_offset=offset_steps)


def enrol(client, token):
    answer = client.post("/api/auth/2fa/enrol", json={"password": PASSWORD},
                         headers={"X-CSRF-Token": token})
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()


def enrolled(client):
    """Log alice in and switch her 2FA on; answer (csrf token, secret, recovery codes)."""
    token = login(client).get_json()["csrf_token"]
    secret = enrol(client, token)["secret"]
    answer = client.post("/api/auth/2fa/confirm", json={"code": code_at(secret)},
                         headers={"X-CSRF-Token": token})
    assert answer.status_code == 200, answer.get_json()
    token = client.get("/api/auth/me").get_json()["csrf_token"]
    return token, secret, answer.get_json()["recovery_codes"]


def test_enrolment_answers_a_secret_its_uri_and_a_qr_code_png(client, alice):
    token = login(client).get_json()["csrf_token"]
    body = enrol(client, token)
    assert pyotp.parse_uri(body["provisioning_uri"]).secret == body["secret"]
    assert "issuer=MVidarr" in body["provisioning_uri"]
    png = base64.b64decode(body["qr_png"])
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 200
    assert client.get("/api/auth/me").get_json()["user"]["totp_enabled"] is False


def test_enrolment_needs_the_password(client, alice):
    token = login(client).get_json()["csrf_token"]
    answer = client.post("/api/auth/2fa/enrol", json={"password": "not it at all"},
                         headers={"X-CSRF-Token": token})
    assert answer.status_code == 401


def test_a_wrong_code_does_not_switch_2fa_on(client, alice):
    token = login(client).get_json()["csrf_token"]
    secret = enrol(client, token)["secret"]
    wrong = str((int(code_at(secret)) + 1) % 1_000_000).zfill(6)
    answer = client.post("/api/auth/2fa/confirm", json={"code": wrong},
                         headers={"X-CSRF-Token": token})
    assert answer.status_code == 401
    assert User.by_name("alice").totp_enabled is False


def test_login_asks_for_the_code_once_2fa_is_on(client, alice):
    _token, secret, _codes = enrolled(client)
    client.post("/api/auth/logout", headers={"X-CSRF-Token": _token})
    asked = login(client)
    assert asked.status_code == 401
    assert asked.get_json()["details"] == {"totp_required": True}
    assert client.get("/api/auth/me").status_code == 401
    wrong = str((int(code_at(secret, 1)) + 1) % 1_000_000).zfill(6)
    assert login(client, totp=wrong).status_code == 401
    assert login(client, totp=code_at(secret, 1)).status_code == 200
    assert client.get("/api/auth/me").get_json()["user"]["totp_enabled"] is True


def test_a_code_is_taken_only_once(client, alice):
    token, secret, _ = enrolled(client)
    client.post("/api/auth/logout", headers={"X-CSRF-Token": token})
    code = code_at(secret, 1)
    assert login(client, totp=code).status_code == 200
    assert login(client, totp=code).status_code == 401  # replayed


def test_codes_from_far_away_in_time_are_refused(db, alice):
    twofactor.begin(alice)
    assert not twofactor.check_totp(alice, code_at(alice.totp_secret, 5))
    assert twofactor.check_totp(alice, code_at(alice.totp_secret, 0))


def test_recovery_codes_work_once_each(client, alice):
    token, _secret, codes = enrolled(client)
    assert len(codes) == 10 and len(set(codes)) == 10
    stored = User.by_name("alice").recovery_codes
    assert all(code not in stored and code.replace("-", "") not in stored for code in codes)
    client.post("/api/auth/logout", headers={"X-CSRF-Token": token})
    assert login(client, totp=codes[3].upper()).status_code == 200
    assert login(client, totp=codes[3]).status_code == 401
    assert len(User.by_name("alice").recovery_codes) == 9


def test_new_recovery_codes_replace_the_old(client, alice):
    token, secret, old = enrolled(client)
    answer = client.post("/api/auth/2fa/recovery-codes", headers={"X-CSRF-Token": token},
                         json={"password": PASSWORD, "code": code_at(secret, 1)})
    assert answer.status_code == 200
    new = answer.get_json()["recovery_codes"]
    client.post("/api/auth/logout", headers={"X-CSRF-Token": token})
    assert login(client, totp=old[0]).status_code == 401
    assert login(client, totp=new[0]).status_code == 200


def test_disable_needs_password_and_code(client, alice):
    token, secret, codes = enrolled(client)

    def disable(password, code):
        return client.post("/api/auth/2fa/disable", json={"password": password, "code": code},
                           headers={"X-CSRF-Token": token})

    assert disable("wrong password!", code_at(secret, 1)).status_code == 401
    assert disable(PASSWORD, "000000" if code_at(secret) != "000000" else "111111"
                   ).status_code == 401
    assert User.by_name("alice").totp_enabled is True
    assert disable(PASSWORD, codes[0]).status_code == 204
    user = User.by_name("alice")
    assert user.totp_enabled is False and user.totp_secret is None
    assert client.get("/api/auth/me").status_code == 200  # this session lives on
    assert login(client).status_code == 200  # no code asked any more


def test_switching_2fa_on_ends_other_sessions(client, alice, flask_app):
    other = flask_app.test_client()
    assert login(other).status_code == 200
    enrolled(client)
    assert other.get("/api/auth/me").status_code == 401
    assert client.get("/api/auth/me").status_code == 200


def test_wrong_codes_are_limited(client, alice):
    token, secret, _ = enrolled(client)
    body = {"password": PASSWORD, "code": "abcdefgh"}
    for _ in range(3):
        answer = client.post("/api/auth/2fa/disable", json=body, headers={"X-CSRF-Token": token})
        assert answer.status_code == 401
    body["code"] = code_at(secret, 1)
    locked = client.post("/api/auth/2fa/disable", json=body, headers={"X-CSRF-Token": token})
    assert locked.status_code == 429 and "Retry-After" in locked.headers


def test_wrong_codes_at_login_count_as_failed_logins(client, alice):
    token, secret, _ = enrolled(client)
    client.post("/api/auth/logout", headers={"X-CSRF-Token": token})
    for _ in range(3):
        assert login(client, totp="999999x").status_code == 401
    assert login(client, totp=code_at(secret, 1)).status_code == 429
    LoginAttempt.update(blocked_until=utcnow() - timedelta(seconds=1)).execute()
    assert login(client, totp=code_at(secret, 1)).status_code == 200


def test_an_admin_can_switch_off_a_users_2fa(client, alice, as_role):
    enrolled(client)
    answer = client.put(f"/api/users/{alice.id}", json={"reset_2fa": True},
                        headers=as_role("admin"))
    assert answer.status_code == 200 and answer.get_json()["totp_enabled"] is False
    assert User.by_name("alice").totp_secret is None


def test_a_recovery_code_used_at_the_same_time_twice_works_once(db, alice):
    twofactor.begin(alice)
    alice.totp_enabled = True
    code = twofactor.new_recovery_codes(alice)[0]
    first, second = User.by_name("alice"), User.by_name("alice")  # two requests at once
    assert twofactor.use_recovery_code(first, code) is True
    assert twofactor.use_recovery_code(second, code) is False
