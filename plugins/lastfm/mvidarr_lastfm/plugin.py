"""Last.fm for MVidarr: the settings it reads."""

from __future__ import annotations

from mvidarr import SettingSpec, hookimpl, validators

DEFAULT_BASE_URL = "https://ws.audioscrobbler.com/2.0/"


@hookimpl
def register_settings(app):
    return [
        SettingSpec("lastfm.base_url", "str", DEFAULT_BASE_URL,
                    "Where the Last.fm API is reached (change it only for a proxy "
                    "or a test server).", validate=validators.http_url),
        SettingSpec("lastfm.api_key", "str", None,
                    "Last.fm API key (sent as ?api_key=).", secret=True,
                    validate=validators.token),
        SettingSpec("lastfm.username", "str", None,
                    "Last.fm user whose top and loved artists are imported.",
                    validate=validators.token),
    ]
