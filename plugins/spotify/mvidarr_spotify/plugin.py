"""Spotify for MVidarr: the settings it reads.

Spotify answers on two hosts: the Web API and the accounts service that hands
out tokens; each has its own setting so that both can point at a local server.
"""

from __future__ import annotations

from mvidarr import SettingSpec, hookimpl, validators

DEFAULT_BASE_URL = "https://api.spotify.com/v1"
DEFAULT_ACCOUNTS_URL = "https://accounts.spotify.com"


@hookimpl
def register_settings(app):
    return [
        SettingSpec("spotify.base_url", "str", DEFAULT_BASE_URL,
                    "Where the Spotify Web API is reached (change it only for a proxy "
                    "or a test server).", validate=validators.http_url),
        SettingSpec("spotify.accounts_url", "str", DEFAULT_ACCOUNTS_URL,
                    "Where Spotify's accounts service (tokens, sign-in) is reached.",
                    validate=validators.http_url),
        SettingSpec("spotify.client_id", "str", None,
                    "Client id of the app you registered at developer.spotify.com.",
                    validate=validators.token),
        SettingSpec("spotify.client_secret", "str", None,
                    "Client secret of that app.", secret=True,
                    validate=validators.token),
    ]
