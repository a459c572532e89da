"""The Kodi/Jellyfin `<musicvideo>` NFO and the poster/thumb artwork, written
next to each video when it is filed (``post_download``).

The NFO is written at once. The artwork is made by an `artwork` job queued
then: from the source's thumbnail when there is one (fetched through the URL
check), else from a frame of the video taken by ffmpeg. Both cost a network
call or an ffmpeg start (100-200 ms) that need not hold a download slot.
Writing again replaces the files, so a repeated run leaves the same result.
"""

from __future__ import annotations

import logging
import os
import secrets
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import TYPE_CHECKING

from mvidarr.markers import hookimpl
from mvidarr.models import Video
from mvidarr.services import filing, urlcheck
from mvidarr.types import Task

if TYPE_CHECKING:
    from mvidarr.app import Mvidarr

log = logging.getLogger("mvidarr.nfo")
MAX_THUMBNAIL_BYTES = 10 * 1024 * 1024
FFMPEG_TIMEOUT = 60


def nfo_xml(video: Video) -> bytes:
    """The `<musicvideo>` document for `video` (reference §8)."""
    root = ET.Element("musicvideo")

    def add(tag: str, value, **attrs) -> None:
        if value not in (None, "", []):
            ET.SubElement(root, tag, {k: str(v) for k, v in attrs.items()}).text = str(value)

    add("title", video.title)
    add("artist", video.artist.name)
    for featured in video.featured_artists or []:
        add("artist", featured)
    add("album", video.album)
    add("year", video.year)
    for director in video.directors or []:
        add("director", director)
    add("studio", video.label)
    for genre in video.genres or []:
        add("genre", genre)
    if video.duration:
        add("runtime", max(1, round(video.duration / 60)))
    add("plot", video.description)
    if video.file_path:
        path = Path(video.file_path)
        add("thumb", filing.sidecar(path, "-poster.jpg").name, aspect="poster")
        add("thumb", filing.sidecar(path, "-thumb.jpg").name, aspect="thumb")
    add("uniqueid", video.imvdb_id, type="imvdb")
    add("uniqueid", video.youtube_id, type="youtube", default="true")
    add("uniqueid", video.id, type="mvidarr")
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    header = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    return (header + body + "\n").encode("utf-8")


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file and a rename.

    The file gets the mode the process's umask gives (as the video beside it):
    mkstemp's 0600 would hide the NFO and artwork from a media server running as
    another user."""
    temp = path.parent / f".{path.name}.{secrets.token_hex(6)}.tmp"
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


@hookimpl
def post_download(app: Mvidarr, video: Video, path: Path) -> None:
    nfo = filing.sidecar(Path(path), ".nfo")
    write_atomically(nfo, nfo_xml(video))
    Video.update(nfo_path=str(nfo)).where(Video.id == video.id).execute()
    app.jobs.enqueue("artwork", {"video_id": video.id}, unique=True)


@hookimpl
def register_tasks(app: Mvidarr) -> list[Task]:
    return [Task("artwork", make_artwork, max_attempts=2)]


def make_artwork(ctx) -> dict:
    """The `artwork` task: `-poster.jpg` and `-thumb.jpg` next to a filed video."""
    video = Video.get_or_none_by_id(ctx.payload.get("video_id"))
    path = video and filing.inside_library(ctx.app.library_root(), video.file_path)
    if path is None:
        return {"skipped": "the video has no file in the library"}
    image = _source_image(ctx.app, video) or _frame(path, video.duration)
    if image is None:
        return {"artwork": False}
    poster = filing.sidecar(path, "-poster.jpg")
    thumb = filing.sidecar(path, "-thumb.jpg")
    write_atomically(thumb, image)
    write_atomically(poster, image)
    Video.update(thumb_path=str(thumb), poster_path=str(poster)).where(
        Video.id == video.id).execute()
    return {"artwork": True}


def _source_image(app: Mvidarr, video: Video) -> bytes | None:
    """The source's thumbnail as JPEG bytes, or None when there is none or it fails."""
    if not video.thumbnail_url:
        return None
    try:
        url = urlcheck.check_url(app, video.thumbnail_url)
        response = app.http.get(url, stream=True, allow_redirects=False)
        response.raise_for_status()
        data = response.raw.read(MAX_THUMBNAIL_BYTES + 1, decode_content=True)
    except Exception as exc:  # artwork is a nicety: a frame will do instead
        log.info("thumbnail of video %s not fetched: %s", video.id, exc)
        return None
    if len(data) > MAX_THUMBNAIL_BYTES:
        return None
    if data[:3] == b"\xff\xd8\xff":
        return data
    return _to_jpeg(data)  # webp, png...: Kodi and Jellyfin look for .jpg


def _to_jpeg(data: bytes) -> bytes | None:
    return _ffmpeg(["-f", "image2pipe", "-i", "pipe:0", "-frames:v", "1"], data)


def _frame(path: Path, duration: float | None) -> bytes | None:
    """A frame a tenth of the way in (past black intros), as JPEG."""
    at = f"{(duration or 0) * 0.1:.2f}"
    return _ffmpeg(["-ss", at, "-i", str(path), "-frames:v", "1"], None)


def _ffmpeg(arguments: list[str], stdin: bytes | None) -> bytes | None:
    command = ["ffmpeg", "-nostdin" if stdin is None else "-hide_banner", "-loglevel", "error",
               *arguments, "-q:v", "3", "-f", "image2", "-c:v", "mjpeg", "pipe:1"]
    try:
        done = subprocess.run(command, input=stdin, capture_output=True,
                              timeout=FFMPEG_TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        log.info("ffmpeg could not make an image: %s", exc)
        return None
    if done.returncode != 0 or not done.stdout:
        log.info("ffmpeg could not make an image: %s", done.stderr.decode(errors="replace")[-300:])
        return None
    return done.stdout
