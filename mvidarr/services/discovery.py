"""Discovery: ask every enabled source for an artist's videos, fold duplicates,
drop blocklisted ones, and store the new ones as wanted (queued when the artist
auto-downloads).

Sources are asked in parallel, one thread each (at most
`discovery.parallel_sources` at once), each through the failure-isolating hook
helper: one broken or rate-limited source never stops the others.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import fields, replace
from typing import TYPE_CHECKING, Any

import peewee as pw

from mvidarr.errors import NotFoundError
from mvidarr.models import Artist, Video, db, utcnow
from mvidarr.services import library, matching
from mvidarr.types import VideoInfo

if TYPE_CHECKING:
    from mvidarr.app import Mvidarr

log = logging.getLogger("mvidarr.discovery")
# Id kinds a Video stores in a column of its own.
ID_COLUMNS = {"youtube": "youtube_id", "imvdb": "imvdb_id"}


# -- asking the sources ---------------------------------------------------------------------
def search_sources(app: Mvidarr, artist: Artist) -> tuple[list[VideoInfo], dict[str, dict]]:
    """Every enabled source's answers for `artist`, and a note per source."""
    calls = app.hooks.calls("search_source", artist=artist)
    if not calls:
        return [], {}
    threads = min(len(calls), int(app.settings.get("discovery.parallel_sources")))

    def run(call):
        with app.connection():  # each thread has its own database connection
            return call()

    with ThreadPoolExecutor(max_workers=threads, thread_name_prefix="discover-all") as pool:
        futures = [(name, pool.submit(run, call)) for name, call in calls]
    found: list[VideoInfo] = []
    notes: dict[str, dict] = {}
    for name, future in futures:
        ok, answer = future.result()
        infos = [info for info in (answer or []) if isinstance(info, VideoInfo)]
        notes[name] = {"ok": ok, "found": len(infos),
                       "error": None if ok else app.plugin_states.row(name).last_error}
        found += infos
    return found, notes


# -- merging and folding -----------------------------------------------------------------------
def _rank(priority: list[str]) -> Callable[[VideoInfo], int]:
    return lambda info: priority.index(info.source) if info.source in priority else len(priority)


def merge_infos(infos: Iterable[VideoInfo], priority: list[str]) -> VideoInfo:
    """One VideoInfo from several answers: each field from the highest-priority
    source that has it (sources not in `priority` come after, in their order)."""
    ordered = sorted(infos, key=_rank(priority))
    if not ordered:
        raise ValueError("nothing to merge")
    merged = replace(ordered[0], ids=all_ids(ordered[0]))
    for info in ordered[1:]:
        for field in fields(VideoInfo):
            if field.name in ("source", "source_id", "ids"):
                continue
            if getattr(merged, field.name) in (None, "", []):
                setattr(merged, field.name, getattr(info, field.name))
        for kind, value in all_ids(info).items():
            merged.ids.setdefault(kind, value)
    return merged


def all_ids(info: VideoInfo) -> dict[str, str]:
    """The info's ids, its own source's id included."""
    ids = {kind: str(value) for kind, value in (info.ids or {}).items() if value}
    if info.source and info.source_id:
        ids.setdefault(info.source, str(info.source_id))
    return ids


def key_for(artist_name: str, info: VideoInfo) -> str:
    return matching.match_key(artist_name, matching.display_title(info.title, info.artist))


def fold_duplicates(artist_name: str, infos: list[VideoInfo]) -> list[list[VideoInfo]]:
    """Group answers describing one video: a shared id, or a shared match key."""
    groups: list[tuple[set, list[VideoInfo]]] = []
    for info in infos:
        keys = {("id", kind, value) for kind, value in all_ids(info).items()}
        keys.add(("match", key_for(artist_name, info)))
        joined = [group for group in groups if group[0] & keys]
        for group in joined:
            groups.remove(group)
            keys |= group[0]
        groups.append((keys, [info for group in joined for info in group[1]] + [info]))
    return [members for _, members in groups]


# -- storing -------------------------------------------------------------------------------------
def find_existing(artist: Artist, ids: dict[str, str], key: str,
                  url: str | None = None) -> Video | None:
    """The stored video these ids, this match key (same artist) or this URL name."""
    clauses = [getattr(Video, column) == ids[kind]
               for kind, column in ID_COLUMNS.items() if ids.get(kind)]
    clauses.append((Video.artist == artist.id) & (Video.match_key == key))
    if url:
        clauses.append(Video.url == url)
    condition = clauses[0]
    for clause in clauses[1:]:
        condition = condition | clause
    return Video.select().where(condition).order_by(Video.id).first()


def video_fields(info: VideoInfo, artist: Artist) -> dict[str, Any]:
    """The columns of a new Video described by `info` (title without decorations)."""
    ids = all_ids(info)
    title = matching.display_title(info.title, artist.name, info.artist)
    return {
        "title": title[:1000], "artist": artist, "url": info.url,
        "source": info.source or "manual", "featured_artists": info.featured_artists or [],
        "year": info.year, "album": info.album, "directors": info.directors or [],
        "label": info.label, "genres": info.genres or [], "duration": info.duration,
        "thumbnail_url": info.thumbnail_url, "description": info.description,
        **{column: ids[kind] for kind, column in ID_COLUMNS.items() if ids.get(kind)},
    }


def _fill_ids(video: Video, ids: dict[str, str]) -> None:
    """Give a known video the ids another source just told us, where free."""
    changes = {}
    for kind, column in ID_COLUMNS.items():
        value = ids.get(kind)
        if value and not getattr(video, column) and not Video.select().where(
                getattr(Video, column) == value).exists():
            changes[column] = value
    if changes:
        Video.update(**changes).where(Video.id == video.id).execute()


def _known_or_blocked(artist: Artist, info: VideoInfo) -> str | None:
    """``"blocklisted"``, ``"known"`` (its new ids given to the stored video), or None."""
    ids, key = all_ids(info), key_for(artist.name, info)
    if library.is_blocked(youtube_id=ids.get("youtube"), imvdb_id=ids.get("imvdb"),
                          match_key=key):
        return "blocklisted"
    existing = find_existing(artist, ids, key)
    if existing is None:
        return None
    _fill_ids(existing, ids)
    return "known"


def discover_artist(app: Mvidarr, artist: Artist | int) -> dict:
    """Run discovery for one artist; answer what was found, per source."""
    from mvidarr.services.downloads import request_download

    if isinstance(artist, int):
        artist = Artist.get_or_none_by_id(artist)
        if artist is None:
            raise NotFoundError("no such artist")
    priority = list(app.settings.get("discovery.source_priority") or [])
    found, notes = search_sources(app, artist)
    summary = {"artist_id": artist.id, "artist": artist.name, "found": len(found), "new": 0,
               "known": 0, "folded": 0, "blocklisted": 0, "queued": 0, "sources": notes}
    for group in fold_duplicates(artist.name, found):
        summary["folded"] += len(group) - 1
        merged = merge_infos(group, priority)
        verdict = _known_or_blocked(artist, merged)
        if verdict is None:
            # Details are asked for new videos only: a repeated discovery costs no calls.
            extra = [info for _, info in app.hooks.collect("fetch_metadata", url=None,
                                                           ids=dict(merged.ids))
                     if isinstance(info, VideoInfo)]
            if extra:
                merged = merge_infos([*group, *extra], priority)
                verdict = _known_or_blocked(artist, merged)
        if verdict is not None:
            summary[verdict] += 1
            continue
        try:
            with db.atomic():
                video = Video.create(status="wanted", **video_fields(merged, artist))
        except pw.IntegrityError:  # stored meanwhile by another discovery
            summary["known"] += 1
            continue
        summary["new"] += 1
        if artist.auto_download:
            request_download(app, video)
            summary["queued"] += 1
    Artist.update(last_discovered_at=utcnow()).where(Artist.id == artist.id).execute()
    log.info("discovery of %s: %d found, %d new", artist.name, summary["found"], summary["new"])
    return summary


def discover_all(app: Mvidarr, progress: Callable[[Artist, dict], None] | None = None) -> dict:
    """Discovery for every monitored artist, `discovery.parallel_artists` at a time:
    sources are slow and rate-limited, so one artist at a time would leave each
    source idle while the others answer. `progress` is called in this thread."""
    totals = {"artists": 0, "found": 0, "new": 0, "queued": 0, "failed_sources": 0}
    ids = [row.id for row in Artist.select(Artist.id).where(Artist.monitored == True)  # noqa: E712
           .order_by(Artist.sort_name)]

    def one(artist_id: int) -> tuple[Artist | None, dict | None]:
        with app.connection():
            artist = Artist.get_or_none(Artist.id == artist_id)  # deleted meanwhile: skip
            return artist, (discover_artist(app, artist) if artist else None)

    threads = int(app.settings.get("discovery.parallel_artists"))
    with ThreadPoolExecutor(max_workers=threads, thread_name_prefix="discover-all") as pool:
        for artist, summary in pool.map(one, ids):  # in order, as each is done
            if artist is None:
                continue
            totals["artists"] += 1
            for key in ("found", "new", "queued"):
                totals[key] += summary[key]
            totals["failed_sources"] += sum(not note["ok"] for note in summary["sources"].values())
            if progress:
                progress(artist, summary)
    return totals
