"""Lidarr for MVidarr: the settings it reads.

The webhook token (``lidarr.webhook_token``) belongs to the core, which checks
it on the webhook route before any plugin sees the call; it is not declared here.
"""

from __future__ import annotations

from mvidarr import SettingSpec, hookimpl, validators

# Lidarr runs in the user's home; its default port on this machine. The API
# path (/api/v1) is added by the plugin, so a URL base set in Lidarr goes here.
DEFAULT_BASE_URL = "http://127.0.0.1:8686"


@hookimpl
def register_settings(app):
    return [
        SettingSpec("lidarr.base_url", "str", DEFAULT_BASE_URL,
                    "Address of your Lidarr, with its URL base if you set one "
                    "(default: one on this machine).", validate=validators.http_url),
        SettingSpec("lidarr.api_key", "str", None,
                    "Lidarr API key (Settings > General; sent as X-Api-Key).", secret=True,
                    validate=validators.token),
    ]
