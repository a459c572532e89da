"""Adding one video by its URL (``POST /api/videos``): check the URL, read its
metadata through `fetch_metadata`, find or create the artist, store the video
and queue its download."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mvidarr.errors import ConflictError, UserError
from mvidarr.models import Artist, Video, db
from mvidarr.services import discovery, matching, urlcheck
from mvidarr.services.downloads import request_download
from mvidarr.types import Event, VideoInfo

if TYPE_CHECKING:
    from mvidarr.app import Mvidarr


def read_metadata(app: Mvidarr, url: str) -> VideoInfo | None:
    """Every plugin's answer for `url`, merged by source priority; None when none knew
    it. When every plugin that tried failed, a UserError gives their reasons."""
    answers, reasons = [], []
    for name, call in app.hooks.calls("fetch_metadata", url=url, ids={}):
        ok, info = call()
        if ok and isinstance(info, VideoInfo):
            answers.append(info)
        elif not ok:
            reasons.append(f"{name}: {app.plugin_states.row(name).last_error}")
    if answers:
        return discovery.merge_infos(answers, list(app.settings.get("discovery.source_priority")))
    if reasons:
        raise UserError(f"the video at this URL could not be read ({'; '.join(reasons)})")
    return None


def add_video_by_url(app: Mvidarr, url: str, artist: str | None = None,
                     title: str | None = None) -> Video:
    """Store the video at `url` (artist and title given win over what is read) and
    queue its download; answer the stored video."""
    final = urlcheck.follow_redirects(app, url)
    info = read_metadata(app, final)
    if info is None and not (artist and title):
        raise UserError("no plugin knows this URL; give the artist and the title")
    info = info or VideoInfo(source="manual", source_id=final, title=title, artist=artist)
    artist_name = (artist or "").strip() or info.artist
    if not artist_name:
        named, _ = matching.split_artist_title(info.title or "")
        artist_name = named
    if not artist_name:
        raise UserError("the artist cannot be told from this URL; give the artist")
    info.title = (title or "").strip() or info.title
    info.url = info.url or final
    with db.atomic():
        found = Artist.by_name(artist_name)
        if found is None:
            # Monitoring would start discovery of everything they made: only asked for one.
            found = Artist.create(name=artist_name.strip(), monitored=False, origin="manual")
        ids = discovery.all_ids(info)
        key = matching.match_key(found.name, matching.display_title(info.title, found.name,
                                                                   info.artist))
        known = discovery.find_existing(found, ids, key, info.url)
        if known is None and final != info.url:
            known = Video.get_or_none(Video.url == final)
        if known is not None:
            raise ConflictError(f"this video is already in the library as video {known.id} "
                                f"({known.artist.name} - {known.title})",
                                {"video_id": known.id})
        fields = discovery.video_fields(info, found)
        fields["title"] = (title or "").strip() or fields["title"]
        video = Video.create(status="wanted", **fields)
    request_download(app, video)
    app.hooks.broadcast("notify", event=Event(
        "video_added", f"added {found.name} - {video.title}", {"video_id": video.id}))
    return Video.get_by_id(video.id)
