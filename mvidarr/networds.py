"""Network failures said in words a user can act on ("connection refused by
127.0.0.1:5095", "timed out after 10 s"), never the networking library's own
text, which names connection pools and internals.

Used where `app.sources` and the yt-dlp downloader turn `requests` and yt-dlp
exceptions into the core's errors.
"""

from __future__ import annotations

import socket
from typing import Any
from urllib.parse import urlsplit

import requests


def chain(exc: BaseException) -> list[BaseException]:
    """`exc` and everything it wraps: Python's cause and context, and where
    requests, urllib3 and yt-dlp keep theirs (`reason`, `args`, `cause`, `exc_info`)."""
    seen: list[BaseException] = []
    stack: list[Any] = [exc]
    while stack:
        item = stack.pop()
        if not isinstance(item, BaseException) or any(item is known for known in seen):
            continue
        seen.append(item)
        exc_info = getattr(item, "exc_info", None)
        if isinstance(exc_info, tuple) and len(exc_info) > 1:
            stack.append(exc_info[1])
        stack += [item.__cause__, item.__context__, getattr(item, "reason", None),
                  getattr(item, "cause", None),
                  *[arg for arg in item.args if isinstance(arg, BaseException)]]
    return seen


# Matched by class name too: yt-dlp's networking exceptions and urllib's.
NETWORK_ERRORS = frozenset({"TransportError", "TimeoutError", "ConnectionError",
                            "IncompleteRead", "URLError", "RemoteDisconnected",
                            "ConnectionResetError", "ConnectionRefusedError", "ProxyError"})


def network_failure(exc: BaseException, host: str, timeout: float | None) -> str | None:
    """`network_words` when `exc` is (or wraps) a failure of the network, not an
    answer of the service; None otherwise. For plugins turning a library's
    exception (yt-dlp's) into the core's errors."""
    for item in chain(exc):
        if type(item).__name__ in NETWORK_ERRORS or isinstance(
                item, (ConnectionError, TimeoutError, socket.gaierror)):
            return network_words(exc, host, timeout)
    return None


def hostname(host: str) -> str:
    """``example.org`` of ``example.org:8080``."""
    return urlsplit("//" + host).hostname or host


def network_words(exc: BaseException, host: str, timeout: float | None) -> str:
    """What went wrong between us and `host` (``name:port``), from the causes
    `exc` carries; `timeout` is the read timeout in seconds."""
    causes = chain(exc)
    if any(isinstance(item, ConnectionRefusedError) for item in causes):
        return f"connection refused by {host}"
    if any(isinstance(item, socket.gaierror) for item in causes):
        return f"the name {hostname(host)} could not be resolved"
    if any(isinstance(item, TimeoutError) or "timed out" in str(item).lower()
           for item in causes):
        return f"{host} did not answer: timed out after {seconds(timeout)}"
    if any(isinstance(item, ConnectionResetError) for item in causes):
        return f"the connection to {host} was reset"
    return f"{host} could not be reached"


def request_words(exc: requests.RequestException, host: str, session: Any = None) -> str:
    """A `requests` failure in words; `session` gives the timeouts it used."""
    connect, read = timeouts(session)
    if isinstance(exc, requests.ConnectTimeout):
        return f"connecting to {host} timed out after {seconds(connect)}"
    if isinstance(exc, requests.Timeout):
        return f"{host} did not answer: timed out after {seconds(read)}"
    if isinstance(exc, requests.exceptions.SSLError):
        return f"the secure connection to {host} failed (certificate or TLS problem)"
    if isinstance(exc, requests.ConnectionError):
        if "resolve" in str(exc).lower():  # urllib3 wraps the resolver's error in text only
            return f"the name {hostname(host)} could not be resolved"
        return network_words(exc, host, read)
    if isinstance(exc, requests.TooManyRedirects):
        return f"{host} redirected too many times"
    return f"the request to {host} failed"


# A dropped connection may go through on a second try; a name that does not
# resolve, a refused connection or a failed TLS handshake will fail the same way.
PASSING_ERRORS = frozenset({"ConnectionResetError", "ConnectionAbortedError",
                            "RemoteDisconnected", "IncompleteRead", "BrokenPipeError"})


def worth_retrying(exc: requests.RequestException) -> bool:
    """Whether a request that got no answer may get one when sent again: only a
    timeout or a connection reset mid-way; not an unknown name, a refused
    connection, a TLS failure or anything else the next try would repeat."""
    if isinstance(exc, requests.Timeout):
        return True
    return any(type(item).__name__ in PASSING_ERRORS for item in chain(exc))


def timeouts(session: Any) -> tuple[float | None, float | None]:
    """(connect, read) seconds of a `mvidarr.http.Session`."""
    timeout = getattr(session, "default_timeout", None)
    if isinstance(timeout, tuple):
        return timeout[0], timeout[1]
    return timeout, timeout


def seconds(value: float | None) -> str:
    return "a while" if value is None else f"{value:g} s"


def host_of(url: str | None, default: str = "the server") -> str:
    """``name:port`` of `url`, without any credentials in it."""
    return urlsplit(url or "").netloc.rsplit("@", 1)[-1] or default


def duration(value: float) -> str:
    """A wait in words: ``45 s``, ``12 min``, ``2.5 h``."""
    if value < 90:
        return f"{value:.0f} s"
    if value < 5400:
        return f"{value / 60:.0f} min"
    return f"{value / 3600:.1f} h"
