"""Behind the production server (waitress, as `mvidarr serve` runs it), not only the
Flask test client: what a reverse proxy sends must reach MVidarr's own checks."""

from __future__ import annotations

import threading

import pytest
import requests

from mvidarr import accounts
from mvidarr.cli.running import make_server
from mvidarr.errors import ConfigError
from mvidarr.web import create_app as create_web

PASSWORD = "correct horse battery"


@pytest.fixture
def served(app):
    with app.connection():
        accounts.create_user("alice", PASSWORD, "user")
    server = make_server(create_web(app), "127.0.0.1", 0, threads=2)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.effective_port}"
    server.close()
    thread.join(5)


def login(base, **headers):
    return requests.post(f"{base}/api/auth/login", headers=headers, timeout=10,
                         json={"username": "alice", "password": PASSWORD})


def test_a_trusted_proxys_https_reaches_the_app_through_waitress(served, app):
    with app.connection():
        app.settings.set("security.trusted_proxies", ["127.0.0.1"])
    answer = login(served, **{"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https"})
    assert answer.status_code == 200
    assert "Secure" in answer.headers["Set-Cookie"]


def test_an_untrusted_peers_forwarded_headers_are_ignored_through_waitress(served):
    answer = login(served, **{"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https"})
    assert answer.status_code == 200
    assert "Secure" not in answer.headers["Set-Cookie"]


def test_a_port_in_use_is_one_clear_error(served):
    port = int(served.rsplit(":", 1)[1])
    with pytest.raises(ConfigError, match=f"cannot listen on 127.0.0.1:{port}"):
        make_server(lambda environ, start: [], "127.0.0.1", port)
