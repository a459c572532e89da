"""Logging in and out with the session cookie, CSRF, and who-am-I."""

from __future__ import annotations

import hashlib

import pytest

from mvidarr import accounts
from mvidarr.models import User
from mvidarr.web.auth import is_security_setting, safe_next

PASSWORD = "correct horse battery"


@pytest.fixture
def alice(db):
    return accounts.create_user("alice", PASSWORD, "manager")


def login(client, username="alice", password=PASSWORD, **extra):
    return client.post("/api/auth/login",
                       json={"username": username, "password": password, **extra})


def session_cookie(answer) -> str:
    cookies = [v for v in answer.headers.getlist("Set-Cookie") if v.startswith("mvidarr_session")]
    assert cookies, "no session cookie was set"
    return cookies[-1]


def test_login_sets_a_signed_httponly_samesite_cookie_and_answers_a_csrf_token(client, alice):
    answer = login(client)
    assert answer.status_code == 200
    body = answer.get_json()
    assert body["user"]["username"] == "alice" and body["user"]["role"] == "manager"
    assert len(body["csrf_token"]) >= 32
    cookie = session_cookie(answer)
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # plain HTTP from a client: a Secure cookie would be lost
    me = client.get("/api/auth/me").get_json()
    assert me == {"user": body["user"], "auth_method": "session",
                  "csrf_token": body["csrf_token"]}


def test_wrong_password_and_unknown_user_answer_the_same(client, alice):
    wrong = login(client, password="not the password at all")
    unknown = login(client, username="bob")
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.get_json() == unknown.get_json() == {"error": "wrong username or password"}
    assert client.get("/api/auth/me").status_code == 401


def test_a_wrong_username_costs_one_scrypt_like_a_wrong_password(db, alice, monkeypatch):
    calls = []
    real = hashlib.scrypt

    def counting(*args, **kwargs):
        calls.append(kwargs.get("n"))
        return real(*args, **kwargs)

    monkeypatch.setattr(hashlib, "scrypt", counting)
    assert accounts.authenticate("alice", "not the password at all") is None
    wrong_password = list(calls)
    calls.clear()
    assert accounts.authenticate("nobody-of-that-name", "not the password at all") is None
    assert calls == wrong_password == [2**14]
    calls.clear()
    assert accounts.authenticate("alice", "x" * 5000) is None  # too long: same cost
    assert calls == [2**14]


def test_login_rotates_the_session(client, alice, db):
    accounts.create_user("bob", PASSWORD, "user")
    first = login(client).get_json()["csrf_token"]
    second = login(client, username="bob").get_json()
    assert second["csrf_token"] != first
    assert client.get("/api/auth/me").get_json()["user"]["username"] == "bob"


def test_state_changing_session_requests_need_the_csrf_token(client, alice):
    token = login(client).get_json()["csrf_token"]
    body = {"name": "script"}
    assert client.post("/api/apikeys", json=body).status_code == 403
    assert client.post("/api/apikeys", json=body,
                       headers={"X-CSRF-Token": "forged" + token}).status_code == 403
    answer = client.post("/api/apikeys", json=body, headers={"X-CSRF-Token": token})
    assert answer.status_code == 201
    assert client.get("/api/apikeys").status_code == 200  # reads need no token


def test_api_key_requests_need_no_csrf_token(client, as_role):
    answer = client.post("/api/apikeys", json={"name": "x"}, headers=as_role("readonly"))
    assert answer.status_code == 201


def test_logout_ends_the_session_on_the_server(client, alice, flask_app):
    token = login(client).get_json()["csrf_token"]
    stolen = flask_app.test_client()
    stolen.set_cookie("mvidarr_session", client.get_cookie("mvidarr_session").value)
    assert stolen.get("/api/auth/me").status_code == 200
    assert client.post("/api/auth/logout", headers={"X-CSRF-Token": token}).status_code == 204
    assert client.get("/api/auth/me").status_code == 401
    # A copy of the old cookie is dead too: the server bumped the session version.
    assert stolen.get("/api/auth/me").status_code == 401


def test_logout_needs_the_csrf_token(client, alice):
    login(client)
    assert client.post("/api/auth/logout").status_code == 403
    assert client.get("/api/auth/me").status_code == 200


def test_a_cookie_signed_with_another_secret_key_is_refused(client, alice, tmp_path):
    from mvidarr.app import create_app
    from mvidarr.config import Config
    from mvidarr.web import create_app as create_web

    login(client)
    cookie = client.get_cookie("mvidarr_session").value
    other = create_app(Config.from_env(env={"MVIDARR_DATA_DIR": str(tmp_path / "other")},
                                       log_to_console=False))
    try:
        with other.connection():
            accounts.create_user("alice", PASSWORD, "admin")
        foreign = create_web(other, {"TESTING": True}).test_client()
        foreign.set_cookie("mvidarr_session", cookie)
        assert foreign.get("/api/auth/me").status_code == 401
    finally:
        other.stop()


def test_the_secret_key_is_generated_once_into_the_data_folder(app, flask_app):
    key_file = app.data_dir / "secret_key"
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert flask_app.config["SECRET_KEY"] == key_file.read_text().strip()
    assert len(flask_app.config["SECRET_KEY"]) >= 64


def test_password_change_ends_other_sessions_and_keeps_this_one(client, alice, flask_app):
    token = login(client).get_json()["csrf_token"]
    other = flask_app.test_client()
    login(other)
    wrong = client.post("/api/auth/password", headers={"X-CSRF-Token": token},
                        json={"current_password": "nope nope nope", "new_password": "x" * 12})
    assert wrong.status_code == 401
    answer = client.post("/api/auth/password", headers={"X-CSRF-Token": token},
                         json={"current_password": PASSWORD, "new_password": "a new password!"})
    assert answer.status_code == 204
    assert client.get("/api/auth/me").status_code == 200
    assert other.get("/api/auth/me").status_code == 401
    assert login(client, password=PASSWORD).status_code == 401
    assert login(client, password="a new password!").status_code == 200


def test_next_is_answered_only_when_it_is_a_path_of_this_app(client, alice):
    assert login(client, next="/artists?page=2").get_json()["next"] == "/artists?page=2"
    assert login(client, next="//evil.example/x").get_json()["next"] == "/"


@pytest.mark.parametrize("target", [
    "//evil.example", "https://evil.example/", "/\\evil.example", "\\\\evil.example",
    "javascript:alert(1)", "evil.example", "/ok\r\nLocation: //evil", "", None, 12,
    "///evil.example", "/\tevil",
])
def test_safe_next_refuses_anything_but_a_local_path(target):
    assert safe_next(target) == "/"


def test_safe_next_keeps_local_paths():
    assert safe_next("/videos/3?tab=files#top") == "/videos/3?tab=files#top"


def test_login_answers_json_errors_for_bad_bodies(client, alice):
    assert client.post("/api/auth/login", data="username=alice").status_code == 400
    assert client.post("/api/auth/login", json=["alice"]).status_code == 422
    assert client.post("/api/auth/login", json={"username": "alice"}).status_code == 422
    answer = client.post("/api/auth/login", json={"username": 1, "password": PASSWORD})
    assert answer.status_code == 422 and "error" in answer.get_json()


def test_me_needs_authentication(client):
    assert client.get("/api/auth/me").status_code == 401


def test_api_key_caller_has_no_csrf_token(client, as_role):
    me = client.get("/api/auth/me", headers=as_role("user")).get_json()
    assert me["auth_method"] == "apikey" and me["csrf_token"] is None
    assert me["user"]["role"] == "user"


def test_no_user_has_a_default_password(client, db):
    for name in ("admin", "mvidarr", "root"):
        for password in ("admin", "mvidarr", "password", "changeme12"):
            assert login(client, username=name, password=password).status_code in (401, 429)
    assert User.select().count() == 0


def test_security_settings_are_told_apart():
    assert is_security_setting("security.trusted_proxies")
    assert is_security_setting("plex.webhook_token")
    assert is_security_setting("lidarr.webhook_token")
    assert not is_security_setting("downloads.max_concurrent")
    assert not is_security_setting("imvdb.api_key_hint")


def test_text_that_is_not_unicode_is_refused_not_a_500(client):
    answer = client.post("/api/auth/login", data='{"username": "a\\ud800b", "password": "x"}',
                         content_type="application/json")
    assert answer.status_code in (400, 422)
    assert "Unicode" in answer.get_json()["error"]
