"""API keys: shown once, stored hashed, listed by prefix, revocable, one's own."""

from __future__ import annotations

import hashlib

from flask import Blueprint, jsonify

from mvidarr.models import ApiKey, User
from mvidarr.web.auth import current_user
from mvidarr.web.routing import route


def make_key(client, headers, **body):
    answer = client.post("/api/apikeys", json=body, headers=headers)
    assert answer.status_code == 201, answer.get_json()
    return answer.get_json()


def test_a_key_is_shown_once_and_stored_hashed(client, as_role, db):
    made = make_key(client, as_role("user"), name="dashboard")
    key = made["key"]
    assert key.startswith("mvk_") and len(key) > 40
    assert made["prefix"] == key[:8] and made["username"] == "user-user"
    row = ApiKey.get_by_id(made["id"])
    assert row.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert key not in str(row.__data__)
    listed = client.get("/api/apikeys", headers=as_role("user")).get_json()
    assert key not in str(listed)
    mine = [item for item in listed["items"] if item["id"] == made["id"]]
    assert mine == [{k: v for k, v in made.items() if k != "key"}]


def test_a_key_acts_as_its_user_with_their_role(client, as_role):
    key = make_key(client, as_role("manager"))["key"]
    me = client.get("/api/auth/me", headers={"X-Api-Key": key}).get_json()
    assert me["user"]["username"] == "manager-user" and me["user"]["role"] == "manager"
    assert client.get("/api/users", headers={"X-Api-Key": key}).status_code == 403


def test_users_see_and_revoke_only_their_own_keys(client, as_role, db):
    theirs = make_key(client, as_role("manager"), name="manager's")
    user = as_role("user")
    listed = client.get("/api/apikeys", headers=user).get_json()["items"]
    assert {item["username"] for item in listed} == {"user-user"}
    assert client.delete(f"/api/apikeys/{theirs['id']}", headers=user).status_code == 404
    assert client.get("/api/auth/me", headers={"X-Api-Key": theirs["key"]}).status_code == 200
    other = User.by_name("manager-user")
    assert client.post("/api/apikeys", json={"user_id": other.id},
                       headers=user).status_code == 404


def test_revoking_a_key_stops_it(client, as_role):
    made = make_key(client, as_role("user"))
    headers = {"X-Api-Key": made["key"]}
    assert client.get("/api/auth/me", headers=headers).status_code == 200
    assert client.delete(f"/api/apikeys/{made['id']}", headers=headers).status_code == 204
    assert client.get("/api/auth/me", headers=headers).status_code == 401
    assert client.delete(f"/api/apikeys/{made['id']}",
                         headers=as_role("user")).status_code == 404
    revoked = client.get("/api/apikeys?revoked=true", headers=as_role("user")).get_json()
    assert [item["revoked_at"] is not None for item in revoked["items"]
            if item["id"] == made["id"]] == [True]


def test_admin_sees_all_keys_and_makes_keys_for_others(client, as_role, db):
    admin = as_role("admin")
    everyone = client.get("/api/apikeys?per_page=500", headers=admin).get_json()
    assert {item["username"] for item in everyone["items"]} == {
        "readonly-user", "user-user", "manager-user", "admin-user"}
    target = User.by_name("readonly-user")
    made = make_key(client, admin, user_id=target.id, name="for readonly")
    assert made["username"] == "readonly-user"
    only = client.get(f"/api/apikeys?user_id={target.id}", headers=admin).get_json()
    assert {item["username"] for item in only["items"]} == {"readonly-user"}
    assert client.delete(f"/api/apikeys/{made['id']}", headers=admin).status_code == 204
    assert client.post("/api/apikeys", json={"user_id": 9999}, headers=admin).status_code == 404


def test_bad_keys_are_401(client, as_role):
    for key in ("mvk_nope", "x" * 500, as_role("user")["X-Api-Key"] + "x"):
        assert client.get("/api/auth/me", headers={"X-Api-Key": key}).status_code == 401


def test_a_key_in_the_query_counts_only_on_routes_that_allow_it(app, api_keys):
    from mvidarr.web import create_app as create_web

    bp = Blueprint("media_test", __name__)

    @route(bp, "/media-test/stream", methods=["GET"], role="readonly", summary="test stream",
           apikey_query=True)
    def stream():
        return jsonify(user=current_user().username)

    @route(bp, "/media-test/other", methods=["GET"], role="readonly", summary="test other")
    def other():
        return jsonify(user=current_user().username)

    flask_app = create_web(app, {"TESTING": True})
    flask_app.register_blueprint(bp, url_prefix="/api")
    client = flask_app.test_client()
    key = api_keys["user"]
    assert client.get(f"/api/media-test/stream?apikey={key}").get_json() == {"user": "user-user"}
    assert client.get(f"/api/media-test/other?apikey={key}").status_code == 401
    assert client.get(f"/api/auth/me?apikey={key}").status_code == 401
    assert client.get("/api/media-test/stream?apikey=wrong").status_code == 401
    assert client.get("/api/media-test/other", headers={"X-Api-Key": key}).status_code == 200


def test_key_names_are_checked(client, as_role):
    answer = client.post("/api/apikeys", json={"name": "x" * 101}, headers=as_role("user"))
    assert answer.status_code == 422
    answer = client.post("/api/apikeys", json={"nme": "typo"}, headers=as_role("user"))
    assert answer.status_code == 422


def test_media_routes_take_the_key_from_the_query(client, api_keys):
    key = api_keys["readonly"]
    for what in ("stream", "thumbnail"):
        assert client.get(f"/api/videos/424242/{what}").status_code == 401
        # Signed in by the query's key: the answer is about the (missing) video.
        assert client.get(f"/api/videos/424242/{what}?apikey={key}").status_code == 404
