"""The youtube plugin is found, loaded and its settings registered."""

from mvidarr.testing.plugin_checks import assert_plugin_loaded

SETTINGS = ["youtube.base_url", "youtube.api_key", "youtube.daily_quota",
            "youtube.search_results", "youtube.cooldown_minutes",
            "youtube.requests_per_second", "youtube.cache_hours"]


def test_plugin_is_loaded_with_its_settings(db):
    assert_plugin_loaded(db, "youtube", expected_settings=SETTINGS,
                         secrets=["youtube.api_key"],
                         url_settings=["youtube.base_url"])


def test_base_url_defaults_to_the_real_service(db):
    assert db.settings.get("youtube.base_url") == "https://www.googleapis.com/youtube/v3"
    assert db.settings.get("youtube.daily_quota") == 10_000
