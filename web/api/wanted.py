"""The wanted list: videos the user wants and does not have yet."""

from __future__ import annotations

from flask import Blueprint, g, jsonify

from mvidarr.services import library
from mvidarr.web import serialize as s
from mvidarr.web.inputs import query_args
from mvidarr.web.paging import PAGING_PARAMS, paginate, sort_param
from mvidarr.web.routing import route

bp = Blueprint("wanted", __name__)

FILTERS = [
    {"name": "artist_id", "in": "query",
     "schema": {"type": "integer", "minimum": 1, "maximum": 2**63 - 1}},
    {"name": "q", "in": "query", "description": "text the title or artist contains",
     "schema": {"type": "string", "maxLength": 200}},
]


@route(bp, "/wanted", methods=["GET"], role="readonly",
       summary="Videos wanted (or failed) and not downloaded",
       params=[*PAGING_PARAMS, sort_param(library.VIDEO_SORTS, "added_at"), *FILTERS],
       responses={200: s.paged(s.VIDEO)})
def list_wanted():
    root = g.mvidarr.library_root()
    query = library.wanted(**query_args(FILTERS))
    return jsonify(paginate(query, library.VIDEO_SORTS, "added_at", lambda v: s.video(v, root)))
