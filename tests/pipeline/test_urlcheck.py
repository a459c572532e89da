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
