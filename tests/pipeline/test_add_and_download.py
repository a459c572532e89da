"""A URL becomes a downloaded, probed, NFO'd video in the library (end to end)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from mvidarr.errors import UserError
from mvidarr.markers import hookimpl
from mvidarr.models import Artist, Download, Video
from mvidarr.services import downloads
from mvidarr.services.acquire import add_video_by_url


class Recorder:
    """Hears every notification and post_download call."""

    def __init__(self):
        self.events = []
        self.filed = []

    @hookimpl
    def notify(self, app, event):
        self.events.append(event)

    @hookimpl
    def post_download(self, app, video, path):
        self.filed.append(Path(path))


class Broken:
    @hookimpl
    def post_download(self, app, video, path):
        raise RuntimeError("this plugin is broken")


def test_a_url_posted_to_the_api_is_downloaded_probed_and_filed(pipeline, client, as_role,
                                                               server, clip, run_jobs):
    recorder = Recorder()
    pipeline.add_plugin("recorder", recorder)
    pipeline.add_plugin("broken", Broken())  # fails in post_download: must not matter
    url = server.add("/Artist - Title (Official Video).mp4", clip)

    answer = client.post("/api/videos", json={"url": url}, headers=as_role("manager"))
    assert answer.status_code == 201, answer.get_json()
    body = answer.get_json()
    assert (body["artist_name"], body["title"], body["status"]) == ("Artist", "Title", "queued")

    assert run_jobs() == ["done", "done"]  # the download, then its artwork
    root = pipeline.library_root()
    path = root / "Artist" / "Artist - Title.mp4"
    assert path.is_file() and path.stat().st_size == clip.stat().st_size
    video = Video.get_by_id(body["id"])
    assert video.status == "downloaded" and Path(video.file_path) == path
    assert (video.width, video.height, video.video_codec, video.audio_codec) == (
        160, 120, "h264", "aac")
    assert video.container == "mp4" and video.fps == 10.0 and video.size == path.stat().st_size
    assert abs(video.duration - 1.0) < 0.2 and video.bitrate > 0

    nfo = ET.parse(root / "Artist" / "Artist - Title.nfo").getroot()  # noqa: S314 (ours)
    assert nfo.tag == "musicvideo"
    assert (nfo.findtext("title"), nfo.findtext("artist")) == ("Title", "Artist")
    assert nfo.find("thumb[@aspect='poster']").text == "Artist - Title-poster.jpg"
    for suffix in ("-poster.jpg", "-thumb.jpg"):
        assert (root / "Artist" / f"Artist - Title{suffix}").read_bytes()[:3] == b"\xff\xd8\xff"
    # A media server running as another user reads the sidecars as it reads the video.
    video_mode = path.stat().st_mode & 0o777
    for suffix in (".nfo", "-poster.jpg", "-thumb.jpg"):
        assert (root / "Artist" / f"Artist - Title{suffix}").stat().st_mode & 0o777 == video_mode

    download = Download.get(Download.video == video.id)
    assert (download.status, download.progress, download.error) == ("finished", 100.0, None)
    assert [event.kind for event in recorder.events] == ["video_added", "download_finished"]
    assert recorder.filed == [path]
    # The technical facts appear in the video's JSON.
    shown = client.get(f"/api/videos/{video.id}", headers=as_role("readonly")).get_json()
    assert (shown["width"], shown["height"], shown["video_codec"]) == (160, 120, "h264")
    assert not list(downloads.temp_root(pipeline).iterdir())


def test_the_same_url_twice_is_a_conflict(pipeline, client, as_role, server, clip):
    url = server.add("/Band - Song.mp4", clip)
    assert client.post("/api/videos", json={"url": url},
                       headers=as_role("manager")).status_code == 201
    again = client.post("/api/videos", json={"url": url}, headers=as_role("manager"))
    assert again.status_code == 409 and "already in the library" in again.get_json()["error"]


def test_a_private_url_is_refused_with_the_reason(db, client, as_role, server, clip):
    url = server.add("/Band - Song.mp4", clip)
    answer = client.post("/api/videos", json={"url": url}, headers=as_role("manager"))
    assert answer.status_code == 400
    assert "loopback" in answer.get_json()["error"]
    assert "security.allow_private_urls" in answer.get_json()["error"]
    assert Video.select().count() == 0 and server.requests == []


def test_artist_and_title_given_win_and_a_clash_gets_a_suffix(pipeline, server, clip,
                                                               run_jobs):
    first = add_video_by_url(pipeline, server.add("/one.mp4", clip), artist="Band",
                             title="Song")
    assert (first.artist.name, first.title) == ("Band", "Song")
    taken = pipeline.library_root() / "Band" / "Band - Song.mp4"
    taken.parent.mkdir(parents=True)
    taken.write_bytes(b"someone else's file")
    run_jobs()
    assert taken.read_bytes() == b"someone else's file"  # never overwritten
    assert Video.get_by_id(first.id).file_path == str(taken.with_name("Band - Song (2).mp4"))


def test_an_unreadable_url_is_refused_with_the_reason(pipeline, server):
    with pytest.raises(UserError, match="404"):
        add_video_by_url(pipeline, server.url("/missing.mp4"))
    assert Video.select().count() == 0


class OwnDownloader:
    """A plugin that fetches videos itself: it answers before the built-in yt-dlp."""

    def __init__(self, source: Path):
        self.source = source
        self.profiles = []

    @hookimpl
    def download_video(self, app, video, profile, dest_dir, progress, cancel):
        self.profiles.append(profile.name)
        target = Path(dest_dir) / "mine.mp4"
        target.write_bytes(self.source.read_bytes())
        progress(downloaded=target.stat().st_size, total=target.stat().st_size)
        return target


def test_a_plugin_downloader_answers_before_yt_dlp(pipeline, clip, run_jobs):
    mine = OwnDownloader(clip)
    pipeline.add_plugin("own", mine)
    artist = Artist.create(name="Band")
    video = Video.create(title="Song", artist=artist, url="http://127.0.0.1:9/unreachable")
    downloads.request_download(pipeline, video)
    assert run_jobs()[0] == "done"
    assert mine.profiles == ["Best up to 1080p (H.264/AAC MP4 preferred)"]
    assert (pipeline.library_root() / "Band" / "Band - Song.mp4").read_bytes() == (
        clip.read_bytes())
    # The built-in is a fallback: marked to answer after every other downloader.
    builtin = [impl for impl in pipeline.pm.hook.download_video.get_hookimpls()
               if impl.plugin_name == "ytdlp"]
    assert builtin and builtin[0].trylast
