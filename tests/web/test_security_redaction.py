"""Secrets never reach the log file or the CLI's output: passwords, API keys, TOTP
secrets and codes, the setup token."""

from __future__ import annotations

import pyotp
from click.testing import CliRunner

from mvidarr.cli.base import cli

PASSWORD = "my own long password"


def test_the_log_holds_no_secret_after_setup_login_2fa_and_keys(app, flask_app):
    browser = flask_app.test_client()
    setup_token = (app.data_dir / "setup_token").read_text().strip()
    csrf = browser.post("/api/auth/setup", json={
        "token": setup_token, "username": "me", "password": PASSWORD}).get_json()["csrf_token"]
    headers = {"X-CSRF-Token": csrf}
    enrolment = browser.post("/api/auth/2fa/enrol", json={"password": PASSWORD},
                             headers=headers).get_json()
    totp = pyotp.TOTP(enrolment["secret"])
    codes = browser.post("/api/auth/2fa/confirm", json={"code": totp.now()},
                         headers=headers).get_json()["recovery_codes"]
    csrf = browser.get("/api/auth/me").get_json()["csrf_token"]
    browser.post("/api/auth/logout", headers={"X-CSRF-Token": csrf})
    # A password typed into the username box, and a wrong one.
    browser.post("/api/auth/login", json={"username": PASSWORD, "password": PASSWORD})
    browser.post("/api/auth/login", json={"username": "me", "password": "wrong " + PASSWORD})
    csrf = browser.post("/api/auth/login", json={
        "username": "me", "password": PASSWORD, "totp": codes[0]}).get_json()["csrf_token"]
    key = browser.post("/api/apikeys", json={"name": "script"},
                       headers={"X-CSRF-Token": csrf}).get_json()["key"]
    browser.get("/api/auth/me", headers={"X-Api-Key": key})
    browser.post("/api/users", headers={"X-Api-Key": key},
                 json={"username": "second", "password": "second long password"})

    log = (app.data_dir / "logs" / "mvidarr.log").read_text()
    # The flow was logged: the test looks at real lines, not an empty file.
    for event in ("setup done", "started enrolling", "switched 2FA on", "failed login",
                  "me logged in", "made the API key", "created the user second"):
        assert event in log, event
    secrets = [setup_token, PASSWORD, key, key[8:], enrolment["secret"], *codes,
               "second long password"]
    for secret in secrets:
        assert secret not in log


def test_the_cli_never_prints_a_password(tmp_path, monkeypatch):
    monkeypatch.setenv("MVIDARR_DATA_DIR", str(tmp_path / "data"))
    runner = CliRunner()
    made = runner.invoke(cli, ["user", "create", "ops", "--role", "admin", "--password-stdin"],
                         input="an operator password\n")
    assert made.exit_code == 0, made.output
    assert "an operator password" not in made.output
    assert "ops" in made.output
    log = (tmp_path / "data" / "logs" / "mvidarr.log").read_text()
    assert "an operator password" not in log
