"""Who is calling: an API key (`X-Api-Key`) or the UI's session cookie.

Session requests that change state must carry the session's CSRF token in the
`X-CSRF-Token` header; API-key requests use no cookie and need none.
"""

from __future__ import annotations

import hmac
import secrets

from flask import g, request, session

from mvidarr import accounts
from mvidarr.errors import AuthenticationError, PermissionDeniedError
from mvidarr.models import User, role_at_least

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def current_user() -> User | None:
    """The calling user, looked up once per request."""
    if "user" in g:
        return g.user
    g.user, g.auth_method = _authenticate()
    return g.user


def _authenticate() -> tuple[User | None, str | None]:
    key = request.headers.get("X-Api-Key")
    if key:
        return accounts.user_for_api_key(key), "apikey"
    user_id = session.get("user_id")
    if user_id is None:
        return None, None
    user = User.get_or_none(User.id == user_id)
    if user is None or session.get("session_version") != user.session_version:
        session.clear()
        return None, None
    return user, "session"


def csrf_token() -> str:
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def _check_csrf() -> None:
    if request.method in SAFE_METHODS or g.get("auth_method") != "session":
        return
    sent = request.headers.get("X-CSRF-Token", "")
    if not sent or not hmac.compare_digest(sent, session.get("csrf", "")):
        raise PermissionDeniedError("missing or wrong X-CSRF-Token header")


def require(role: str) -> None:
    """Stop the request unless the caller holds `role` (see `web.routing`)."""
    if role in ("public", "webhook"):
        return
    user = current_user()
    if user is None:
        raise AuthenticationError("authentication required: log in or send an X-Api-Key header")
    _check_csrf()
    if not role_at_least(user.role, role):
        raise PermissionDeniedError(f"this needs the {role} role; you are {user.role}")
