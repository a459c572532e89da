"""The pages a browser loads. The UI itself comes later; this says it runs."""

from __future__ import annotations

from flask import Blueprint, g

from mvidarr.web.routing import route

bp = Blueprint("pages", __name__)


@route(bp, "/", methods=["GET"], role="public", summary="Start page",
       content_type="text/html", responses={200: None})
def index():
    return (f"<!doctype html><title>MVidarr</title><h1>MVidarr is running</h1>"
            f"<p>Version {g.mvidarr.version}.</p>")
