"""What every answer carries, CORS, and which proxy headers are believed."""

from __future__ import annotations

import pytest

from mvidarr import accounts
from mvidarr.errors import ValidationError
from mvidarr.models import Setting, utcnow
from mvidarr.web.security import _networks, client_address

PASSWORD = "correct horse battery"


def test_every_answer_carries_the_security_headers(client):
    for answer in (client.get("/"), client.get("/api/health"), client.get("/api/nowhere"),
                   client.get("/api/auth/me")):
        headers = answer.headers
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "no-referrer"
        assert headers["X-Frame-Options"] == "DENY"
        csp = headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in csp
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert "unsafe-eval" not in csp and "object-src 'none'" in csp


def test_json_answers_are_not_cached(client, as_role):
    answer = client.post("/api/apikeys", json={}, headers=as_role("user"))
    assert answer.headers["Cache-Control"] == "no-store"


def test_cors_is_off_by_default(client, as_role):
    answer = client.get("/api/auth/me", headers={**as_role("user"),
                                                 "Origin": "https://evil.example"})
    assert answer.status_code == 200
    assert "Access-Control-Allow-Origin" not in answer.headers
    preflight = client.options("/api/apikeys", headers={
        "Origin": "https://evil.example", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "X-Api-Key"})
    assert "Access-Control-Allow-Origin" not in preflight.headers
    assert "Access-Control-Allow-Headers" not in preflight.headers


def test_cors_opens_to_listed_origins_only(client, app, as_role):
    with app.connection():
        with pytest.raises(ValidationError):  # "*" is refused when set...
            app.settings.set("security.cors_origins", ["https://dash.example", "*"])
        # ...and, stored before values were checked, still not honoured.
        Setting.create(key="security.cors_origins", value=["https://dash.example", "*"],
                       updated_at=utcnow())
        app.settings.invalidate()
    allowed = client.get("/api/auth/me", headers={**as_role("user"),
                                                  "Origin": "https://dash.example"})
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://dash.example"
    assert "Origin" in allowed.headers["Vary"]
    assert "Access-Control-Allow-Credentials" not in allowed.headers  # keys, never cookies
    preflight = client.options("/api/apikeys", headers={
        "Origin": "https://dash.example", "Access-Control-Request-Method": "POST"})
    assert preflight.status_code == 204
    assert "X-Api-Key" in preflight.headers["Access-Control-Allow-Headers"]
    other = client.get("/api/auth/me", headers={**as_role("user"),
                                                "Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in other.headers  # "*" is not honoured


def login(client, address="10.0.0.5", **headers):
    return client.post("/api/auth/login", json={"username": "alice", "password": PASSWORD},
                       environ_base={"REMOTE_ADDR": address}, headers=headers)


@pytest.fixture
def alice(db):
    return accounts.create_user("alice", PASSWORD, "user")


def test_forwarded_headers_from_an_untrusted_peer_are_ignored(client, alice, caplog):
    caplog.set_level("INFO", logger="mvidarr")
    answer = login(client, address="198.51.100.9", **{
        "X-Forwarded-For": "127.0.0.1", "X-Forwarded-Proto": "https"})
    assert answer.status_code == 200
    assert "Secure" not in answer.headers["Set-Cookie"]
    assert "from 198.51.100.9" in caplog.text and "from 127.0.0.1" not in caplog.text


def test_spoofed_addresses_do_not_dodge_the_lock(client, alice):
    for n in range(3):
        answer = client.post("/api/auth/login", json={"username": "alice", "password": "x" * 10},
                             environ_base={"REMOTE_ADDR": "198.51.100.9"},
                             headers={"X-Forwarded-For": f"192.0.2.{n}"})
        assert answer.status_code == 401
    for n in range(10):
        answer = client.post("/api/auth/login", json={"username": f"u{n}", "password": "x" * 10},
                             environ_base={"REMOTE_ADDR": "198.51.100.9"},
                             headers={"X-Forwarded-For": f"203.0.113.{n}"})
    assert answer.status_code == 429  # all counted against the real peer


def test_a_trusted_proxy_tells_the_client_and_https(client, app, alice, caplog):
    with app.connection():
        app.settings.set("security.trusted_proxies", ["10.0.0.0/24"])
    caplog.set_level("INFO", logger="mvidarr")
    answer = login(client, address="10.0.0.5", **{
        "X-Forwarded-For": "127.0.0.1, 203.0.113.50", "X-Forwarded-Proto": "https"})
    assert answer.status_code == 200
    cookie = answer.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie
    # The client is the right-most address the proxy vouches for, not what the client wrote.
    assert "from 203.0.113.50" in caplog.text and "127.0.0.1" not in caplog.text


def test_a_trusted_proxy_over_plain_http_gets_no_secure_cookie(client, app, alice):
    with app.connection():
        app.settings.set("security.trusted_proxies", ["10.0.0.5"])
    answer = login(client, **{"X-Forwarded-For": "203.0.113.50", "X-Forwarded-Proto": "http"})
    assert "Secure" not in answer.headers["Set-Cookie"]


@pytest.mark.parametrize(("remote", "forwarded", "client"), [
    ("10.0.0.5", "203.0.113.1", "203.0.113.1"),
    ("10.0.0.5", "203.0.113.1, 10.0.0.7", "203.0.113.1"),  # two trusted hops
    ("10.0.0.5", "1.1.1.1, 203.0.113.1, 10.0.0.7", "203.0.113.1"),  # spoofed left part
    ("10.0.0.5", "garbage, 10.0.0.7", "10.0.0.7"),
    ("10.0.0.5", "not-an-ip", "10.0.0.5"),
    ("198.51.100.1", "203.0.113.1", "198.51.100.1"),  # untrusted peer
    ("10.0.0.5", "", "10.0.0.5"),
])
def test_client_address_walks_past_trusted_proxies(remote, forwarded, client):
    networks = _networks(("10.0.0.0/24", "not a network", "::1"))
    assert client_address(remote, forwarded, networks) == client


def test_answers_never_show_tracebacks_sql_or_paths(app):
    import peewee

    from mvidarr.web import create_app as create_web

    flask_app = create_web(app, {"TESTING": True})

    @flask_app.route("/boom")
    def boom():
        # What a database error may say: a statement and the file it failed on.
        raise peewee.OperationalError("SELECT password_hash FROM user",  # noqa: S608
                                      f"{app.data_dir}/mvidarr.db")

    answer = flask_app.test_client().get("/boom")
    assert answer.status_code == 500
    text = answer.get_data(as_text=True)
    assert answer.get_json() == {"error": "internal error; the details are in the server log"}
    for leak in ("Traceback", "SELECT", "mvidarr.db", str(app.data_dir), "OperationalError"):
        assert leak not in text
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
