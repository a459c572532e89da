"""Only http(s) URLs to public hosts are fetched, redirects included."""

from __future__ import annotations

import pytest

from mvidarr.errors import UserError
from mvidarr.services import urlcheck


@pytest.mark.parametrize("url, reason", [
    ("ftp://example.com/a.mp4", "only http and https"),
    ("file:///etc/passwd", "only http and https"),
    ("http://127.0.0.1/a.mp4", "loopback"),
    ("http://[::1]/a.mp4", "loopback"),
    ("http://10.1.2.3/a.mp4", "private"),
    ("http://192.168.1.20/a.mp4", "private"),
    ("http://169.254.169.254/latest/meta-data", "link-local"),
    ("http://240.0.0.1/a.mp4", "reserved"),
    ("http://[::ffff:127.0.0.1]/a.mp4", "loopback"),
    ("http://a:b@[bad/x", "not a valid URL"),
    ("http://example.com:99999/a.mp4", "not a valid URL"),
])
def test_refused_urls_say_why(db, url, reason):
    with pytest.raises(UserError, match=reason):
        urlcheck.check_url(db, url)


def test_a_name_resolving_to_a_private_address_is_refused(db, monkeypatch):
    monkeypatch.setattr(urlcheck, "addresses", lambda host: ["93.184.216.34", "10.0.0.5"])
    with pytest.raises(UserError, match=r"media\.example \(10\.0\.0\.5\) is a private"):
        urlcheck.check_url(db, "https://media.example/video.mp4")


def test_public_hosts_pass_and_the_setting_allows_private_ones(db, monkeypatch):
    monkeypatch.setattr(urlcheck, "addresses", lambda host: ["93.184.216.34"])
    assert urlcheck.check_url(db, "https://media.example/v.mp4") == "https://media.example/v.mp4"
    db.settings.set("security.allow_private_urls", True)
    assert urlcheck.check_url(db, "http://127.0.0.1:9/v.mp4") == "http://127.0.0.1:9/v.mp4"
    with pytest.raises(UserError, match="only http and https"):
        urlcheck.check_url(db, "gopher://127.0.0.1/")


def test_a_redirect_to_a_private_address_is_refused(db, monkeypatch, server, clip):
    # "localhost" is made to look public; the server there redirects to 127.0.0.1.
    monkeypatch.setattr(urlcheck, "addresses", lambda host: ["93.184.216.34"])
    target = server.add("/real.mp4", clip)
    server.redirects["/jump"] = target
    start = f"http://localhost:{server.port}/jump"
    with pytest.raises(UserError, match="127.0.0.1 is a loopback address"):
        urlcheck.follow_redirects(db, start)
    assert server.requests == [("HEAD", "/jump")]  # the private target was never asked


def test_a_redirect_chain_is_followed_to_its_end(db, server, clip):
    db.settings.set("security.allow_private_urls", True)
    target = server.add("/real.mp4", clip)
    server.redirects["/a"] = "/b"
    server.redirects["/b"] = target
    assert urlcheck.follow_redirects(db, server.url("/a")) == target


def test_an_unreachable_url_is_said_in_words(db):
    import socket

    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    db.settings.set("security.allow_private_urls", True)
    with pytest.raises(UserError) as caught:
        urlcheck.follow_redirects(db, f"http://127.0.0.1:{port}/a.mp4")
    assert f"connection refused by 127.0.0.1:{port}" in str(caught.value)
    assert "HTTPConnectionPool" not in str(caught.value)


def test_a_malformed_url_through_the_api_is_a_clear_400(client, as_role):
    answer = client.post("/api/videos", json={"url": "http://a:b@[bad/x"},
                         headers=as_role("manager"))
    assert answer.status_code == 400
    assert "not a valid URL" in answer.get_json()["error"]
