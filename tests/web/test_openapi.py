"""The OpenAPI document holds every route of the URL map, and every route declares a role."""

from __future__ import annotations

from flask import Blueprint, jsonify

from mvidarr import accounts, hookimpl
from mvidarr.web import create_app as create_web
from mvidarr.web.openapi import NOT_ROUTES, build, openapi_path, undocumented
from mvidarr.web.routing import route

IGNORED_METHODS = {"HEAD", "OPTIONS"}


def document(client, as_role) -> dict:
    answer = client.get("/api/openapi.json", headers=as_role("readonly"))
    assert answer.status_code == 200
    return answer.get_json()


def test_every_route_of_the_url_map_is_in_the_document(client, flask_app, as_role):
    doc = document(client, as_role)
    assert doc["openapi"].startswith("3.1")
    missing = []
    for rule in flask_app.url_map.iter_rules():
        if rule.endpoint in NOT_ROUTES:
            continue
        path, _ = openapi_path(rule.rule)
        for method in rule.methods - IGNORED_METHODS:
            if method.lower() not in doc["paths"].get(path, {}):
                missing.append(f"{method} {rule.rule}")
    assert missing == []
    assert len(doc["paths"]) >= 30


def test_every_route_declares_a_role(flask_app):
    assert undocumented(flask_app) == []


def test_a_route_added_without_a_role_is_caught(flask_app):
    flask_app.add_url_rule("/api/sneaky", "sneaky", lambda: "no role here")
    assert undocumented(flask_app) == ["/api/sneaky"]


def test_operations_carry_parameters_bodies_answers_and_security(client, as_role):
    doc = document(client, as_role)
    assert set(doc["components"]["securitySchemes"]) >= {"ApiKeyAuth", "SessionCookie"}
    assert {"ApiKeyAuth": []} in doc["security"]
    one = doc["paths"]["/api/artists/{artist_id}"]
    assert one["get"]["parameters"][0] == {
        "name": "artist_id", "in": "path", "required": True,
        "schema": {"type": "integer", "minimum": 0, "maximum": 2**63 - 1}}
    assert one["get"]["x-role"] == "readonly" and "security" not in one["get"]
    assert one["put"]["requestBody"]["content"]["application/json"]["schema"][
        "additionalProperties"] is False
    listed = doc["paths"]["/api/artists"]["get"]
    assert {p["name"] for p in listed["parameters"]} >= {"page", "per_page", "sort", "order",
                                                         "monitored", "q"}
    assert set(listed["responses"]["200"]["content"]["application/json"]["schema"][
        "properties"]) == {"items", "page", "per_page", "total"}
    stream = doc["paths"]["/api/videos/{video_id}/stream"]["get"]
    assert {"ApiKeyQuery": []} in stream["security"]  # media players cannot send headers
    health = doc["paths"]["/api/health"]["get"]
    assert health["security"] == [] and health["x-role"] == "public"
    plex = doc["paths"]["/api/webhooks/plex"]["post"]
    assert plex["security"] == [] and "multipart/form-data" in plex["requestBody"]["content"]
    token = doc["paths"]["/api/webhooks/{source}/token"]["post"]["parameters"][0]
    assert token["schema"]["enum"] == ["plex", "lidarr"]
    for path, operations in doc["paths"].items():
        for method, operation in operations.items():
            assert operation["summary"], f"{method} {path}"
            assert "default" in operation["responses"], f"{method} {path}"


def test_the_document_needs_a_signed_in_user(client):
    assert client.get("/api/openapi.json").status_code == 401


def test_a_plugins_routes_join_the_document(make_app):
    bp = Blueprint("echo", __name__)

    @route(bp, "/api/echo/<int:times>", methods=["POST"], role="user", summary="Echo",
           body={"type": "object"}, responses={200: {"type": "object"}})
    def echo(times):
        return jsonify(times=times)

    class Plugin:
        @hookimpl
        def web_blueprints(self, app):
            return [bp]

    mvidarr = make_app(echo=Plugin())
    flask_app = create_web(mvidarr, {"TESTING": True})
    operation = build(flask_app, "test")["paths"]["/api/echo/{times}"]["post"]
    assert operation["x-role"] == "user" and operation["operationId"] == "echo_echo"
    with mvidarr.connection():
        accounts.create_user("u", "a long enough password", "readonly")
        key = accounts.create_api_key("u")[1]
    assert flask_app.test_client().post("/api/echo/2", json={},
                                        headers={"X-Api-Key": key}).status_code == 403


def test_the_document_loads_in_schemathesis(client, as_role):
    import schemathesis

    schema = schemathesis.openapi.from_dict(document(client, as_role))
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == sum(len(ops) for ops in document(client, as_role)["paths"].values())


def test_ids_beyond_what_sql_stores_are_404_on_every_route(client, as_role):
    for url in ("/api/artists/9223372036854775808", "/api/users/99999999999999999999",
                "/api/videos/9223372036854775808/stream"):
        assert client.get(url, headers=as_role("admin")).status_code == 404, url
    assert client.delete("/api/apikeys/9223372036854775808",
                         headers=as_role("admin")).status_code == 404
