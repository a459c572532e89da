"""MVidarr: a self-hosted music-video manager.

This module's names are the API plugins may import; everything else in the
core is private to it.
"""

from mvidarr import validators
from mvidarr.cookies import cookie_file
from mvidarr.errors import (
    ConflictError,
    MvidarrError,
    NotFoundError,
    PermanentError,
    RateLimitError,
    SourceUnavailableError,
    TransientError,
    UserError,
    ValidationError,
)
from mvidarr.markers import hookimpl
from mvidarr.networds import network_failure
from mvidarr.sources import SourceHTTPError, source_settings
from mvidarr.types import ArtistInfo, Event, ScheduledJob, SettingSpec, Task, VideoInfo

__all__ = [
    "ArtistInfo",
    "ConflictError",
    "Event",
    "MvidarrError",
    "NotFoundError",
    "PermanentError",
    "RateLimitError",
    "ScheduledJob",
    "SettingSpec",
    "SourceHTTPError",
    "SourceUnavailableError",
    "Task",
    "TransientError",
    "UserError",
    "ValidationError",
    "VideoInfo",
    "cookie_file",
    "hookimpl",
    "network_failure",
    "source_settings",
    "validators",
]
