"""The pages a browser loads. The browser UI is not built yet: the start page says
MVidarr runs and, before the first admin exists, how to make one."""

from __future__ import annotations

from html import escape

from flask import Blueprint, g

from mvidarr import setup_token
from mvidarr.web.routing import route

bp = Blueprint("pages", __name__)

FIRST_RUN = """
<h2>First run</h2>
<p>No user exists yet. Create the first admin with the one-time setup token that
<code>mvidarr serve</code> printed (it is also in the file <code>setup_token</code> in the
data folder):</p>
<pre>curl -X POST http://HOST/api/auth/setup -H 'Content-Type: application/json' \\
  -d '{"token": "TOKEN", "username": "me", "password": "a long password"}'</pre>
<p>or on the command line: <code>mvidarr user create me --role admin</code>.</p>
"""


@route(bp, "/", methods=["GET"], role="public", summary="Start page",
       content_type="text/html", responses={200: None})
def index():
    first_run = FIRST_RUN if setup_token.needed() else ""
    return (f"<!doctype html><html lang=en><meta charset=utf-8><title>MVidarr</title>"
            f"<h1>MVidarr is running</h1><p>Version {escape(g.mvidarr.version)}.</p>"
            f"{first_run}<p>The REST API is described in docs/api.md and, once you are "
            f"signed in, at <code>/api/openapi.json</code>.</p></html>")
