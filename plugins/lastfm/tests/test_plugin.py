"""The Last.fm plugin is found, loaded and its settings registered."""

from mvidarr.testing.plugin_checks import assert_plugin_loaded


def test_plugin_is_loaded_with_its_settings(db):
    assert_plugin_loaded(db, "lastfm",
                         expected_settings=["lastfm.base_url", "lastfm.api_key",
                                            "lastfm.username"],
                         secrets=["lastfm.api_key"], url_settings=["lastfm.base_url"])


def test_base_url_defaults_to_last_fm(db):
    assert db.settings.get("lastfm.base_url") == "https://ws.audioscrobbler.com/2.0/"


def test_username_is_plain_text(db):
    db.settings.set("lastfm.username", "a-listener")
    assert db.settings.describe("lastfm.username")["value"] == "a-listener"
