"""The Plex plugin is found, loaded and its settings registered."""

from mvidarr.testing.plugin_checks import assert_plugin_loaded, owned_settings


def test_plugin_is_loaded_with_its_settings(db):
    assert_plugin_loaded(db, "plex", expected_settings=["plex.base_url", "plex.token"],
                         secrets=["plex.token"], url_settings=["plex.base_url"])


def test_base_url_defaults_to_a_server_on_this_machine(db):
    assert db.settings.get("plex.base_url") == "http://127.0.0.1:32400"


def test_webhook_token_stays_the_cores(db):
    # The core checks it before any plugin runs; the plugin must not claim it.
    assert db.settings.spec("plex.webhook_token").plugin == "core"
    assert "plex.webhook_token" not in owned_settings(db, "plex")
