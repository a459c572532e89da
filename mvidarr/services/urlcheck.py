"""Checking a video URL before MVidarr fetches it (server-side request forgery guard).

Only http and https are accepted. Unless `security.allow_private_urls` is on, a
host that resolves to a loopback, private, link-local, multicast or reserved
address is refused, and so is every hop of a redirect chain.
"""

from __future__ import annotations

import ipaddress
import socket
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

import requests

from mvidarr.errors import UserError
from mvidarr.networds import request_words

if TYPE_CHECKING:
    from mvidarr.app import Mvidarr

MAX_REDIRECTS = 5


class UnresolvedHostError(UserError):
    """The host has no address now (a typo, or DNS is down: a download retries it)."""


def addresses(host: str) -> list[str]:
    """Every address `host` resolves to (tests replace this to fake DNS)."""
    try:
        infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise UnresolvedHostError(f"the host {host!r} cannot be resolved ({exc})") from None
    return sorted({info[4][0] for info in infos})


def _kind(address: str) -> str | None:
    """Why `address` is not a public one, or None when it is."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    # Most specific first: Python counts link-local and reserved ranges as private too.
    for kind in ("loopback", "link_local", "multicast", "reserved", "unspecified",
                 "private"):
        if getattr(ip, f"is_{kind}"):
            return kind.replace("_", "-")
    if not ip.is_global:
        return "non-public"
    return None


def check_url(app: Mvidarr, url: str) -> str:
    """Refuse `url` with a UserError saying why, or answer it unchanged."""
    if not isinstance(url, str) or not url.strip():
        raise UserError("a URL is required")
    try:
        parts = urlsplit(url.strip())
        host, _port = parts.hostname, parts.port  # both raise on a malformed netloc
    except ValueError as exc:
        raise UserError(f"this is not a valid URL ({exc})") from None
    if parts.scheme not in ("http", "https"):
        raise UserError(f"only http and https URLs are accepted, not {parts.scheme or 'none'!r}")
    if not host:
        raise UserError("the URL has no host")
    if app.settings.get("security.allow_private_urls"):
        return url.strip()
    resolved = [host] if _is_ip(host) else addresses(host)
    for address in resolved:
        kind = _kind(address)
        if kind:
            shown = host if host == address else f"{host} ({address})"
            raise UserError(
                f"the URL's host {shown} is a {kind} address; MVidarr does not fetch "
                "those unless the setting security.allow_private_urls is on")
    return url.strip()


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def follow_redirects(app: Mvidarr, url: str) -> str:
    """Check `url` and every redirect it leads to; answer where the chain ends.

    Each hop is a HEAD request (GET when HEAD is refused) made without following
    redirects, so a public URL cannot send MVidarr to a private one.
    """
    current = check_url(app, url)
    for _ in range(MAX_REDIRECTS + 1):
        response = _peek(app, current)
        location = response.headers.get("Location")
        if not (response.is_redirect and location):
            return current
        current = check_url(app, urljoin(current, location))
    raise UserError(f"the URL redirects more than {MAX_REDIRECTS} times")


def _peek(app: Mvidarr, url: str) -> requests.Response:
    try:
        response = app.http.head(url, allow_redirects=False, timeout=(5, 10))
        if response.status_code in (405, 501):
            response = app.http.get(url, allow_redirects=False, stream=True, timeout=(5, 10))
            response.close()
        return response
    except requests.RequestException as exc:
        words = request_words(exc, urlsplit(url).netloc, app.http)
        raise UserError(f"the URL could not be reached: {words}") from None
