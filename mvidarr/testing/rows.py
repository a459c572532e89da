"""Rows for tests (artists, videos, downloads, jobs, quality profiles and blocklist
entries made in one call each), and
plugin states a test needs.

Call them inside `app.connection()` (the `db` fixture opens one).
"""

from __future__ import annotations

import itertools

from mvidarr.models import Artist, BlocklistEntry, Download, Job, QualityProfile, Video

_numbers = itertools.count(1)


def make_artist(name: str | None = None, **fields) -> Artist:
    return Artist.create(name=name or f"Artist {next(_numbers)}", **fields)


def make_video(artist: Artist | None = None, title: str | None = None, **fields) -> Video:
    artist = artist or make_artist()
    return Video.create(artist=artist, title=title or f"Video {next(_numbers)}", **fields)


def make_download(video: Video | None = None, status: str = "queued", **fields) -> Download:
    return Download.create(video=video or make_video(), status=status, **fields)


def make_job(name: str = "upkeep", status: str = "done", **fields) -> Job:
    return Job.create(name=name, status=status, **fields)


def make_profile(name: str | None = None, **fields) -> QualityProfile:
    return QualityProfile.create(name=name or f"Profile {next(_numbers)}", **fields)


def make_blocklist_entry(title: str | None = None, **fields) -> BlocklistEntry:
    return BlocklistEntry.create(title=title or f"Blocked {next(_numbers)}", **fields)


def keep_only_plugins(app, *names: str) -> None:
    """Disable every plugin but the core's required ones and `names`, so that a test
    hears only its own plugins (and no installed one reaches outside)."""
    for name in app.plugin_infos:
        if name not in app.required_plugins and name not in names:
            app.plugin_states.set_enabled(name, False)
