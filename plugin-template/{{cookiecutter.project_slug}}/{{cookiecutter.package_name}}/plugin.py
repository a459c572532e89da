"""{{cookiecutter.plugin_name}}: {{cookiecutter.description}}

Import only what `mvidarr` exports (`hookimpl`, `SettingSpec`, `Event`, the
errors); the rest of the core is private to it. Do no network, disk or database
work at import time: hooks run on first use, with `app.http` (timeouts included).
"""

from __future__ import annotations

from mvidarr import SettingSpec, hookimpl, validators

NAME = "{{cookiecutter.plugin_slug}}"
DEFAULT_EVENTS = ["download_finished", "download_failed", "job_failed", "test"]


@hookimpl
def register_settings(app):
    # Keys start with the plugin's name; secrets never get a default in code.
    return [
        SettingSpec(f"{NAME}.base_url", "str", None,
                    "URL the events are POSTed to as JSON (nothing is sent while empty).",
                    validate=validators.http_url),
        SettingSpec(f"{NAME}.token", "str", None,
                    "Sent as 'Authorization: Bearer <token>' when set.", secret=True),
        SettingSpec(f"{NAME}.events", "list", DEFAULT_EVENTS, "Event kinds to send."),
    ]


@hookimpl
def notify(app, event):
    url = app.settings.get(f"{NAME}.base_url")
    if not url or event.kind not in app.settings.get(f"{NAME}.events"):
        return
    headers = {}
    token = app.settings.get(f"{NAME}.token")
    if token:
        headers["Authorization"] = f"Bearer {token}"
    body = {"kind": event.kind, "message": event.message, "data": event.data}
    response = app.http.post(url, json=body, headers=headers)
    # Raising is fine: the core logs it under this plugin's name, records its
    # health, and the other listeners are still told.
    response.raise_for_status()
