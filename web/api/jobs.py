"""Jobs: what the queue and the scheduler ran, are running or will run, with each run."""

from __future__ import annotations

from flask import Blueprint, jsonify

from mvidarr.models import JOB_STATUSES
from mvidarr.services import library
from mvidarr.web import serialize as s
from mvidarr.web.inputs import query_args
from mvidarr.web.paging import PAGING_PARAMS, paginate, sort_param
from mvidarr.web.routing import route

bp = Blueprint("jobs", __name__)

FILTERS = [
    {"name": "status", "in": "query", "schema": {"type": "string", "enum": list(JOB_STATUSES)}},
    {"name": "name", "in": "query", "description": "the task's name",
     "schema": {"type": "string", "maxLength": 100}},
]


@route(bp, "/jobs", methods=["GET"], role="readonly", summary="Jobs with their runs",
       params=[*PAGING_PARAMS, sort_param(library.JOB_SORTS, "created_at"), *FILTERS],
       responses={200: s.paged(s.JOB)})
def list_jobs():
    query = library.jobs(**query_args(FILTERS))
    answer = paginate(query, library.JOB_SORTS, "created_at", lambda job: job)
    runs = library.runs_of([job.id for job in answer["items"]])  # one query for the page
    answer["items"] = [s.job(job, runs[job.id]) for job in answer["items"]]
    return jsonify(answer)
