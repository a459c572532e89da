"""Issue 5, done when: an artist added as monitored ends with its videos wanted from
the IMVDb and YouTube fakes (folded, both ids, IMVDb's directors); IMVDb down still
leaves YouTube's videos wanted with the outage in IMVDb's health; a 429 with
Retry-After: 2 delays YouTube by two seconds and no more."""

import time

import pytest

from mvidarr.models import Artist, Video
from mvidarr.services.discovery import discover_artist
from mvidarr.testing.fakes.imvdb import FakeImvdb
from mvidarr.testing.fakes.youtube import FakeYoutube

SHARED = [("Machinehead", "5WPbqYoz9HA"), ("Glycerine", "yZGmpZ7J4Hk"),
          ("Comedown", "hAhvKtkrrIg"), ("Swallowed", "Qw1n4KzpNbY"),
          ("Everything Zen", "o8Xc9pdXq5k"), ("Greedy Fly", "EVz3X6lYHZc")]
IMVDB_ONLY = ["Little Things", "Letting the Cables Sleep"]
YOUTUBE_ONLY = [("The Chemicals Between Us", "tfKXPu3Iq3c"), ("Mouth", "cLb9E2lU1ys")]


@pytest.fixture
def sources(db):
    with FakeImvdb(app_key="ik") as imvdb, FakeYoutube(api_key="yk") as youtube:
        band = imvdb.add_artist("Bush", 838673)
        for n, (title, yt) in enumerate(SHARED):
            imvdb.add_video(band, 121779770400 + n, title, year=1995 + n % 3,
                            directors=[f"Director {n}"], youtube_id=yt)
        for n, title in enumerate(IMVDB_ONLY):
            imvdb.add_video(band, 121779770500 + n, title, year=1999,
                            directors=["Only Imvdb"])
        channel = youtube.add_channel("Bush", "UCoXOrC2tqxpIMYnQvbdONtQ", title="BushVEVO")
        for title, yt in SHARED + YOUTUBE_ONLY:
            youtube.add_video(channel, yt, f"Bush - {title} (Official Video)")
        youtube.add_video(channel, "vlogvlog001", "Bush on tour: a vlog", category="22")
        for key, value in {"imvdb.base_url": imvdb.url, "imvdb.api_key": "ik",
                           "youtube.base_url": youtube.url, "youtube.api_key": "yk",
                           "imvdb.requests_per_second": 100,
                           "youtube.requests_per_second": 100}.items():
            db.settings.set(key, value)
        db.sources.backoff_base = 0.01
        yield imvdb, youtube


def add_monitored_artist(db, client, as_role) -> Artist:
    """Add through the API, then run the discovery job it queued, as a worker would."""
    answer = client.post("/api/artists", json={"name": "Bush", "monitored": True},
                         headers=as_role("manager"))
    assert answer.status_code == 201, answer.get_json()
    job = db.jobs.claim("test-worker")
    assert job is not None and job.name == "discover_artist"
    assert db.jobs.run(job, "test-worker") == "done"
    return Artist.get_by_id(answer.get_json()["id"])


def wanted(artist):
    return {v.title: v for v in Video.select().where(Video.artist == artist,
                                                     Video.status == "wanted")}


def test_ten_videos_wanted_with_both_ids_and_imvdbs_directors(db, client, as_role, sources):
    artist = add_monitored_artist(db, client, as_role)
    videos = wanted(artist)
    assert len(videos) == 10
    assert set(videos) == {t for t, _ in SHARED} | set(IMVDB_ONLY) | {t for t, _ in YOUTUBE_ONLY}
    for n, (title, yt) in enumerate(SHARED):
        assert videos[title].youtube_id == yt
        assert videos[title].imvdb_id == str(121779770400 + n)
        assert videos[title].directors == [f"Director {n}"]
    assert all(videos[t].imvdb_id and not videos[t].youtube_id for t in IMVDB_ONLY)
    assert all(videos[t].youtube_id == yt and not videos[t].imvdb_id for t, yt in YOUTUBE_ONLY)
    plugins = client.get("/api/plugins", headers=as_role("admin")).get_json()["items"]
    (youtube,) = [p for p in plugins if p["name"] == "youtube"]
    assert youtube["health"] == "ok" and youtube["last_success_at"]
    assert (youtube["calls_today"], youtube["quota_used"]) == (4, 103)


def test_a_second_discovery_inside_the_ttl_makes_no_call(db, client, as_role, sources):
    imvdb, youtube = sources
    artist = add_monitored_artist(db, client, as_role)
    before = len(imvdb.requests), len(youtube.requests)
    summary = discover_artist(db, artist)
    assert (len(imvdb.requests), len(youtube.requests)) == before
    assert summary["new"] == 0 and summary["known"] == 10


def test_imvdb_down_leaves_youtubes_videos_wanted_and_the_outage_shown(db, client, as_role,
                                                                       sources):
    imvdb, _ = sources
    imvdb.go_down(503, html=True)
    artist = add_monitored_artist(db, client, as_role)
    videos = wanted(artist)
    assert {v.youtube_id for v in videos.values()} == {yt for _, yt in SHARED + YOUTUBE_ONLY}
    plugins = client.get("/api/plugins", headers=as_role("admin")).get_json()["items"]
    (health,) = [p for p in plugins if p["name"] == "imvdb"]
    assert health["health"] == "cooldown"
    assert "HTTP 503" in health["last_error"]
    assert health["cooldown_until"]
    # While it cools down IMVDb is skipped at once, with a note; YouTube still answers.
    started = time.monotonic()
    summary = discover_artist(db, artist)
    assert time.monotonic() - started < 1
    assert summary["sources"]["imvdb"]["ok"] is False
    assert "HTTP 503" in summary["sources"]["imvdb"]["error"]
    assert summary["sources"]["youtube"] == {"ok": True, "found": 8, "error": None}


def test_retry_after_two_seconds_delays_youtube_by_two_seconds_and_no_more(db, client,
                                                                           as_role, sources):
    imvdb, youtube = sources
    youtube.fail_next(429, {"error": {"code": 429, "message": "slow down"}},
                      headers={"Retry-After": "2"}, path="/search")
    started = time.monotonic()
    artist = add_monitored_artist(db, client, as_role)
    took = time.monotonic() - started
    first, second = youtube.requests[:2]
    assert first.status == 429 and first.path.endswith("/search")
    assert 2.0 <= second.at - first.at < 2.4
    assert took < 2.8
    assert imvdb.requests[-1].at - imvdb.requests[0].at < 1  # IMVDb was not held up
    assert len(wanted(artist)) == 10
