"""Plugins: which are installed, enabled and healthy; switching one on or off."""

from __future__ import annotations

from flask import Blueprint, g, jsonify

from mvidarr.errors import NotFoundError
from mvidarr.web import serialize as s
from mvidarr.web.inputs import json_body, query_args
from mvidarr.web.paging import DEFAULT_PER_PAGE, MAX_PER_PAGE
from mvidarr.web.routing import route

bp = Blueprint("plugins", __name__)

ENABLE = {"type": "object", "additionalProperties": False, "required": ["enabled"],
          "properties": {"enabled": {"type": "boolean"}}}
FILTERS = [
    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1,
                                               "maximum": 10_000_000, "default": 1}},
    {"name": "per_page", "in": "query",
     "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE,
                "default": DEFAULT_PER_PAGE}},
    {"name": "enabled", "in": "query", "schema": {"type": "boolean"}},
]


@route(bp, "/plugins", methods=["GET"], role="readonly",
       summary="Installed plugins with their state and health", params=FILTERS,
       responses={200: s.paged(s.PLUGIN)})
def list_plugins():
    # One per installed plugin: a short list, known from the entry points, paged in memory.
    args = query_args(FILTERS)
    plugins = [s.plugin(p) for p in g.mvidarr.plugin_states.describe()
               if "enabled" not in args or p["enabled"] == args["enabled"]]
    page, per_page = args.get("page", 1), args.get("per_page", DEFAULT_PER_PAGE)
    return jsonify(items=plugins[(page - 1) * per_page: page * per_page], page=page,
                   per_page=per_page, total=len(plugins))


@route(bp, "/plugins/<name>", methods=["PUT"], role="admin",
       summary="Enable or disable a plugin: {\"enabled\": true|false}", body=ENABLE,
       responses={200: s.PLUGIN})
def set_plugin(name: str):
    states = g.mvidarr.plugin_states
    if name not in states.known():
        raise NotFoundError(f"no plugin named {name!r}")
    enabled = json_body(ENABLE)["enabled"]
    states.set_enabled(name, enabled)
    described = next(p for p in states.describe() if p["name"] == name)
    return jsonify(s.plugin(described))
