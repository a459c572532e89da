"""The REST API: one blueprint per resource, each module exposing `bp`.

Blueprints are imported inside `register` (never at import time of the web
package), in the order listed here.
"""

from __future__ import annotations

import importlib

from flask import Flask

RESOURCES = (
    "system",
    "auth",
    "users",
    "apikeys",
    "artists",
    "videos",
    "media",
    "queue",
    "history",
    "wanted",
    "settings",
    "qualityprofiles",
    "blocklist",
    "plugins",
    "jobs",
    "commands",
    "webhooks",
    "openapi",
)


def register(app: Flask) -> None:
    for name in RESOURCES:
        module = importlib.import_module(f"mvidarr.web.api.{name}")
        app.register_blueprint(module.bp, url_prefix="/api")
