"""Settings over the API: typed writes, security settings for admins, secrets redacted."""

from __future__ import annotations

import pytest

from mvidarr.settings import REDACTED

TOKEN = "a-webhook-token-nobody-may-read-back"


def keys(answer) -> list[str]:
    assert answer.status_code == 200, answer.get_json()
    return [item["key"] for item in answer.get_json()["items"]]


def test_the_list_is_sorted_paged_and_hides_security_settings_from_non_admins(client, db,
                                                                              as_role):
    seen = keys(client.get("/api/settings?per_page=500", headers=as_role("readonly")))
    assert seen == sorted(seen)
    assert "downloads.max_concurrent" in seen
    assert not [k for k in seen if k.startswith("security.") or k.endswith("webhook_token")]
    admin = keys(client.get("/api/settings?per_page=500", headers=as_role("admin")))
    assert {"security.allow_private_urls", "plex.webhook_token"} <= set(admin)
    page = client.get("/api/settings?per_page=2&page=2", headers=as_role("admin")).get_json()
    assert [item["key"] for item in page["items"]] == admin[2:4]
    assert page["total"] == len(admin)
    assert keys(client.get("/api/settings?q=MAX_CONC", headers=as_role("readonly"))) == [
        "downloads.max_concurrent"]


def test_a_manager_changes_an_ordinary_setting_with_its_type_checked(client, app, db, as_role):
    answer = client.put("/api/settings/downloads.max_concurrent", headers=as_role("manager"),
                        json={"value": "3"})
    assert answer.status_code == 200
    assert answer.get_json()["value"] == 3 and answer.get_json()["type"] == "int"
    assert app.settings.get("downloads.max_concurrent") == 3
    for bad in ({"value": "many"}, {"value": 0}, {"value": True}, {}, {"value": 3, "also": 1}):
        refused = client.put("/api/settings/downloads.max_concurrent",
                             headers=as_role("manager"), json=bad)
        assert refused.status_code == 422, bad
    assert app.settings.get("downloads.max_concurrent") == 3
    read = client.get("/api/settings/downloads.max_concurrent", headers=as_role("readonly"))
    assert read.get_json()["value"] == 3


@pytest.mark.parametrize("key, value", [
    ("security.allow_private_urls", True),
    ("security.trusted_proxies", ["10.0.0.1"]),
    ("plex.webhook_token", TOKEN),
])
def test_security_settings_need_an_admin_to_read_or_change(client, app, db, as_role, key,
                                                           value):
    before = app.settings.get(key)
    for role in ("readonly", "user", "manager"):
        assert client.get(f"/api/settings/{key}", headers=as_role(role)).status_code == 403
        answer = client.put(f"/api/settings/{key}", headers=as_role(role), json={"value": value})
        assert answer.status_code == 403, role
    refused = client.put(f"/api/settings/{key}", headers=as_role("manager"),
                         json={"value": value})
    assert "admin" in refused.get_json()["error"]
    assert app.settings.get(key) == before
    assert client.put(f"/api/settings/{key}", headers=as_role("admin"),
                      json={"value": value}).status_code == 200
    assert app.settings.get(key) == value


def test_a_secret_is_redacted_in_every_answer_the_write_included(client, app, db, as_role):
    admin = as_role("admin")
    written = client.put("/api/settings/plex.webhook_token", headers=admin,
                         json={"value": TOKEN})
    assert written.status_code == 200
    assert written.get_json()["value"] == REDACTED and written.get_json()["is_set"] is True
    assert app.settings.get("plex.webhook_token") == TOKEN
    for answer in (written,
                   client.get("/api/settings/plex.webhook_token", headers=admin),
                   client.get("/api/settings?per_page=500", headers=admin)):
        assert TOKEN not in answer.get_data(as_text=True)


def test_unknown_keys_are_404_and_bodies_must_be_json(client, db, as_role):
    assert client.get("/api/settings/no.such.key", headers=as_role("readonly")).status_code == 404
    assert client.put("/api/settings/no.such.key", headers=as_role("admin"),
                      json={"value": 1}).status_code == 404
    assert client.put("/api/settings/downloads.max_concurrent", headers=as_role("manager"),
                      data="value=3").status_code == 400
