"""The built-in downloader and metadata reader: yt-dlp through its Python API.

Both hooks are fallbacks (``trylast``): a plugin that knows a video better
answers first. The options given to yt-dlp are built here and from the quality
profile, never from text a user typed.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mvidarr.errors import PermanentError, TransientError
from mvidarr.markers import hookimpl
from mvidarr.services import matching, quality
from mvidarr.types import VideoInfo

if TYPE_CHECKING:
    from threading import Event as ThreadEvent

log = logging.getLogger("mvidarr.ytdlp")
SOCKET_TIMEOUT = 20
TRANSIENT_STATUSES = {408, 425, 429, 500, 502, 503, 504}
# Matched by class name: yt-dlp's networking exceptions and the standard ones.
NETWORK_ERRORS = {"TransportError", "TimeoutError", "ConnectionError", "IncompleteRead",
                  "URLError", "RemoteDisconnected", "ConnectionResetError",
                  "ConnectionRefusedError", "ProxyError"}


class _Logger:
    """yt-dlp's messages go to our log, never to the terminal."""

    def debug(self, message: str) -> None:
        pass

    def info(self, message: str) -> None:
        pass

    def warning(self, message: str) -> None:
        log.info("yt-dlp: %s", message)

    def error(self, message: str) -> None:
        log.info("yt-dlp: %s", message)


def base_options() -> dict[str, Any]:
    return {"quiet": True, "no_warnings": True, "noprogress": True, "noplaylist": True,
            "cachedir": False, "logger": _Logger(), "socket_timeout": SOCKET_TIMEOUT,
            "retries": 2, "fragment_retries": 2, "color": {"stderr": "no_color"}}


def _youtube_dl(options: dict[str, Any]):
    import yt_dlp  # imported on first use: it is large

    return yt_dlp.YoutubeDL(options)


@hookimpl(trylast=True)
def download_video(app, video, profile, dest_dir: Path, progress, cancel: ThreadEvent):
    if not video.url:
        return None
    from yt_dlp.utils import DownloadCancelled, DownloadError

    class Stop(DownloadCancelled):
        msg = "cancelled"

    def hook(status: dict) -> None:
        if cancel.is_set():
            raise Stop()
        if status.get("status") == "downloading":
            progress(downloaded=status.get("downloaded_bytes"),
                     total=status.get("total_bytes") or status.get("total_bytes_estimate"),
                     speed=status.get("speed"), eta=status.get("eta"))

    options = {**base_options(), **quality.ytdlp_options(profile),
               "paths": {"home": str(dest_dir), "temp": str(dest_dir)},
               "outtmpl": {"default": "video.%(ext)s"}, "progress_hooks": [hook]}
    if cancel.is_set():
        return None
    try:
        with _youtube_dl(options) as ydl:
            info = ydl.extract_info(video.url, download=True)
    except DownloadCancelled:
        return None
    except DownloadError as exc:
        raise classify(exc) from None
    downloads = (info or {}).get("requested_downloads") or []
    if not downloads or not downloads[0].get("filepath"):
        raise PermanentError("yt-dlp finished without a file")
    return Path(downloads[0]["filepath"])


def classify(exc: Exception) -> Exception:
    """A yt-dlp error as TransientError (network, 429, 5xx) or PermanentError, in words."""
    message = _words(exc)
    for cause in _causes(exc):
        status = getattr(cause, "status", None)
        if isinstance(status, int):
            if status in TRANSIENT_STATUSES:
                return TransientError(f"the video host answered HTTP {status}: {message}")
            return PermanentError(f"the video host answered HTTP {status}: {message}")
        name = type(cause).__name__
        if name in NETWORK_ERRORS:
            return TransientError(f"network error: {message}")
    lowered = message.lower()
    if any(word in lowered for word in ("timed out", "connection reset", "temporarily")):
        return TransientError(f"network error: {message}")
    return PermanentError(message)


def _causes(exc: BaseException):
    seen: set[int] = set()
    stack: list[Any] = [exc]
    while stack:
        item = stack.pop()
        if item is None or id(item) in seen:
            continue
        seen.add(id(item))
        yield item
        exc_info = getattr(item, "exc_info", None)
        if isinstance(exc_info, tuple) and len(exc_info) > 1:
            stack.append(exc_info[1])
        stack += [getattr(item, "cause", None), item.__cause__, item.__context__]


def _words(exc: BaseException) -> str:
    text = str(exc).removeprefix("ERROR: ").strip()
    return text or type(exc).__name__


@hookimpl(trylast=True)
def fetch_metadata(app, url, ids):
    """Describe the video at `url` from yt-dlp's info extraction (no download)."""
    if not url:
        return None
    from yt_dlp.utils import DownloadError

    try:
        with _youtube_dl(base_options()) as ydl:
            info = ydl.extract_info(url, download=False)
    except DownloadError as exc:
        raise classify(exc) from None
    return info_to_video(info or {}, url)


def info_to_video(info: dict, url: str) -> VideoInfo | None:
    """A VideoInfo from yt-dlp's info dict (music fields first, else the title)."""
    if not info.get("id"):
        return None
    title = info.get("track") or info.get("title") or info["id"]
    artists = info.get("artists") or ([info["artist"]] if info.get("artist") else [])
    artist = artists[0] if artists else None
    if not info.get("track"):
        named, rest = matching.split_artist_title(title)
        if named:
            artist, title = artist or named, rest
    artist = artist or info.get("creator") or info.get("uploader") or info.get("channel") or ""
    ids = {"youtube": info["id"]} if info.get("extractor_key") == "Youtube" else {}
    year = info.get("release_year")
    if not year and (info.get("release_date") or info.get("upload_date") or "")[:4].isdigit():
        year = int((info.get("release_date") or info.get("upload_date"))[:4])
    return VideoInfo(
        source="ytdlp", source_id=str(info["id"]), title=title, artist=artist,
        url=info.get("webpage_url") or url, ids=ids,
        featured_artists=list(artists[1:]), year=year, album=info.get("album"),
        genres=list(info.get("genres") or []), duration=info.get("duration"),
        thumbnail_url=info.get("thumbnail"), description=info.get("description"))
