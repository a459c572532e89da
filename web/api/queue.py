"""The download queue: what waits or runs, cancelling and retrying."""

from __future__ import annotations

from flask import Blueprint, g, jsonify

from mvidarr.services import downloads, library
from mvidarr.web import serialize as s
from mvidarr.web.inputs import query_args
from mvidarr.web.paging import PAGING_PARAMS, paginate, sort_param
from mvidarr.web.routing import route

bp = Blueprint("queue", __name__)

FILTERS = [
    {"name": "status", "in": "query",
     "schema": {"type": "string", "enum": ["queued", "downloading"]}},
    {"name": "video_id", "in": "query",
     "schema": {"type": "integer", "minimum": 1, "maximum": 2**63 - 1}},
]


@route(bp, "/queue", methods=["GET"], role="readonly",
       summary="Downloads waiting or running, with their progress",
       params=[*PAGING_PARAMS, sort_param(library.DOWNLOAD_SORTS, "created_at"), *FILTERS],
       responses={200: s.paged(s.DOWNLOAD)})
def list_queue():
    query = library.queue(**query_args(FILTERS))
    return jsonify(paginate(query, library.DOWNLOAD_SORTS, "created_at", s.download))


@route(bp, "/queue/<int:download_id>", methods=["DELETE"], role="user",
       summary="Cancel a download: the transfer stops, partial files go, the video is "
               "wanted again", responses={200: s.DOWNLOAD})
def cancel_download(download_id: int):
    library.get_download(download_id)
    downloads.cancel_download(g.mvidarr, download_id)
    return jsonify(s.download(library.get_download(download_id)))


@route(bp, "/queue/<int:download_id>/retry", methods=["POST"], role="user",
       summary="Try a failed or cancelled download again", responses={202: s.DOWNLOAD})
def retry_download(download_id: int):
    library.get_download(download_id)
    download = downloads.retry_download(g.mvidarr, download_id)
    return jsonify(s.download(library.get_download(download.id))), 202
