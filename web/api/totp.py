"""Two-factor authentication of the calling user: enrol, confirm, recovery codes, off.

Nested in the auth blueprint (`web.api.auth`). Every route asks for the password
or a code again and counts wrong ones (`lockout.REAUTH_USER`): a session left
open on a shared computer must not be enough to take over the second factor.
"""

from __future__ import annotations

import logging

from flask import Blueprint, jsonify

from mvidarr import accounts, lockout, twofactor
from mvidarr.errors import AuthenticationError, ConflictError
from mvidarr.models import User
from mvidarr.web import auth
from mvidarr.web.inputs import json_body
from mvidarr.web.routing import route
from mvidarr.web.serialize import TEXT, obj

bp = Blueprint("totp", __name__)
log = logging.getLogger("mvidarr.web.totp")

_PASSWORD = {"type": "string", "maxLength": accounts.MAX_PASSWORD_LENGTH}
_CODE = {"type": "string", "maxLength": 64, "description": "a 2FA code or a recovery code"}
PASSWORD_ONLY = {"type": "object", "additionalProperties": False, "required": ["password"],
                 "properties": {"password": _PASSWORD}}
CODE_ONLY = {"type": "object", "additionalProperties": False, "required": ["code"],
             "properties": {"code": _CODE}}
PASSWORD_AND_CODE = {"type": "object", "additionalProperties": False,
                     "required": ["password", "code"],
                     "properties": {"password": _PASSWORD, "code": _CODE}}
ENROLMENT = obj({"secret": TEXT, "provisioning_uri": TEXT,
                 "qr_png": {"type": "string", "contentEncoding": "base64",
                            "description": "a PNG image of the QR code"}})
RECOVERY = obj({"recovery_codes": {"type": "array", "items": TEXT}})
LIMITED = {401: None, 409: None, 422: None, 429: None}


def _enabled(user: User) -> None:
    if not user.totp_enabled:
        raise ConflictError("two-factor authentication is off")


@route(bp, "/auth/2fa/enrol", methods=["POST"], role="readonly",
       summary="Start 2FA: a new secret, its otpauth:// URI and QR code (not active yet)",
       body=PASSWORD_ONLY, responses={200: ENROLMENT, **LIMITED})
def enrol():
    user = auth.current_user()
    body = json_body(PASSWORD_ONLY)
    if user.totp_enabled:
        raise ConflictError("two-factor authentication is on already: switch it off first")
    auth.reauthenticate(user, password=body["password"])
    log.info("%s started enrolling in 2FA", user.username)
    return jsonify(twofactor.begin(user))


@route(bp, "/auth/2fa/confirm", methods=["POST"], role="readonly",
       summary="Switch 2FA on with a code from the app; answers the recovery codes once",
       body=CODE_ONLY, responses={200: RECOVERY, **LIMITED})
def confirm():
    user = auth.current_user()
    body = json_body(CODE_ONLY)
    key = (lockout.REAUTH_USER, str(user.id))
    lockout.check(key)
    codes = twofactor.enable(user, body["code"])
    if codes is None:
        lockout.fail(key)
        raise AuthenticationError(twofactor.WRONG_CODE)
    lockout.clear(key)
    auth.renew_session(user)
    log.info("%s switched 2FA on", user.username)
    return jsonify(recovery_codes=codes)


@route(bp, "/auth/2fa/recovery-codes", methods=["POST"], role="readonly",
       summary="Replace your recovery codes (the old ones stop working)",
       body=PASSWORD_AND_CODE, responses={200: RECOVERY, **LIMITED})
def recovery_codes():
    user = auth.current_user()
    body = json_body(PASSWORD_AND_CODE)
    _enabled(user)
    auth.reauthenticate(user, password=body["password"], code=body["code"])
    log.info("%s made new recovery codes", user.username)
    return jsonify(recovery_codes=twofactor.new_recovery_codes(user))


@route(bp, "/auth/2fa/disable", methods=["POST"], role="readonly",
       summary="Switch 2FA off with your password and a code",
       body=PASSWORD_AND_CODE, responses={204: None, **LIMITED})
def disable():
    user = auth.current_user()
    body = json_body(PASSWORD_AND_CODE)
    _enabled(user)
    auth.reauthenticate(user, password=body["password"], code=body["code"])
    twofactor.disable(user)
    auth.renew_session(user)
    log.info("%s switched 2FA off", user.username)
    return "", 204
