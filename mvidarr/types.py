"""Plain data passed between the core and plugins through hooks.

These are dataclasses, not models: a plugin builds them without touching the
database, and the core decides what to store.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

SETTING_TYPES = ("str", "int", "float", "bool", "list", "path")


@dataclass(frozen=True)
class SettingSpec:
    """One setting: its key, type, default and how it is shown.

    `key` starts with the owning plugin's name (``imvdb.api_key``); `type` is one
    of ``str int float bool list path``; `secret` settings are redacted in the
    API, the CLI and the logs; `choices` restricts the accepted values;
    `minimum`/`maximum` bound numbers; `validate(value)` checks a coerced,
    non-null value further and raises ValueError saying what is wrong (shared
    ones are in `mvidarr.validators`).
    """

    key: str
    type: str = "str"
    default: Any = None
    description: str = ""
    secret: bool = False
    choices: tuple[Any, ...] | None = None
    minimum: float | None = None
    maximum: float | None = None
    plugin: str = "core"
    # Not compared: two specs differing only in their check are the same setting.
    validate: Callable[[Any], None] | None = field(default=None, compare=False)

    def __post_init__(self):
        if self.type not in SETTING_TYPES:
            raise ValueError(f"setting {self.key}: unknown type {self.type!r}")
        if self.secret and self.default not in (None, ""):
            raise ValueError(f"setting {self.key}: a secret has no default in code")


@dataclass(frozen=True)
class Task:
    """A kind of background work the job queue can run.

    `run(ctx)` does the work with a `mvidarr.jobs.JobContext` (the app, the
    payload, a cancel event) and returns a short JSON-able result; raising
    `TransientError` retries it later with back-off, anything else fails it.
    `queue` names the concurrency pool (``default`` or ``downloads``);
    `max_attempts` bounds the tries.
    """

    name: str
    run: Callable[..., Any]
    queue: str = "default"
    max_attempts: int = 3


@dataclass(frozen=True)
class ScheduledJob:
    """Put a job for task `task` on the queue every `every_seconds` seconds, or
    every N minutes where N is read from the int setting `every_setting`."""

    name: str
    task: str
    every_seconds: int | None = None
    every_setting: str | None = None
    payload: dict = field(default_factory=dict)


@dataclass
class VideoInfo:
    """What a source knows about one music video.

    `source` is the plugin's name and `source_id` its id for the video; the
    `ids` map links the video's ids in other sources (``{"youtube": "dQw4..."}``).
    """

    source: str
    source_id: str
    title: str
    artist: str
    url: str | None = None
    ids: dict[str, str] = field(default_factory=dict)
    featured_artists: list[str] = field(default_factory=list)
    year: int | None = None
    album: str | None = None
    directors: list[str] = field(default_factory=list)
    label: str | None = None
    genres: list[str] = field(default_factory=list)
    duration: float | None = None
    thumbnail_url: str | None = None
    description: str | None = None


@dataclass
class ArtistInfo:
    """An artist as a source or an import list knows it.

    `ids` maps id kinds to values: ``imvdb``, ``spotify``, ``musicbrainz``,
    ``lastfm``, ``lidarr``.
    """

    name: str
    source: str
    ids: dict[str, str] = field(default_factory=dict)
    disambiguation: str | None = None
    image_url: str | None = None
    genres: list[str] = field(default_factory=list)
    biography: str | None = None


EVENT_KINDS = (
    "download_finished",
    "download_failed",
    "video_added",
    "artist_added",
    "job_failed",
    "test",
)


@dataclass(frozen=True)
class Event:
    """Something a user may want to hear about; `kind` is one of EVENT_KINDS."""

    kind: str
    message: str
    data: dict = field(default_factory=dict)

    def __post_init__(self):
        if self.kind not in EVENT_KINDS:
            raise ValueError(f"unknown event kind {self.kind!r}")
