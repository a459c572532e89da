"""`GET /api/openapi.json`: the OpenAPI document of every route (see `web.openapi`).

It needs a signed-in user: the list of routes (plugins' included) and the
version tell an attacker what to try, and every real client has a key.
"""

from __future__ import annotations

from flask import Blueprint, current_app, g, jsonify

from mvidarr.web import openapi
from mvidarr.web.routing import route

bp = Blueprint("openapi", __name__)

DOCUMENT = {"type": "object", "required": ["openapi", "info", "paths"],
            "properties": {"openapi": {"type": "string"}, "info": {"type": "object"},
                           "paths": {"type": "object"}}}


@route(bp, "/openapi.json", methods=["GET"], role="readonly",
       summary="This API's OpenAPI 3.1 document", responses={200: DOCUMENT})
def document():
    # Routes are fixed once the app is built: build the document once per app.
    cached = current_app.extensions.get("mvidarr.openapi")
    if cached is None:
        cached = openapi.build(current_app, g.mvidarr.version)
        current_app.extensions["mvidarr.openapi"] = cached
    return jsonify(cached)
