"""MusicBrainz for MVidarr: artist MBIDs and disambiguation for artist lookup.

MusicBrainz has no videos; it tells apart artists who share a name ("Nirvana",
the 1980s–1990s US grunge band, or the 1960s UK band) and gives the MBID that
Lidarr and Last.fm use, so the lookup merges their candidates. The service
requires a User-Agent naming the application and a contact, and allows one
request a second (both enforced here through ``app.sources``).
"""

from __future__ import annotations

import re

from mvidarr import ArtistInfo, SettingSpec, hookimpl, source_settings, validators

NAME = "musicbrainz"
DEFAULT_BASE_URL = "https://musicbrainz.org/ws/2"
DEFAULT_CONTACT = "https://github.com/mvidarr/mvidarr"
MBID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
LOOKUP_LIMIT = 10
MIN_SCORE = 50  # below this MusicBrainz's candidates are rarely the artist meant


@hookimpl
def register_settings(app):
    return [
        SettingSpec(f"{NAME}.base_url", "str", DEFAULT_BASE_URL,
                    "Where MusicBrainz ws/2 is reached (change it only for a mirror or a "
                    "test server).", validate=validators.http_url),
        SettingSpec(f"{NAME}.contact", "str", DEFAULT_CONTACT,
                    "A URL or e-mail address sent in the User-Agent, as MusicBrainz asks.",
                    validate=validators.contact),
        *source_settings(NAME, requests_per_second=1, cache_hours=24 * 7),
    ]


def user_agent(app) -> str:
    """``AppName/1.2.3 ( contact )``: the form MusicBrainz requires."""
    contact = app.settings.get(f"{NAME}.contact") or DEFAULT_CONTACT
    return f"MVidarr/{app.version} ( {contact} )"


def _get(app, path: str, params: dict, allow_404: bool = False):
    base = app.settings.get(f"{NAME}.base_url").rstrip("/")
    headers = {"User-Agent": user_agent(app), "Accept": "application/json"}
    return app.sources.get_json(NAME, base + path, params={**params, "fmt": "json"},
                                headers=headers, allow_404=allow_404)


def quote(term: str) -> str:
    """`term` as a Lucene phrase: backslashes and quotes escaped."""
    return '"' + term.replace("\\", "\\\\").replace('"', '\\"') + '"'


def to_artist(data: dict) -> ArtistInfo:
    tags = sorted(data.get("genres") or data.get("tags") or [],
                  key=lambda tag: -(tag.get("count") or 0))
    return ArtistInfo(name=data["name"], source=NAME, ids={NAME: data["id"]},
                      disambiguation=data.get("disambiguation") or None,
                      genres=[tag["name"] for tag in tags[:5] if tag.get("name")])


def artist_by_mbid(app, mbid: str) -> ArtistInfo | None:
    """The artist with MBID `mbid`, or None when MusicBrainz does not know it."""
    data = _get(app, f"/artist/{mbid}", {"inc": "url-rels+genres+aliases"}, allow_404=True)
    return to_artist(data) if data else None


def search_artists(app, term: str) -> list[ArtistInfo]:
    data = _get(app, "/artist", {"query": f"artist:{quote(term)}", "limit": LOOKUP_LIMIT})
    return [to_artist(item) for item in data.get("artists") or []
            if (item.get("score") or 0) >= MIN_SCORE]


@hookimpl
def lookup_artist(app, term):
    term = term.strip()
    if not term:
        return []
    if MBID.match(term.lower()):
        found = artist_by_mbid(app, term.lower())
        return [found] if found else []
    return search_artists(app, term)
