"""Typed settings: validation, cache, secrets."""

from __future__ import annotations

import pytest

from mvidarr import SettingSpec, ValidationError, hookimpl
from mvidarr.errors import NotFoundError
from mvidarr.models import Setting
from mvidarr.settings import REDACTED


class Plugin:
    @hookimpl
    def register_settings(self, app):
        return [
            SettingSpec("probe.mode", "str", "fast", choices=("fast", "slow")),
            SettingSpec("probe.ratio", "float", 0.5, minimum=0, maximum=1),
            SettingSpec("probe.tags", "list", []),
            SettingSpec("probe.api_key", "str", None, secret=True),
        ]


@pytest.fixture
def sapp(make_app):
    app = make_app(probe=Plugin())
    with app.connection():
        yield app


def test_defaults_and_typed_values(sapp):
    assert sapp.settings.get("downloads.max_concurrent") == 2
    assert sapp.settings.set("downloads.max_concurrent", "3") == 3
    assert sapp.settings.get("downloads.max_concurrent") == 3
    assert sapp.settings.set("security.allow_private_urls", "yes") is True
    assert sapp.settings.set("probe.tags", "a, b,,c") == ["a", "b", "c"]
    assert sapp.settings.set("probe.ratio", 1) == 1.0


@pytest.mark.parametrize("key,value,words", [
    ("downloads.max_concurrent", "many", "whole number"),
    ("downloads.max_concurrent", 0, "at least 1"),
    ("downloads.max_concurrent", True, "whole number"),
    ("downloads.max_concurrent", 2.5, "whole number"),
    ("probe.mode", "medium", "not one of: fast, slow"),
    ("probe.ratio", "nan", "finite"),
    ("security.allow_private_urls", "perhaps", "true or false"),
    ("probe.tags", [1, 2], "list of text"),
    ("library.root", "  ", "folder path"),
])
def test_bad_values_are_refused_naming_the_key_and_change_nothing(sapp, key, value, words):
    before = sapp.settings.get(key)
    with pytest.raises(ValidationError, match=words) as caught:
        sapp.settings.set(key, value)
    assert key in str(caught.value)
    assert sapp.settings.get(key) == before
    assert Setting.get_or_none(Setting.key == key) is None


def test_unknown_keys_are_refused(sapp):
    with pytest.raises(NotFoundError, match="unknown setting"):
        sapp.settings.get("nope.key")


def test_a_write_drops_the_cache(sapp):
    assert sapp.settings.get("probe.mode") == "fast"
    Setting.create(key="probe.mode", value="slow")  # behind the cache's back
    assert sapp.settings.get("probe.mode") == "fast"  # still cached
    sapp.settings.set("probe.ratio", 0.1)
    assert sapp.settings.get("probe.mode") == "slow"


def test_a_change_by_another_process_applies_after_the_cache_ages(sapp, monkeypatch):
    sapp.settings.get("probe.mode")
    Setting.create(key="probe.mode", value="slow")
    monkeypatch.setattr("mvidarr.settings.CACHE_SECONDS", 0.0)
    assert sapp.settings.get("probe.mode") == "slow"


def test_secrets_are_redacted_and_have_no_default_in_code(sapp):
    assert sapp.settings.describe("probe.api_key")["value"] is None
    sapp.settings.set("probe.api_key", "s3cr3t-value")
    shown = sapp.settings.describe("probe.api_key")
    assert shown["value"] == REDACTED and shown["is_set"] is True
    assert "s3cr3t-value" not in repr(shown)
    assert sapp.settings.get("probe.api_key") == "s3cr3t-value"  # the code can still read it
    with pytest.raises(ValueError, match="no default in code"):
        SettingSpec("x.token", "str", "hard-coded", secret=True)


def test_plugin_settings_must_carry_the_plugin_prefix(make_app):
    class Stray:
        @hookimpl
        def register_settings(self, app):
            return [SettingSpec("other.key", "int", 1)]

    with pytest.raises(ValueError, match="start with 'stray.'"):
        make_app(stray=Stray())


def test_secrets_never_reach_the_log(sapp, config):
    sapp.settings.set("probe.api_key", "s3cr3t-value")
    sapp.settings.get("probe.api_key")
    sapp.log.warning("calling with key s3cr3t-value and apikey=abc123def456 and token: zzz999")
    for handler in sapp.log.handlers:
        handler.flush()
    text = (config.data_dir / "logs" / "mvidarr.log").read_text()
    assert "calling with key" in text
    for secret in ("s3cr3t-value", "abc123def456", "zzz999"):
        assert secret not in text


def test_the_database_and_the_log_are_readable_by_their_owner_only(sapp, config):
    import stat

    sapp.log.warning("something to write")
    names = ["logs/mvidarr.log"]
    if config.database_url.startswith("sqlite"):  # a server's database has no file here
        names += ["mvidarr.db", "mvidarr.db-wal"]
    for name in names:
        path = config.data_dir / name
        assert path.exists(), name
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, name
