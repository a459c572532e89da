"""Videos: list, add by URL, change, delete (optionally blocklisting), download."""

from __future__ import annotations

from flask import Blueprint, g, jsonify

from mvidarr.models import VIDEO_STATUSES
from mvidarr.services import acquire, downloads, library
from mvidarr.web import serialize as s
from mvidarr.web.inputs import json_body, query_args
from mvidarr.web.paging import PAGING_PARAMS, paginate, sort_param
from mvidarr.web.routing import route

bp = Blueprint("videos", __name__)

_NAME_LIST = {"type": "array", "maxItems": 50,
              "items": {"type": "string", "minLength": 1, "maxLength": 500}}
ADD = {
    "type": "object", "additionalProperties": False, "required": ["url"],
    "properties": {
        "url": {"type": "string", "minLength": 1, "maxLength": 2000},
        "artist": {"type": ["string", "null"], "maxLength": 500},
        "title": {"type": ["string", "null"], "maxLength": 1000},
    },
}
UPDATE = {
    "type": "object", "additionalProperties": False,
    "properties": {
        "title": {"type": "string", "minLength": 1, "maxLength": 1000},
        "year": {"type": ["integer", "null"], "minimum": 1800, "maximum": 2200},
        "album": {"type": ["string", "null"], "maxLength": 500},
        "label": {"type": ["string", "null"], "maxLength": 500},
        "directors": _NAME_LIST,
        "genres": _NAME_LIST,
        "featured_artists": _NAME_LIST,
        "status": {"type": "string", "enum": list(library.SETTABLE_VIDEO_STATUSES)},
        "quality_profile_id": {"type": ["integer", "null"], "minimum": 1,
                               "maximum": 2**63 - 1},
    },
}
FILTERS = [
    {"name": "status", "in": "query", "schema": {"type": "string", "enum": list(VIDEO_STATUSES)}},
    {"name": "artist_id", "in": "query",
     "schema": {"type": "integer", "minimum": 1, "maximum": 2**63 - 1}},
    {"name": "monitored", "in": "query", "description": "only videos of (un)monitored artists",
     "schema": {"type": "boolean"}},
    {"name": "year", "in": "query", "schema": {"type": "integer", "minimum": 0,
                                                "maximum": 9999}},
    {"name": "q", "in": "query", "description": "text the title or artist contains",
     "schema": {"type": "string", "maxLength": 200}},
]
DELETE_PARAMS = [
    {"name": "blocklist", "in": "query", "description": "never let discovery add it again",
     "schema": {"type": "boolean", "default": False}},
]
DELETED = s.obj({"deleted": s.INT, "blocklisted": s.BOOL})


def _root():
    return g.mvidarr.library_root()


@route(bp, "/videos", methods=["GET"], role="readonly", summary="List videos",
       params=[*PAGING_PARAMS, sort_param(library.VIDEO_SORTS, "title"), *FILTERS],
       responses={200: s.paged(s.VIDEO)})
def list_videos():
    root = _root()
    query = library.videos(**query_args(FILTERS))
    return jsonify(paginate(query, library.VIDEO_SORTS, "title", lambda v: s.video(v, root)))


@route(bp, "/videos", methods=["POST"], role="manager",
       summary="Add a video by URL: its metadata is read, its artist found or added, "
               "and it is queued", body=ADD, responses={201: s.VIDEO})
def add_video():
    body = json_body(ADD)
    video = acquire.add_video_by_url(
        g.mvidarr, body["url"].strip(), artist=(body.get("artist") or "").strip() or None,
        title=(body.get("title") or "").strip() or None)
    return jsonify(s.video(library.get_video(video.id), _root())), 201


@route(bp, "/videos/<int:video_id>", methods=["GET"], role="readonly", summary="One video",
       responses={200: s.VIDEO})
def get_video(video_id: int):
    return jsonify(s.video(library.get_video(video_id), _root()))


@route(bp, "/videos/<int:video_id>", methods=["PUT"], role="manager",
       summary="Change a video (only the fields sent; status only to wanted or ignored)",
       body=UPDATE, responses={200: s.VIDEO})
def update_video(video_id: int):
    library.get_video(video_id)
    library.update_video(video_id, json_body(UPDATE))
    return jsonify(s.video(library.get_video(video_id), _root()))


@route(bp, "/videos/<int:video_id>", methods=["DELETE"], role="manager",
       summary="Forget a video (its file stays); ?blocklist=true keeps it away for good",
       params=DELETE_PARAMS, responses={200: DELETED})
def delete_video(video_id: int):
    blocklist = bool(query_args(DELETE_PARAMS).get("blocklist", False))
    library.delete_video(g.mvidarr, video_id, blocklist=blocklist,
                         reason="deleted through the API" if blocklist else None)
    return jsonify(deleted=1, blocklisted=blocklist)


@route(bp, "/videos/<int:video_id>/download", methods=["POST"], role="user",
       summary="Download this video now (puts it in the queue)",
       responses={202: s.DOWNLOAD})
def download_video(video_id: int):
    video = library.get_video(video_id)
    download = downloads.request_download(g.mvidarr, video)
    return jsonify(s.download(library.get_download(download.id))), 202
