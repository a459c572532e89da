"""Test support for MVidarr and its plugins, loaded by pytest as a plugin
(entry point ``pytest11``), so that the core's tests, every plugin package's
tests and third-party plugins share the same fixtures:

- `config`, `app`: an MVidarr on a fresh data folder (migrated, plugins loaded),
  with its own SQLite database, or an emptied one on the server
  MVIDARR_TEST_DATABASE_URL names (`server_database`, `mvidarr.testing.serverdb`);
- `make_app(name=plugin_object, ...)`: the same with test plugins registered;
- `db`: `app` with an open database connection;
- `flask_app`, `client`: its web app and a Flask test client;
- `api_keys`, `as_role`: a user of every role and headers to call as one.

`mvidarr.testing.fakes` holds fake outside services (real HTTP servers on
127.0.0.1) that answer as the reference says.
"""

from __future__ import annotations

import os

import pytest

from mvidarr import accounts
from mvidarr.app import create_app
from mvidarr.config import Config
from mvidarr.models import ROLES
from mvidarr.testing import serverdb


def pytest_configure(config):
    # Tests talk only to fakes on 127.0.0.1: a plugin left pointing at a real
    # service fails at once instead of reaching out (see mvidarr.sources).
    os.environ["MVIDARR_SOURCES_LOCAL_ONLY"] = "1"


@pytest.fixture(scope="session")
def server_database():
    """With MVIDARR_TEST_DATABASE_URL: the session's migrated database on that
    server (dropped at the end); otherwise None."""
    server = serverdb.server_url()
    if server is None:
        yield None
        return
    with serverdb.fresh_database(server) as url:
        yield serverdb.migrated(url)


@pytest.fixture
def config(tmp_path, server_database):
    """A data folder in `tmp_path` with its own SQLite database, or, with
    MVIDARR_TEST_DATABASE_URL set, the session's server database emptied for this
    test (see `mvidarr.testing.serverdb`)."""
    env = {"MVIDARR_DATA_DIR": str(tmp_path / "data")}
    if server_database is not None:
        serverdb.empty(server_database)
        env["MVIDARR_DATABASE_URL"] = server_database
    return Config.from_env(env=env, log_to_console=False)


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
