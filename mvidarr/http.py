"""The HTTP session every outgoing call goes through: timeouts and a User-Agent."""

from __future__ import annotations

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

