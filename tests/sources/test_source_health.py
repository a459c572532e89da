"""A source's health says what its service did: a success only when the service
answered, quota units only for requests it answered, and a source that is merely
down or unconfigured logged as one warning line, not a traceback."""

from __future__ import annotations

import logging
import socket

import pytest

from mvidarr.models import Artist
from mvidarr.services.discovery import discover_artist
from mvidarr.testing.fakes.youtube import FakeYoutube


def health(app, name):
    with app.connection():
        return next(p for p in app.plugin_states.describe() if p["name"] == name)


@pytest.fixture
def youtube(db):
    with FakeYoutube(api_key="yk") as fake:
        channel = fake.add_channel("Bush", "UCoXOrC2tqxpIMYnQvbdONtQ", title="BushVEVO")
        fake.add_video(channel, "5WPbqYoz9HA", "Bush - Machinehead (Official Video)")
        fake.add_video(channel, "yZGmpZ7J4Hk", "Bush - Glycerine (Official Video)")
        for key, value in {"youtube.base_url": fake.url, "youtube.api_key": "yk",
                           "youtube.requests_per_second": 100}.items():
            db.settings.set(key, value)
        db.sources.backoff_base = 0.01
        yield fake


def test_a_started_app_shows_no_success_for_sources_that_were_never_called(db):
    for name in ("youtube", "imvdb", "ytdlp"):
        assert health(db, name)["last_success_at"] is None, name


def test_a_discovery_the_service_answered_is_a_success(db, youtube):
    result = discover_artist(db, Artist.create(name="Bush"))
    assert youtube.requests, result
    assert health(db, "youtube")["last_success_at"] is not None
    assert health(db, "imvdb")["last_success_at"] is None  # no key: it never got an answer


def test_quota_counts_what_the_service_answered(db, youtube):
    discover_artist(db, Artist.create(name="Bush"))
    shown = health(db, "youtube")
    assert youtube.quota_used >= 100  # a search, and the calls after it
    assert shown["quota_used"] == youtube.quota_used
    assert shown["calls_today"] == len(youtube.requests)


def test_requests_that_got_no_answer_cost_no_quota(db, youtube):
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    db.settings.set("youtube.base_url", f"http://127.0.0.1:{port}/youtube/v3")
    result = discover_artist(db, Artist.create(name="Bush"))
    shown = health(db, "youtube")
    assert shown["quota_used"] == 0  # before: 100 units counted for each of 4 tries
    assert shown["calls_today"] == 1  # a refused connection is not retried
    assert shown["last_success_at"] is None
    assert shown["last_error"] == f"connection refused by 127.0.0.1:{port}"
    assert "HTTPConnection" not in repr(result)


def test_error_answers_cost_quota_as_google_counts_them(db, youtube):
    youtube.fail_next(503, times=1)
    discover_artist(db, Artist.create(name="Bush"))
    # The 503 was answered (and counted by Google) though the fake did not count it.
    assert health(db, "youtube")["quota_used"] == youtube.quota_used + 100


def test_an_unconfigured_or_unreachable_source_is_one_warning_line(db, youtube, caplog):
    db.settings.set("youtube.base_url", "http://127.0.0.1:9/youtube/v3")  # nothing listens
    with caplog.at_level(logging.INFO, logger="mvidarr"):
        discover_artist(db, Artist.create(name="Bush"))
    records = [r for r in caplog.records if r.name == "mvidarr.plugins"]
    assert {r.levelno for r in records} == {logging.WARNING}
    assert not any(r.exc_info for r in records)
    said = {r.getMessage() for r in records}
    assert "plugin imvdb: search_source did not answer: IMVDb needs an app key: set " \
           "imvdb.api_key" in said
    assert any(m.startswith("plugin youtube: search_source did not answer: connection refused "
                            "by 127.0.0.1:9") for m in said)
