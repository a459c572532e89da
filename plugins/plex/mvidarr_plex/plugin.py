"""Plex Media Server for MVidarr: the settings it reads.

The webhook token (``plex.webhook_token``) belongs to the core, which checks it
on the webhook route before any plugin sees the call; it is not declared here.
"""

from __future__ import annotations

from mvidarr import SettingSpec, hookimpl, validators

# A Plex Media Server runs in the user's home, so there is no real service to
# default to: the default is a server on this machine, on Plex's own port.
DEFAULT_BASE_URL = "http://127.0.0.1:32400"


@hookimpl
def register_settings(app):
    return [
        SettingSpec("plex.base_url", "str", DEFAULT_BASE_URL,
                    "Address of your Plex Media Server (default: one on this machine).",
                    validate=validators.http_url),
        SettingSpec("plex.token", "str", None,
                    "Plex token (sent as the X-Plex-Token header).", secret=True,
                    validate=validators.token),
    ]
