"""The Spotify plugin is found, loaded and its settings registered."""

from mvidarr.testing.plugin_checks import assert_plugin_loaded

SETTINGS = ["spotify.base_url", "spotify.accounts_url", "spotify.client_id",
            "spotify.client_secret"]


def test_plugin_is_loaded_with_its_settings(db):
    assert_plugin_loaded(db, "spotify", expected_settings=SETTINGS,
                         secrets=["spotify.client_secret"],
                         url_settings=["spotify.base_url", "spotify.accounts_url"])


def test_both_hosts_default_to_spotify(db):
    assert db.settings.get("spotify.base_url") == "https://api.spotify.com/v1"
    assert db.settings.get("spotify.accounts_url") == "https://accounts.spotify.com"


def test_client_id_is_shown_but_client_secret_is_not(db):
    db.settings.set("spotify.client_id", "5fe01282e44241328a84e7c5cc169165")
    assert db.settings.shown("spotify.client_id") == "5fe01282e44241328a84e7c5cc169165"
    assert db.settings.shown("spotify.client_secret") is None
