"""The first start: a one-time setup token makes the first admin, then it is gone."""

from __future__ import annotations

import pytest

from mvidarr import accounts, setup_token
from mvidarr.models import User


@pytest.fixture
def token_file(app, flask_app):
    return app.data_dir / "setup_token"


PASSWORD = "a good long password"


def setup(client, token, username="first", password=PASSWORD):
    return client.post("/api/auth/setup",
                       json={"token": token, "username": username, "password": password})


def test_first_start_writes_a_private_token_file(token_file):
    assert token_file.exists()
    assert token_file.stat().st_mode & 0o777 == 0o600
    assert len(token_file.read_text().strip()) >= 40


def test_the_token_is_printed_on_the_console_but_not_in_the_log_file(tmp_path, capfd):
    from mvidarr.app import create_app
    from mvidarr.config import Config
    from mvidarr.web import create_app as create_web

    config = Config.from_env(env={"MVIDARR_DATA_DIR": str(tmp_path / "d")}, log_to_console=True)
    app = create_app(config)
    try:
        create_web(app)
        token = (config.data_dir / "setup_token").read_text().strip()
        err = capfd.readouterr().err
        assert token in err
        log = (config.data_dir / "logs" / "mvidarr.log").read_text()
        assert "setup token" in log and str(config.data_dir / "setup_token") in log
        assert token not in log
    finally:
        app.stop()


def test_setup_needed_until_the_first_admin_exists(client, token_file):
    assert client.get("/api/auth/setup").get_json() == {"needed": True}
    answer = setup(client, token_file.read_text().strip())
    assert answer.status_code == 201
    assert answer.get_json()["user"]["role"] == "admin"
    assert client.get("/api/auth/setup").get_json() == {"needed": False}


def test_setup_makes_an_admin_logs_them_in_and_removes_the_token(client, token_file, db):
    token = token_file.read_text().strip()
    answer = setup(client, token)
    assert answer.status_code == 201
    assert not token_file.exists()
    assert User.by_name("first").role == "admin"
    me = client.get("/api/auth/me").get_json()
    assert me["user"]["username"] == "first"
    assert me["csrf_token"] == answer.get_json()["csrf_token"]
    # The token worked once: it makes no second admin.
    again = setup(client, token, username="second")
    assert again.status_code == 409
    assert User.by_name("second") is None


def test_a_wrong_token_makes_nobody(client, token_file, db):
    answer = setup(client, "not-the-token")
    assert answer.status_code == 401
    assert User.select().count() == 0
    assert token_file.exists()


def test_setup_checks_the_password_like_every_other(client, token_file, db):
    answer = setup(client, token_file.read_text().strip(), password="short")
    assert answer.status_code == 422
    assert User.select().count() == 0
    assert token_file.exists()


def test_wrong_setup_tokens_are_limited(client, token_file):
    for _ in range(3):
        assert setup(client, "guess").status_code == 401
    locked = setup(client, token_file.read_text().strip())
    assert locked.status_code == 429
    assert int(locked.headers["Retry-After"]) >= 1


def test_no_token_while_users_exist_and_a_stale_file_is_removed(app, db):
    path = app.data_dir / "setup_token"
    assert setup_token.prepare(app, announce=False)
    accounts.create_user("made-by-cli", "a good long password", "admin")
    assert setup_token.prepare(app, announce=False) is None
    assert not path.exists()


def test_restarts_keep_the_same_token_until_it_is_used(app, db):
    first = setup_token.prepare(app, announce=False)
    assert setup_token.prepare(app, announce=False) == first
