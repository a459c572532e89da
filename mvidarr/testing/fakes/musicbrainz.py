"""A fake MusicBrainz ws/2 (reference §9): artist search and artist lookup in JSON.

It refuses a generic User-Agent (403) as the real service blocks them, answers
503 with the documented JSON body to a caller above one request a second when
`limit_rate(1)` is on, 404 for an unknown MBID and 400 for an empty query.

    mb = FakeMusicBrainz().start()
    mb.add_artist("Nirvana", "5b11f4ce-a62d-471e-81fc-a69a8278c7da",
                  disambiguation="1980s–1990s US grunge band")
    app.settings.set("musicbrainz.base_url", mb.url)             # .../ws/2
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from werkzeug.wrappers import Request, Response

from mvidarr.testing.fakes.server import FakeService

PREFIX = "/ws/2"
RATE_MESSAGE = ("Your requests are exceeding the allowable rate limit. Please see "
                "http://wiki.musicbrainz.org/XMLWebService for more information.")
# "AppName/1.2.3 ( https://project.url or contact@email )"
USER_AGENT = re.compile(r"^[\w.-]+/[\w.+-]+ \( .+ \)")


@dataclass
class FakeMbArtist:
    id: str
    name: str
    disambiguation: str = ""
    country: str | None = None
    kind: str = "Group"
    aliases: list[str] = field(default_factory=list)
    genres: list[str] = field(default_factory=list)

    def as_json(self, score: int | None = None) -> dict:
        data = {"id": self.id, "type": self.kind, "name": self.name, "sort-name": self.name,
                "country": self.country, "disambiguation": self.disambiguation,
                "life-span": {"begin": None, "end": None, "ended": None},
                "aliases": [{"name": a, "sort-name": a, "locale": None, "type": "Artist name",
                             "primary": None} for a in self.aliases],
                "tags": [{"count": 1, "name": g} for g in self.genres]}
        if score is not None:
            data["score"] = score
        return data


class FakeMusicBrainz(FakeService):
    rate_status = 503
    rate_body = json.dumps({"error": RATE_MESSAGE})

    def __init__(self):
        super().__init__()
        self.artists: dict[str, FakeMbArtist] = {}

    @property
    def url(self) -> str:
        return self.root + PREFIX

    def add_artist(self, name: str, mbid: str, **fields) -> FakeMbArtist:
        artist = FakeMbArtist(mbid, name, **fields)
        self.artists[mbid] = artist
        return artist

    def answer(self, request: Request) -> Response:
        if not USER_AGENT.match(request.headers.get("User-Agent", "")):
            return self.json({"error": "Please identify your application in the User-Agent "
                                       "(AppName/version ( contact ))."}, 403)
        if request.args.get("fmt") != "json" and "json" not in request.headers.get("Accept", ""):
            return Response("<metadata/>", content_type="application/xml")
        path = request.path.removeprefix(PREFIX)
        if path == "/artist":
            return self._search(request)
        match = re.fullmatch(r"/artist/([0-9a-f-]{36})", path)
        if match and match.group(1) in self.artists:
            data = self.artists[match.group(1)].as_json()
            data["genres"] = [{"name": g, "count": 1} for g in self.artists[match.group(1)].genres]
            data["relations"] = []
            return self.json(data)
        return self.json({"error": "Not Found", "help": "For usage, please see: "
                                                        "https://musicbrainz.org/development/mmd"},
                         404)

    def _search(self, request: Request) -> Response:
        query = request.args.get("query", "").strip()
        if not query:
            return self.json({"error": "Invalid query", "help": "query is required"}, 400)
        match = re.fullmatch(r'artist:"((?:[^"\\]|\\.)*)"', query)
        term = re.sub(r"\\(.)", r"\1", match.group(1)) if match else query
        term = term.lower()
        scored = []
        for artist in self.artists.values():
            names = [artist.name.lower(), *(a.lower() for a in artist.aliases)]
            if term in names:
                scored.append((100, artist))
            elif any(term in n for n in names):
                scored.append((70, artist))
        scored.sort(key=lambda pair: -pair[0])
        limit = min(max(int(request.args.get("limit", 25)), 1), 100)
        offset = max(int(request.args.get("offset", 0)), 0)
        return self.json({"created": "2026-01-01T12:00:00.000Z", "count": len(scored),
                          "offset": offset,
                          "artists": [a.as_json(s) for s, a in scored[offset: offset + limit]]})
