"""A fake IMVDb API v1 (reference §1): entity search, entity with its videos, video
detail with sources/credits/featured, video search; the ``IMVDB-APP-KEY`` header
required (403 without it), 404 for unknown ids, entity names null as in real data.

    imvdb = FakeImvdb(app_key="k").start()
    bush = imvdb.add_artist("Bush", entity_id=838673)            # name null by default
    imvdb.add_video(bush, 121779770452, "Machinehead", year=1996,
                    directors=["Matt Mahurin"], youtube_id="5WPbqYoz9HA")
    app.settings.set("imvdb.base_url", imvdb.url)                # .../api/v1
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from werkzeug.wrappers import Request, Response

from mvidarr.testing.fakes.server import FakeService

PREFIX = "/api/v1"


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


@dataclass
class FakeEntity:
    id: int
    name: str
    slug: str
    show_name: bool
    videos: list[FakeVideo] = field(default_factory=list)

    def as_json(self) -> dict:
        return {"id": self.id, "name": self.name if self.show_name else None,
                "slug": self.slug, "url": f"https://imvdb.com/n/{self.slug}",
                "discogs_id": None, "byline": None, "bio": None, "image": "https://imvdb.com/",
                "artist_video_count": len(self.videos), "featured_video_count": 0}


@dataclass
class FakeVideo:
    id: int
    title: str
    artist: FakeEntity
    year: int | None = None
    directors: list[str] = field(default_factory=list)
    youtube_id: str | None = None
    vimeo_id: int | None = None
    featured: list[str] = field(default_factory=list)
    label: str | None = None
    production_status: str = "r"  # r released, p post-production, i in production

    def base(self) -> dict:
        slug = slugify(self.title)
        return {
            "id": self.id, "production_status": self.production_status,
            "song_title": self.title,
            "song_slug": slug, "url": f"https://imvdb.com/video/{self.artist.slug}/{slug}",
            "multiple_versions": False, "version_name": None, "version_number": 1,
            "is_imvdb_pick": False, "aspect_ratio": None, "year": self.year,
            "verified_credits": False,
            "artists": [{"name": self.artist.name, "slug": self.artist.slug,
                         "url": f"https://imvdb.com/n/{self.artist.slug}"}],
            "image": {key: f"https://s3.amazonaws.com/images.imvdb.com/video/{self.id}_{key}v.jpg"
                      for key in ("o", "l", "b", "t", "s")},
        }

    def detail(self, includes: set[str]) -> dict:
        data = self.base()
        if "sources" in includes:
            sources = []
            if self.vimeo_id is not None:  # listed first: the client must pick YouTube
                sources.append({"source": "vimeo", "source_slug": "vimeo",
                                "source_data": self.vimeo_id, "is_primary": False})
            if self.youtube_id:
                sources.append({"source": "youtube", "source_slug": "youtube",
                                "source_data": self.youtube_id, "is_primary": True})
            data["sources"] = sources
        if "credits" in includes:
            data["directors"] = [_credit("Director", "dir", name, n) for n, name
                                 in enumerate(self.directors, 31567)]
            crew = [_credit("Label", "label", self.label, 90001)] if self.label else []
            data["credits"] = {"total_credits": len(self.directors) + len(crew),
                               "crew": crew, "cast": []}
        if "featured" in includes:
            data["featured_artists"] = [{"name": name, "slug": slugify(name),
                                         "url": f"https://imvdb.com/n/{slugify(name)}"}
                                        for name in self.featured]
        data["release_date_stamp"] = None
        data["release_date_string"] = str(self.year) if self.year else None
        return data


def _credit(position: str, code: str, name: str, entity_id: int) -> dict:
    slug = slugify(name)
    return {"position_name": position, "position_code": code, "entity_name": name,
            "entity_slug": slug, "entity_id": entity_id, "position_notes": None,
            "position_id": entity_id, "entity_url": f"https://imvdb.com/n/{slug}"}


class FakeImvdb(FakeService):
    def __init__(self, app_key: str = "imvdb-test-key"):
        super().__init__()
        self.app_key = app_key
        self.entities: dict[int, FakeEntity] = {}
        self.videos: dict[int, FakeVideo] = {}
        self.page_included_videos = True  # False: the include ignores page/per_page

    @property
    def url(self) -> str:
        return self.root + PREFIX

    def add_artist(self, name: str, entity_id: int | None = None, *,
                   show_name: bool = False) -> FakeEntity:
        entity_id = entity_id or 800000 + len(self.entities)
        entity = FakeEntity(entity_id, name, slugify(name), show_name)
        self.entities[entity_id] = entity
        return entity

    def add_video(self, artist: FakeEntity, video_id: int, title: str, **fields) -> FakeVideo:
        video = FakeVideo(video_id, title, artist, **fields)
        artist.videos.append(video)
        self.videos[video_id] = video
        return video

    def answer(self, request: Request) -> Response:
        if request.headers.get("IMVDB-APP-KEY") != self.app_key:
            return self.json({"error": "Invalid or missing app key"}, 403)
        path = request.path.removeprefix(PREFIX)
        includes = set(filter(None, request.args.get("include", "").split(",")))
        if path == "/search/entities":
            term = request.args.get("q", "").lower()
            found = [e for e in self.entities.values() if term and term in e.name.lower()]
            return self._page(request, [e.as_json() for e in found])
        if path == "/search/videos":
            term = request.args.get("q", "").lower()
            found = [v for v in self.videos.values()
                     if term and term in f"{v.artist.name} {v.title}".lower()]
            return self._page(request, [v.base() for v in found])
        match = re.fullmatch(r"/entity/([^/]+)", path)
        if match:
            return self._entity(request, match.group(1), includes)
        match = re.fullmatch(r"/video/(\d+)", path)
        if match and int(match.group(1)) in self.videos:
            return self.json(self.videos[int(match.group(1))].detail(includes))
        return self.json({"error": "Not found"}, 404)

    def _entity(self, request: Request, key: str, includes: set[str]) -> Response:
        if request.args.get("method") == "slug":
            entity = next((e for e in self.entities.values() if e.slug == key), None)
        else:
            entity = self.entities.get(int(key)) if key.isdigit() else None
        if entity is None:
            return self.json({"error": "Not found"}, 404)
        data = entity.as_json()
        if "artist_videos" in includes:
            videos = entity.videos
            if self.page_included_videos:
                page, per_page = _paging(request)
                videos = videos[(page - 1) * per_page: page * per_page]
            data["artist_videos"] = {"total_videos": len(entity.videos),
                                     "videos": [v.base() for v in videos]}
        if "featured_videos" in includes:
            data["featured_artist_videos"] = {"total_videos": 0, "videos": []}
        return self.json(data)

    def _page(self, request: Request, items: list[dict]) -> Response:
        page, per_page = _paging(request)
        total_pages = max((len(items) + per_page - 1) // per_page, 1)
        return self.json({"total_results": len(items), "current_page": page,
                          "per_page": per_page, "total_pages": total_pages,
                          "results": items[(page - 1) * per_page: page * per_page]})


def _paging(request: Request) -> tuple[int, int]:
    page = max(int(request.args.get("page", 1)), 1)
    per_page = min(max(int(request.args.get("per_page", 25)), 1), 50)
    return page, per_page
