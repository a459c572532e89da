"""The library: artists, videos and the blocklist, and the lists the API pages through.

List functions answer peewee queries (not rows), so that the caller pages them
in SQL; each has an allow-list of sort keys. Changing functions validate what
they are given beyond its shape (unique names, known profiles, allowed status
changes) and raise `UserError` subclasses that say what is wrong.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import peewee as pw

from mvidarr.errors import ConflictError, NotFoundError, ValidationError
from mvidarr.models import (
    ARTIST_ORIGINS,
    DOWNLOAD_ACTIVE,
    Artist,
    BlocklistEntry,
    Download,
    Job,
    JobRun,
    QualityProfile,
    Video,
    db,
    fold,
)

if TYPE_CHECKING:
    from mvidarr.app import Mvidarr

ARTIST_SORTS = {"name": Artist.sort_name, "added_at": Artist.added_at,
                "updated_at": Artist.updated_at, "id": Artist.id}
VIDEO_SORTS = {"title": Video.title_sort, "artist": Artist.sort_name, "year": Video.year,
               "status": Video.status, "added_at": Video.added_at,
               "downloaded_at": Video.downloaded_at, "id": Video.id}
DOWNLOAD_SORTS = {"created_at": Download.created_at, "started_at": Download.started_at,
                  "finished_at": Download.finished_at, "status": Download.status,
                  "id": Download.id}
JOB_SORTS = {"created_at": Job.created_at, "finished_at": Job.finished_at, "name": Job.name,
             "status": Job.status, "id": Job.id}
HISTORY_STATUSES = ("finished", "failed", "cancelled")
# What a user may set a video's status to by hand; the others belong to the pipeline.
SETTABLE_VIDEO_STATUSES = ("wanted", "ignored")
ARTIST_EDITABLE = ("name", "sort_name", "folder", "monitored", "auto_download", "imvdb_id",
                   "spotify_id", "musicbrainz_id", "lastfm_name", "lidarr_id", "biography",
                   "genres", "image_url", "origin", "quality_profile_id")
VIDEO_EDITABLE = ("title", "year", "album", "label", "directors", "genres",
                  "featured_artists", "status", "quality_profile_id")


# Ids beyond what SQL stores cannot name a row (and would fail inside the driver).
_MAX_ID = 2**63 - 1


def _valid_id(row_id: int) -> bool:
    return isinstance(row_id, int) and 0 < row_id <= _MAX_ID


# -- artists -----------------------------------------------------------------------------
def artists(monitored: bool | None = None, q: str | None = None,
            origin: str | None = None) -> pw.ModelSelect:
    """Artists with their video count, filtered."""
    count = (Video.select(pw.fn.COUNT(Video.id)).where(Video.artist == Artist.id))
    query = Artist.select(Artist, count.alias("video_count"))
    if monitored is not None:
        query = query.where(Artist.monitored == monitored)
    if q:
        query = query.where(Artist.name_key.contains(fold(q)))
    if origin:
        query = query.where(Artist.origin == origin)
    return query


def get_artist(artist_id: int) -> Artist:
    """One artist, with its video count."""
    found = artists().where(Artist.id == artist_id).first() if _valid_id(artist_id) else None
    if found is None:
        raise NotFoundError(f"no artist with id {artist_id}")
    return found


def create_artist(app: Mvidarr, data: dict[str, Any]) -> Artist:
    """Add an artist; a monitored one starts a discovery when discovery exists."""
    name = _name(data.get("name"))
    taken = Artist.by_name(name)
    if taken is not None:
        raise ConflictError(f"an artist named {name!r} already exists",
                            {"artist_id": taken.id})
    artist = Artist(name=name)
    _apply_artist(artist, {**data, "name": name})
    try:
        with db.atomic():
            artist.save()
    except pw.IntegrityError:
        raise ConflictError(f"an artist named {name!r} already exists") from None
    if artist.monitored and "discover_artist" in app.jobs.tasks:
        app.jobs.enqueue("discover_artist", {"artist_id": artist.id}, unique=True)
    return artist


def update_artist(artist_id: int, data: dict[str, Any]) -> Artist:
    artist = get_artist(artist_id)
    if "name" in data:
        name = _name(data["name"])
        other = Artist.by_name(name)
        if other is not None and other.id != artist.id:
            raise ConflictError(f"an artist named {name!r} already exists",
                                {"artist_id": other.id})
        data = {**data, "name": name}
        if "sort_name" not in data:
            artist.sort_name = ""  # recomputed from the new name on save
    _apply_artist(artist, data)
    try:
        with db.atomic():
            artist.save()
    except pw.IntegrityError:
        raise ConflictError("an artist with that name already exists") from None
    return artist


def _name(value: Any) -> str:
    name = " ".join(str(value or "").split())
    if not name:
        raise ValidationError("an artist needs a name", {"field": "name"})
    return name


def _apply_artist(artist: Artist, data: dict[str, Any]) -> None:
    if "origin" in data and data["origin"] not in ARTIST_ORIGINS:
        raise ValidationError(f"origin must be one of: {', '.join(ARTIST_ORIGINS)}",
                              {"field": "origin"})
    folder = data.get("folder")
    # The folder becomes part of a path in the library: one plain name, nothing more.
    if folder is not None and (folder.strip() in ("", ".", "..") or "/" in folder
                               or "\\" in folder):
        raise ValidationError("folder must be one folder name, without / or \\ or '..'",
                              {"field": "folder"})
    image_url = data.get("image_url")
    if image_url and not image_url.lower().startswith(("http://", "https://")):
        raise ValidationError("image_url must be an http or https URL", {"field": "image_url"})
    for field in ARTIST_EDITABLE:
        if field not in data:
            continue
        value = data[field]
        if field == "quality_profile_id":
            artist.quality_profile = _profile(value)
        elif field == "sort_name":
            artist.sort_name = fold(value) if value else ""
        else:
            setattr(artist, field, value)


def _profile(profile_id: int | None) -> int | None:
    if profile_id is None:
        return None
    if QualityProfile.get_or_none(QualityProfile.id == profile_id) is None:
        raise ValidationError(f"no quality profile with id {profile_id}",
                              {"field": "quality_profile_id"})
    return profile_id


def delete_artists(app: Mvidarr, artist_ids: list[int]) -> int:
    """Delete artists with their videos and downloads; stop their running downloads.

    Files already in the library stay where they are. Answers how many went.
    """
    ids = sorted(set(artist_ids))
    if not ids:
        return 0
    active = (Download.select(Download.job_id).join(Video)
              .where(Video.artist.in_(ids), Download.status.in_(DOWNLOAD_ACTIVE),
                     Download.job_id.is_null(False)))
    for row in active:
        app.jobs.cancel(row.job_id)
    with db.atomic():
        # Explicit, not only ON DELETE CASCADE: MariaDB/PostgreSQL and SQLite agree then.
        videos = Video.select(Video.id).where(Video.artist.in_(ids))
        Download.delete().where(Download.video.in_(videos)).execute()
        Video.delete().where(Video.artist.in_(ids)).execute()
        return Artist.delete().where(Artist.id.in_(ids)).execute()


# -- videos ------------------------------------------------------------------------------
def videos(status: str | None = None, artist_id: int | None = None, q: str | None = None,
           monitored: bool | None = None, year: int | None = None) -> pw.ModelSelect:
    """Videos with their artist, filtered."""
    query = Video.select(Video, Artist).join(Artist)
    if status:
        query = query.where(Video.status == status)
    if artist_id is not None:
        query = query.where(Video.artist == artist_id)
    # Filters on the artist's columns as id subqueries: the list can then be counted
    # and paged without joining every video to its artist (`services.listing`).
    if q:
        # The matching ids are found by one scan of the narrow (artist, title_sort)
        # index; tested row by row while walking a sort index instead, a word found
        # nowhere costs a table read for every video (200 ms at 100,000).
        named = Artist.select(Artist.id).where(Artist.name_key.contains(fold(q)))
        matching = Video.select(Video.id).where(Video.title_sort.contains(fold(q))
                                                | Video.artist.in_(named))
        query = query.where(Video.id.in_(matching))
    if monitored is not None:
        query = query.where(Video.artist.in_(
            Artist.select(Artist.id).where(Artist.monitored == monitored)))
    if year is not None:
        query = query.where(Video.year == year)
    return query


def get_video(video_id: int) -> Video:
    found = (Video.select(Video, Artist).join(Artist).where(Video.id == video_id).first()
             if _valid_id(video_id) else None)
    if found is None:
        raise NotFoundError(f"no video with id {video_id}")
    return found


def update_video(video_id: int, data: dict[str, Any]) -> Video:
    video = get_video(video_id)
    if "status" in data and data["status"] != video.status:
        if data["status"] not in SETTABLE_VIDEO_STATUSES:
            raise ValidationError(
                f"status can be set by hand only to {' or '.join(SETTABLE_VIDEO_STATUSES)}",
                {"field": "status"})
        if video.status in ("queued", "downloading"):
            raise ConflictError("the video is being downloaded; cancel it in the queue first")
    if "title" in data and not str(data["title"]).strip():
        raise ValidationError("a video needs a title", {"field": "title"})
    for field in VIDEO_EDITABLE:
        if field not in data:
            continue
        if field == "quality_profile_id":
            video.quality_profile = _profile(data[field])
        elif field == "title":
            video.title = " ".join(data["title"].split())
        else:
            setattr(video, field, data[field])
    video.save()
    return video


def delete_video(app: Mvidarr, video_id: int, blocklist: bool = False,
                 reason: str | None = None) -> None:
    """Forget a video (its file stays); with `blocklist`, discovery never adds it again."""
    video = get_video(video_id)
    for row in video.downloads.where(Download.status.in_(DOWNLOAD_ACTIVE)):
        if row.job_id is not None:
            app.jobs.cancel(row.job_id)
    with db.atomic():
        if blocklist:
            block_video(video, reason)
        Download.delete().where(Download.video == video.id).execute()
        video.delete_instance()


def block_video(video: Video, reason: str | None = None) -> BlocklistEntry:
    return BlocklistEntry.create(youtube_id=video.youtube_id, imvdb_id=video.imvdb_id,
                                 match_key=video.match_key or None, title=video.title,
                                 reason=reason)


def is_blocked(youtube_id: str | None = None, imvdb_id: str | None = None,
               match_key: str | None = None) -> bool:
    """Whether a video with any of these ids or this match key is on the blocklist."""
    clauses = []
    if youtube_id:
        clauses.append(BlocklistEntry.youtube_id == youtube_id)
    if imvdb_id:
        clauses.append(BlocklistEntry.imvdb_id == imvdb_id)
    if match_key:
        clauses.append(BlocklistEntry.match_key == match_key)
    if not clauses:
        return False
    condition = clauses[0]
    for clause in clauses[1:]:
        condition |= clause
    return BlocklistEntry.select().where(condition).exists()


def wanted(artist_id: int | None = None, q: str | None = None) -> pw.ModelSelect:
    """Videos the user wants and does not have: wanted, or failed for good."""
    return (videos(artist_id=artist_id, q=q)
            .where(Video.status.in_(("wanted", "failed"))))


# -- downloads ---------------------------------------------------------------------------
def _downloads() -> pw.ModelSelect:
    return Download.select(Download, Video, Artist).join(Video).join(Artist)


def queue(status: str | None = None, video_id: int | None = None) -> pw.ModelSelect:
    """Downloads waiting or running."""
    query = _downloads().where(Download.status.in_(DOWNLOAD_ACTIVE))
    if status:
        query = query.where(Download.status == status)
    if video_id is not None:
        query = query.where(Download.video == video_id)
    return query


def history(status: str | None = None, video_id: int | None = None) -> pw.ModelSelect:
    """Downloads that ended: finished, failed (with the reason) or cancelled."""
    query = _downloads().where(Download.status.in_(HISTORY_STATUSES))
    if status:
        query = query.where(Download.status == status)
    if video_id is not None:
        query = query.where(Download.video == video_id)
    return query


def get_download(download_id: int) -> Download:
    found = (_downloads().where(Download.id == download_id).first()
             if _valid_id(download_id) else None)
    if found is None:
        raise NotFoundError(f"no download with id {download_id}")
    return found


# -- jobs --------------------------------------------------------------------------------
def jobs(status: str | None = None, name: str | None = None) -> pw.ModelSelect:
    query = Job.select()
    if status:
        query = query.where(Job.status == status)
    if name:
        query = query.where(Job.name == name)
    return query


def get_job(job_id: int) -> Job:
    found = Job.get_or_none(Job.id == job_id) if _valid_id(job_id) else None
    if found is None:
        raise NotFoundError(f"no job with id {job_id}")
    return found


def runs_of(job_ids: list[int]) -> dict[int, list[JobRun]]:
    """Every run of these jobs, oldest first, in one query."""
    runs: dict[int, list[JobRun]] = {job_id: [] for job_id in job_ids}
    if job_ids:
        for run in JobRun.select().where(JobRun.job.in_(job_ids)).order_by(JobRun.id):
            runs[run.__data__["job"]].append(run)
    return runs


def counts() -> dict[str, Any]:
    """How many of each thing the library holds, for the system status."""
    by_status = dict(Video.select(Video.status, pw.fn.COUNT(Video.id))
                     .group_by(Video.status).tuples())
    jobs_by_status = dict(Job.select(Job.status, pw.fn.COUNT(Job.id))
                          .group_by(Job.status).tuples())
    return {"artists": Artist.select().count(), "videos": sum(by_status.values()),
            "videos_by_status": by_status,
            "queue": Download.select().where(Download.status.in_(DOWNLOAD_ACTIVE)).count(),
            "jobs_by_status": jobs_by_status}
