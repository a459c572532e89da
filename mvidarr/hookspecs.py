"""The hooks a plugin may implement: MVidarr's public plugin API.

Every hook receives `app`, the running `Mvidarr` object (settings, HTTP session,
rate limits, logger). The core always calls hooks with keyword arguments and
through `Mvidarr.hooks` (see `mvidarr.plugins.HookCaller`), which runs one
implementation at a time: a plugin that raises is logged under its name, its
health is recorded, and the others still answer. Once released, a hook only
gains arguments; implement only the arguments you need.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    from collections.abc import Callable
    from threading import Event as ThreadEvent

    from mvidarr.app import Mvidarr
    from mvidarr.models import Artist, QualityProfile, Video
    from mvidarr.types import ArtistInfo, Event, ScheduledJob, SettingSpec, Task, VideoInfo

hookspec = pluggy.HookspecMarker("mvidarr")


@hookspec
def register_settings(app: Mvidarr) -> list[SettingSpec]:
    """Declare the settings this plugin reads.

    :param app: the running MVidarr.
    :return: a list of `SettingSpec`; each key must start with the plugin's
        name and a dot (``imvdb.api_key``). The core adds them to the settings
        registry, so they can be read, validated, shown and set.
    """


@hookspec
def register_tasks(app: Mvidarr) -> list[Task]:
    """Declare the kinds of background work this plugin can run.

    :param app: the running MVidarr.
    :return: a list of `Task`. The job queue runs a task's `run(ctx)` (a
        `JobContext`: the app, the job's payload, a cancel event) in a worker
        thread when a job of that name is claimed, records the run, and retries
        it with back-off when it raises a `TransientError`.
    """


@hookspec
def register_schedules(app: Mvidarr) -> list[ScheduledJob]:
    """Declare what should run on a schedule.

    :param app: the running MVidarr.
    :return: a list of `ScheduledJob`. When one is due the scheduler puts a job
        for its task on the queue (never a second one while one is waiting).
    """


@hookspec
def web_blueprints(app: Mvidarr) -> list[Any]:
    """Add pages or API routes to the web app.

    :param app: the running MVidarr.
    :return: a list of Flask blueprints. The web app registers each one; its
        routes must declare the role they need like the core's do.
    """


@hookspec
def search_source(app: Mvidarr, artist: Artist) -> list[VideoInfo]:
    """Find an artist's music videos in this plugin's source.

    :param app: the running MVidarr.
    :param artist: the `Artist` to search for (its name and external ids).
    :return: a list of `VideoInfo`, possibly empty. Discovery merges every
        source's answers, folds duplicates and stores new videos as wanted.
        Raise `RateLimitError` or `SourceUnavailableError` when the source
        cannot answer now: the other sources still run.
    """


@hookspec
def lookup_artist(app: Mvidarr, term: str) -> list[ArtistInfo]:
    """Find artists matching what the user typed.

    :param app: the running MVidarr.
    :param term: the search text.
    :return: a list of `ArtistInfo` candidates. The core merges candidates of
        every source that share an id or a normalised name.
    """


@hookspec
def fetch_metadata(app: Mvidarr, url: str | None, ids: dict[str, str]) -> VideoInfo | None:
    """Describe one video this plugin knows, by URL or by source ids.

    :param app: the running MVidarr.
    :param url: the video's URL, or None.
    :param ids: ids already known for the video (``{"youtube": "...", "imvdb": "..."}``).
    :return: a `VideoInfo`, or None when the video is not this plugin's. The
        core merges every answer field by field, by source priority.
    """


@hookspec(firstresult=True)
def download_video(
    app: Mvidarr,
    video: Video,
    profile: QualityProfile,
    dest_dir: Path,
    progress: Callable[..., None],
    cancel: ThreadEvent,
) -> Path | None:
    """Download one video into `dest_dir`.

    :param app: the running MVidarr.
    :param video: the `Video` to fetch (its url and source ids).
    :param profile: the `QualityProfile` the user chose for it.
    :param dest_dir: an empty temporary folder; write only there.
    :param progress: call ``progress(downloaded=, total=, speed=, eta=)`` as bytes arrive.
    :param cancel: a `threading.Event`; stop the transfer soon after it is set.
    :return: the path of the finished file inside `dest_dir`, or None when this
        plugin does not handle the video. Stops at first non-None result; the
        built-in yt-dlp downloader answers last.
    """


@hookspec
def post_download(app: Mvidarr, video: Video, path: Path) -> None:
    """Act on a video that has just been filed in the library.

    :param app: the running MVidarr.
    :param video: the `Video`, its file path and technical facts filled in.
    :param path: where the file now lives in the library.
    :return: nothing. A plugin that raises here does not fail the download.
    """


@hookspec
def notify(app: Mvidarr, event: Event) -> None:
    """Tell whoever listens that something happened.

    :param app: the running MVidarr.
    :param event: the `Event` (its kind, a message in words, and data).
    :return: nothing. Every enabled implementation is called.
    """


@hookspec
def import_list_artists(app: Mvidarr) -> list[ArtistInfo]:
    """Yield the artists of this plugin's import list (followed, top, loved...).

    :param app: the running MVidarr.
    :return: a list of `ArtistInfo`. The import-list sync adds the new ones as
        monitored artists, noting this plugin as where they came from.
    """


@hookspec
def handle_webhook(app: Mvidarr, source: str, payload: dict) -> dict | None:
    """Act on a webhook call that has passed its token check.

    :param app: the running MVidarr.
    :param source: which webhook route was called (``plex`` or ``lidarr``).
    :param payload: the decoded JSON body.
    :return: a short JSON-able summary of what was done, or None when the
        plugin does not handle `source`. The route answers the summaries.
    """
