"""Test support for MVidarr and its plugins, loaded by pytest as a plugin
(entry point ``pytest11``), so that the core's tests, every plugin package's
tests and third-party plugins share the same fixtures:

- `config`, `app`: an MVidarr on a fresh data folder (migrated, plugins loaded);
- `make_app(name=plugin_object, ...)`: the same with test plugins registered;
- `db`: `app` with an open database connection;
- `flask_app`, `client`: its web app and a Flask test client;
- `api_keys`, `as_role`: a user of every role and headers to call as one.

`mvidarr.testing.fakes` holds fake outside services (real HTTP servers on
127.0.0.1) that answer as the reference says.
"""

from __future__ import annotations

import pytest

from mvidarr import accounts
from mvidarr.app import create_app
from mvidarr.config import Config
from mvidarr.models import ROLES


@pytest.fixture
def config(tmp_path):
    data = tmp_path / "data"
    return Config.from_env(env={"MVIDARR_DATA_DIR": str(data)}, log_to_console=False)


@pytest.fixture
def make_app(config):
    """Build an app with extra plugin objects: ``make_app(myplugin=obj)``.

    Plugins given here are registered before settings and tasks are
    collected, exactly as installed plugins are."""
    made = []

    def make(**plugins):
        built = create_app(config, plugins=plugins)
        made.append(built)
        return built

    yield make
    for built in made:
        built.stop()


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture
def db(app):
    """An open connection for tests that touch models directly."""
    with app.connection():
        yield app


@pytest.fixture
def flask_app(app):
    from mvidarr.web import create_app as create_web

    return create_web(app, {"TESTING": True})


@pytest.fixture
def client(flask_app):
    return flask_app.test_client()


@pytest.fixture
def api_keys(app):
    """An API key for a user of every role: {"admin": "mvk_...", ...}."""
    keys = {}
    with app.connection():
        for role in ROLES:
            accounts.create_user(f"{role}-user", "a long enough password", role)
            keys[role] = accounts.create_api_key(f"{role}-user")[1]
    return keys


@pytest.fixture
def as_role(api_keys):
    """Headers for a request made as `role`: ``client.get(url, headers=as_role("admin"))``."""
    return lambda role: {"X-Api-Key": api_keys[role]}
