"""The YouTube Data API v3 side of the YouTube source (reference §2).

An artist's videos come from a music-category search (100 quota units) and,
when the search shows the artist's own channel, its uploads playlist
(``channels.list`` then ``playlistItems.list``, 1 unit a page); every candidate
is then described by ``videos.list`` in batches of 50 (1 unit each) for its
duration, definition and category. Units are counted against
``youtube.daily_quota``; a ``quotaExceeded`` answer stops every call until the
quota resets at midnight Pacific.
"""

from __future__ import annotations

import html
import re

from mvidarr import SourceHTTPError, SourceUnavailableError, VideoInfo

NAME = "youtube"
MUSIC = "10"
BATCH = 50
MAX_UPLOAD_PAGES = 10
COSTS = {"/search": 100}  # the older, stricter count; every other list call costs 1
DURATION = re.compile(r"^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$")
CHANNEL_NOISE = re.compile(r"(vevo|official|music|tv)$")


def get(app, path: str, params: dict):
    """One Data API call through ``app.sources``, quota counted, errors in words."""
    base = app.settings.get("youtube.base_url").rstrip("/")
    cost = COSTS.get(path, 1)
    budget = int(app.settings.get("youtube.daily_quota"))
    try:
        return app.sources.get_json(NAME, base + path,
                                    params={**params, "key": app.settings.get("youtube.api_key")},
                                    cost=cost, quota_budget=budget)
    except SourceHTTPError as exc:
        reasons = {e.get("reason") for e in _errors(exc.payload)}
        if "quotaExceeded" in reasons:
            app.sources.cool_down(NAME, app.sources.seconds_to_quota_reset(NAME),
                                  "YouTube's daily quota is used up (quotaExceeded); "
                                  "no calls until it resets at midnight Pacific time")
            raise SourceUnavailableError("YouTube's daily quota is used up") from None
        if reasons & {"keyInvalid", "badRequest", "forbidden", "accessNotConfigured"}:
            message = _message(exc.payload) or "the API key was refused"
            raise SourceUnavailableError(f"YouTube refused the call: {message}") from None
        raise


def _errors(payload) -> list[dict]:
    error = payload.get("error") if isinstance(payload, dict) else None
    return error.get("errors") or [] if isinstance(error, dict) else []


def _message(payload) -> str | None:
    error = payload.get("error") if isinstance(payload, dict) else None
    return error.get("message") if isinstance(error, dict) else None


def fold(text: str | None) -> str:
    return re.sub(r"[^0-9a-z]+", "", (text or "").casefold())


def seconds(duration: str | None) -> float | None:
    """ISO-8601 ``PT4M17S`` in seconds; None when it cannot be read."""
    match = DURATION.match(duration or "")
    if not match:
        return None
    days, hours, minutes, secs = (int(part or 0) for part in match.groups())
    return float(((days * 24 + hours) * 60 + minutes) * 60 + secs)


def is_artist_channel(title: str, artist: str) -> bool:
    """``BushVEVO``, ``Bush Official`` and ``Bush`` are Bush's; ``Bush - Topic`` holds
    only audio tracks."""
    if title.endswith(" - Topic"):
        return False
    name = fold(artist)
    folded = fold(title)
    while folded != name and CHANNEL_NOISE.search(folded):
        folded = CHANNEL_NOISE.sub("", folded)
    return folded == name


def mentions(title: str, artist: str) -> bool:
    return fold(artist) in fold(title)


def song_title(title: str, artist: str) -> str:
    """``Bush - Machinehead (Official Video)`` → ``Machinehead (Official Video)``;
    decorations are left for discovery to strip."""
    left, dash, right = title.partition(" - ")
    if dash and fold(artist) in fold(left) and right.strip():
        return right.strip()
    return title.strip()


def search(app, artist_name: str) -> list[dict]:
    data = get(app, "/search", {"part": "snippet", "q": artist_name, "type": "video",
                                "videoCategoryId": MUSIC, "maxResults": BATCH})
    return data.get("items") or []


def uploads(app, channel_id: str) -> list[str]:
    """Video ids of the channel's uploads playlist, newest first."""
    data = get(app, "/channels", {"part": "contentDetails", "id": channel_id})
    items = data.get("items") or []  # absent, not [], when nothing matches
    playlist = ((items[0].get("contentDetails") or {}).get("relatedPlaylists") or {}).get(
        "uploads") if items else None
    if not playlist:
        return []
    ids, token = [], None
    for _ in range(MAX_UPLOAD_PAGES):
        params = {"part": "snippet,contentDetails", "playlistId": playlist,
                  "maxResults": BATCH}
        if token:
            params["pageToken"] = token
        page = get(app, "/playlistItems", params)
        ids += [(item.get("contentDetails") or {}).get("videoId") for item in
                page.get("items") or []]
        token = page.get("nextPageToken")
        if not token:
            break
    return [video_id for video_id in ids if video_id]


def describe(app, video_ids: list[str]) -> list[dict]:
    """videos.list for every id, 50 at a time; each item also cached on its own, so
    that `fetch_metadata` of one of them makes no call."""
    base = app.settings.get("youtube.base_url").rstrip("/")
    found = []
    for start in range(0, len(video_ids), BATCH):
        batch = video_ids[start: start + BATCH]
        data = get(app, "/videos", {"part": "snippet,contentDetails", "id": ",".join(batch)})
        for item in data.get("items") or []:
            found.append(item)
            app.sources.prime(NAME, base + "/videos", single_params(app, item["id"]),
                              {"items": [item]})
    return found


def single_params(app, video_id: str) -> dict:
    return {"part": "snippet,contentDetails", "id": video_id,
            "key": app.settings.get("youtube.api_key")}


def to_video(item: dict, artist_name: str | None) -> VideoInfo:
    snippet = item.get("snippet") or {}
    details = item.get("contentDetails") or {}
    title = html.unescape(snippet.get("title") or "")
    artist = artist_name or snippet.get("channelTitle") or ""
    thumbs = snippet.get("thumbnails") or {}
    thumb = next((thumbs[size]["url"] for size in ("maxres", "high", "medium", "default")
                  if (thumbs.get(size) or {}).get("url")), None)
    published = snippet.get("publishedAt") or ""
    return VideoInfo(
        source=NAME, source_id=item["id"], title=song_title(title, artist), artist=artist,
        url=f"https://www.youtube.com/watch?v={item['id']}", ids={NAME: item["id"]},
        duration=seconds(details.get("duration")), thumbnail_url=thumb,
        year=int(published[:4]) if published[:4].isdigit() else None,
        description=snippet.get("description") or None)


def is_music_video(item: dict) -> bool:
    snippet = item.get("snippet") or {}
    length = seconds((item.get("contentDetails") or {}).get("duration"))
    return (snippet.get("categoryId") == MUSIC and bool(length)
            and snippet.get("liveBroadcastContent", "none") == "none")


def artist_videos(app, artist_name: str) -> list[VideoInfo]:
    results = search(app, artist_name)
    channels = {(r.get("snippet") or {}).get("channelId") for r in results
                if is_artist_channel((r.get("snippet") or {}).get("channelTitle") or "",
                                     artist_name)}
    channels.discard(None)
    wanted: dict[str, None] = {}
    for result in results:
        snippet = result.get("snippet") or {}
        video_id = (result.get("id") or {}).get("videoId")
        if video_id and (snippet.get("channelId") in channels
                         or mentions(html.unescape(snippet.get("title") or ""), artist_name)):
            wanted[video_id] = None
    for channel_id in sorted(channels):
        wanted.update(dict.fromkeys(uploads(app, channel_id)))
    items = describe(app, list(wanted))
    return [to_video(item, artist_name) for item in items if is_music_video(item)
            and ((item.get("snippet") or {}).get("channelId") in channels
                 or mentions(html.unescape(item["snippet"].get("title") or ""), artist_name))]


def video_by_id(app, video_id: str) -> VideoInfo | None:
    data = get(app, "/videos", {"part": "snippet,contentDetails", "id": video_id})
    items = data.get("items") or []
    return to_video(items[0], None) if items else None
