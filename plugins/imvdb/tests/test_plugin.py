"""The imvdb plugin is found, loaded and its settings registered."""

from mvidarr.testing.plugin_checks import assert_plugin_loaded


def test_plugin_is_loaded_with_its_settings(db):
    assert_plugin_loaded(db, "imvdb", expected_settings=["imvdb.base_url", "imvdb.api_key",
                                                      "imvdb.requests_per_second",
                                                      "imvdb.cache_hours"],
                         secrets=["imvdb.api_key"], url_settings=["imvdb.base_url"])


def test_base_url_defaults_to_the_real_service(db):
    assert db.settings.get("imvdb.base_url") == "https://imvdb.com/api/v1"
