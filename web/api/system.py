"""Liveness for anyone; the rest of the system's state for signed-in users."""

from __future__ import annotations

from flask import Blueprint, jsonify

from mvidarr.web.routing import route

bp = Blueprint("system", __name__)

HEALTH = {"type": "object", "properties": {"status": {"type": "string", "enum": ["ok"]}},
          "required": ["status"]}


@route(bp, "/health", methods=["GET"], role="public",
       summary="Whether MVidarr is alive (no authentication; says nothing else)",
       responses={200: HEALTH})
def health():
    return jsonify(status="ok")
