"""A newcomer's first run, end to end through the web app: read the setup token,
create the first admin, switch on 2FA, log in with it, make an API key and call
the API with that key."""

from __future__ import annotations

import time

import pyotp


def test_first_run_from_setup_token_to_an_api_key(app, flask_app):
    browser = flask_app.test_client()
    token_file = app.data_dir / "setup_token"
    assert browser.get("/api/artists").status_code == 401  # locked from the first start
    assert browser.get("/api/auth/setup").get_json() == {"needed": True}

    # 1. The first admin, from the token in the data folder.
    made = browser.post("/api/auth/setup", json={
        "token": token_file.read_text().strip(), "username": "me",
        "password": "my own long password"})
    assert made.status_code == 201
    csrf = made.get_json()["csrf_token"]
    assert not token_file.exists()

    # 2. Two-factor authentication: enrol with the QR code's secret, confirm with a code.
    enrolment = browser.post("/api/auth/2fa/enrol", json={"password": "my own long password"},
                             headers={"X-CSRF-Token": csrf}).get_json()
    authenticator = pyotp.parse_uri(enrolment["provisioning_uri"])
    confirmed = browser.post("/api/auth/2fa/confirm",
                             json={"code": authenticator.at(int(time.time()), counter_offset=-1)},
                             headers={"X-CSRF-Token": csrf})
    assert confirmed.status_code == 200
    assert len(confirmed.get_json()["recovery_codes"]) == 10

    # 3. Log out, and in again: the password alone is not enough any more.
    csrf = browser.get("/api/auth/me").get_json()["csrf_token"]
    assert browser.post("/api/auth/logout", headers={"X-CSRF-Token": csrf}).status_code == 204
    credentials = {"username": "me", "password": "my own long password"}
    asked = browser.post("/api/auth/login", json=credentials)
    assert asked.status_code == 401 and asked.get_json()["details"]["totp_required"]
    logged_in = browser.post("/api/auth/login", json={
        **credentials, "totp": authenticator.at(int(time.time()))})
    assert logged_in.status_code == 200
    csrf = logged_in.get_json()["csrf_token"]

    # 4. An API key, shown once; a script uses it without any cookie.
    created = browser.post("/api/apikeys", json={"name": "my script"},
                           headers={"X-CSRF-Token": csrf})
    assert created.status_code == 201
    key = created.get_json()["key"]
    script = flask_app.test_client()
    me = script.get("/api/auth/me", headers={"X-Api-Key": key}).get_json()
    assert me["user"] == {**me["user"], "username": "me", "role": "admin", "totp_enabled": True}
    artists = script.get("/api/artists", headers={"X-Api-Key": key})
    assert artists.status_code == 200
    assert artists.get_json()["items"] == []
    assert script.get("/api/artists").status_code == 401
