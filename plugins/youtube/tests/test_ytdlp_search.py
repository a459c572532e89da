"""The YouTube source without an API key: yt-dlp's ``ytsearchN:`` flat search.

Real YouTube cannot be reached from the tests, so the one seam replaced is
`ytdlp_search.make_ydl`, the factory of the `YoutubeDL` object: a fake that
records the options and the query it got and answers what yt-dlp's flat search
answers (or raises yt-dlp's own `DownloadError` with YouTube's real messages).
Everything around it (settings, cookies, pacing, cache, cool-down, health) runs
for real.
"""

from pathlib import Path

import pytest
from mvidarr_youtube import plugin, ytdlp_search
from yt_dlp.utils import DownloadError

from mvidarr import RateLimitError, SourceUnavailableError
from mvidarr.models import Artist

BOT_CHECK = ("ERROR: [youtube] 5WPbqYoz9HA: Sign in to confirm you\u2019re not a bot. Use "
             "--cookies-from-browser or --cookies for the authentication.")


def entry(video_id, title, duration=240, channel="BushVEVO", live_status=None):
    return {"_type": "url", "ie_key": "Youtube", "id": video_id, "title": title,
            "url": f"https://www.youtube.com/watch?v={video_id}", "duration": duration,
            "channel": channel, "channel_id": "UCoXOrC2tqxpIMYnQvbdONtQ", "uploader": channel,
            "live_status": live_status, "description": None,
            "thumbnails": [{"url": f"https://i.ytimg.com/vi/{video_id}/hqdefault.jpg",
                            "height": 360, "width": 480}]}


class FakeYoutubeDL:
    """Stands in for yt_dlp.YoutubeDL: a context manager with `extract_info`."""

    made = []

    def __init__(self, options, answer=None, error=None):
        self.options, self.answer, self.error = options, answer, error
        self.queries = []
        # The real one reads the cookie file here: what it would have sent.
        self.cookie_path = options.get("cookiefile")
        if self.cookie_path:
            path = Path(self.cookie_path)
            self.cookies, self.cookie_mode = path.read_text(), path.stat().st_mode & 0o777
        FakeYoutubeDL.made.append(self)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        return False

    def extract_info(self, query, download=True):
        assert download is False
        self.queries.append(query)
        if self.error:
            raise DownloadError(self.error)
        return self.answer


RESULTS = {"_type": "playlist", "id": "Bush official music video", "entries": [
    entry("5WPbqYoz9HA", "Bush - Machinehead (Official Video)"),
    entry("yZGmpZ7J4Hk", "Glycerine", channel="Bush"),
    entry("shortshort1", "Bush - Machinehead #shorts", duration=20),
    entry("liveliveli1", "Bush live stream", live_status="is_live"),
    entry("unrelated01", "Some other band - song", channel="Other"),
]}


@pytest.fixture
def ytdl(db, monkeypatch):
    FakeYoutubeDL.made = []
    state = {"error": None}
    monkeypatch.setattr(ytdlp_search, "make_ydl",
                        lambda app, options: FakeYoutubeDL(options, RESULTS, state["error"]))
    db.settings.set("youtube.requests_per_second", 1000)
    return state


def test_without_a_key_yt_dlp_searches_flat(db, ytdl):
    found = plugin.search_source(db, Artist(name="Bush"))
    (ydl,) = FakeYoutubeDL.made
    assert ydl.queries == ["ytsearch25:Bush official music video"]
    assert ydl.options["extract_flat"] == "in_playlist"
    assert ydl.options["skip_download"] is True and "cookiefile" not in ydl.options
    assert [(v.source_id, v.title) for v in found] == [
        ("5WPbqYoz9HA", "Machinehead (Official Video)"), ("yZGmpZ7J4Hk", "Glycerine")]
    assert found[0].ids == {"youtube": "5WPbqYoz9HA"} and found[0].duration == 240


def test_the_number_of_results_is_a_setting(db, ytdl):
    db.settings.set("youtube.search_results", 10)
    plugin.search_source(db, Artist(name="Bush"))
    assert FakeYoutubeDL.made[0].queries == ["ytsearch10:Bush official music video"]


def cookie_line(value):
    return f".youtube.com\tTRUE\t/\tTRUE\t2147483647\tSID\t{value}"


def test_the_core_cookies_setting_applies_to_the_next_search(db, ytdl):
    db.settings.set("youtube.cache_hours", 0)
    plugin.search_source(db, Artist(name="Bush"))
    db.settings.set("ytdlp.cookies", cookie_line("first-session"))
    plugin.search_source(db, Artist(name="Bush"))
    db.settings.set("ytdlp.cookies", cookie_line("second-session"))
    plugin.search_source(db, Artist(name="Bush"))
    without, first, second = FakeYoutubeDL.made
    assert "cookiefile" not in without.options
    assert first.cookies.splitlines() == ["# Netscape HTTP Cookie File",
                                          cookie_line("first-session")]
    assert "second-session" in second.cookies
    # Each call had its own private copy under the data folder, gone afterwards.
    for call in (first, second):
        path = Path(call.cookie_path)
        assert path.parent == db.data_dir / "tmp" / "cookies"
        assert call.cookie_mode == 0o600 and not path.exists()
    assert first.cookie_path != second.cookie_path
    assert db.settings.shown("ytdlp.cookies") == "********"


def test_a_bot_check_cools_the_source_down_instead_of_failing_every_call(db, ytdl):
    ytdl["error"] = BOT_CHECK
    with pytest.raises(SourceUnavailableError, match="not a bot"):
        plugin.search_source(db, Artist(name="Bush"))
    with pytest.raises(SourceUnavailableError, match="paused"):
        plugin.search_source(db, Artist(name="Hole"))
    assert len(FakeYoutubeDL.made) == 1  # the cool-down made no second call
    (health,) = [p for p in db.plugin_states.describe() if p["name"] == "youtube"]
    assert health["health"] == "cooldown" and health["cooldown_until"]
    assert "ytdlp.cookies" in health["last_error"]


def test_a_429_is_a_rate_limit_with_a_cooldown(db, ytdl):
    ytdl["error"] = "ERROR: Unable to download webpage: HTTP Error 429: Too Many Requests"
    with pytest.raises(RateLimitError):
        plugin.search_source(db, Artist(name="Bush"))
    assert db.sources.cooldown_left("youtube") > 60


def test_other_yt_dlp_errors_are_unavailable_in_words(db, ytdl):
    ytdl["error"] = "ERROR: Unable to extract initial data"
    with pytest.raises(SourceUnavailableError, match="yt-dlp search failed: Unable to extract"):
        plugin.search_source(db, Artist(name="Bush"))
    assert db.sources.cooldown_left("youtube") == 0


def test_searches_are_cached(db, ytdl):
    plugin.search_source(db, Artist(name="Bush"))
    plugin.search_source(db, Artist(name="Bush"))
    assert len(FakeYoutubeDL.made) == 1
    (health,) = [p for p in db.plugin_states.describe() if p["name"] == "youtube"]
    assert health["calls_today"] == 1


def test_the_real_yt_dlp_is_never_reached_from_tests(db):
    with pytest.raises(SourceUnavailableError, match="only 127.0.0.1"):
        plugin.search_source(db, Artist(name="Bush"))


def test_without_a_key_metadata_is_left_to_the_builtin_yt_dlp(db):
    assert plugin.fetch_metadata(db, "https://www.youtube.com/watch?v=5WPbqYoz9HA", {}) is None


def test_a_network_failure_is_said_in_words(db, ytdl, monkeypatch):
    from yt_dlp.networking.exceptions import TransportError

    inner = TransportError("HTTPSConnectionPool(host='www.youtube.com', port=443): Read timed "
                           "out. (read timeout=30)", cause=TimeoutError("timed out"))
    failure = DownloadError("ERROR: [youtube:search] Unable to download webpage: "
                            "HTTPSConnectionPool(host='www.youtube.com', port=443): Read timed "
                            "out. (caused by TransportError(...))",
                            exc_info=(TransportError, inner, None))

    def failing(app, options):
        raise failure

    monkeypatch.setattr(ytdlp_search, "make_ydl", failing)
    with pytest.raises(SourceUnavailableError) as caught:
        plugin.search_source(db, Artist(name="Bush"))
    assert str(caught.value) == ("yt-dlp search failed: www.youtube.com did not answer: "
                                 "timed out after 30 s")


def test_the_library_chain_is_cut_from_other_errors(db, ytdl):
    ytdl["error"] = ("ERROR: [youtube:search] Unable to extract initial data (caused by "
                     "ExtractorError('urllib3 internals'))")
    with pytest.raises(SourceUnavailableError) as caught:
        plugin.search_source(db, Artist(name="Bush"))
    assert str(caught.value) == ("yt-dlp search failed: [youtube:search] Unable to extract "
                                 "initial data")
