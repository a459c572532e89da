"""IMVDb source for MVidarr: an artist's music videos with their directors,
featured artists, year and YouTube id, artist lookup, and one video's metadata.

Every request carries the ``IMVDB-APP-KEY`` header and goes through
``app.sources`` (paced, cached, retried, its health kept). Reference: §1 of
the external-services reference.
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor

from mvidarr import (
    ArtistInfo,
    SettingSpec,
    SourceHTTPError,
    SourceUnavailableError,
    VideoInfo,
    hookimpl,
    source_settings,
    validators,
)

NAME = "imvdb"
DEFAULT_BASE_URL = "https://imvdb.com/api/v1"
PER_PAGE = 50  # the most IMVDb pages by
MAX_PAGES = 40
DETAIL_THREADS = 4  # details of one artist's videos fetched side by side (still paced)
VIDEO_INCLUDES = "sources,credits,featured"
VIDEO_URL = re.compile(r"^https?://(?:www\.)?imvdb\.com/video/([^/?#]+)/([^/?#]+)")
PLACEHOLDER_IMAGE = "https://imvdb.com/"


@hookimpl
def register_settings(app):
    return [
        SettingSpec("imvdb.base_url", "str", DEFAULT_BASE_URL,
                    "Where the IMVDb API is reached (change it only for a proxy "
                    "or a test server).", validate=validators.http_url),
        SettingSpec("imvdb.api_key", "str", None,
                    "IMVDb app key (sent as the IMVDB-APP-KEY header).", secret=True,
                    validate=validators.token),
        *source_settings(NAME, requests_per_second=5, cache_hours=24),
    ]


# -- talking to IMVDb ---------------------------------------------------------

def _get(app, path: str, params: dict | None = None, allow_404: bool = False):
    key = app.settings.get("imvdb.api_key")
    if not key:
        raise SourceUnavailableError("IMVDb needs an app key: set imvdb.api_key")
    base = app.settings.get("imvdb.base_url").rstrip("/")
    headers = {"IMVDB-APP-KEY": key, "Accept": "application/json"}
    try:
        return app.sources.get_json(NAME, base + path, params=params, headers=headers,
                                    allow_404=allow_404)
    except SourceHTTPError as exc:
        if exc.status in (401, 403):
            raise SourceUnavailableError(
                f"IMVDb refused the app key (HTTP {exc.status}): check imvdb.api_key") from None
        raise


def humanise(slug: str) -> str:
    """A display name from an entity slug: ``robin-thicke`` → ``Robin Thicke``."""
    return " ".join(word[:1].upper() + word[1:] for word in slug.split("-") if word)


def entity_name(entity: dict) -> str:
    """IMVDb's entity name, which is often null: then the slug, humanised."""
    return entity.get("name") or humanise(entity.get("slug") or str(entity.get("id", "")))


def _fold(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", "", (text or "").casefold())


def search_entities(app, term: str) -> list[dict]:
    data = _get(app, "/search/entities", {"q": term, "per_page": 25})
    return data.get("results") or []


def find_entity_id(app, name: str) -> str | None:
    """The IMVDb entity whose name (or slug) is `name`, or None."""
    wanted = _fold(name)
    for entity in search_entities(app, name):
        if wanted in (_fold(entity.get("name")), _fold(entity.get("slug"))):
            return str(entity["id"])
    return None


def artist_videos(app, entity_id: str) -> list[dict]:
    """Every released video of the entity, paged until IMVDb's total is reached."""
    videos: dict[int, dict] = {}
    for page in range(1, MAX_PAGES + 1):
        data = _get(app, f"/entity/{entity_id}",
                    {"include": "artist_videos", "page": page, "per_page": PER_PAGE},
                    allow_404=True)
        if data is None:
            return []
        block = data.get("artist_videos") or {}
        batch = block.get("videos") or []
        before = len(videos)
        videos.update((v["id"], v) for v in batch if "id" in v)
        total = block.get("total_videos") or block.get("total_results") or 0
        # Stop at the total, or when a page brings nothing new (the include not paged).
        if len(videos) >= total or len(videos) == before or len(batch) < PER_PAGE:
            break
    return [v for v in videos.values() if v.get("production_status", "r") == "r"]


def video_detail(app, video_id) -> dict | None:
    return _get(app, f"/video/{video_id}", {"include": VIDEO_INCLUDES}, allow_404=True)


# -- turning answers into VideoInfo ---------------------------------------------

def youtube_id(sources: list[dict]) -> str | None:
    """The primary YouTube source's id, else the first YouTube one."""
    youtube = [s for s in sources or [] if s.get("source") == "youtube" and s.get("source_data")]
    primary = [s for s in youtube if s.get("is_primary")]
    chosen = (primary or youtube or [None])[0]
    return str(chosen["source_data"]) if chosen else None


def to_video(data: dict, artist_name: str | None = None) -> VideoInfo:
    artists = data.get("artists") or []
    if artist_name is None:
        artist_name = entity_name(artists[0]) if artists else ""
    ids = {NAME: str(data["id"])}
    yt = youtube_id(data.get("sources"))
    if yt:
        ids["youtube"] = yt
    credits = data.get("credits") or {}
    labels = [c.get("entity_name") for c in credits.get("crew") or []
              if c.get("position_code") == "label" and c.get("entity_name")]
    image = data.get("image") or {}
    return VideoInfo(
        source=NAME,
        source_id=str(data["id"]),
        title=data.get("song_title") or "",
        artist=artist_name,
        url=data.get("url"),
        ids=ids,
        featured_artists=[entity_name(a) for a in data.get("featured_artists") or []],
        year=data.get("year"),
        directors=[d["entity_name"] for d in data.get("directors") or [] if d.get("entity_name")],
        label=labels[0] if labels else None,
        thumbnail_url=image.get("l") or image.get("o") if isinstance(image, dict) else None,
    )


# -- hooks ----------------------------------------------------------------------

@hookimpl
def search_source(app, artist):
    entity_id = artist.imvdb_id or find_entity_id(app, artist.name)
    if not entity_id:
        return []
    listed = artist_videos(app, entity_id)

    def detail(video):
        with app.connection():  # each thread its own database connection (settings, health)
            return video_detail(app, video["id"])

    with ThreadPoolExecutor(DETAIL_THREADS, thread_name_prefix="imvdb") as pool:
        details = list(pool.map(detail, listed))
    return [to_video(detail, artist.name) for detail in details if detail]


@hookimpl
def lookup_artist(app, term):
    if not term.strip():
        return []
    answers = []
    for entity in search_entities(app, term.strip()):
        image = entity.get("image")
        answers.append(ArtistInfo(
            name=entity_name(entity), source=NAME, ids={NAME: str(entity["id"])},
            image_url=image if image and image != PLACEHOLDER_IMAGE else None,
            biography=entity.get("bio") or None))
    return answers


@hookimpl
def fetch_metadata(app, url, ids):
    video_id = (ids or {}).get(NAME)
    if not video_id and url:
        video_id = video_id_for_url(app, url)
    if not video_id:
        return None
    detail = video_detail(app, video_id)
    return to_video(detail) if detail else None


def video_id_for_url(app, url: str) -> str | None:
    """IMVDb video URLs name slugs, not ids: find the id through the video search."""
    match = VIDEO_URL.match(url)
    if not match:
        return None
    artist_slug, song_slug = match.groups()
    wanted = f"https://imvdb.com/video/{artist_slug}/{song_slug}"
    data = _get(app, "/search/videos", {"q": f"{humanise(artist_slug)} {humanise(song_slug)}",
                                        "per_page": PER_PAGE})
    for item in data.get("results") or []:
        if (item.get("url") or "").replace("http://", "https://").rstrip("/") == wanted:
            return str(item["id"])
    return None
