"""The videos resource: lists and filters, change, delete and blocklist, input checks
of adding by URL and of asking for a download (their effect is the pipeline's)."""

from __future__ import annotations

import pytest

from mvidarr.models import BlocklistEntry, Download, Video
from mvidarr.services import library
from mvidarr.testing.rows import make_artist, make_download, make_video


def titles(answer) -> list[str]:
    assert answer.status_code == 200, answer.get_json()
    return [item["title"] for item in answer.get_json()["items"]]


@pytest.fixture
def shelf(db):
    """Two artists, four videos."""
    moby = make_artist("Moby", monitored=True)
    air = make_artist("Air", monitored=False)
    return {
        "porcelain": make_video(moby, "Porcelain", status="downloaded", year=2000),
        "blues": make_video(moby, "Natural Blues", status="wanted", year=2000),
        "sexy": make_video(air, "Sexy Boy", status="wanted", year=1998),
        "kelly": make_video(air, "Kelly Watch the Stars", status="ignored", year=1998),
    }


LISTS = [
    ("", ["Kelly Watch the Stars", "Natural Blues", "Porcelain", "Sexy Boy"]),
    ("status=wanted", ["Natural Blues", "Sexy Boy"]),
    ("monitored=false", ["Kelly Watch the Stars", "Sexy Boy"]),
    ("year=2000&sort=title&order=desc", ["Porcelain", "Natural Blues"]),
    ("q=moby", ["Natural Blues", "Porcelain"]),
    ("q=BLUES", ["Natural Blues"]),
    ("sort=artist&per_page=1", ["Sexy Boy"]),  # Air first; ties in the order added
]


def test_list_filters_and_sorts(client, shelf, as_role):
    for query, expected in LISTS:
        answer = client.get(f"/api/videos?{query}", headers=as_role("readonly"))
        assert titles(answer) == expected, query


def test_filter_by_artist_id(client, shelf, as_role):
    artist_id = shelf["sexy"].artist_id
    answer = client.get(f"/api/videos?artist_id={artist_id}", headers=as_role("readonly"))
    assert titles(answer) == ["Kelly Watch the Stars", "Sexy Boy"]
    too_big = client.get(f"/api/videos?artist_id={10**20}", headers=as_role("readonly"))
    assert too_big.status_code == 422
    assert client.get("/api/videos?status=lost", headers=as_role("readonly")).status_code == 422


def test_a_video_shows_its_facts_and_its_file_only_inside_the_library(client, app, db,
                                                                       as_role):
    root = app.library_root()
    video = make_video(make_artist("Moby"), "Porcelain", status="downloaded", width=1920,
                       height=1080, video_codec="h264", audio_codec="aac", container="mp4",
                       size=1234, fps=25.0, bitrate=4_000_000,
                       file_path=str(root / "Moby" / "Moby - Porcelain.mp4"),
                       poster_path=str(root / "Moby" / "Moby - Porcelain-poster.jpg"))
    body = client.get(f"/api/videos/{video.id}", headers=as_role("readonly")).get_json()
    assert body["file"] == "Moby/Moby - Porcelain.mp4"
    assert (body["width"], body["height"], body["video_codec"], body["container"]) == (
        1920, 1080, "h264", "mp4")
    assert body["has_poster"] is True and body["has_thumb"] is False
    assert str(root) not in str(body)
    Video.update(file_path="/srv/elsewhere/secret/name.mp4").where(
        Video.id == video.id).execute()
    body = client.get(f"/api/videos/{video.id}", headers=as_role("readonly")).get_json()
    assert body["file"] == "name.mp4"


def test_update_changes_metadata_and_sets_status_only_to_wanted_or_ignored(client, shelf,
                                                                            as_role):
    video = shelf["sexy"]
    manager = as_role("manager")
    answer = client.put(f"/api/videos/{video.id}", headers=manager,
                        json={"title": "Sexy  Boy ", "year": 1997, "directors": ["Mike Mills"],
                              "status": "ignored"})
    assert answer.status_code == 200
    body = answer.get_json()
    assert (body["title"], body["year"], body["directors"], body["status"]) == (
        "Sexy Boy", 1997, ["Mike Mills"], "ignored")
    assert client.put(f"/api/videos/{video.id}", headers=manager,
                      json={"status": "downloaded"}).status_code == 422
    assert client.put(f"/api/videos/{video.id}", headers=manager,
                      json={"file_path": "/etc/passwd"}).status_code == 422
    assert client.put(f"/api/videos/{video.id}", headers=manager,
                      json={"year": 99999}).status_code == 422
    assert Video.get_by_id(video.id).file_path is None


def test_a_video_being_downloaded_keeps_its_status(client, db, as_role):
    video = make_video(status="downloading")
    answer = client.put(f"/api/videos/{video.id}", headers=as_role("manager"),
                        json={"status": "ignored"})
    assert answer.status_code == 409
    assert Video.get_by_id(video.id).status == "downloading"


def test_delete_forgets_the_video_and_its_downloads(client, db, as_role):
    video = make_video(youtube_id="abc123")
    make_download(video, status="finished")
    answer = client.delete(f"/api/videos/{video.id}", headers=as_role("manager"))
    assert answer.status_code == 200
    assert answer.get_json() == {"deleted": 1, "blocklisted": False}
    assert not Video.select().where(Video.id == video.id).exists()
    assert Download.select().count() == 0
    assert BlocklistEntry.select().count() == 0
    assert client.delete(f"/api/videos/{video.id}",
                         headers=as_role("manager")).status_code == 404


def test_delete_with_blocklist_keeps_it_away(client, db, as_role):
    video = make_video(make_artist("Rick Astley"), "Never Gonna Give You Up",
                       youtube_id="dQw4w9WgXcQ", imvdb_id="121779770452")
    key = Video.get_by_id(video.id).match_key
    assert key
    answer = client.delete(f"/api/videos/{video.id}?blocklist=true",
                           headers=as_role("manager"))
    assert answer.get_json() == {"deleted": 1, "blocklisted": True}
    assert library.is_blocked(youtube_id="dQw4w9WgXcQ")
    assert library.is_blocked(match_key=key)
    assert BlocklistEntry.get().title == "Never Gonna Give You Up"
    assert not library.is_blocked(youtube_id="other")
    assert not library.is_blocked()


BAD_ADDS = [
    {},
    {"url": ""},
    {"url": "ftp://example.com/video.mp4"},
    {"url": "file:///etc/passwd"},
    {"url": "javascript:alert(1)"},
    {"url": "not a url at all"},
    {"url": "https://"},
    {"url": 42},
    {"url": "https://example.com/v", "artist": 5},
    {"url": "https://example.com/v", "format": "bestvideo"},
    {"url": "https://example.com/" + "a" * 2000},
]


def test_adding_by_url_checks_its_input_first(client, db, as_role):
    # A body of the wrong shape is 422; a URL MVidarr will not fetch is 400 (saying why).
    for body in BAD_ADDS:
        answer = client.post("/api/videos", headers=as_role("manager"), json=body)
        assert answer.status_code in (400, 422), (body, answer.get_json())
        assert answer.get_json()["error"]
    assert client.post("/api/videos", headers=as_role("manager"),
                       json={"url": "ftp://example.com/v.mp4"}).status_code == 400
    assert client.post("/api/videos", headers=as_role("manager"),
                       json={"url": 42}).status_code == 422
    assert Video.select().count() == 0


def test_adding_by_url_needs_a_json_body(client, db, as_role):
    answer = client.post("/api/videos", headers=as_role("manager"),
                         data="url=https://example.com/v")
    assert answer.status_code == 400


def test_download_of_a_missing_video_is_a_404(client, db, as_role):
    assert client.post("/api/videos/4242/download", headers=as_role("user")).status_code == 404
    assert client.post(f"/api/videos/{10**25}/download",
                       headers=as_role("user")).status_code == 404
