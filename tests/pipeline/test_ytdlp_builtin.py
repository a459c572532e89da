"""The built-in yt-dlp plugin against a real file server on 127.0.0.1: it sends the
``ytdlp.cookies`` setting (read at every call), says network failures in words,
and does not take a file server's date for the video's year."""

from __future__ import annotations

import os
import socket

import pytest
from yt_dlp.utils import DownloadError

from mvidarr.builtin import ytdlp
from mvidarr.errors import PermanentError, TransientError
from mvidarr.models import Download, Video
from mvidarr.services.acquire import add_video_by_url


def cookies_for_here(value: str) -> str:
    return ("# Netscape HTTP Cookie File\n"
            f"127.0.0.1\tFALSE\t/\tFALSE\t2147483647\tSID\t{value}\n")


def cookies_sent(server, path: str) -> set:
    return {cookie for (method, seen), cookie in zip(server.requests, server.cookies, strict=True)
            if seen == path and method == "GET"}


def test_reading_and_downloading_send_the_cookies_and_a_change_applies_next(
        pipeline, server, clip, run_jobs):
    pipeline.settings.set("ytdlp.cookies", cookies_for_here("first-session"))
    first = add_video_by_url(pipeline, server.add("/Band - One.mp4", clip))
    assert set(run_jobs()) == {"done"}
    pipeline.settings.set("ytdlp.cookies", cookies_for_here("second-session"))
    second = add_video_by_url(pipeline, server.add("/Band - Two.mp4", clip))
    assert set(run_jobs()) == {"done"}
    assert cookies_sent(server, "/Band - One.mp4") == {"SID=first-session"}
    assert cookies_sent(server, "/Band - Two.mp4") == {"SID=second-session"}
    assert {Video.get_by_id(v.id).status for v in (first, second)} == {"downloaded"}
    # Each call's private copy is gone; the setting itself is untouched by yt-dlp.
    assert list((pipeline.data_dir / "tmp" / "cookies").iterdir()) == []
    assert pipeline.settings.get("ytdlp.cookies") == cookies_for_here("second-session")


def test_without_cookies_none_are_sent(pipeline, server, clip, run_jobs):
    add_video_by_url(pipeline, server.add("/Band - Plain.mp4", clip))
    assert set(run_jobs()) == {"done"}
    assert cookies_sent(server, "/Band - Plain.mp4") == {None}


def test_a_file_servers_date_is_not_the_videos_year(pipeline, server, media_dir, tmp_path):
    dated = tmp_path / "dated.mp4"
    dated.write_bytes((media_dir / "clip.mp4").read_bytes())
    os.utime(dated, (978307200, 978307200))  # 2001-01-01: when the file was copied
    info = ytdlp.fetch_metadata(pipeline, server.add("/Band - Old.mp4", dated), {})
    assert (info.artist, info.title, info.year) == ("Band", "Old", None)


def test_a_video_sites_upload_date_is_its_year():
    youtube = {"id": "5WPbqYoz9HA", "title": "Bush - Machinehead", "extractor_key": "Youtube",
               "upload_date": "20090125"}
    assert ytdlp.info_to_video(youtube, "https://youtu.be/5WPbqYoz9HA").year == 2009
    plain = {"id": "clip", "title": "Band - Song", "extractor_key": "Generic",
             "upload_date": "20010101"}
    assert ytdlp.info_to_video(plain, "http://host/clip.mp4").year is None
    assert ytdlp.info_to_video({**plain, "release_date": "19950301"}, "u").year == 1995
    assert ytdlp.info_to_video({**plain, "release_year": 1994}, "u").year == 1994


def closed_port() -> int:
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    return port


def test_a_refused_connection_is_said_in_words(pipeline):
    port = closed_port()
    with pytest.raises(TransientError) as caught:
        ytdlp.fetch_metadata(pipeline, f"http://127.0.0.1:{port}/v.mp4", {})
    assert str(caught.value) == f"connection refused by 127.0.0.1:{port}"


def test_a_timeout_is_said_in_words(pipeline, monkeypatch):
    monkeypatch.setattr(ytdlp, "SOCKET_TIMEOUT", 0.5)
    with socket.socket() as silent:  # accepts connections, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(4)
        port = silent.getsockname()[1]
        with pytest.raises(TransientError) as caught:
            ytdlp.fetch_metadata(pipeline, f"http://127.0.0.1:{port}/v.mp4", {})
    assert str(caught.value) == f"127.0.0.1:{port} did not answer: timed out after 0.5 s"


def test_http_errors_are_said_in_words(pipeline, server, clip, run_jobs):
    server.fail["/busy.mp4"] = [503] * 5
    with pytest.raises(TransientError) as caught:
        ytdlp.fetch_metadata(pipeline, server.add("/busy.mp4", clip), {})
    assert str(caught.value) == (f"the video host 127.0.0.1:{server.port} answered "
                                 f"HTTP 503 Service Unavailable")
    video = Video.create(title="Gone", artist=add_video_by_url(
        pipeline, server.add("/Band - Kept.mp4", clip)).artist, url=server.url("/gone.mp4"))
    from mvidarr.services import downloads

    download = downloads.request_download(pipeline, video)
    run_jobs()
    error = Download.get_by_id(download.id).error
    assert "answered HTTP 404 Not Found" in error and "caused by" not in error


def test_a_bot_check_asks_for_the_cookies_setting():
    bot = DownloadError("ERROR: [youtube] 5WPbqYoz9HA: Sign in to confirm you\u2019re not a "
                        "bot. Use --cookies-from-browser or --cookies for the authentication.")
    error = ytdlp.classify(bot, "https://www.youtube.com/watch?v=5WPbqYoz9HA")
    assert isinstance(error, TransientError) and "ytdlp.cookies" in str(error)
    age = DownloadError("ERROR: [youtube] abc: Sign in to confirm your age. This video may be "
                        "inappropriate for some users. Use --cookies-from-browser or --cookies "
                        "for the authentication. See  https://github.com/yt-dlp/yt-dlp/wiki/FAQ")
    error = ytdlp.classify(age, "https://www.youtube.com/watch?v=abc")
    assert isinstance(error, PermanentError)
    assert str(error) == ("[youtube] abc: Sign in to confirm your age. This video may be "
                          "inappropriate for some users. (paste the cookies.txt of a logged-in "
                          "browser session into the ytdlp.cookies setting)")
