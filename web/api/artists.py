"""Artists: list, add, change, delete, look up in the sources, and discover."""

from __future__ import annotations

from flask import Blueprint, g, jsonify

from mvidarr.models import ARTIST_ORIGINS, VIDEO_STATUSES
from mvidarr.services import library, lookup
from mvidarr.web import serialize as s
from mvidarr.web.api.commands import COMMAND, start
from mvidarr.web.inputs import json_body, query_args
from mvidarr.web.paging import PAGING_PARAMS, paginate, sort_param
from mvidarr.web.routing import route

bp = Blueprint("artists", __name__)


def _text(limit: int) -> dict:
    return {"type": ["string", "null"], "maxLength": limit}


FIELDS = {
    "name": {"type": "string", "minLength": 1, "maxLength": 500},
    "sort_name": _text(500),
    "folder": _text(255),
    "monitored": {"type": "boolean"},
    "auto_download": {"type": "boolean"},
    "imvdb_id": _text(100),
    "spotify_id": _text(100),
    "musicbrainz_id": _text(100),
    "lastfm_name": _text(500),
    "lidarr_id": {"type": ["integer", "null"], "minimum": 0, "maximum": 2**31 - 1},
    "biography": _text(100_000),
    "genres": {"type": "array", "maxItems": 50,
               "items": {"type": "string", "minLength": 1, "maxLength": 100}},
    "image_url": _text(2000),
    "origin": {"type": "string", "enum": list(ARTIST_ORIGINS)},
    "quality_profile_id": {"type": ["integer", "null"], "minimum": 1, "maximum": 2**63 - 1},
}
CREATE = {"type": "object", "additionalProperties": False, "required": ["name"],
          "properties": FIELDS}
UPDATE = {"type": "object", "additionalProperties": False, "properties": FIELDS}
BULK_DELETE = {"type": "object", "additionalProperties": False, "required": ["ids"],
               "properties": {"ids": {"type": "array", "minItems": 1, "maxItems": 500,
                                      "items": {"type": "integer", "minimum": 1,
                                                "maximum": 2**63 - 1}}}}
DELETED = s.obj({"deleted": s.INT})
Q = {"name": "q", "in": "query", "description": "text the name contains (case and accents "
     "ignored)", "schema": {"type": "string", "maxLength": 200}}
FILTERS = [
    {"name": "monitored", "in": "query", "schema": {"type": "boolean"}},
    {"name": "origin", "in": "query", "schema": {"type": "string", "enum": list(ARTIST_ORIGINS)}},
    Q,
]
VIDEO_FILTERS = [{"name": "status", "in": "query",
                  "schema": {"type": "string", "enum": list(VIDEO_STATUSES)}},
                 {**Q, "description": "text the title contains"}]
LOOKUP = [{"name": "term", "in": "query", "required": True,
           "schema": {"type": "string", "minLength": 1, "maxLength": 200}}]


@route(bp, "/artists", methods=["GET"], role="readonly", summary="List artists",
       params=[*PAGING_PARAMS, sort_param(library.ARTIST_SORTS, "name"), *FILTERS],
       responses={200: s.paged(s.ARTIST)})
def list_artists():
    query = library.artists(**query_args(FILTERS))
    return jsonify(paginate(query, library.ARTIST_SORTS, "name", s.artist))


@route(bp, "/artists", methods=["POST"], role="manager",
       summary="Add an artist (a monitored one starts a discovery)", body=CREATE,
       responses={201: s.ARTIST})
def create_artist():
    artist = library.create_artist(g.mvidarr, json_body(CREATE))
    return jsonify(s.artist(library.get_artist(artist.id))), 201


@route(bp, "/artists/lookup", methods=["GET"], role="readonly",
       summary="Find artists in every enabled source", params=LOOKUP,
       responses={200: s.ARTIST_LOOKUP})
def lookup_artists():
    term = query_args(LOOKUP)["term"]
    return jsonify(lookup.lookup_artists(g.mvidarr, term))


@route(bp, "/artists/bulk-delete", methods=["POST"], role="manager",
       summary="Delete several artists with their videos (files stay)", body=BULK_DELETE,
       responses={200: DELETED})
def bulk_delete_artists():
    ids = json_body(BULK_DELETE)["ids"]
    return jsonify(deleted=library.delete_artists(g.mvidarr, ids))


@route(bp, "/artists/<int:artist_id>", methods=["GET"], role="readonly",
       summary="One artist", responses={200: s.ARTIST})
def get_artist(artist_id: int):
    return jsonify(s.artist(library.get_artist(artist_id)))


@route(bp, "/artists/<int:artist_id>", methods=["PUT"], role="manager",
       summary="Change an artist (only the fields sent)", body=UPDATE,
       responses={200: s.ARTIST})
def update_artist(artist_id: int):
    library.get_artist(artist_id)
    library.update_artist(artist_id, json_body(UPDATE))
    return jsonify(s.artist(library.get_artist(artist_id)))


@route(bp, "/artists/<int:artist_id>", methods=["DELETE"], role="manager",
       summary="Delete an artist with its videos (files stay)", responses={200: DELETED})
def delete_artist(artist_id: int):
    library.get_artist(artist_id)
    return jsonify(deleted=library.delete_artists(g.mvidarr, [artist_id]))


@route(bp, "/artists/<int:artist_id>/videos", methods=["GET"], role="readonly",
       summary="An artist's videos",
       params=[*PAGING_PARAMS, sort_param(library.VIDEO_SORTS, "title"), *VIDEO_FILTERS],
       responses={200: s.paged(s.VIDEO)})
def artist_videos(artist_id: int):
    library.get_artist(artist_id)
    query = library.videos(artist_id=artist_id, **query_args(VIDEO_FILTERS))
    root = g.mvidarr.library_root()
    return jsonify(paginate(query, library.VIDEO_SORTS, "title", lambda v: s.video(v, root)))


@route(bp, "/artists/<int:artist_id>/discover", methods=["POST"], role="manager",
       summary="Search every source for the artist's videos now", responses={202: COMMAND})
def discover_artist(artist_id: int):
    library.get_artist(artist_id)
    return start("discover_artist", {"artist_id": artist_id})
