"""YouTube source for MVidarr: an artist's music videos and one video's metadata.

With ``youtube.api_key`` set it uses the Data API v3 (`dataapi`), counting quota
units against ``youtube.daily_quota``; without one, yt-dlp's search
(`ytdlp_search`). Either way calls go through ``app.sources``: paced, cached,
retried, and the source's health kept.
"""

from __future__ import annotations

import re

from mvidarr import SettingSpec, hookimpl, source_settings, validators
from mvidarr_youtube import dataapi, ytdlp_search

NAME = "youtube"
DEFAULT_BASE_URL = "https://www.googleapis.com/youtube/v3"
QUOTA_ZONE = "America/Los_Angeles"  # the Data API quota resets at midnight Pacific
VIDEO_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
URL_ID = re.compile(r"(?:youtube\.com/(?:watch\?(?:.*&)?v=|shorts/|embed/|live/)|youtu\.be/)"
                    r"([A-Za-z0-9_-]{11})")


@hookimpl
def register_settings(app):
    app.sources.set_quota_timezone(NAME, QUOTA_ZONE)
    return [
        SettingSpec("youtube.base_url", "str", DEFAULT_BASE_URL,
                    "Where the YouTube Data API v3 source is reached (change it only for a "
                    "proxy or a test server).", validate=validators.http_url),
        SettingSpec("youtube.api_key", "str", None, "YouTube Data API v3 key (sent as ?key=).",
                    secret=True, validate=validators.token),
        SettingSpec("youtube.daily_quota", "int", 10_000,
                    "Data API units MVidarr may use a day (a search costs 100, other calls 1); "
                    "past it, no calls until midnight Pacific time.", minimum=1,
                    maximum=10_000_000),
        SettingSpec("youtube.search_results", "int", 25,
                    "Results read from a yt-dlp search (without an API key).",
                    minimum=1, maximum=100),
        SettingSpec("youtube.cooldown_minutes", "int", 60,
                    "How long YouTube is left alone after a bot check or a 429.",
                    minimum=1, maximum=24 * 60),
        *source_settings(NAME, requests_per_second=5, cache_hours=12),
    ]


def has_key(app) -> bool:
    return app.settings.is_set("youtube.api_key")


@hookimpl
def search_source(app, artist):
    if has_key(app):
        return dataapi.artist_videos(app, artist.name)
    return ytdlp_search.artist_videos(app, artist.name)


def video_id(url: str | None, ids: dict) -> str | None:
    known = (ids or {}).get(NAME)
    if known and VIDEO_ID.match(str(known)):
        return str(known)
    match = URL_ID.search(url or "")
    return match.group(1) if match else None


@hookimpl
def fetch_metadata(app, url, ids):
    # Without a key the built-in yt-dlp plugin describes YouTube URLs.
    found = video_id(url, ids)
    if not found or not has_key(app):
        return None
    return dataapi.video_by_id(app, found)
