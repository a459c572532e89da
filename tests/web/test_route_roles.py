"""Every route, called as anonymous, readonly, user, manager and admin, answers as the
role it declares says: 401 without a user, 403 below the role, through at or above it.

The routes are read from the URL map when the test runs, so routes other
engineers and plugins add are held to the same table. Path parameters are
filled with ids of rows made for each call (a DELETE as manager must not leave
the admin's call a 404).
"""

from __future__ import annotations

import itertools

import pytest

from mvidarr import accounts
from mvidarr.models import ROLES, role_at_least
from mvidarr.testing.rows import (
    make_artist,
    make_blocklist_entry,
    make_download,
    make_job,
    make_profile,
    make_video,
)
from mvidarr.web.openapi import NOT_ROUTES, openapi_path

CALLERS = ("anonymous", *ROLES)
_victims = itertools.count(1)


def _victim() -> str:
    name = f"victim-{next(_victims)}"
    accounts.create_user(name, "a long enough password", "readonly")
    return name


def _user_id(role: str) -> int:
    from mvidarr.models import User

    return User.by_name(_victim()).id


def _key_id(role: str) -> int:
    # A key of the caller's own, so that managing one's own keys is what is tested.
    owner = f"{role}-user" if role != "anonymous" else _victim()
    key_row, _secret = accounts.create_api_key(owner)
    return key_row.id


FILLERS = {
    "artist_id": lambda role: make_artist().id,
    "video_id": lambda role: make_video().id,
    "download_id": lambda role: make_download().id,
    "command_id": lambda role: make_job().id,
    "user_id": _user_id,
    "key_id": _key_id,
    "name": lambda role: "lognotify",
    "key": lambda role: "downloads.max_concurrent",
    "source": lambda role: "plex",
    "profile_id": lambda role: make_profile().id,
    "entry_id": lambda role: make_blocklist_entry().id,
}


def fill(path: str, params: list[dict], role: str) -> str:
    for param in params:
        filler = FILLERS.get(param["name"])
        assert filler is not None, (
            f"{path}: no filler for path parameter {param['name']!r}; add one to FILLERS")
        path = path.replace("{" + param["name"] + "}", str(filler(role)))
    return path


def routes(flask_app) -> list[tuple[str, str, list[dict], str]]:
    table = []
    for rule in flask_app.url_map.iter_rules():
        if rule.endpoint in NOT_ROUTES:
            continue
        doc = flask_app.view_functions[rule.endpoint].route_doc
        path, params = openapi_path(rule.rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            table.append((method, path, params, doc.role))
    return sorted(table, key=lambda row: (row[1], row[0]))


def expected(declared: str, caller: str) -> str:
    if declared == "public":
        return "through"
    if declared == "webhook":
        return "401"  # no token sent: a user's key does not open a webhook
    if caller == "anonymous":
        return "401"
    return "through" if role_at_least(caller, declared) else "403"


def outcome(status: int) -> str:
    assert status < 500, f"answered {status}"
    return str(status) if status in (401, 403) else "through"


def test_every_route_answers_each_role_as_it_declares(client, flask_app, db, as_role):
    table = routes(flask_app)
    declared_roles = {role for _, _, _, role in table}
    assert {"public", "webhook", *ROLES} <= declared_roles  # the table reaches every level
    wrong = []
    for method, path, params, declared in table:
        for caller in CALLERS:
            url = fill(path, params, caller)
            headers = {} if caller == "anonymous" else as_role(caller)
            body = {"json": {}} if method in ("POST", "PUT", "PATCH") else {}
            answer = client.open(url, method=method, headers=headers, **body)
            try:
                got = outcome(answer.status_code)
            except AssertionError as exc:
                wrong.append(f"{method} {url} as {caller}: {exc}")
                continue
            want = expected(declared, caller)
            if declared == "public" and got != "through":
                continue  # the view's own answer (wrong password...), not the role check's
            if got != want:
                wrong.append(f"{method} {url} as {caller} (needs {declared}): "
                             f"{answer.status_code} {answer.get_json()}")
    assert wrong == []


# The product's policy: readonly reads; user + downloads, retry, cancel; manager +
# artists, videos, settings, commands; admin + users, plugins, security settings,
# webhook tokens. Account self-service (own password, 2FA, own API keys) is for everyone
# signed in.
POLICY = {
    ("GET", "/"): "public",
    ("GET", "/api/health"): "public",
    ("POST", "/api/auth/login"): "public",
    ("GET", "/api/auth/setup"): "public",
    ("POST", "/api/auth/setup"): "public",
    ("POST", "/api/webhooks/plex"): "webhook",
    ("POST", "/api/webhooks/lidarr"): "webhook",
    ("POST", "/api/videos/{video_id}/download"): "user",
    ("DELETE", "/api/queue/{download_id}"): "user",
    ("POST", "/api/queue/{download_id}/retry"): "user",
    ("POST", "/api/artists"): "manager",
    ("PUT", "/api/artists/{artist_id}"): "manager",
    ("DELETE", "/api/artists/{artist_id}"): "manager",
    ("POST", "/api/artists/{artist_id}/discover"): "manager",
    ("POST", "/api/artists/bulk-delete"): "manager",
    ("POST", "/api/videos"): "manager",
    ("PUT", "/api/videos/{video_id}"): "manager",
    ("DELETE", "/api/videos/{video_id}"): "manager",
    ("PUT", "/api/settings/{key}"): "manager",  # security keys: admin, checked in the view
    ("DELETE", "/api/settings/{key}"): "manager",
    ("POST", "/api/qualityprofiles"): "manager",
    ("PUT", "/api/qualityprofiles/{profile_id}"): "manager",
    ("DELETE", "/api/qualityprofiles/{profile_id}"): "manager",
    ("DELETE", "/api/blocklist/{entry_id}"): "manager",
    ("POST", "/api/commands"): "manager",
    ("PUT", "/api/plugins/{name}"): "admin",
    ("POST", "/api/webhooks/{source}/token"): "admin",
    ("GET", "/api/users"): "admin",
    ("POST", "/api/users"): "admin",
    ("GET", "/api/users/{user_id}"): "admin",
    ("PUT", "/api/users/{user_id}"): "admin",
    ("DELETE", "/api/users/{user_id}"): "admin",
}
SELF_SERVICE = ("/api/auth/", "/api/apikeys")


def policy(method: str, path: str) -> str | None:
    """The role the policy asks of a route, or None when any signed-in role is fine."""
    if (method, path) in POLICY:
        return POLICY[method, path]
    if path.startswith(SELF_SERVICE):
        return None
    return "readonly" if method == "GET" else None


def test_every_route_declares_the_role_the_policy_asks(flask_app):
    wrong = []
    for method, path, _params, declared in routes(flask_app):
        wanted = policy(method, path)
        if wanted is None:
            if declared in ("public", "webhook"):
                wrong.append(f"{method} {path}: {declared}, but needs a signed-in user")
            elif method != "GET" and not path.startswith(SELF_SERVICE):
                wrong.append(f"{method} {path}: a change not in the policy table")
        elif declared != wanted:
            wrong.append(f"{method} {path}: declares {declared}, the policy says {wanted}")
    assert wrong == []


@pytest.mark.parametrize("caller, status", [("anonymous", 401), ("readonly", 403),
                                            ("user", 403), ("manager", 200)])
def test_the_table_can_fail(client, db, as_role, caller, status):
    """The checks above are real: a manager route refuses those below manager."""
    headers = {} if caller == "anonymous" else as_role(caller)
    artist = make_artist()
    answer = client.put(f"/api/artists/{artist.id}", headers=headers, json={"monitored": False})
    assert answer.status_code == status
