"""Settings: read them (secrets redacted) and change one.

Any signed-in user may read a setting and a manager may change or reset one,
except the security settings (`security.*`, webhook tokens, `library.root`: see
`web.auth.is_security_setting`), which only an admin may read or change; the
list leaves them out for everyone else. Secrets are redacted in every answer,
the answer to writing one included. A value of null, or DELETE, resets a
setting to its default.
"""

from __future__ import annotations

from flask import Blueprint, g, jsonify

from mvidarr.errors import PermissionDeniedError
from mvidarr.models import role_at_least
from mvidarr.web import serialize as s
from mvidarr.web.auth import current_user, is_security_setting
from mvidarr.web.inputs import json_body, query_args
from mvidarr.web.paging import DEFAULT_PER_PAGE, MAX_PER_PAGE
from mvidarr.web.routing import route

bp = Blueprint("settings", __name__)

VALUE = {"type": "object", "additionalProperties": False, "required": ["value"],
         "properties": {"value": {}}}
FILTERS = [
    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1,
                                               "maximum": 10_000_000, "default": 1}},
    {"name": "per_page", "in": "query",
     "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE,
                "default": DEFAULT_PER_PAGE}},
    {"name": "plugin", "in": "query", "description": "only this plugin's settings",
     "schema": {"type": "string", "maxLength": 100}},
    {"name": "q", "in": "query", "description": "text the key contains",
     "schema": {"type": "string", "maxLength": 200}},
]


def _admin_for(key: str) -> None:
    user = current_user()
    if is_security_setting(key) and not role_at_least(user.role, "admin"):
        raise PermissionDeniedError(f"{key} is a security setting: it needs the admin role; "
                                    f"you are {user.role}")


@route(bp, "/settings", methods=["GET"], role="readonly",
       summary="Every setting, sorted by key (secrets redacted; security settings for admins "
               "only)", params=FILTERS,
       responses={200: s.paged(s.SETTING)})
def list_settings():
    # The settings registry is code, not a table: a few dozen keys, paged in memory.
    args = query_args(FILTERS)
    settings = g.mvidarr.settings
    admin = role_at_least(current_user().role, "admin")
    keys = sorted(key for key, spec in settings.specs.items()
                  if (admin or not is_security_setting(key))
                  and (not args.get("plugin") or spec.plugin == args["plugin"])
                  and (not args.get("q") or args["q"].lower() in key.lower()))
    page, per_page = args.get("page", 1), args.get("per_page", DEFAULT_PER_PAGE)
    chosen = keys[(page - 1) * per_page: page * per_page]
    return jsonify(items=[settings.describe(key) for key in chosen], page=page,
                   per_page=per_page, total=len(keys))


@route(bp, "/settings/<key>", methods=["GET"], role="readonly",
       summary="One setting (a secret is redacted; a security setting needs an admin)",
       responses={200: s.SETTING})
def get_setting(key: str):
    settings = g.mvidarr.settings
    settings.spec(key)  # an unknown key is a 404 before anything else
    _admin_for(key)
    return jsonify(settings.describe(key))


@route(bp, "/settings/<key>", methods=["PUT"], role="manager",
       summary="Change a setting: {\"value\": ...}; null resets it to its default "
               "(security settings need an admin)",
       body=VALUE, responses={200: s.SETTING})
def put_setting(key: str):
    settings = g.mvidarr.settings
    settings.spec(key)
    _admin_for(key)
    value = json_body(VALUE)["value"]
    if value is None:
        settings.reset(key)
    else:
        settings.set(key, value)
    return jsonify(settings.describe(key))


@route(bp, "/settings/<key>", methods=["DELETE"], role="manager",
       summary="Reset a setting to its default (security settings need an admin)",
       responses={200: s.SETTING})
def reset_setting(key: str):
    settings = g.mvidarr.settings
    settings.spec(key)
    _admin_for(key)
    settings.reset(key)
    return jsonify(settings.describe(key))
