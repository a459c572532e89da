"""Users: admins list, create, change and delete them."""

from __future__ import annotations

import logging

from flask import Blueprint, jsonify, request

from mvidarr import accounts, lockout
from mvidarr.models import ROLES, User
from mvidarr.web.auth import current_user
from mvidarr.web.inputs import json_body
from mvidarr.web.paging import PAGING_PARAMS, paginate, sort_param
from mvidarr.web.routing import route
from mvidarr.web.serialize import BOOL, INT, TEXT, WHEN, iso, obj, paged

bp = Blueprint("users", __name__)
log = logging.getLogger("mvidarr.web.users")

USER = obj({"id": INT, "username": TEXT, "role": {"type": "string", "enum": list(ROLES)},
            "totp_enabled": BOOL, "created_at": WHEN, "last_login_at": WHEN})
SORTS = {"username": User.username_key, "role": User.role, "created_at": User.created_at,
         "last_login_at": User.last_login_at}
PASSWORD = {"type": "string", "minLength": accounts.MIN_PASSWORD_LENGTH,
            "maxLength": accounts.MAX_PASSWORD_LENGTH}
NEW_USER = {"type": "object", "additionalProperties": False,
            "required": ["username", "password"],
            "properties": {"username": {"type": "string", "minLength": 1, "maxLength": 150},
                           "password": PASSWORD,
                           "role": {"type": "string", "enum": list(ROLES), "default": "user"}}}
CHANGE_USER = {"type": "object", "additionalProperties": False, "properties": {
    "role": {"type": "string", "enum": list(ROLES)}, "password": PASSWORD,
    "reset_2fa": {"type": "boolean", "description": "switch the user's 2FA off"},
    "unlock": {"type": "boolean", "description": "forget the account's failed logins"}}}
FILTERS = [{"name": "role", "in": "query", "schema": {"type": "string", "enum": list(ROLES)}}]
ERRORS = {404: None, 409: None, 422: None}


def user_json(user: User) -> dict:
    return {"id": user.id, "username": user.username, "role": user.role,
            "totp_enabled": bool(user.totp_enabled), "created_at": iso(user.created_at),
            "last_login_at": iso(user.last_login_at)}




@route(bp, "/users", methods=["GET"], role="admin", summary="List users",
       params=[*PAGING_PARAMS, sort_param(SORTS, "username"), *FILTERS],
       responses={200: paged(USER), 422: None})
def list_users():
    query = accounts.users(request.args.get("role") or None)
    return jsonify(paginate(query, SORTS, "username", user_json))


@route(bp, "/users", methods=["POST"], role="admin", summary="Create a user",
       body=NEW_USER, responses={201: USER, 409: None, 422: None})
def create_user():
    body = json_body(NEW_USER)
    user = accounts.create_user(body["username"], body["password"], body.get("role", "user"))
    log.info("%s created the %s %s", current_user().username, user.role, user.username)
    return jsonify(user_json(user)), 201


@route(bp, "/users/<int:user_id>", methods=["GET"], role="admin", summary="One user",
       responses={200: USER, 404: None})
def get_user(user_id: int):
    return jsonify(user_json(accounts.get_user(user_id)))


@route(bp, "/users/<int:user_id>", methods=["PUT"], role="admin",
       summary="Change a user's role or password, switch off their 2FA, unlock them",
       body=CHANGE_USER, responses={200: USER, **ERRORS})
def update_user(user_id: int):
    user = accounts.get_user(user_id)
    body = json_body(CHANGE_USER)
    accounts.update_user(user, role=body.get("role"), password=body.get("password"),
                         reset_2fa=bool(body.get("reset_2fa")))
    if body.get("unlock"):
        lockout.clear((lockout.LOGIN_ACCOUNT, user.username_key))
    log.info("%s changed the user %s (%s)", current_user().username, user.username,
             ", ".join(sorted(body)) or "nothing")
    return jsonify(user_json(user))


@route(bp, "/users/<int:user_id>", methods=["DELETE"], role="admin",
       summary="Delete a user and their API keys", responses={204: None, 404: None, 409: None})
def delete_user(user_id: int):
    user = accounts.get_user(user_id)
    accounts.delete_user(user)
    log.info("%s deleted the user %s", current_user().username, user.username)
    return "", 204
