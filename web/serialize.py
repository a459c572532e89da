"""Models as the API shows them: JSON-able dicts, snake_case, datetimes in ISO 8601
UTC with a ``Z``. Each dict has a JSON schema next to it (for the OpenAPI
document and the fuzzing test that holds answers to it).

No answer carries a path of the server's disk: a video's file is shown
relative to the library root, and only whether artwork exists.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any


def iso(value: datetime | date | None) -> str | None:
    """Naive UTC (as stored) to ISO 8601 with a Z."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.replace(tzinfo=None, microsecond=0).isoformat() + "Z"
    return value.isoformat()


def _ref(row, name: str) -> int | None:
    """A foreign key's id without loading the row it points to."""
    return row.__data__.get(name)


def _nullable(kind: str | list[str], **extra) -> dict:
    kinds = [kind] if isinstance(kind, str) else list(kind)
    return {"type": [*kinds, "null"], **extra}


TEXT, INT, BOOL, NUM = {"type": "string"}, {"type": "integer"}, {"type": "boolean"}, {
    "type": "number"}
WHEN = _nullable("string", format="date-time")
TEXT_LIST = {"type": "array", "items": {"type": "string"}}


def obj(properties: dict, required: list[str] | None = None) -> dict:
    return {"type": "object", "properties": properties,
            "required": list(properties) if required is None else required}


def paged(item: dict) -> dict:
    """The schema of a list answer."""
    return obj({"items": {"type": "array", "items": item}, "page": INT, "per_page": INT,
                "total": INT})


# -- artists -----------------------------------------------------------------------------
ARTIST = obj({
    "id": INT, "name": TEXT, "sort_name": TEXT, "folder": _nullable("string"),
    "monitored": BOOL, "auto_download": BOOL, "imvdb_id": _nullable("string"),
    "spotify_id": _nullable("string"), "musicbrainz_id": _nullable("string"),
    "lastfm_name": _nullable("string"), "lidarr_id": _nullable("integer"),
    "biography": _nullable("string"), "genres": TEXT_LIST, "image_url": _nullable("string"),
    "has_image": BOOL, "origin": TEXT, "quality_profile_id": _nullable("integer"),
    "video_count": INT, "added_at": WHEN, "updated_at": WHEN, "last_discovered_at": WHEN,
})


def artist(row) -> dict:
    return {
        "id": row.id,
        "name": row.name,
        "sort_name": row.sort_name,
        "folder": row.folder,
        "monitored": row.monitored,
        "auto_download": row.auto_download,
        "imvdb_id": row.imvdb_id,
        "spotify_id": row.spotify_id,
        "musicbrainz_id": row.musicbrainz_id,
        "lastfm_name": row.lastfm_name,
        "lidarr_id": row.lidarr_id,
        "biography": row.biography,
        "genres": row.genres or [],
        "image_url": row.image_url,
        "has_image": bool(row.image_path),
        "origin": row.origin,
        "quality_profile_id": _ref(row, "quality_profile"),
        "video_count": _video_count(row),
        "added_at": iso(row.added_at),
        "updated_at": iso(row.updated_at),
        "last_discovered_at": iso(row.last_discovered_at),
    }


def _video_count(row) -> int:
    # Counted by the query that read the row (`services.library.artists`/`get_artist`).
    return int(row.video_count or 0)


ID_MAP = {"type": "object", "additionalProperties": {"type": "string"}}
ARTIST_CANDIDATE = obj({
    "name": TEXT, "disambiguation": _nullable("string"), "ids": ID_MAP,
    "sources": {"type": "object", "additionalProperties": ID_MAP},
    "image_url": _nullable("string"), "genres": TEXT_LIST, "biography": _nullable("string"),
    "existing_artist_id": _nullable("integer"),
})
# A source's part in a lookup (as in discovery's summary): did it answer, how many
# candidates, and if not, why, in words.
SOURCE_NOTE = obj({"ok": BOOL, "found": INT, "error": _nullable("string")})
ARTIST_LOOKUP = obj({
    "items": {"type": "array", "items": ARTIST_CANDIDATE},
    "sources": {"type": "object", "additionalProperties": SOURCE_NOTE},
})

# -- videos ------------------------------------------------------------------------------
VIDEO = obj({
    "id": INT, "title": TEXT, "artist_id": INT, "artist_name": TEXT,
    "featured_artists": TEXT_LIST, "year": _nullable("integer"), "album": _nullable("string"),
    "directors": TEXT_LIST, "label": _nullable("string"), "genres": TEXT_LIST,
    "duration": _nullable("number"), "youtube_id": _nullable("string"),
    "imvdb_id": _nullable("string"), "url": _nullable("string"), "source": TEXT,
    "description": _nullable("string"), "thumbnail_url": _nullable("string"),
    "status": TEXT, "quality_profile_id": _nullable("integer"), "file": _nullable("string"),
    "has_poster": BOOL, "has_thumb": BOOL, "has_nfo": BOOL,
    "width": _nullable("integer"), "height": _nullable("integer"),
    "video_codec": _nullable("string"), "audio_codec": _nullable("string"),
    "container": _nullable("string"), "bitrate": _nullable("integer"),
    "fps": _nullable("number"), "size": _nullable("integer"), "play_count": INT,
    "added_at": WHEN, "updated_at": WHEN, "downloaded_at": WHEN,
})


def library_relative(path: str | None, root: Path | None) -> str | None:
    """A library file as a path under the library root; only its name otherwise."""
    if not path:
        return None
    file = Path(path)
    if root is not None:
        try:
            return file.resolve().relative_to(root.resolve()).as_posix()
        except (ValueError, OSError):
            pass
    return file.name


def video(row, root: Path | None = None) -> dict:
    return {
        "id": row.id,
        "title": row.title,
        "artist_id": _ref(row, "artist"),
        "artist_name": row.artist.name,
        "featured_artists": row.featured_artists or [],
        "year": row.year,
        "album": row.album,
        "directors": row.directors or [],
        "label": row.label,
        "genres": row.genres or [],
        "duration": row.duration,
        "youtube_id": row.youtube_id,
        "imvdb_id": row.imvdb_id,
        "url": row.url,
        "source": row.source,
        "description": row.description,
        "thumbnail_url": row.thumbnail_url,
        "status": row.status,
        "quality_profile_id": _ref(row, "quality_profile"),
        "file": library_relative(row.file_path, root),
        "has_poster": bool(row.poster_path),
        "has_thumb": bool(row.thumb_path),
        "has_nfo": bool(row.nfo_path),
        "width": row.width,
        "height": row.height,
        "video_codec": row.video_codec,
        "audio_codec": row.audio_codec,
        "container": row.container,
        "bitrate": row.bitrate,
        "fps": row.fps,
        "size": row.size,
        "play_count": row.play_count,
        "added_at": iso(row.added_at),
        "updated_at": iso(row.updated_at),
        "downloaded_at": iso(row.downloaded_at),
    }


# -- downloads (queue and history) -----------------------------------------------------
DOWNLOAD = obj({
    "id": INT, "video_id": INT, "video_title": TEXT, "artist_id": INT, "artist_name": TEXT,
    "status": TEXT, "progress": NUM, "downloaded_bytes": INT,
    "total_bytes": _nullable("integer"), "speed": _nullable("number"),
    "eta": _nullable("integer"), "attempts": INT, "error": _nullable("string"),
    "job_id": _nullable("integer"), "created_at": WHEN, "started_at": WHEN,
    "finished_at": WHEN,
})


def download(row) -> dict:
    return {
        "id": row.id,
        "video_id": _ref(row, "video"),
        "video_title": row.video.title,
        "artist_id": _ref(row.video, "artist"),
        "artist_name": row.video.artist.name,
        "status": row.status,
        "progress": row.progress,
        "downloaded_bytes": row.downloaded_bytes,
        "total_bytes": row.total_bytes,
        "speed": row.speed,
        "eta": row.eta,
        "attempts": row.attempts,
        "error": row.error,
        "job_id": row.job_id,
        "created_at": iso(row.created_at),
        "started_at": iso(row.started_at),
        "finished_at": iso(row.finished_at),
    }


# -- jobs --------------------------------------------------------------------------------
ANY = {}
JOB_RUN = obj({
    "id": INT, "status": TEXT, "worker": TEXT, "result": ANY, "error": _nullable("string"),
    "started_at": WHEN, "finished_at": WHEN,
})
JOB = obj({
    "id": INT, "name": TEXT, "payload": {"type": "object"}, "queue": TEXT, "status": TEXT,
    "priority": INT, "attempts": INT, "max_attempts": INT, "run_after": WHEN,
    "result": ANY, "error": _nullable("string"), "created_at": WHEN, "finished_at": WHEN,
    "runs": {"type": "array", "items": JOB_RUN},
})


def job_run(row) -> dict:
    return {"id": row.id, "status": row.status, "worker": row.worker, "result": row.result,
            "error": row.error, "started_at": iso(row.started_at),
            "finished_at": iso(row.finished_at)}


def job(row, runs: list | None = None) -> dict:
    return {
        "id": row.id,
        "name": row.name,
        "payload": row.payload or {},
        "queue": row.queue,
        "status": row.status,
        "priority": row.priority,
        "attempts": row.attempts,
        "max_attempts": row.max_attempts,
        "run_after": iso(row.run_after),
        "result": row.result,
        "error": row.error,
        "created_at": iso(row.created_at),
        "finished_at": iso(row.finished_at),
        "runs": [job_run(run) for run in (runs or [])],
    }


# -- settings and plugins ----------------------------------------------------------------
SETTING = obj({
    "key": TEXT, "value": ANY, "type": TEXT, "default": ANY,
    "choices": _nullable("array"), "minimum": _nullable("number"),
    "maximum": _nullable("number"), "secret": BOOL, "is_set": BOOL, "description": TEXT,
    "plugin": TEXT,
})
PLUGIN = obj({
    "name": TEXT, "builtin": BOOL, "version": TEXT, "enabled": BOOL, "required": BOOL,
    "health": TEXT, "last_error": _nullable("string"), "last_error_at": WHEN,
    "last_success_at": WHEN, "cooldown_until": WHEN, "error_count": INT,
    "calls_today": INT, "quota_used": INT,
})


def plugin(described: dict[str, Any]) -> dict:
    """`PluginStates.describe()` items with their datetimes as ISO text."""
    return {key: iso(value) if isinstance(value, datetime | date) else value
            for key, value in described.items()}


# -- quality profiles and the blocklist --------------------------------------------------
QUALITY_PROFILE = obj({
    "id": INT, "name": TEXT, "max_height": INT, "video_codec": TEXT, "audio_codec": TEXT,
    "container": TEXT, "allow_audio_only": BOOL, "is_default": BOOL, "created_at": WHEN,
})


def quality_profile(row) -> dict:
    return {
        "id": row.id,
        "name": row.name,
        "max_height": row.max_height,
        "video_codec": row.video_codec,
        "audio_codec": row.audio_codec,
        "container": row.container,
        "allow_audio_only": row.allow_audio_only,
        "is_default": row.is_default,
        "created_at": iso(row.created_at),
    }


BLOCKLIST_ENTRY = obj({
    "id": INT, "title": _nullable("string"), "youtube_id": _nullable("string"),
    "imvdb_id": _nullable("string"), "reason": _nullable("string"), "created_at": WHEN,
})


def blocklist_entry(row) -> dict:
    return {
        "id": row.id,
        "title": row.title,
        "youtube_id": row.youtube_id,
        "imvdb_id": row.imvdb_id,
        "reason": row.reason,
        "created_at": iso(row.created_at),
    }
