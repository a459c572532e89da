"""The Flask app: `create_app(mvidarr_app)` builds it around a running `Mvidarr`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import Flask, g, request

if TYPE_CHECKING:
    from mvidarr.app import Mvidarr


MAX_ROW_ID = 2**63 - 1  # SQL stores signed 64-bit integers


def create_app(mvidarr_app: Mvidarr, test_config: dict | None = None) -> Flask:
    from mvidarr import setup_token
    from mvidarr.errors import NotFoundError
    from mvidarr.web import api, security
    from mvidarr.web.errors import register_error_handlers
    from mvidarr.web.pages import bp as pages

    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=mvidarr_app.secret_key,
        MAX_CONTENT_LENGTH=1024 * 1024,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_NAME="mvidarr_session",
    )
    if test_config:
        app.config.update(test_config)
    app.extensions["mvidarr"] = mvidarr_app

    @app.before_request
    def _open_db():
        g.mvidarr = mvidarr_app
        g._db = mvidarr_app.connection()
        g._db.__enter__()

    @app.before_request
    def _ids_in_range():
        # An <int:...> id no row can have is simply not there (and never reaches SQL).
        # Done here, not in a URL converter: a failing converter turns into 405s.
        if any(isinstance(v, int) and v > MAX_ROW_ID for v in (request.view_args or {}).values()):
            raise NotFoundError("no such resource")

    @app.teardown_request
    def _close_db(exc):
        ctx = g.pop("_db", None)
        if ctx is not None:
            ctx.__exit__(None, None, None)

    security.register(app, mvidarr_app)
    register_error_handlers(app)
    api.register(app)
    app.register_blueprint(pages)
    for _plugin, blueprints in mvidarr_app.hooks.collect("web_blueprints"):
        for blueprint in blueprints:
            app.register_blueprint(blueprint)
    with mvidarr_app.connection():  # no user yet: print the one-time setup token
        setup_token.prepare(mvidarr_app)
    return app

