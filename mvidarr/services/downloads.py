"""Downloads: asking for one, cancelling, retrying, and the `download` task that
fetches a video, files it in the library, probes it and announces it.

The task may be run again from the start at any moment (the job queue re-runs
the job of a killed worker), so every step is safe to repeat:

- each download works in its own temporary folder, emptied when it starts, and
  folders of downloads whose job is not running are removed;
- the library path is written to the video *before* the file moves there, so a
  run that finds that file in place (and the download unfinished) adopts it
  instead of downloading a second copy;
- the download is marked finished, and the video downloaded, in one transaction
  after the NFO and artwork are written.
"""

from __future__ import annotations

import logging
import shutil
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mvidarr.errors import ConflictError, PermanentError, TransientError
from mvidarr.models import DOWNLOAD_ACTIVE, Download, Job, QualityProfile, Video, db, utcnow
from mvidarr.services import filing, library, probe, urlcheck
from mvidarr.types import Event

if TYPE_CHECKING:
    from threading import Event as ThreadEvent

    from mvidarr.app import Mvidarr
    from mvidarr.jobs import JobContext

log = logging.getLogger("mvidarr.downloads")
MB = 1024 * 1024


class DownloadCancelled(Exception):
    """The user cancelled the download while it ran."""


# -- asking ------------------------------------------------------------------------------
def request_download(app: Mvidarr, video: Video) -> Download:
    """Queue `video` for download; answer its active download if it has one."""
    active = (Download.select().where(Download.video == video.id,
                                      Download.status.in_(DOWNLOAD_ACTIVE))
              .order_by(Download.id.desc()).first())
    if active is not None:
        return active
    stored = filing.inside_library(app.library_root(), video.file_path)
    if video.status == "downloaded" and stored is not None:
        raise ConflictError(f"video {video.id} is already downloaded ({stored.name})")
    with db.atomic():
        download = Download.create(video=video.id, status="queued")
        job = app.jobs.enqueue("download", {"download_id": download.id})
        Download.update(job_id=job.id).where(Download.id == download.id).execute()
        # A path left by an earlier attempt no longer names this video's file.
        Video.update(status="queued", file_path=None if stored is None else video.file_path
                     ).where(Video.id == video.id).execute()
    video.status = "queued"
    download.job_id = job.id
    return download


def cancel_download(app: Mvidarr, download_id: int) -> Download:
    """Stop a queued or running download; the video goes back to wanted.

    A running transfer stops within about a second (the job's cancel event in
    this process, the download's status read with each progress save in
    another); the task then removes its partial files.
    """
    download = library.get_download(download_id)
    if download.status not in DOWNLOAD_ACTIVE:
        raise ConflictError(f"download {download_id} is already {download.status}")
    with db.atomic():
        (Download.update(status="cancelled", error="cancelled by the user", finished_at=utcnow())
         .where(Download.id == download.id, Download.status.in_(DOWNLOAD_ACTIVE)).execute())
        (Video.update(status="wanted")
         .where(Video.id == download.video_id, Video.status.in_(("queued", "downloading")))
         .execute())
    if download.job_id:
        app.jobs.cancel(download.job_id)
    return library.get_download(download_id)


def retry_download(app: Mvidarr, download_id: int) -> Download:
    """Queue a failed or cancelled download again (as a new download; history keeps the old)."""
    download = library.get_download(download_id)
    if download.status not in ("failed", "cancelled"):
        raise ConflictError(f"download {download_id} is {download.status}; only failed or "
                            "cancelled downloads can be retried")
    return request_download(app, download.video)


# -- progress ------------------------------------------------------------------------------
class ProgressSaver:
    """The `progress` callback given to downloaders: saves percent, speed and ETA at
    most once per `interval` seconds, and notices a cancel asked by another process."""

    def __init__(self, download_id: int, cancel: ThreadEvent, *, interval: float = 1.0,
                 clock=time.monotonic):
        self.download_id = download_id
        self.cancel = cancel
        self.interval = interval
        self.clock = clock
        self.writes = 0
        self._last: float | None = None

    def __call__(self, downloaded: int | None = None, total: int | None = None,
                 speed: float | None = None, eta: float | None = None, **_: Any) -> None:
        now = self.clock()
        if self._last is not None and now - self._last < self.interval:
            return
        self._last = now
        percent = round(min(99.9, 100.0 * downloaded / total), 1) if downloaded and total else 0.0
        (Download.update(progress=percent, downloaded_bytes=int(downloaded or 0),
                         total_bytes=int(total) if total else None,
                         speed=float(speed) if speed else None,
                         eta=int(eta) if eta is not None else None)
         .where(Download.id == self.download_id, Download.status == "downloading").execute())
        self.writes += 1
        status = Download.select(Download.status).where(Download.id == self.download_id).scalar()
        if status == "cancelled":
            self.cancel.set()


# -- the task ---------------------------------------------------------------------------------
def temp_root(app: Mvidarr) -> Path:
    return app.data_dir / "tmp" / "downloads"


def sweep_temp(app: Mvidarr) -> int:
    """Remove the temporary folders of downloads whose job is not running."""
    root = temp_root(app)
    if not root.is_dir():
        return 0
    removed = 0
    for entry in root.iterdir():
        download = Download.get_or_none_by_id(int(entry.name)) if entry.name.isdigit() else None
        running = download is not None and download.job_id is not None and (
            Job.select().where(Job.id == download.job_id, Job.status == "running").exists())
        if not running:
            shutil.rmtree(entry, ignore_errors=True)
            removed += 1
    return removed


def check_free_space(app: Mvidarr) -> None:
    """Refuse to start when the library disk has less free space than the setting asks."""
    minimum = int(app.settings.get("downloads.min_free_space_mb"))
    place = app.library_root()
    while not place.exists() and place != place.parent:
        place = place.parent
    free = shutil.disk_usage(place).free
    if free < minimum * MB:
        raise PermanentError(
            f"not enough free space on the library disk ({place}): {free // MB} MB free, "
            f"the setting downloads.min_free_space_mb asks for {minimum} MB")


def run_download(ctx: JobContext) -> dict:
    """The `download` task: payload ``{"download_id": ...}``."""
    app = ctx.app
    download = Download.get_or_none_by_id(ctx.payload.get("download_id"))
    if download is None or download.status not in DOWNLOAD_ACTIVE:
        return {"skipped": f"download is {download.status if download else 'gone'}"}
    video = download.video
    sweep_temp(app)
    work = temp_root(app) / str(download.id)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    try:
        path = _adoptable(app, video)
        facts = None
        if path is None:
            path, facts = _fetch_and_file(ctx, download, video, work)
        _finish(app, download.id, video.id, path, facts)
        return {"download_id": download.id, "video_id": video.id, "path": str(path)}
    except Exception as exc:
        stopped = ctx.cancel.is_set() or isinstance(exc, DownloadCancelled)
        if stopped and _cancelled_by_user(download.id, ctx.job_id):
            ctx.stop("cancel")
            _mark_cancelled(download.id, video.id)
            return {"download_id": download.id, "cancelled": True}
        # Stopped, not cancelled: the worker is shutting down; the next one takes it.
        error = (TransientError("the worker stopped during the download; queued again")
                 if stopped else exc)
        final = _fail_or_requeue(ctx, download.id, video, error)
        if final is None and error is exc:
            raise
        raise (final or error) from exc
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _adoptable(app: Mvidarr, video: Video) -> Path | None:
    """The library file an interrupted run of this download already put in place."""
    if video.status not in ("queued", "downloading"):
        return None
    return filing.inside_library(app.library_root(), video.file_path)


def _fetch_and_file(ctx: JobContext, download: Download, video: Video,
                    work: Path) -> tuple[Path, dict]:
    app = ctx.app
    check_free_space(app)
    now = utcnow()
    with db.atomic():
        (Download.update(status="downloading", started_at=now, attempts=ctx.attempt,
                         worker=app.jobs.process, error=None, progress=0.0)
         .where(Download.id == download.id, Download.status.in_(DOWNLOAD_ACTIVE)).execute())
        Video.update(status="downloading").where(Video.id == video.id).execute()
    if video.url:
        try:
            urlcheck.check_url(app, video.url)
        except urlcheck.UnresolvedHostError as exc:
            raise TransientError(str(exc)) from None
    profile = video.quality_profile or video.artist.quality_profile or QualityProfile.default()
    saver = ProgressSaver(download.id, ctx.cancel)
    answer = app.hooks.first_raising("download_video", video=video, profile=profile,
                                     dest_dir=work, progress=saver, cancel=ctx.cancel)
    if ctx.cancel.is_set():
        raise DownloadCancelled("cancelled")
    if answer is None:
        raise PermanentError("no downloader handles this video (is the ytdlp plugin disabled?)")
    fetched = Path(answer[1])
    if not fetched.is_file() or not fetched.resolve().is_relative_to(work.resolve()):
        raise PermanentError(f"the downloader {answer[0]} answered no file in its folder")
    facts = probe.probe(fetched)
    root = app.library_root()
    dest = filing.destination(root, app.settings.get("naming.template"), video,
                              fetched.suffix, probe.resolution(facts["height"]))
    # Written before the move: a run after a crash finds the file and adopts it.
    Video.update(file_path=str(dest)).where(Video.id == video.id).execute()
    final = filing.move_into_place(fetched, dest)
    if final != dest:
        Video.update(file_path=str(final)).where(Video.id == video.id).execute()
    return final, facts


def _finish(app: Mvidarr, download_id: int, video_id: int, path: Path,
            facts: dict | None) -> None:
    facts = facts or probe.probe(path)
    Video.update(file_path=str(path), **facts).where(Video.id == video_id).execute()
    video = Video.get_by_id(video_id)
    app.hooks.broadcast("post_download", video=video, path=path)
    now = utcnow()
    with db.atomic():
        (Download.update(status="finished", progress=100.0, finished_at=now, error=None,
                         downloaded_bytes=facts["size"] or 0, total_bytes=facts["size"], eta=0)
         .where(Download.id == download_id).execute())
        Video.update(status="downloaded", downloaded_at=now).where(Video.id == video_id).execute()
    name = f"{video.artist.name} - {video.title}"
    app.hooks.broadcast("notify", event=Event(
        "download_finished", f"downloaded {name}",
        {"video_id": video_id, "download_id": download_id, "path": str(path)}))


def _cancelled_by_user(download_id: int, job_id: int) -> bool:
    """A user's cancel marks the download (or its job) cancelled; a stopping worker does not."""
    return (Download.select().where(Download.id == download_id,
                                    Download.status == "cancelled").exists()
            or Job.select().where(Job.id == job_id, Job.status == "cancelled").exists())


def _mark_cancelled(download_id: int, video_id: int) -> None:
    with db.atomic():
        (Download.update(status="cancelled", finished_at=utcnow(), error="cancelled by the user")
         .where(Download.id == download_id, Download.status.in_(DOWNLOAD_ACTIVE)).execute())
        (Video.update(status="wanted")
         .where(Video.id == video_id, Video.status.in_(("queued", "downloading"))).execute())


def _fail_or_requeue(ctx: JobContext, download_id: int, video: Video,
                     exc: Exception) -> Exception | None:
    """Record a failed try: queued again for a transient error with tries left (answers
    None), else failed (answers the permanent error to raise in its place)."""
    app = ctx.app
    reason = str(exc) or type(exc).__name__
    limit = int(app.settings.get("downloads.max_attempts"))
    if isinstance(exc, TransientError) and ctx.attempt < limit:
        with db.atomic():
            (Download.update(status="queued", error=f"{reason} (try {ctx.attempt} of {limit}; "
                                                    "will retry)", progress=0.0, speed=None)
             .where(Download.id == download_id).execute())
            Video.update(status="queued").where(Video.id == video.id).execute()
        return None
    if isinstance(exc, TransientError):
        reason = f"{reason} (gave up after {ctx.attempt} tries)"
    with db.atomic():
        (Download.update(status="failed", error=reason[:2000], finished_at=utcnow())
         .where(Download.id == download_id).execute())
        Video.update(status="failed").where(Video.id == video.id).execute()
    app.hooks.broadcast("notify", event=Event(
        "download_failed", f"could not download {video.artist.name} - {video.title}: {reason}",
        {"video_id": video.id, "download_id": download_id, "error": reason}))
    # Raised as permanent: the job queue must not try again past the setting's limit.
    return PermanentError(reason)
