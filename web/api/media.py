"""A video's file and its thumbnail, streamed from the library (HTTP Range for seeking).

Only files inside the library root are ever sent: a stored path that leads
elsewhere (edited by hand, a symlink out) is answered 404 like a missing file.
"""

from __future__ import annotations

import mimetypes

from flask import Blueprint, g, jsonify, request, send_file
from werkzeug.exceptions import RequestedRangeNotSatisfiable

from mvidarr.errors import NotFoundError
from mvidarr.services import filing, library
from mvidarr.web.routing import route

bp = Blueprint("media", __name__)

RANGE_HEADER = [{"name": "Range", "in": "header", "schema": {"type": "string"},
                 "description": "bytes=START-END, to seek"}]


def _library_file(stored: str | None, what: str):
    path = filing.inside_library(g.mvidarr.library_root(), stored)
    if path is None:
        raise NotFoundError(f"this video has no {what} in the library")
    return path


@route(bp, "/videos/<int:video_id>/stream", methods=["GET"], role="readonly",
       summary="The video's file (supports Range: answers 206 with Content-Range, "
               "416 when the range is outside the file)",
       params=RANGE_HEADER, content_type="video/mp4", apikey_query=True,
       responses={200: None, 206: None, 416: None})
def stream(video_id: int):
    video = library.get_video(video_id)
    path = _library_file(video.file_path, "file")
    mimetype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    raw = request.headers.get("Range", "")
    if raw and (not raw.strip().lower().startswith("bytes=") or "," in raw):
        # A unit we do not know, or several ranges at once (which werkzeug cannot
        # answer as multipart): RFC 9110 §14.2 lets us ignore Range and send it all.
        request.environ.pop("HTTP_RANGE", None)
    elif raw.strip().lower().startswith("bytes=-"):
        suffix = raw.strip()[len("bytes=-"):]
        if suffix.isdigit() and int(suffix) >= path.stat().st_size:
            # A suffix longer than the file means all of it (RFC 9110 §14.1.2), not 416.
            request.environ["HTTP_RANGE"] = "bytes=0-"
    try:
        return send_file(path, mimetype=mimetype, conditional=True, max_age=0)
    except RequestedRangeNotSatisfiable:
        answer = jsonify(error="the requested range is outside the file")
        answer.status_code = 416
        answer.headers["Content-Range"] = f"bytes */{path.stat().st_size}"
        return answer


@route(bp, "/videos/<int:video_id>/thumbnail", methods=["GET"], role="readonly",
       summary="The video's thumbnail (JPEG)", content_type="image/jpeg", apikey_query=True,
       responses={200: None})
def thumbnail(video_id: int):
    video = library.get_video(video_id)
    path = _library_file(video.thumb_path or video.poster_path, "thumbnail")
    return send_file(path, mimetype="image/jpeg", conditional=True, max_age=3600)
