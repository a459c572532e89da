"""Settings over the API refuse bad values with 422 (nothing changes), reset with null or
DELETE, and `library.root` is an admin's setting."""

from __future__ import annotations

import pytest

URL = "/api/settings/"


@pytest.mark.parametrize("value", ["", "{nope}", "{", "../../{artist}", "{artist.__class__}"])
def test_a_bad_naming_template_is_refused_and_nothing_changes(client, app, db, as_role, value):
    answer = client.put(URL + "naming.template", headers=as_role("manager"),
                        json={"value": value})
    assert answer.status_code == 422
    assert "naming.template" in answer.get_json()["error"]
    assert app.settings.get("naming.template") == app.settings.spec("naming.template").default


def test_null_and_delete_reset_a_setting(client, app, db, as_role):
    headers = as_role("manager")
    client.put(URL + "downloads.max_concurrent", headers=headers, json={"value": 5})
    answer = client.put(URL + "downloads.max_concurrent", headers=headers, json={"value": None})
    assert answer.status_code == 200
    assert answer.get_json()["value"] == 2 and answer.get_json()["is_set"] is True
    assert app.settings.get("downloads.max_concurrent") == 2
    client.put(URL + "downloads.max_concurrent", headers=headers, json={"value": 7})
    assert client.delete(URL + "downloads.max_concurrent",
                         headers=as_role("user")).status_code == 403
    answer = client.delete(URL + "downloads.max_concurrent", headers=headers)
    assert answer.status_code == 200 and answer.get_json()["value"] == 2
    assert app.settings.get("downloads.max_concurrent") == 2
    assert client.delete(URL + "no.such.key", headers=headers).status_code == 404


def test_security_settings_are_reset_by_an_admin_only(client, app, db, as_role):
    app.settings.set("security.trusted_proxies", ["10.0.0.1"])
    assert client.delete(URL + "security.trusted_proxies",
                         headers=as_role("manager")).status_code == 403
    assert app.settings.get("security.trusted_proxies") == ["10.0.0.1"]
    answer = client.put(URL + "security.trusted_proxies", headers=as_role("admin"),
                        json={"value": "nonsense"})
    assert answer.status_code == 422
    answer = client.delete(URL + "security.trusted_proxies", headers=as_role("admin"))
    assert answer.status_code == 200 and answer.get_json()["value"] == []


def test_the_library_root_is_an_absolute_path_set_by_an_admin(client, app, db, as_role):
    answer = client.put(URL + "library.root", headers=as_role("manager"),
                        json={"value": "/srv/videos"})
    assert answer.status_code == 403
    assert client.get(URL + "library.root", headers=as_role("manager")).status_code == 403
    listed = client.get("/api/settings?per_page=500", headers=as_role("manager")).get_json()
    assert "library.root" not in [item["key"] for item in listed["items"]]
    answer = client.put(URL + "library.root", headers=as_role("admin"),
                        json={"value": "../escape"})
    assert answer.status_code == 422 and app.settings.get("library.root") is None
    answer = client.put(URL + "library.root", headers=as_role("admin"),
                        json={"value": "/srv/videos"})
    assert answer.status_code == 200 and answer.get_json()["value"] == "/srv/videos"


def test_an_interval_beyond_a_year_is_refused(client, app, db, as_role):
    answer = client.put(URL + "discovery.interval_minutes", headers=as_role("manager"),
                        json={"value": 9223372036854775807})
    assert answer.status_code == 422
    assert app.settings.get("discovery.interval_minutes") == 1440
