"""What every answer carries, and which proxy headers are believed.

- Security headers on every answer: a strict Content-Security-Policy (no inline
  script, no framing), nosniff, Referrer-Policy; JSON answers are not cached.
- `X-Forwarded-For` and `X-Forwarded-Proto` are honoured only when the request
  comes straight from an address in `security.trusted_proxies` (empty by
  default). Anyone else could claim any address and dodge the login limits, or
  claim HTTPS (Sonarr CVE-2026-30975 was this spoof).
- CORS is off unless an origin is listed in `security.cors_origins`; cookies
  are never shared cross-origin (allowed origins use API keys).
- The session cookie is `Secure` when the request came over HTTPS (directly,
  or through a trusted proxy that says so).
"""

from __future__ import annotations

import ipaddress
import logging
from functools import lru_cache

from flask import Flask, request
from flask.sessions import SecureCookieSessionInterface

log = logging.getLogger("mvidarr.web.security")

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "media-src 'self'; connect-src 'self'; font-src 'self'; object-src 'none'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
}
CORS_HEADERS = "Content-Type, X-Api-Key, X-CSRF-Token"
CORS_METHODS = "GET, HEAD, POST, PUT, PATCH, DELETE"


@lru_cache(maxsize=32)
def _networks(entries: tuple[str, ...]) -> tuple:
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError:
            log.warning("security.trusted_proxies: %r is not an address or network; ignored",
                        entry)
    return tuple(networks)


def _is_trusted(address: str | None, networks: tuple) -> bool:
    try:
        ip = ipaddress.ip_address((address or "").strip())
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(remote: str | None, forwarded_for: str | None, networks: tuple) -> str | None:
    """The client as the trusted proxies tell it: walk X-Forwarded-For from the right
    (the hop our own proxy added) past every trusted proxy."""
    if not forwarded_for or not _is_trusted(remote, networks):
        return remote
    address = remote
    for hop in reversed([h.strip() for h in forwarded_for.split(",") if h.strip()]):
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            break  # garbage in the header: keep the last address a proxy vouched for
        address = hop
        if not _is_trusted(hop, networks):
            break
    return address


class TrustedProxies:
    """WSGI middleware: believe forwarded headers only from trusted proxies."""

    def __init__(self, wsgi_app, mvidarr_app):
        self.wsgi_app = wsgi_app
        self.mvidarr = mvidarr_app

    def trusted(self) -> tuple:
        with self.mvidarr.connection():
            return _networks(tuple(self.mvidarr.settings.get("security.trusted_proxies") or ()))

    def __call__(self, environ, start_response):
        remote = environ.get("REMOTE_ADDR")
        forwarded_for = environ.get("HTTP_X_FORWARDED_FOR")
        forwarded_proto = environ.get("HTTP_X_FORWARDED_PROTO")
        if (forwarded_for or forwarded_proto) and remote:
            networks = self.trusted()
            if _is_trusted(remote, networks):
                environ["mvidarr.proxy_addr"] = remote
                environ["REMOTE_ADDR"] = client_address(remote, forwarded_for, networks)
                proto = (forwarded_proto or "").split(",")[-1].strip().lower()
                if proto in ("http", "https"):
                    environ["wsgi.url_scheme"] = proto
        return self.wsgi_app(environ, start_response)


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed cookie session, Secure whenever the request was HTTPS."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"] or request.is_secure)


def _allowed_origin(mvidarr_app) -> str | None:
    origin = request.headers.get("Origin")
    if not origin:
        return None
    allowed = {o.strip().rstrip("/").lower()
               for o in mvidarr_app.settings.get("security.cors_origins") or ()}
    # "*" is not honoured on purpose: every origin must be named.
    return origin if origin.rstrip("/").lower() in allowed - {"*"} else None


def register(app: Flask, mvidarr_app) -> None:
    """Install the proxy middleware, the session interface and the answer hooks."""
    app.wsgi_app = TrustedProxies(app.wsgi_app, mvidarr_app)
    app.session_interface = SessionInterface()

    @app.before_request
    def _preflight():
        if (request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers
                and _allowed_origin(mvidarr_app)):
            response = app.make_response(("", 204))
            response.headers["Access-Control-Allow-Methods"] = CORS_METHODS
            response.headers["Access-Control-Allow-Headers"] = CORS_HEADERS
            response.headers["Access-Control-Max-Age"] = "600"
            return response
        return None

    @app.after_request
    def _headers(response):
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        if response.mimetype == "application/json" and "Cache-Control" not in response.headers:
            response.headers["Cache-Control"] = "no-store"
        try:
            origin = _allowed_origin(mvidarr_app)
        except Exception:  # the database is gone (an error answer): no CORS, still headers
            origin = None
        if origin:
            response.headers["Access-Control-Allow-Origin"] = origin
            response.headers["Access-Control-Expose-Headers"] = "Retry-After"
        if request.headers.get("Origin"):
            response.vary.add("Origin")
        return response
