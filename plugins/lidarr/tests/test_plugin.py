"""The Lidarr plugin is found, loaded and its settings registered."""

from mvidarr.testing.plugin_checks import assert_plugin_loaded, owned_settings


def test_plugin_is_loaded_with_its_settings(db):
    assert_plugin_loaded(db, "lidarr", expected_settings=["lidarr.base_url", "lidarr.api_key"],
                         secrets=["lidarr.api_key"], url_settings=["lidarr.base_url"])


def test_base_url_defaults_to_lidarr_on_this_machine(db):
    assert db.settings.get("lidarr.base_url") == "http://127.0.0.1:8686"


def test_webhook_token_stays_the_cores(db):
    assert db.settings.spec("lidarr.webhook_token").plugin == "core"
    assert "lidarr.webhook_token" not in owned_settings(db, "lidarr")
