"""Settings refuse values that would only fail later: a bad value is a ValidationError
naming the key and changes nothing; None resets a setting to its default."""

from __future__ import annotations

import pytest

from mvidarr import SettingSpec, hookimpl, validators
from mvidarr.cli import main
from mvidarr.errors import ValidationError
from mvidarr.models import Setting, utcnow

URL_SETTINGS = ("imvdb.base_url", "lastfm.base_url", "lidarr.base_url", "musicbrainz.base_url",
                "plex.base_url", "spotify.base_url", "spotify.accounts_url")
# The youtube plugin is being changed elsewhere; its settings get their checks there.
TOKEN_SETTINGS = ("plex.token", "lidarr.api_key", "imvdb.api_key", "youtube.api_key",
                  "spotify.client_id", "spotify.client_secret", "lastfm.api_key",
                  "lastfm.username", "plex.webhook_token", "lidarr.webhook_token")


def refused(app, key, value, words=""):
    before = app.settings.get(key)
    with pytest.raises(ValidationError) as error:
        app.settings.set(key, value)
    assert key in error.value.message and words in error.value.message
    assert error.value.details["key"] == key
    assert app.settings.get(key) == before  # nothing changed


@pytest.mark.parametrize("template, words", [
    ("", "empty"),
    ("   ", "empty"),
    ("{nope}", "unknown token"),
    ("{", "malformed"),
    ("{artist}/{title", "malformed"),
    ("../../{artist}", ".."),
    ("{artist}/../{title}", ".."),
    ("/srv/{artist} - {title}", "relative"),
    ("C:\\videos\\{title}", "relative"),
    ("{artist.__class__}", "attribute or index"),
    ("{artist[0]} - {title}", "attribute or index"),
    ("{artist!r} - {title}", "format or conversion"),
    ("{artist:>300} - {title}", "format or conversion"),
    ("{artist}/video", "needs a token"),
])
def test_a_bad_naming_template_is_refused(db, template, words):
    db.settings.set("naming.template", "{artist} - {title}")
    refused(db, "naming.template", template, words)


@pytest.mark.parametrize("template", ["{artist}/{artist} - {title}", "{artist} - {title} [{id}]",
                                      "Videos/{year}/{artist} - {title}"])
def test_a_good_naming_template_is_kept(db, template):
    assert db.settings.set("naming.template", template) == template


def test_trusted_proxies_are_addresses_or_networks(db):
    refused(db, "security.trusted_proxies", "nonsense", "'nonsense' is not an IP address")
    refused(db, "security.trusted_proxies", ["10.0.0.1", "10.0.0.0/33"], "10.0.0.0/33")
    kept = ["10.0.0.1", "172.16.0.0/12", "::1", "fd00::/8"]
    assert db.settings.set("security.trusted_proxies", kept) == kept


@pytest.mark.parametrize("origin", ["*", "https://*.example.org", "example.org",
                                    "ftp://example.org", "https://example.org/app",
                                    "https://example.org?x=1", "https://user@example.org",
                                    "https://example.org:99999", "https://",
                                    "https://ex ample.org", "https://x/\n", " https://x",
                                    "https://x?", "https://x#", "https://-x.org",
                                    "https://x..org", "https://999.1.1.1", "https://[::g]",
                                    "https://x:0", "https://x:", "https://bücher.de"])
def test_a_cors_origin_is_scheme_host_and_port_only(db, origin):
    refused(db, "security.cors_origins", [origin])


def test_good_cors_origins_are_kept(db):
    kept = ["https://music.example.org", "http://localhost:8080", "http://192.168.1.2:3000/",
            "http://[::1]:8080", "https://xn--bcher-kva.de"]
    assert db.settings.set("security.cors_origins", kept) == kept


def test_the_library_root_is_absolute(db):
    refused(db, "library.root", "../escape", "not an absolute path")
    refused(db, "library.root", "videos", "not an absolute path")
    refused(db, "library.root", "/etc/passwd", "is not a folder")
    refused(db, "library.root", "/", "system folder")
    refused(db, "library.root", "/proc/self", "system folder")
    assert db.settings.set("library.root", "/srv/music-videos") == "/srv/music-videos"
    assert db.settings.set("library.root", "~/music-videos") == "~/music-videos"


@pytest.mark.parametrize("key", URL_SETTINGS)
@pytest.mark.parametrize("url", ["not a url", "ftp://example.org", "http://", "example.org",
                                 "https://example.org:notaport", "javascript:alert(1)"])
def test_a_service_address_is_an_http_url_with_a_host(db, key, url):
    refused(db, key, url)


@pytest.mark.parametrize("key", URL_SETTINGS)
@pytest.mark.parametrize("url", ["http://user:pw@example.org", "http://token@example.org/api"])
def test_a_service_address_carries_no_credentials(db, key, url):
    refused(db, key, url, "put credentials in the key/token setting")


@pytest.mark.parametrize("key", URL_SETTINGS)
def test_a_good_service_address_is_kept(db, key):
    assert db.settings.set(key, "http://127.0.0.1:9/api") == "http://127.0.0.1:9/api"


def test_the_musicbrainz_contact_is_one_line_and_not_empty(db):
    refused(db, "musicbrainz.contact", "me@example.org\r\nX-Evil: 1", "one line")
    refused(db, "musicbrainz.contact", "", "must not be empty")
    refused(db, "musicbrainz.contact", "   ", "must not be empty")
    assert db.settings.set("musicbrainz.contact", "me@example.org") == "me@example.org"


@pytest.mark.parametrize("key", TOKEN_SETTINGS)
@pytest.mark.parametrize("value", ["a\nb", "a\r\nX-Evil: 1", "a b", "tab\tbed", "del\x7f",
                                   "ünïcode-key-0123456789"])
def test_a_key_or_token_is_one_word_of_printable_ascii(db, key, value):
    refused(db, key, value, "printable ASCII")


@pytest.mark.parametrize("key", TOKEN_SETTINGS)
def test_a_good_key_or_token_is_kept(db, key):
    value = "Ab0-_.~+/=" + "x" * 16
    assert db.settings.set(key, value) == value


@pytest.mark.parametrize("key", ["plex.webhook_token", "lidarr.webhook_token"])
def test_a_webhook_token_is_long_enough_to_guard_the_webhook(db, key):
    refused(db, key, "a", "at least 16 characters")
    refused(db, key, "x" * 15, "at least 16 characters")
    assert db.settings.set(key, "x" * 16) == "x" * 16
    assert db.settings.set(key, "") == ""  # empty: one is generated when the webhook is used


def test_every_url_setting_and_every_number_has_its_check(db):
    missing = [key for key, spec in db.settings.specs.items() if (
        (key.endswith("_url") and spec.validate is None)
        or (spec.type in ("int", "float") and (spec.minimum is None or spec.maximum is None)))]
    assert missing == []


def test_every_secret_key_token_id_and_name_has_its_check(db):
    # These go into HTTP headers or URLs, where a line break breaks the request.
    words = ("_key", "token", "_id", "username", "contact")
    checked = [key for key, spec in db.settings.specs.items()
               if spec.type == "str" and (spec.secret or key.endswith(words))]
    assert set(TOKEN_SETTINGS) | {"musicbrainz.contact"} <= set(checked)
    assert [key for key in checked if db.settings.specs[key].validate is None] == []


@pytest.mark.parametrize("key", ["discovery.interval_minutes", "upkeep.interval_minutes"])
def test_intervals_have_a_maximum_of_a_year(db, key):
    refused(db, key, 9223372036854775807, "at most")
    refused(db, key, 525_601, "at most")
    assert db.settings.set(key, 525_600) == 525_600
    assert db.settings.set(key, 0) == 0


def test_none_resets_a_setting_to_its_default(db):
    db.settings.set("downloads.max_concurrent", 5)
    assert db.settings.set("downloads.max_concurrent", None) == 2
    assert db.settings.get("downloads.max_concurrent") == 2
    assert Setting.get_or_none(Setting.key == "downloads.max_concurrent") is None
    db.settings.set("naming.template", "{artist} - {title}")
    db.settings.reset("naming.template")
    assert db.settings.get("naming.template") == db.settings.spec("naming.template").default


def test_a_null_stored_before_reads_as_the_default(db):
    Setting.create(key="downloads.max_concurrent", value=None, updated_at=utcnow())
    db.settings.invalidate()
    assert db.settings.get("downloads.max_concurrent") == 2


def test_a_plugin_validator_refuses_with_its_words(make_app):
    def even(value):
        if value % 2:
            raise ValueError("must be even")

    class Plugin:
        @hookimpl
        def register_settings(self, app):
            return [SettingSpec("probe.pairs", "int", 2, minimum=0, maximum=100, validate=even,
                                plugin="probe")]

    app = make_app(probe=Plugin())
    with app.connection():
        refused(app, "probe.pairs", 3, "setting probe.pairs: must be even")
        assert app.settings.set("probe.pairs", "4") == 4  # checked after coercion


def test_a_validator_does_not_change_what_a_spec_equals():
    spec = SettingSpec("a.b", "str", validate=validators.http_url)
    assert spec == SettingSpec("a.b", "str")
    assert hash(spec) == hash(SettingSpec("a.b", "str"))


@pytest.fixture
def run(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("MVIDARR_DATA_DIR", str(tmp_path / "data"))

    def run(*args):
        with pytest.raises(SystemExit) as done:
            main(list(args))
        out = capsys.readouterr()
        return done.value.code, out.out, out.err

    return run


def test_the_cli_refuses_a_bad_value_and_resets(run):
    code, _, err = run("settings", "set", "naming.template", "{nope}")
    assert code != 0 and "naming.template" in err and "Traceback" not in err
    assert run("settings", "set", "downloads.max_concurrent", "5")[0] == 0
    code, out, _ = run("settings", "reset", "downloads.max_concurrent")
    assert code == 0 and out == "downloads.max_concurrent = 2 (default)\n"
    assert run("settings", "get", "downloads.max_concurrent")[1] == "2\n"
