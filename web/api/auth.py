"""Logging in and out, who am I, the first admin's setup, and one's own password.

Logins and setup tries are limited (see `mvidarr.lockout`): per account and per
client address for logins, per address for the setup token. The 2FA routes live
in `web.api.totp`, a blueprint nested in this one.
"""

from __future__ import annotations

import logging

from flask import Blueprint, g, jsonify

from mvidarr import accounts, lockout, setup_token, twofactor
from mvidarr.errors import AuthenticationError
from mvidarr.models import User, fold
from mvidarr.web import auth
from mvidarr.web.api import totp
from mvidarr.web.api.users import PASSWORD, USER, user_json
from mvidarr.web.inputs import json_body
from mvidarr.web.routing import route
from mvidarr.web.serialize import BOOL, TEXT, obj

bp = Blueprint("auth", __name__)
bp.register_blueprint(totp.bp)
log = logging.getLogger("mvidarr.web.auth")

LOGIN = {"type": "object", "additionalProperties": False, "required": ["username", "password"],
         "properties": {
             "username": {"type": "string", "maxLength": 1000},
             "password": {"type": "string", "maxLength": accounts.MAX_PASSWORD_LENGTH},
             "totp": {"type": "string", "maxLength": 64,
                      "description": "a 2FA code or a recovery code, when 2FA is on"},
             "next": {"type": "string", "maxLength": 2000,
                      "description": "where the UI goes next (a path of this app)"}}}
SESSION = obj({"user": USER, "csrf_token": TEXT, "next": TEXT})
ME = obj({"user": USER, "auth_method": {"type": "string", "enum": ["session", "apikey"]},
          "csrf_token": {"type": ["string", "null"]}})
SETUP = {"type": "object", "additionalProperties": False,
         "required": ["token", "username", "password"],
         "properties": {"token": {"type": "string", "maxLength": 200},
                        "username": {"type": "string", "minLength": 1, "maxLength": 150},
                        "password": PASSWORD}}
PASSWORD_CHANGE = {"type": "object", "additionalProperties": False,
                   "required": ["current_password", "new_password"],
                   "properties": {"current_password": {"type": "string", "maxLength": 1024},
                                  "new_password": PASSWORD}}
LIMITED = {401: None, 422: None, 429: None}


def _session_answer(user: User, next_path: object = "/") -> dict:
    return {"user": user_json(user), "csrf_token": auth.csrf_token(),
            "next": auth.safe_next(next_path)}


@route(bp, "/auth/login", methods=["POST"], role="public",
       summary="Log in; answers the session's CSRF token",
       description="401 with details.totp_required when the account needs its 2FA code; "
                   "429 with Retry-After after too many failures.",
       body=LOGIN, responses={200: SESSION, **LIMITED})
def login():
    body = json_body(LOGIN)
    address = auth.client_address()
    keys = ((lockout.LOGIN_ACCOUNT, fold(body["username"])), (lockout.LOGIN_ADDRESS, address))
    lockout.check(*keys)
    user = accounts.authenticate(body["username"], body["password"])
    if user is None:
        lockout.fail(*keys)
        known = User.by_name(body["username"]) is not None
        # An unknown name is not logged: it is often a password typed in the wrong box.
        log.warning("failed login for %s from %s",
                    body["username"].strip() if known else "an unknown user", address)
        raise AuthenticationError("wrong username or password")
    if user.totp_enabled:
        code = body.get("totp")
        if not code:
            raise AuthenticationError("enter the two-factor code of this account",
                                      details={"totp_required": True})
        if not twofactor.check(user, code):
            lockout.fail(*keys)
            log.warning("wrong two-factor code for %s from %s", user.username, address)
            raise AuthenticationError(twofactor.WRONG_CODE, details={"totp_required": True})
    lockout.clear(keys[0])  # the address's count only fades: one good login must not reset it
    auth.start_session(user)
    log.info("%s logged in from %s", user.username, address)
    return jsonify(_session_answer(user, body.get("next", "/")))


@route(bp, "/auth/logout", methods=["POST"], role="readonly",
       summary="Log out: every session of this user ends", responses={204: None})
def logout():
    user = auth.current_user()
    if auth.auth_method() == "session":
        auth.end_sessions(user)
        log.info("%s logged out", user.username)
    return "", 204


@route(bp, "/auth/me", methods=["GET"], role="readonly",
       summary="Who is calling, and the session's CSRF token", responses={200: ME})
def me():
    user = auth.current_user()
    method = auth.auth_method()
    return jsonify(user=user_json(user), auth_method=method,
                   csrf_token=auth.csrf_token() if method == "session" else None)


@route(bp, "/auth/setup", methods=["GET"], role="public",
       summary="Whether the first admin still has to be made",
       responses={200: obj({"needed": BOOL})})
def setup_needed():
    return jsonify(needed=setup_token.needed())


@route(bp, "/auth/setup", methods=["POST"], role="public",
       summary="Make the first admin with the one-time setup token (from the data folder)",
       description="Logs the new admin in. 409 once any user exists.",
       body=SETUP, responses={201: SESSION, 409: None, **LIMITED})
def setup():
    body = json_body(SETUP)
    key = (lockout.SETUP_ADDRESS, auth.client_address())
    lockout.check(key)
    try:
        user = setup_token.consume(g.mvidarr, body["token"], body["username"],
                                   body["password"])
    except AuthenticationError:
        lockout.fail(key)
        log.warning("wrong setup token from %s", key[1])
        raise
    auth.start_session(user)
    return jsonify(_session_answer(user)), 201


@route(bp, "/auth/password", methods=["POST"], role="readonly",
       summary="Change your own password; your other sessions end",
       body=PASSWORD_CHANGE, responses={204: None, **LIMITED})
def change_password():
    user = auth.current_user()
    body = json_body(PASSWORD_CHANGE)
    auth.reauthenticate(user, password=body["current_password"])
    accounts.set_password(user, body["new_password"])
    auth.renew_session(user)
    log.info("%s changed their password", user.username)
    return "", 204
