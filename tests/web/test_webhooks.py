"""Webhooks in: only their own token opens them; a valid call reaches `handle_webhook`."""

from __future__ import annotations

import base64
import io
import json

import pytest

from mvidarr import accounts, hookimpl
from mvidarr.testing.rows import keep_only_plugins
from mvidarr.web import create_app as create_web

PLEX_EVENT = {
    "event": "library.new", "user": True, "owner": True,
    "Account": {"id": 1, "title": "someuser"},
    "Server": {"title": "HomeServer", "uuid": "4b87b0f5ee15c68369e4257697e658810bbfe062"},
    "Metadata": {"librarySectionType": "movie", "type": "movie", "title": "Porcelain",
                 "year": 2000},
}
LIDARR_TEST = {"eventType": "Test", "instanceName": "Lidarr",
               "artist": {"id": 1, "name": "Test Name", "path": "C:\\testpath",
                          "mbId": "aaaaa-aaa-aaaa-aaaaaa", "tags": ["test-tag"]},
               "albums": [{"id": 123, "title": "Test title"}]}
LIDARR_ADD = {"eventType": "ArtistAdd", "instanceName": "Lidarr",
              "artist": {"id": 7, "name": "Radiohead",
                         "mbId": "a74b1b7f-71a5-4011-9441-d0b5e4122711"}}


class Receiver:
    """Records what reaches the hook and answers a summary."""

    def __init__(self):
        self.calls = []

    @hookimpl
    def handle_webhook(self, app, source, payload):
        self.calls.append((source, payload))
        return {"seen": payload.get("event") or payload.get("eventType")}


class Failing:
    @hookimpl
    def handle_webhook(self, app, source, payload):
        raise RuntimeError("this plugin is broken")


@pytest.fixture
def hooked(make_app):
    receiver = Receiver()
    mvidarr = make_app(receiver=receiver, failing=Failing())
    with mvidarr.connection():
        keep_only_plugins(mvidarr, "receiver", "failing")
        mvidarr.settings.set("plex.webhook_token", "plex-token-0123456789")
        mvidarr.settings.set("lidarr.webhook_token", "lidarr-token-0123456789")
        accounts.create_user("boss", "a long enough password", "admin")
        accounts.create_user("helper", "a long enough password", "manager")
        keys = {"admin": accounts.create_api_key("boss")[1],
                "manager": accounts.create_api_key("helper")[1]}
    client = create_web(mvidarr, {"TESTING": True}).test_client()
    return mvidarr, client, receiver, keys


def plex_form(event=PLEX_EVENT):
    return {"payload": json.dumps(event), "thumb": (io.BytesIO(b"\xff\xd8jpeg"), "thumb.jpg")}


def basic(password: str, user: str = "lidarr") -> dict:
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}


def test_plex_without_its_token_is_401_and_nothing_happens(hooked):
    mvidarr, client, receiver, keys = hooked
    for query in ("", "?token=", "?token=wrong", "?token=plex-token-012345678",
                  "?token=lidarr-token-0123456789", "?token=%C3%A9t%C3%A9"):
        answer = client.post(f"/api/webhooks/plex{query}", data=plex_form(),
                             headers={"X-Api-Key": keys["admin"]})  # a key is not the token
        assert answer.status_code == 401, query
    assert receiver.calls == []


def test_plex_multipart_payload_reaches_the_hook(hooked):
    mvidarr, client, receiver, keys = hooked
    answer = client.post("/api/webhooks/plex?token=plex-token-0123456789", data=plex_form(),
                         content_type="multipart/form-data")
    assert answer.status_code == 200, answer.get_json()
    assert receiver.calls == [("plex", PLEX_EVENT)]
    assert answer.get_json() == {"source": "plex", "event": "library.new",
                                 "handled": [{"plugin": "receiver",
                                              "summary": {"seen": "library.new"}}]}
    with mvidarr.connection():  # the failing plugin was contained and recorded
        assert mvidarr.plugin_states.row("failing").health == "error"


def test_plex_may_send_a_poster_bigger_than_the_api_limit_once_its_token_is_good(hooked):
    mvidarr, client, receiver, keys = hooked

    def big():
        return {"payload": json.dumps(PLEX_EVENT),
                "thumb": (io.BytesIO(b"\xff" * (3 * 1024 * 1024)), "thumb.jpg")}

    assert client.post("/api/webhooks/plex?token=wrong", data=big()).status_code == 401
    answer = client.post("/api/webhooks/plex?token=plex-token-0123456789", data=big())
    assert answer.status_code == 200
    assert receiver.calls == [("plex", PLEX_EVENT)]
    huge = {"payload": "{}", "thumb": (io.BytesIO(b"\xff" * (17 * 1024 * 1024)), "t.jpg")}
    assert client.post("/api/webhooks/plex?token=plex-token-0123456789",
                       data=huge).status_code == 413


def test_plex_with_a_bad_payload_is_400(hooked):
    mvidarr, client, receiver, keys = hooked
    for form in ({}, {"payload": "{not json"}, {"payload": "[1, 2]"}):
        answer = client.post("/api/webhooks/plex?token=plex-token-0123456789", data=form)
        assert answer.status_code == 400, form
    assert receiver.calls == []


def test_lidarr_test_event_answers_200_and_acts_on_nothing(hooked):
    mvidarr, client, receiver, keys = hooked
    answer = client.post("/api/webhooks/lidarr", json=LIDARR_TEST,
                         headers=basic("lidarr-token-0123456789"))
    assert answer.status_code == 200
    assert answer.get_json() == {"source": "lidarr", "event": "Test", "handled": []}
    assert receiver.calls == []


@pytest.mark.parametrize("how", ["query", "basic"])
def test_lidarr_accepts_its_token_in_the_query_or_as_the_basic_password(hooked, how):
    mvidarr, client, receiver, keys = hooked
    if how == "query":
        answer = client.post("/api/webhooks/lidarr?token=lidarr-token-0123456789",
                             json=LIDARR_ADD)
    else:
        answer = client.post("/api/webhooks/lidarr", json=LIDARR_ADD,
                             headers=basic("lidarr-token-0123456789"))
    assert answer.status_code == 200
    assert receiver.calls == [("lidarr", LIDARR_ADD)]
    assert answer.get_json()["handled"] == [{"plugin": "receiver",
                                             "summary": {"seen": "ArtistAdd"}}]


def test_lidarr_without_its_token_is_401(hooked):
    mvidarr, client, receiver, keys = hooked
    for headers, query in [({}, ""), (basic("wrong"), ""), (basic("plex-token-0123456789"), ""),
                           ({}, "?token=plex-token-0123456789"), (basic(""), "")]:
        answer = client.post(f"/api/webhooks/lidarr{query}", json=LIDARR_ADD, headers=headers)
        assert answer.status_code == 401, (headers, query)
    assert receiver.calls == []


def test_lidarr_bodies_are_checked_after_the_token(hooked):
    mvidarr, client, receiver, keys = hooked
    url = "/api/webhooks/lidarr?token=lidarr-token-0123456789"
    assert client.post(url, json={"instanceName": "x"}).status_code == 422
    assert client.post(url, data="eventType=Test").status_code == 400
    assert receiver.calls == []


def test_an_empty_token_is_generated_at_first_use_so_the_hook_is_never_open(make_app):
    mvidarr = make_app()
    client = create_web(mvidarr, {"TESTING": True}).test_client()
    assert client.post("/api/webhooks/lidarr?token=", json=LIDARR_TEST).status_code == 401
    assert client.post("/api/webhooks/lidarr", json=LIDARR_TEST).status_code == 401
    with mvidarr.connection():
        token = mvidarr.settings.get("lidarr.webhook_token")
    assert token and len(token) >= 32
    assert client.post(f"/api/webhooks/lidarr?token={token}", json=LIDARR_TEST).status_code == 200


def test_an_admin_makes_a_new_token_shown_once(hooked):
    mvidarr, client, receiver, keys = hooked
    refused = client.post("/api/webhooks/plex/token", headers={"X-Api-Key": keys["manager"]})
    assert refused.status_code == 403
    answer = client.post("/api/webhooks/plex/token", headers={"X-Api-Key": keys["admin"]})
    assert answer.status_code == 201
    body = answer.get_json()
    assert body["source"] == "plex" and len(body["token"]) >= 32
    assert body["url"] == f"/api/webhooks/plex?token={body['token']}"
    old = client.post("/api/webhooks/plex?token=plex-token-0123456789", data=plex_form())
    assert old.status_code == 401
    assert client.post(body["url"], data=plex_form()).status_code == 200
    assert client.post("/api/webhooks/sonarr/token",
                       headers={"X-Api-Key": keys["admin"]}).status_code == 404
