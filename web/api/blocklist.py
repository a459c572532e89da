"""The blocklist: the videos discovery never adds again. Entries are made by
deleting a video with ``?blocklist=true``; here they are listed and removed."""

from __future__ import annotations

from flask import Blueprint, jsonify

from mvidarr.services import blocklist
from mvidarr.web import serialize as s
from mvidarr.web.inputs import query_args
from mvidarr.web.paging import PAGING_PARAMS, paginate, sort_param
from mvidarr.web.routing import route

bp = Blueprint("blocklist", __name__)

FILTERS = [{"name": "q", "in": "query", "description": "text the title contains",
            "schema": {"type": "string", "maxLength": 200}}]
DELETED = s.obj({"deleted": s.INT})


@route(bp, "/blocklist", methods=["GET"], role="readonly",
       summary="List the blocklist (sort=created_at&order=desc: newest first)",
       params=[*PAGING_PARAMS, sort_param(blocklist.BLOCKLIST_SORTS, "created_at"), *FILTERS],
       responses={200: s.paged(s.BLOCKLIST_ENTRY)})
def list_blocklist():
    query = blocklist.entries(**query_args(FILTERS))
    return jsonify(paginate(query, blocklist.BLOCKLIST_SORTS, "created_at",
                            s.blocklist_entry))


@route(bp, "/blocklist/<int:entry_id>", methods=["DELETE"], role="manager",
       summary="Remove an entry: discovery may add the video again", responses={200: DELETED})
def delete_blocklist_entry(entry_id: int):
    blocklist.remove_entry(entry_id)
    return jsonify(deleted=1)
