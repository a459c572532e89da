"""The keyless side of the YouTube source: yt-dlp's ``ytsearchN:`` flat extraction.

Without an API key, an artist's videos come from a YouTube search run by yt-dlp
with ``extract_flat`` (one results page, no video page fetched). The cookies are
the core's ``ytdlp.cookies`` setting (the text of a cookies.txt), given to each
call as a private temporary copy by `mvidarr.cookie_file`, so a change applies to
the next call without a restart. A bot check or sign-in demand, or a 429, puts
the source into a cool-down shown in its health instead of failing every later
call.

`make_ydl` is the seam tests replace: real YouTube cannot be reached from them.
"""

from __future__ import annotations

import re

import yt_dlp
from yt_dlp.utils import DownloadError, ExtractorError

from mvidarr import (
    RateLimitError,
    SourceUnavailableError,
    VideoInfo,
    cookie_file,
    network_failure,
)
from mvidarr_youtube.dataapi import is_artist_channel, mentions, song_title

NAME = "youtube"
BOT_CHECK = re.compile(r"not a bot|sign in to confirm|confirm you.re not|captcha|"
                       r"use --cookies", re.IGNORECASE)
TOO_MANY = re.compile(r"HTTP Error 429|Too Many Requests", re.IGNORECASE)
MIN_SECONDS = 60  # shorter results are teasers and shorts, not music videos
SOCKET_TIMEOUT = 30


def make_ydl(app, options: dict):
    """A real `yt_dlp.YoutubeDL` (only reached when calls may leave this machine)."""
    app.sources.check_url(NAME, "https://www.youtube.com/results")
    return yt_dlp.YoutubeDL(options)


def options(cookies=None) -> dict:
    """yt-dlp's options; `cookies` is the path of this call's cookies.txt copy."""
    opts = {"extract_flat": "in_playlist", "skip_download": True, "quiet": True,
            "no_warnings": True, "noprogress": True, "cachedir": False,
            "socket_timeout": SOCKET_TIMEOUT, "noplaylist": False}
    if cookies:
        opts["cookiefile"] = str(cookies)
    return opts


def query(app, artist_name: str) -> str:
    count = int(app.settings.get("youtube.search_results"))
    return f"ytsearch{count}:{artist_name} official music video"


def run_search(app, text: str) -> list[dict]:
    """The flat entries of one yt-dlp search, paced and counted like any call."""
    app.sources.acquire(NAME)
    app.sources.count(NAME, 1)
    try:
        with cookie_file(app) as cookies, make_ydl(app, options(cookies)) as ydl:
            info = ydl.extract_info(text, download=False)
    except (DownloadError, ExtractorError) as exc:
        raise classify(app, exc) from None
    entries = (info or {}).get("entries") or []
    return [_plain(entry) for entry in entries if isinstance(entry, dict)]


def classify(app, exc: Exception) -> Exception:
    """yt-dlp's error as the core's, cooling the source down where YouTube asks."""
    message = re.sub(r"^ERROR:\s*", "", str(exc)).strip()
    minutes = float(app.settings.get("youtube.cooldown_minutes"))
    if BOT_CHECK.search(message):
        reason = ("YouTube asked to confirm this is not a bot (sign-in check); paste the "
                  "cookies.txt of a logged-in browser session into the ytdlp.cookies setting")
        app.sources.cool_down(NAME, minutes * 60, reason)
        return SourceUnavailableError(reason, retry_after=minutes * 60)
    if TOO_MANY.search(message):
        reason = "YouTube answered 429 Too Many Requests to yt-dlp"
        app.sources.cool_down(NAME, minutes * 60, reason)
        return RateLimitError(reason, retry_after=minutes * 60)
    said = network_failure(exc, "www.youtube.com", SOCKET_TIMEOUT)
    if said:
        return SourceUnavailableError(f"yt-dlp search failed: {said}")
    # yt-dlp appends the chain of library exceptions: not words for a person.
    message = re.sub(r"\s*\(caused by .*\)\s*$", "", message, flags=re.DOTALL)
    return SourceUnavailableError(f"yt-dlp search failed: {message[:300]}")


def _plain(entry: dict) -> dict:
    """The fields used, JSON-able (cached as the answer)."""
    keys = ("id", "title", "url", "duration", "channel", "channel_id", "uploader",
            "live_status", "thumbnails", "description")
    return {key: entry.get(key) for key in keys}


def to_video(entry: dict, artist_name: str) -> VideoInfo:
    thumbs = [t for t in entry.get("thumbnails") or [] if t.get("url")]
    video_id = entry["id"]
    return VideoInfo(
        source=NAME, source_id=video_id, title=song_title(entry.get("title") or "", artist_name),
        artist=artist_name, url=f"https://www.youtube.com/watch?v={video_id}",
        ids={NAME: video_id}, duration=entry.get("duration"),
        thumbnail_url=thumbs[-1]["url"] if thumbs else None,
        description=entry.get("description") or None)


def artist_videos(app, artist_name: str) -> list[VideoInfo]:
    text = query(app, artist_name)
    entries = app.sources.remember(NAME, "ytsearch", {"q": text}, lambda: run_search(app, text))
    found = []
    for entry in entries:
        if not entry.get("id") or entry.get("live_status") in ("is_live", "is_upcoming"):
            continue
        if entry.get("duration") is not None and entry["duration"] < MIN_SECONDS:
            continue
        channel = entry.get("channel") or entry.get("uploader") or ""
        if mentions(entry.get("title") or "", artist_name) or is_artist_channel(channel,
                                                                                artist_name):
            found.append(to_video(entry, artist_name))
    return found
