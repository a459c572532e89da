"""A fake YouTube Data API v3 (reference §2): search.list, videos.list,
channels.list and playlistItems.list with opaque page tokens, the ``key``
parameter required, quota counted per call (search 100 units, the rest 1) and
the Google error envelope for a missing or bad key, an exhausted quota
(``quotaExceeded``) and a bad page token.

    yt = FakeYoutube(api_key="k").start()
    channel = yt.add_channel("Bush", "UCoXOrC2tqxpIMYnQvbdONtQ", title="BushVEVO")
    yt.add_video(channel, "5WPbqYoz9HA", "Bush - Machinehead (Official Video)", seconds=257)
    app.settings.set("youtube.base_url", yt.url)                 # .../youtube/v3
"""

from __future__ import annotations

import base64
import html
from dataclasses import dataclass, field

from werkzeug.wrappers import Request, Response

from mvidarr.testing.fakes.server import FakeService

PREFIX = "/youtube/v3"
COSTS = {"/search": 100}
QUOTA_MESSAGE = ("The request cannot be completed because you have exceeded your "
                 "<a href=\"/youtube/v3/getting-started#quota\">quota</a>.")


@dataclass
class FakeChannel:
    id: str
    artist: str
    title: str
    videos: list[FakeYoutubeVideo] = field(default_factory=list)

    @property
    def uploads(self) -> str:
        return "UU" + self.id[2:]


@dataclass
class FakeYoutubeVideo:
    id: str
    title: str
    channel: FakeChannel
    seconds: int = 240
    definition: str = "hd"
    category: str = "10"
    published: str = "2012-06-25T23:53:57Z"

    def snippet(self) -> dict:
        return {"publishedAt": self.published, "channelId": self.channel.id,
                "title": self.title, "description": f"{self.title} official music video",
                "thumbnails": {"default": {"url": f"https://i.ytimg.com/vi/{self.id}/default.jpg",
                                           "width": 120, "height": 90},
                               "high": {"url": f"https://i.ytimg.com/vi/{self.id}/hqdefault.jpg",
                                        "width": 480, "height": 360}},
                "channelTitle": self.channel.title, "liveBroadcastContent": "none"}


def google_error(code: int, reason: str, message: str, domain: str = "global") -> dict:
    return {"error": {"code": code, "message": message,
                      "errors": [{"message": message, "domain": domain, "reason": reason}]}}


def _token(offset: int) -> str:
    return base64.urlsafe_b64encode(f"off:{offset}".encode()).decode().rstrip("=")


def _offset(token: str | None) -> int | None:
    if not token:
        return 0
    try:
        text = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
        return int(text.removeprefix("off:")) if text.startswith("off:") else None
    except ValueError:
        return None


class FakeYoutube(FakeService):
    def __init__(self, api_key: str = "youtube-test-key", quota: int = 10_000):
        super().__init__()
        self.api_key = api_key
        self.quota = quota
        self.quota_used = 0
        self.channels: dict[str, FakeChannel] = {}
        self.videos: dict[str, FakeYoutubeVideo] = {}

    @property
    def url(self) -> str:
        return self.root + PREFIX

    def add_channel(self, artist: str, channel_id: str, title: str | None = None) -> FakeChannel:
        channel = FakeChannel(channel_id, artist, title or artist)
        self.channels[channel_id] = channel
        return channel

    def add_video(self, channel: FakeChannel, video_id: str, title: str,
                  **fields) -> FakeYoutubeVideo:
        video = FakeYoutubeVideo(video_id, title, channel, **fields)
        channel.videos.append(video)
        self.videos[video_id] = video
        return video

    def answer(self, request: Request) -> Response:
        key = request.args.get("key")
        if not key:
            return self.json(google_error(403, "forbidden",
                                          "The request is missing a valid API key."), 403)
        if key != self.api_key:
            return self.json(google_error(400, "badRequest",
                                          "API key not valid. Please pass a valid API key."), 400)
        path = request.path.removeprefix(PREFIX)
        cost = COSTS.get(path, 1)
        if self.quota_used + cost > self.quota:
            return self.json(google_error(403, "quotaExceeded", QUOTA_MESSAGE, "youtube.quota"),
                             403)
        self.quota_used += cost  # every request costs, even a bad one
        if not request.args.get("part"):
            return self.json(google_error(400, "required", "Required parameter: part"), 400)
        handler = {"/search": self._search, "/videos": self._videos,
                   "/channels": self._channels, "/playlistItems": self._playlist_items}.get(path)
        if handler is None:
            return self.json(google_error(404, "notFound", "Not Found"), 404)
        return handler(request)

    def _list(self, kind: str, request: Request, items: list[dict]) -> Response:
        offset = _offset(request.args.get("pageToken"))
        if offset is None:
            return self.json(google_error(400, "invalidPageToken",
                                          "The request specifies an invalid page token."), 400)
        size = min(max(int(request.args.get("maxResults", 5)), 0), 50)
        page = items[offset: offset + size]
        body = {"kind": f"youtube#{kind}ListResponse", "etag": "fake-etag",
                "pageInfo": {"totalResults": len(items), "resultsPerPage": size},
                "items": page}
        if offset + size < len(items):
            body["nextPageToken"] = _token(offset + size)
        if offset:
            body["prevPageToken"] = _token(max(offset - size, 0))
        return self.json(body)

    def _search(self, request: Request) -> Response:
        term = request.args.get("q", "").lower()
        music_only = request.args.get("videoCategoryId") == "10"
        if music_only and request.args.get("type") != "video":
            return self.json(google_error(400, "invalidVideoCategoryId",
                                          "videoCategoryId requires type=video"), 400)
        found = [v for v in self.videos.values()
                 if term and (term in v.title.lower() or term in v.channel.title.lower())
                 and (not music_only or v.category == "10")]
        items = [{"kind": "youtube#searchResult", "etag": "e",
                  "id": {"kind": "youtube#video", "videoId": v.id},
                  # Real search titles come HTML-escaped.
                  "snippet": {**v.snippet(), "title": html.escape(v.title),
                              "publishTime": v.published}} for v in found]
        return self._list("search", request, items)

    def _videos(self, request: Request) -> Response:
        ids = [i for i in request.args.get("id", "").split(",") if i]
        if len(ids) > 50:
            return self.json(google_error(400, "badRequest", "Too many ids"), 400)
        items = []
        for video_id in ids:
            video = self.videos.get(video_id)
            if video is None:
                continue  # unknown ids are silently absent
            minutes, seconds = divmod(video.seconds, 60)
            items.append({
                "kind": "youtube#video", "etag": "e", "id": video.id,
                "snippet": {**video.snippet(), "tags": [video.channel.artist.lower()],
                            "categoryId": video.category},
                "contentDetails": {"duration": f"PT{minutes}M{seconds}S" if minutes
                                   else f"PT{seconds}S",
                                   "dimension": "2d", "definition": video.definition,
                                   "caption": "false", "licensedContent": True,
                                   "projection": "rectangular"},
                "statistics": {"viewCount": "1000", "favoriteCount": "0"}})
        return self.json({"kind": "youtube#videoListResponse", "etag": "e",
                          "pageInfo": {"totalResults": len(items),
                                       "resultsPerPage": len(items)}, "items": items})

    def _channels(self, request: Request) -> Response:
        ids = [i for i in request.args.get("id", "").split(",") if i]
        found = [self.channels[i] for i in ids if i in self.channels]
        body = {"kind": "youtube#channelListResponse", "etag": "e",
                "pageInfo": {"totalResults": len(found), "resultsPerPage": 5}}
        if found:  # when nothing matches `items` is absent, not []
            body["items"] = [{
                "kind": "youtube#channel", "id": c.id,
                "snippet": {"title": c.title, "description": "", "customUrl": f"@{c.title}",
                            "publishedAt": "2009-05-01T00:00:00Z", "thumbnails": {}},
                "contentDetails": {"relatedPlaylists": {"likes": "", "uploads": c.uploads}},
                "statistics": {"viewCount": "1", "subscriberCount": "1",
                               "hiddenSubscriberCount": False,
                               "videoCount": str(len(c.videos))}} for c in found]
        return self.json(body)

    def _playlist_items(self, request: Request) -> Response:
        playlist = request.args.get("playlistId", "")
        channel = next((c for c in self.channels.values() if c.uploads == playlist), None)
        if channel is None:
            return self.json(google_error(404, "playlistNotFound",
                                          "The playlist identified with the request's "
                                          "<code>playlistId</code> parameter cannot be found.",
                                          "youtube.playlistItem"), 404)
        items = [{"kind": "youtube#playlistItem", "etag": "e", "id": f"PLI{v.id}",
                  "snippet": {**v.snippet(), "playlistId": playlist, "position": n,
                              "resourceId": {"kind": "youtube#video", "videoId": v.id},
                              "videoOwnerChannelTitle": channel.title,
                              "videoOwnerChannelId": channel.id},
                  "contentDetails": {"videoId": v.id, "videoPublishedAt": v.published}}
                 for n, v in enumerate(channel.videos)]
        return self._list("playlistItem", request, items)
