"""The built-in downloader and metadata reader: yt-dlp through its Python API.

Both hooks are fallbacks (``trylast``): a plugin that knows a video better
answers first. The options given to yt-dlp are built here and from the quality
profile, never from text a user typed. The one setting, ``ytdlp.cookies`` (the
text of a Netscape cookies.txt, secret), is given to every yt-dlp call as a
private temporary copy (`mvidarr.cookies`), so bot checks can be answered.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mvidarr.cookies import SETTING as COOKIES
from mvidarr.cookies import check_cookies, cookie_file
from mvidarr.errors import PermanentError, TransientError
from mvidarr.markers import hookimpl
from mvidarr.networds import NETWORK_ERRORS, chain, host_of, network_words
from mvidarr.services import matching, quality
from mvidarr.types import SettingSpec, VideoInfo

if TYPE_CHECKING:
    from threading import Event as ThreadEvent

log = logging.getLogger("mvidarr.ytdlp")
SOCKET_TIMEOUT = 20
TRANSIENT_STATUSES = {408, 425, 429, 500, 502, 503, 504}
BOT_CHECK = re.compile(r"not a bot|confirm you.re not a", re.IGNORECASE)
# yt-dlp's advice names its command-line options; ours is the setting.
_COOKIE_HINT = re.compile(r"\s*(?:Use|See) [^.]*--cookies.*$", re.IGNORECASE | re.DOTALL)
COOKIE_ADVICE = ("paste the cookies.txt of a logged-in browser session into the "
                 "ytdlp.cookies setting")
# yt-dlp appends the chain of library exceptions; the reason is said in words instead.
_CAUSED_BY = re.compile(r"\s*\(caused by .*\)\s*$", re.DOTALL)


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


@hookimpl
def register_settings(app):
    return [
        SettingSpec(COOKIES, "str", None,
                    "The text of a Netscape cookies.txt of a logged-in YouTube session (not a "
                    "path), sent by yt-dlp when downloading, reading a video's details and "
                    "searching, so that YouTube's bot checks pass; applies to the next call.",
                    secret=True, validate=check_cookies),
    ]


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
        with cookie_file(app) as cookies:
            if cookies:
                options["cookiefile"] = str(cookies)
            with _youtube_dl(options) as ydl:
                info = ydl.extract_info(video.url, download=True)
    except DownloadCancelled:
        return None
    except DownloadError as exc:
        raise classify(exc, video.url) from None
    downloads = (info or {}).get("requested_downloads") or []
    if not downloads or not downloads[0].get("filepath"):
        raise PermanentError("yt-dlp finished without a file")
    return Path(downloads[0]["filepath"])


def classify(exc: Exception, url: str | None = None) -> Exception:
    """A yt-dlp error as TransientError (network, 429, 5xx, a bot check) or
    PermanentError, said in words: never the networking library's own text."""
    message = _words(exc)
    host = host_of(url, "the video host")
    if BOT_CHECK.search(message):
        return TransientError(f"YouTube asked to confirm this is not a bot; {COOKIE_ADVICE}")
    if "--cookies" in message:  # sign-in for age or membership checks: retrying will not do
        return PermanentError(f"{_COOKIE_HINT.sub('', message)} ({COOKIE_ADVICE})")
    for cause in chain(exc):
        status = getattr(cause, "status", None)
        if isinstance(status, int):
            reason = getattr(cause, "reason", None)
            reason = reason if isinstance(reason, str) else ""
            said = f"the video host {host} answered HTTP {status} {reason}".strip()
            if status in TRANSIENT_STATUSES:
                return TransientError(said)
            return PermanentError(said)
        if type(cause).__name__ in NETWORK_ERRORS:
            return TransientError(network_words(exc, host, SOCKET_TIMEOUT))
    lowered = message.lower()
    if any(word in lowered for word in ("timed out", "connection reset", "temporarily")):
        return TransientError(network_words(exc, host, SOCKET_TIMEOUT))
    return PermanentError(message)


def _words(exc: BaseException) -> str:
    text = _CAUSED_BY.sub("", str(exc).removeprefix("ERROR: ")).strip()
    return text or type(exc).__name__


@hookimpl(trylast=True)
def fetch_metadata(app, url, ids):
    """Describe the video at `url` from yt-dlp's info extraction (no download)."""
    if not url:
        return None
    from yt_dlp.utils import DownloadError

    options = base_options()
    try:
        with cookie_file(app) as cookies:
            if cookies:
                options["cookiefile"] = str(cookies)
            with _youtube_dl(options) as ydl:
                info = ydl.extract_info(url, download=False)
    except DownloadError as exc:
        raise classify(exc, url) from None
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
    # For a plain file (the generic extractor) upload_date is only the server's
    # Last-Modified: when the file was copied there, not when the video came out.
    dated = info.get("release_date") or (
        info.get("upload_date") if info.get("extractor_key") != "Generic" else None) or ""
    if not year and dated[:4].isdigit():
        year = int(dated[:4])
    return VideoInfo(
        source="ytdlp", source_id=str(info["id"]), title=title, artist=artist,
        url=info.get("webpage_url") or url, ids=ids,
        featured_artists=list(artists[1:]), year=year, album=info.get("album"),
        genres=list(info.get("genres") or []), duration=info.get("duration"),
        thumbnail_url=info.get("thumbnail"), description=info.get("description"))
