"""The musicbrainz plugin is found, loaded and its settings registered."""

from mvidarr.testing.plugin_checks import assert_plugin_loaded

SETTINGS = ["musicbrainz.base_url", "musicbrainz.contact", "musicbrainz.requests_per_second",
            "musicbrainz.cache_hours"]


def test_plugin_is_loaded_with_its_settings(db):
    assert_plugin_loaded(db, "musicbrainz", expected_settings=SETTINGS,
                         url_settings=["musicbrainz.base_url"])


def test_defaults_are_the_real_service_at_one_request_a_second(db):
    assert db.settings.get("musicbrainz.base_url") == "https://musicbrainz.org/ws/2"
    assert db.settings.get("musicbrainz.requests_per_second") == 1.0
