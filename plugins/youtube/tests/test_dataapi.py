"""The YouTube source with an API key, against a fake Data API v3: the exact
requests, quota counted per call, quotaExceeded honoured until midnight Pacific,
videos.list in batches of 50, and answers reused inside the TTL."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from mvidarr_youtube import plugin

from mvidarr import SourceUnavailableError
from mvidarr.models import Artist, utcnow
from mvidarr.testing.fakes.youtube import FakeYoutube

KEY = "yt-key-123"
CHANNEL = "UCoXOrC2tqxpIMYnQvbdONtQ"


@pytest.fixture
def youtube(db):
    with FakeYoutube(api_key=KEY) as fake:
        channel = fake.add_channel("Bush", CHANNEL, title="BushVEVO")
        fake.add_video(channel, "5WPbqYoz9HA", "Bush - Machinehead (Official Video)",
                       seconds=257)
        fake.add_video(channel, "yZGmpZ7J4Hk", "Bush - Glycerine", seconds=266,
                       definition="sd")
        fake.add_video(channel, "vlogvlog001", "On tour, a vlog", category="22")
        fake.add_video(channel, "liveliveli1", "Bush - live now", seconds=0)
        other = fake.add_channel("Covers", "UCcovercovercovercover00", title="Cover Guy")
        fake.add_video(other, "cover000001", "Machinehead (a Bush cover)")
        fake.add_video(other, "unrelated01", "Something else entirely")
        db.settings.set("youtube.base_url", fake.url)
        db.settings.set("youtube.api_key", KEY)
        db.settings.set("youtube.requests_per_second", 1000)
        db.sources.backoff_base = 0.01
        yield fake


def health(db):
    (found,) = [p for p in db.plugin_states.describe() if p["name"] == "youtube"]
    return found


def test_discovery_sends_the_documented_requests(db, youtube):
    plugin.search_source(db, Artist(name="Bush"))
    search, channels, playlist, videos = youtube.requests
    assert search.path == "/youtube/v3/search"
    assert search.args == {"part": "snippet", "q": "Bush", "type": "video",
                           "videoCategoryId": "10", "maxResults": "50", "key": KEY}
    assert channels.path == "/youtube/v3/channels"
    assert channels.args == {"part": "contentDetails", "id": CHANNEL, "key": KEY}
    assert playlist.path == "/youtube/v3/playlistItems"
    assert playlist.args == {"part": "snippet,contentDetails", "playlistId": "UU" + CHANNEL[2:],
                             "maxResults": "50", "key": KEY}
    assert videos.path == "/youtube/v3/videos"
    assert videos.args["part"] == "snippet,contentDetails" and videos.args["key"] == KEY
    assert set(videos.args["id"].split(",")) == {"5WPbqYoz9HA", "yZGmpZ7J4Hk", "vlogvlog001",
                                                 "liveliveli1", "cover000001"}


def test_music_videos_of_the_artist_with_duration_and_ids(db, youtube):
    found = {v.source_id: v for v in plugin.search_source(db, Artist(name="Bush"))}
    # The vlog is not Music, the live one has no length, the unrelated one names no Bush.
    assert set(found) == {"5WPbqYoz9HA", "yZGmpZ7J4Hk", "cover000001"}
    machinehead = found["5WPbqYoz9HA"]
    assert machinehead.title == "Machinehead (Official Video)"
    assert machinehead.artist == "Bush" and machinehead.duration == 257
    assert machinehead.ids == {"youtube": "5WPbqYoz9HA"}
    assert machinehead.url == "https://www.youtube.com/watch?v=5WPbqYoz9HA"
    assert found["cover000001"].title == "Machinehead (a Bush cover)"  # no "Bush - " to drop


def test_quota_units_are_counted_per_call(db, youtube):
    plugin.search_source(db, Artist(name="Bush"))
    shown = health(db)
    assert shown["calls_today"] == 4
    assert shown["quota_used"] == 100 + 1 + 1 + 1 == youtube.quota_used


def test_uploads_are_paged_and_described_fifty_at_a_time(db, youtube):
    channel = youtube.channels[CHANNEL]
    for n in range(120):
        youtube.add_video(channel, f"bulk{n:07d}", f"Bush - Song {n}")
    found = plugin.search_source(db, Artist(name="Bush"))
    assert len(found) == 123  # with the cover that names Bush
    pages = youtube.calls("/playlistItems")
    assert len(pages) == 3 and "pageToken" not in pages[0].args
    assert pages[1].args["pageToken"] and pages[2].args["pageToken"] != pages[1].args["pageToken"]
    batches = [len(r.args["id"].split(",")) for r in youtube.calls("/videos")]
    assert batches == [50, 50, 25]


def test_quota_exceeded_stops_every_call_until_midnight_pacific(db, youtube):
    youtube.quota = 100  # the search uses it all
    with pytest.raises(SourceUnavailableError, match="quota"):
        plugin.search_source(db, Artist(name="Bush"))
    assert [r.status for r in youtube.requests] == [200, 403]
    with pytest.raises(SourceUnavailableError, match="quota"):
        plugin.search_source(db, Artist(name="Someone Else"))
    assert len(youtube.requests) == 2  # no call while the quota is spent
    shown = health(db)
    assert shown["health"] == "cooldown" and "quotaExceeded" in shown["last_error"]
    pacific = ZoneInfo("America/Los_Angeles")
    midnight = datetime.combine(datetime.now(pacific).date() + timedelta(days=1),
                                datetime.min.time(), pacific)
    reset = midnight.astimezone(ZoneInfo("UTC")).replace(tzinfo=None)
    assert abs((shown["cooldown_until"] - reset).total_seconds()) < 5
    assert shown["cooldown_until"] > utcnow()


def test_the_daily_budget_setting_is_never_passed(db, youtube):
    db.settings.set("youtube.daily_quota", 50)
    with pytest.raises(SourceUnavailableError, match="quota"):
        plugin.search_source(db, Artist(name="Bush"))
    assert youtube.requests == []  # a search would cost 100


def test_a_bad_key_is_refused_in_words(db, youtube):
    db.settings.set("youtube.api_key", "wrong")
    with pytest.raises(SourceUnavailableError, match="API key not valid"):
        plugin.search_source(db, Artist(name="Bush"))


def test_fetch_metadata_reuses_discoverys_answers(db, youtube):
    plugin.search_source(db, Artist(name="Bush"))
    calls = len(youtube.requests)
    info = plugin.fetch_metadata(db, "https://youtu.be/5WPbqYoz9HA", {})
    assert info.source_id == "5WPbqYoz9HA" and info.duration == 257
    assert len(youtube.requests) == calls


def test_fetch_metadata_by_id_asks_videos_list(db, youtube):
    info = plugin.fetch_metadata(db, None, {"youtube": "yZGmpZ7J4Hk"})
    assert info.title == "Bush - Glycerine" and info.artist == "BushVEVO"
    (request,) = youtube.requests
    assert request.args == {"part": "snippet,contentDetails", "id": "yZGmpZ7J4Hk", "key": KEY}
    assert plugin.fetch_metadata(db, "https://example.org/video.mp4", {}) is None


def test_a_second_discovery_inside_the_ttl_makes_no_call(db, youtube):
    first = plugin.search_source(db, Artist(name="Bush"))
    calls = len(youtube.requests)
    assert plugin.search_source(db, Artist(name="Bush")) == first
    assert len(youtube.requests) == calls


def test_an_artist_youtube_does_not_know_costs_one_search(db, youtube):
    assert plugin.search_source(db, Artist(name="Nobody Here")) == []
    assert [r.path for r in youtube.requests] == ["/youtube/v3/search"]
