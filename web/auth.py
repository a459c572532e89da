"""Who is calling: an API key (`X-Api-Key`) or the UI's session cookie.

Session requests that change state must carry the session's CSRF token in the
`X-CSRF-Token` header; API-key requests use no cookie and need none. A key in
the query string (`?apikey=`) counts only on routes declared with
``route(..., apikey_query=True)`` (media servers' stream and thumbnail URLs),
because URLs end up in logs and browser histories.

A session holds the user's id, their `session_version` and the CSRF token.
Logging out, changing the password or the 2FA state bumps the version, which
ends every session made before, server-side.
"""

from __future__ import annotations

import hmac
import secrets
from urllib.parse import urlsplit

from flask import current_app, g, request, session

from mvidarr import accounts, lockout, twofactor
from mvidarr.errors import AuthenticationError, PermissionDeniedError
from mvidarr.models import User, role_at_least, utcnow

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def is_security_setting(key: str) -> bool:
    """Settings only an admin may read or change: `security.*`, webhook tokens, and
    `library.root` (it decides where files are written and served from)."""
    return (key.startswith("security.") or key.endswith("webhook_token")
            or key == "library.root")


def current_user() -> User | None:
    """The calling user, looked up once per request."""
    if "user" in g:
        return g.user
    g.user, g.auth_method = _authenticate()
    return g.user


def auth_method() -> str | None:
    """``"apikey"``, ``"session"`` or None (anonymous)."""
    current_user()
    return g.auth_method


def _query_key_allowed() -> bool:
    view = current_app.view_functions.get(request.endpoint or "")
    doc = getattr(view, "route_doc", None)
    return bool(doc and doc.apikey_query)


def _authenticate() -> tuple[User | None, str | None]:
    key = request.headers.get("X-Api-Key")
    if not key and "apikey" in request.args and _query_key_allowed():
        key = request.args.get("apikey")
    if key:  # a key that is sent is the only credential that counts
        return accounts.user_for_api_key(key), "apikey"
    user_id = session.get("user_id")
    if user_id is None:
        return None, None
    user = User.get_or_none(User.id == user_id) if isinstance(user_id, int) else None
    if user is None or session.get("session_version") != user.session_version:
        session.clear()
        return None, None
    return user, "session"


def csrf_token() -> str:
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def start_session(user: User) -> None:
    """Log `user` in: a fresh session (nothing kept from before) with a new CSRF token."""
    session.clear()
    session["user_id"] = user.id
    session["session_version"] = user.session_version
    session["csrf"] = secrets.token_urlsafe(32)
    user.last_login_at = utcnow()
    User.update(last_login_at=user.last_login_at).where(User.id == user.id).execute()
    g.user, g.auth_method = user, "session"


def renew_session(user: User) -> None:
    """Keep the calling session alive after `user.session_version` was bumped."""
    if g.get("auth_method") == "session":
        session["session_version"] = user.session_version
        session["csrf"] = secrets.token_urlsafe(32)


def end_sessions(user: User) -> None:
    """Log out: every session of `user` ends, this one included."""
    User.update(session_version=User.session_version + 1).where(User.id == user.id).execute()
    session.clear()


def client_address() -> str:
    """The caller's address (from a trusted proxy's X-Forwarded-For, see web.security)."""
    return request.remote_addr or "unknown"


def safe_next(target: object, default: str = "/") -> str:
    """`target` if it is a path of this app, else `default`: no open redirects."""
    if not isinstance(target, str) or not target.startswith("/") or len(target) > 2000:
        return default
    if target.startswith(("//", "/\\")) or any(c in target for c in "\\\r\n\t\x00"):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return default
    return target


def _check_csrf() -> None:
    if request.method in SAFE_METHODS or g.get("auth_method") != "session":
        return
    sent = request.headers.get("X-CSRF-Token", "")
    expected = session.get("csrf")
    if not sent or not isinstance(expected, str) or not hmac.compare_digest(
            sent.encode(), expected.encode()):
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


def reauthenticate(user: User, *, password: str | None = None, code: str | None = None) -> None:
    """Before a sensitive change: refuse unless the password (and 2FA code) given
    are the user's, counting wrong ones like failed logins."""
    key = (lockout.REAUTH_USER, str(user.id))
    lockout.check(key)
    if password is not None and not accounts.check_password(user.password_hash, password):
        lockout.fail(key)
        raise AuthenticationError("wrong password")
    if code is not None and not twofactor.check(user, code):
        lockout.fail(key)
        raise AuthenticationError(twofactor.WRONG_CODE)
    lockout.clear(key)
