"""The IMVDb source against a fake IMVDb: the exact requests, an artist's videos
with directors, featured artists, year and YouTube id, lookup, metadata, errors."""

import time

import pytest
from mvidarr_imvdb import plugin

from mvidarr import SourceUnavailableError
from mvidarr.models import Artist
from mvidarr.testing.fakes.imvdb import FakeImvdb

KEY = "imvdb-key-123"


@pytest.fixture
def imvdb(db):
    with FakeImvdb(app_key=KEY) as fake:
        bush = fake.add_artist("Bush", 838673)  # name null, as IMVDb often answers
        fake.add_video(bush, 121779770452, "Machinehead", year=1996,
                       directors=["Matt Mahurin"], youtube_id="5WPbqYoz9HA", vimeo_id=64611906,
                       featured=["T.I."], label="Trauma Records")
        fake.add_video(bush, 121779770453, "Glycerine", year=1995, directors=["Matt Mahurin",
                                                                              "Someone Else"])
        db.settings.set("imvdb.base_url", fake.url)
        db.settings.set("imvdb.api_key", KEY)
        db.settings.set("imvdb.requests_per_second", 1000)  # pacing has tests of its own
        db.sources.backoff_base = 0.01
        yield fake


def bush():
    return Artist(name="Bush")


def test_discovery_sends_the_documented_requests(db, imvdb):
    plugin.search_source(db, bush())
    search, entity, *details = imvdb.requests
    for request in imvdb.requests:
        assert request.headers["Imvdb-App-Key"] == KEY
        assert request.headers["Accept"] == "application/json"
        assert "Authorization" not in request.headers
    assert (search.path, search.args) == ("/api/v1/search/entities",
                                          {"q": "Bush", "per_page": "25"})
    assert (entity.path, entity.args) == ("/api/v1/entity/838673",
                                          {"include": "artist_videos", "page": "1",
                                           "per_page": "50"})
    assert sorted(d.path for d in details) == ["/api/v1/video/121779770452",
                                               "/api/v1/video/121779770453"]
    assert all(d.args == {"include": "sources,credits,featured"} for d in details)


def test_videos_carry_directors_featured_year_label_and_the_youtube_id(db, imvdb):
    found = {v.title: v for v in plugin.search_source(db, bush())}
    machinehead = found["Machinehead"]
    assert machinehead.source == "imvdb" and machinehead.source_id == "121779770452"
    assert machinehead.ids == {"imvdb": "121779770452", "youtube": "5WPbqYoz9HA"}
    assert machinehead.directors == ["Matt Mahurin"]
    assert machinehead.featured_artists == ["T.I."]
    assert machinehead.year == 1996 and machinehead.label == "Trauma Records"
    assert machinehead.artist == "Bush"
    assert machinehead.url == "https://imvdb.com/video/bush/machinehead"
    assert found["Glycerine"].ids == {"imvdb": "121779770453"}
    assert found["Glycerine"].directors == ["Matt Mahurin", "Someone Else"]


def test_a_known_imvdb_id_skips_the_entity_search(db, imvdb):
    plugin.search_source(db, Artist(name="Bush", imvdb_id="838673"))
    assert not imvdb.calls("/search/")


def test_an_artist_imvdb_does_not_know_has_no_videos(db, imvdb):
    assert plugin.search_source(db, Artist(name="Nobody Here")) == []
    assert len(imvdb.requests) == 1


def test_artist_videos_are_paged_until_the_total(db, imvdb):
    many = imvdb.add_artist("Prolific", 5)
    for n in range(60):
        imvdb.add_video(many, 1000 + n, f"Song {n}")
    found = plugin.search_source(db, Artist(name="Prolific", imvdb_id="5"))
    assert len(found) == 60
    pages = [r.args["page"] for r in imvdb.calls("/entity/")]
    assert pages == ["1", "2"]


def test_an_include_that_ignores_paging_is_read_once(db, imvdb):
    imvdb.page_included_videos = False
    many = imvdb.add_artist("Prolific", 5)
    for n in range(60):
        imvdb.add_video(many, 1000 + n, f"Song {n}")
    assert len(plugin.search_source(db, Artist(name="Prolific", imvdb_id="5"))) == 60
    assert len(imvdb.calls("/entity/")) == 1


def test_lookup_humanises_a_null_name_from_the_slug(db, imvdb):
    imvdb.add_artist("Robin Thicke", 1)
    imvdb.add_artist("Bush Tetras", 2, show_name=True)
    found = {a.name: a for a in plugin.lookup_artist(db, "bush")}
    assert set(found) == {"Bush", "Bush Tetras"}
    assert found["Bush"].ids == {"imvdb": "838673"} and found["Bush"].source == "imvdb"
    assert found["Bush"].image_url is None  # IMVDb's placeholder is no image
    assert plugin.humanise("robin-thicke") == "Robin Thicke"


def test_fetch_metadata_by_id_or_url(db, imvdb):
    by_id = plugin.fetch_metadata(db, None, {"imvdb": "121779770452"})
    assert by_id.title == "Machinehead" and by_id.artist == "Bush"
    by_url = plugin.fetch_metadata(db, "https://imvdb.com/video/bush/glycerine", {})
    assert by_url.source_id == "121779770453"
    assert plugin.fetch_metadata(db, None, {"imvdb": "999"}) is None
    assert plugin.fetch_metadata(db, "https://www.youtube.com/watch?v=x", {}) is None


def test_a_second_discovery_inside_the_ttl_makes_no_call(db, imvdb):
    first = plugin.search_source(db, bush())
    count = len(imvdb.requests)
    assert plugin.search_source(db, bush()) == first
    assert len(imvdb.requests) == count


def test_a_refused_key_is_unavailable_in_words(db, imvdb):
    db.settings.set("imvdb.api_key", "wrong")
    with pytest.raises(SourceUnavailableError, match="refused the app key"):
        plugin.search_source(db, bush())
    assert [r.status for r in imvdb.requests] == [403]


def test_without_a_key_no_call_is_made(db, imvdb):
    db.settings.reset("imvdb.api_key")
    with pytest.raises(SourceUnavailableError, match="imvdb.api_key"):
        plugin.search_source(db, bush())
    assert imvdb.requests == []


def test_an_outage_is_shown_in_the_sources_health(db, imvdb):
    imvdb.go_down(503, html=True)
    with pytest.raises(SourceUnavailableError, match="HTTP 503"):
        plugin.search_source(db, bush())
    (health,) = [p for p in db.plugin_states.describe() if p["name"] == "imvdb"]
    assert health["health"] == "cooldown" and "HTTP 503" in health["last_error"]
    assert health["calls_today"] == db.sources.max_retries + 1


def test_calls_keep_to_the_imvdb_rate(db, imvdb):
    db.settings.set("imvdb.requests_per_second", 10)
    started = time.monotonic()
    plugin.search_source(db, bush())  # 4 calls: 3 intervals of 0.1 s
    assert time.monotonic() - started >= 0.3
    assert len(imvdb.requests) == 4


def test_unreleased_videos_are_not_wanted(db, imvdb):
    band = imvdb.entities[838673]
    imvdb.add_video(band, 121779770999, "Coming Soon", production_status="p")
    titles = {v.title for v in plugin.search_source(db, bush())}
    assert titles == {"Machinehead", "Glycerine"}
    assert not imvdb.calls("/video/121779770999")
