"""Plugins over the API: the list with health, switching one on and off (admins only)."""

from __future__ import annotations

from mvidarr import accounts, hookimpl
from mvidarr.testing.rows import keep_only_plugins
from mvidarr.web import create_app as create_web


def by_name(answer) -> dict[str, dict]:
    assert answer.status_code == 200, answer.get_json()
    return {item["name"]: item for item in answer.get_json()["items"]}


def test_the_list_shows_every_plugin_with_its_state(client, db, as_role):
    answer = client.get("/api/plugins", headers=as_role("readonly"))
    plugins = by_name(answer)
    assert answer.get_json()["total"] == len(plugins) == len(db.plugin_infos)
    core = plugins["core"]
    assert core["builtin"] is True and core["required"] is True and core["enabled"] is True
    assert core["health"] in ("ok", "unknown")


def test_an_admin_disables_and_enables_a_plugin(client, app, db, as_role):
    admin = as_role("admin")
    answer = client.put("/api/plugins/lognotify", headers=admin, json={"enabled": False})
    assert answer.status_code == 200
    assert answer.get_json()["name"] == "lognotify" and answer.get_json()["enabled"] is False
    assert "lognotify" in app.plugin_states.disabled()
    assert by_name(client.get("/api/plugins?enabled=false", headers=admin)).keys() == {
        "lognotify"}
    client.put("/api/plugins/lognotify", headers=admin, json={"enabled": True})
    assert "lognotify" not in app.plugin_states.disabled()


def test_what_cannot_be_done_is_refused(client, app, db, as_role):
    admin = as_role("admin")
    core = client.put("/api/plugins/core", headers=admin, json={"enabled": False})
    assert core.status_code == 400 and "cannot be disabled" in core.get_json()["error"]
    assert client.put("/api/plugins/nosuch", headers=admin,
                      json={"enabled": False}).status_code == 404
    for body in ({}, {"enabled": "no"}, {"enabled": False, "name": "x"}):
        assert client.put("/api/plugins/lognotify", headers=admin, json=body).status_code == 422
    manager = client.put("/api/plugins/lognotify", headers=as_role("manager"),
                         json={"enabled": False})
    assert manager.status_code == 403
    assert "lognotify" not in app.plugin_states.disabled()


class Broken:
    @hookimpl
    def lookup_artist(self, app, term):
        raise ConnectionError("the source is down")


def test_a_failing_plugin_shows_its_health_and_last_error(make_app):
    mvidarr = make_app(broken=Broken())
    with mvidarr.connection():
        keep_only_plugins(mvidarr, "broken")
        accounts.create_user("viewer", "a long enough password", "readonly")
        key = accounts.create_api_key("viewer")[1]
        mvidarr.hooks.collect("lookup_artist", term="x")
    client = create_web(mvidarr, {"TESTING": True}).test_client()
    broken = by_name(client.get("/api/plugins", headers={"X-Api-Key": key}))["broken"]
    assert broken["health"] == "error"
    assert broken["last_error"] == "ConnectionError: the source is down"
    assert broken["last_error_at"].endswith("Z") and broken["error_count"] == 1
    health = client.get("/api/system/health", headers={"X-Api-Key": key}).get_json()
    assert health["status"] == "warning"
    assert any("broken" in problem for problem in health["problems"])
