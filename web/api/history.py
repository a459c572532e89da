"""Download history: finished, failed (with the reason in words) and cancelled."""

from __future__ import annotations

from flask import Blueprint, jsonify

from mvidarr.services import library
from mvidarr.web import serialize as s
from mvidarr.web.inputs import query_args
from mvidarr.web.paging import PAGING_PARAMS, paginate, sort_param
from mvidarr.web.routing import route

bp = Blueprint("history", __name__)

FILTERS = [
    {"name": "status", "in": "query",
     "schema": {"type": "string", "enum": list(library.HISTORY_STATUSES)}},
    {"name": "video_id", "in": "query",
     "schema": {"type": "integer", "minimum": 1, "maximum": 2**63 - 1}},
]


@route(bp, "/history", methods=["GET"], role="readonly",
       summary="Downloads that ended (order=desc for the newest first)",
       params=[*PAGING_PARAMS, sort_param(library.DOWNLOAD_SORTS, "finished_at"), *FILTERS],
       responses={200: s.paged(s.DOWNLOAD)})
def list_history():
    query = library.history(**query_args(FILTERS))
    return jsonify(paginate(query, library.DOWNLOAD_SORTS, "finished_at", s.download))
