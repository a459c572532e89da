"""The HTTP session every outgoing call goes through: timeouts and a User-Agent."""

from __future__ import annotations

from urllib.parse import urlsplit

import requests

DEFAULT_TIMEOUT = (5.0, 30.0)  # connect, read


class Session(requests.Session):
    """A requests session that never waits forever."""

    def __init__(self, user_agent: str, timeout=DEFAULT_TIMEOUT):
        super().__init__()
        self.default_timeout = timeout
        self.headers["User-Agent"] = user_agent

    def request(self, method, url, **kwargs):
        kwargs.setdefault("timeout", self.default_timeout)
        return super().request(method, url, **kwargs)


def make_session(version: str) -> Session:
    return Session(f"MVidarr/{version} (+https://github.com/mvidarr/mvidarr)")


def describe_error(exc: requests.RequestException, url: str | None = None) -> str:
    """A requests failure in words a user can act on (not urllib3's internals)."""
    where = urlsplit(url or getattr(exc.request, "url", "") or "").netloc or "the server"
    if isinstance(exc, requests.Timeout):
        return f"{where} did not answer in time"
    if isinstance(exc, requests.exceptions.SSLError):
        return f"the secure connection to {where} failed (certificate or TLS problem)"
    if isinstance(exc, requests.ConnectionError):
        return f"could not connect to {where} (refused, unreachable or unknown host)"
    if isinstance(exc, requests.TooManyRedirects):
        return f"{where} redirects too many times"
    return f"the request to {where} failed"
