"""The acquisition pipeline's settings and tasks: discovery, downloads, filing.

The work itself lives in `mvidarr.services` (discovery, downloads, filing);
this plugin declares what the job queue may run and which settings steer it.
"""

from __future__ import annotations

from mvidarr import validators
from mvidarr.builtin.core import MAX_INTERVAL_MINUTES
from mvidarr.markers import hookimpl
from mvidarr.models import Artist, Video
from mvidarr.services import discovery, downloads, filing
from mvidarr.types import ScheduledJob, SettingSpec, Task

SETTINGS = [
    SettingSpec("downloads.min_free_space_mb", "int", 1024,
                "A download does not start when the library disk has less free space (MB).",
                minimum=0, maximum=100_000_000),
    SettingSpec("downloads.max_attempts", "int", 3,
                "Tries of a download failing for a passing reason (network, 429, 5xx) before "
                "it is marked failed.", minimum=1, maximum=10),
    SettingSpec("naming.template", "str", filing.DEFAULT_TEMPLATE,
                "Where a video is filed in the library, without extension. Tokens: "
                + " ".join("{" + token + "}" for token in filing.TOKENS) + ".",
                validate=validators.naming_template),
    SettingSpec("discovery.source_priority", "list", ["imvdb", "youtube", "ytdlp"],
                "Sources whose metadata wins when several describe one video, best first."),
    SettingSpec("discovery.parallel_sources", "int", 4,
                "Sources asked at the same time during an artist's discovery.",
                minimum=1, maximum=16),
    SettingSpec("discovery.parallel_artists", "int", 4,
                "Artists searched at the same time by a full discovery (each source still "
                "keeps to its own rate limit).", minimum=1, maximum=32),
    SettingSpec("discovery.interval_minutes", "int", 1440,
                "How often every monitored artist is searched for new videos (0 switches "
                "it off).", minimum=0, maximum=MAX_INTERVAL_MINUTES),
]
# More tries than any setting allows: the download task itself stops at
# downloads.max_attempts, read when it runs.
DOWNLOAD_JOB_ATTEMPTS = 10


@hookimpl
def register_settings(app):
    return SETTINGS


def discover_all_task(ctx) -> dict:
    return discovery.discover_all(ctx.app)


def discover_artist_task(ctx) -> dict:
    return discovery.discover_artist(ctx.app, int(ctx.payload["artist_id"]))


def download_wanted_task(ctx) -> dict:
    """Queue every wanted video of a monitored artist."""
    queued = 0
    wanted = (Video.select().join(Artist)
              .where(Video.status == "wanted", Artist.monitored == True)  # noqa: E712
              .order_by(Video.id))
    for video in wanted:
        if ctx.cancel.is_set():
            break
        downloads.request_download(ctx.app, video)
        queued += 1
    return {"queued": queued}


@hookimpl
def register_tasks(app):
    return [
        Task("discover_all", discover_all_task, max_attempts=1),
        Task("discover_artist", discover_artist_task, max_attempts=2),
        Task("download_wanted", download_wanted_task, max_attempts=1),
        Task("download", downloads.run_download, queue="downloads",
             max_attempts=DOWNLOAD_JOB_ATTEMPTS),
    ]


@hookimpl
def register_schedules(app):
    return [ScheduledJob("discovery of monitored artists", "discover_all",
                         every_setting="discovery.interval_minutes")]
