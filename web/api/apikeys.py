"""API keys: every user makes, lists and revokes their own; an admin sees all.

A key is shown once, in the answer that creates it; afterwards only its prefix.
Another user's key answers 404 to a non-admin, as if it did not exist.
"""

from __future__ import annotations

import logging

from flask import Blueprint, jsonify

from mvidarr import accounts
from mvidarr.errors import NotFoundError
from mvidarr.models import ApiKey, User, role_at_least
from mvidarr.web.auth import current_user
from mvidarr.web.inputs import json_body, query_args
from mvidarr.web.paging import PAGING_PARAMS, paginate, sort_param
from mvidarr.web.routing import route
from mvidarr.web.serialize import INT, TEXT, WHEN, iso, obj, paged

bp = Blueprint("apikeys", __name__)
log = logging.getLogger("mvidarr.web.apikeys")

API_KEY = obj({"id": INT, "name": TEXT, "prefix": TEXT, "user_id": INT, "username": TEXT,
               "created_at": WHEN, "last_used_at": WHEN, "revoked_at": WHEN})
NEW_API_KEY = {**API_KEY, "properties": {**API_KEY["properties"], "key": TEXT},
               "required": [*API_KEY["required"], "key"]}
CREATE = {"type": "object", "additionalProperties": False, "properties": {
    "name": {"type": "string", "maxLength": 100},
    "user_id": {"type": "integer", "minimum": 1,
                "description": "admins only: make the key for this user"}}}
SORTS = {"created_at": ApiKey.created_at, "name": ApiKey.name,
         "last_used_at": ApiKey.last_used_at}
FILTERS = [
    {"name": "user_id", "in": "query", "schema": {"type": "integer", "minimum": 1},
     "description": "admins only: the keys of this user"},
    {"name": "revoked", "in": "query", "schema": {"type": "boolean", "default": False},
     "description": "include revoked keys"},
]


def key_json(row: ApiKey) -> dict:
    return {"id": row.id, "name": row.name, "prefix": row.prefix, "user_id": row.user.id,
            "username": row.user.username, "created_at": iso(row.created_at),
            "last_used_at": iso(row.last_used_at), "revoked_at": iso(row.revoked_at)}


def _is_admin(user: User) -> bool:
    return role_at_least(user.role, "admin")


@route(bp, "/apikeys", methods=["GET"], role="readonly",
       summary="List API keys by prefix (yours; an admin's list holds everyone's)",
       params=[*PAGING_PARAMS, sort_param(SORTS, "created_at"), *FILTERS],
       responses={200: paged(API_KEY), 422: None})
def list_keys():
    me = current_user()
    args = query_args(FILTERS)
    owner = None if _is_admin(me) else me
    if owner is None and "user_id" in args:
        owner = accounts.get_user(args["user_id"])
    query = accounts.api_keys(owner, include_revoked=args.get("revoked", False))
    return jsonify(paginate(query, SORTS, "created_at", key_json))


@route(bp, "/apikeys", methods=["POST"], role="readonly",
       summary="Make an API key; the answer is the only time the key is shown",
       body=CREATE, responses={201: NEW_API_KEY, 404: None, 422: None})
def create_key():
    me = current_user()
    body = json_body(CREATE)
    owner = me
    if body.get("user_id") not in (None, me.id):
        if not _is_admin(me):
            raise NotFoundError(f"no user {body['user_id']}")
        owner = accounts.get_user(body["user_id"])
    row, key = accounts.create_api_key(owner, body.get("name", ""))
    log.info("%s made the API key %s... for %s", me.username, row.prefix, owner.username)
    return jsonify({**key_json(row), "key": key}), 201


@route(bp, "/apikeys/<int:key_id>", methods=["DELETE"], role="readonly",
       summary="Revoke an API key (yours; an admin may revoke anyone's)",
       responses={204: None, 404: None})
def revoke_key(key_id: int):
    me = current_user()
    accounts.revoke_api_key(key_id, None if _is_admin(me) else me)
    log.info("%s revoked the API key %s", me.username, key_id)
    return "", 204
