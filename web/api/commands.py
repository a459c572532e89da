"""Commands: ask for background work (`POST /api/commands`) and follow it.

Each command name is the name of a `Task` run through the job queue. A command
whose task is not registered (its feature is not in this version, or its plugin
is off) is refused with a 422: nothing pretends to run.
"""

from __future__ import annotations

from flask import Blueprint, g, jsonify, url_for

from mvidarr.errors import ValidationError
from mvidarr.services import library
from mvidarr.web import serialize as s
from mvidarr.web.inputs import json_body
from mvidarr.web.routing import route

bp = Blueprint("commands", __name__)

COMMANDS = ("discover_all", "discover_artist", "download_wanted", "sync_import_lists",
            "import_library", "rescan_library", "backup")
# What each command needs besides its name.
ARGUMENTS = {"discover_artist": ("artist_id",), "import_library": ("path",)}
BODY = {
    "type": "object",
    "additionalProperties": False,
    "required": ["name"],
    "properties": {
        "name": {"type": "string", "enum": list(COMMANDS)},
        "artist_id": {"type": "integer", "minimum": 1, "maximum": 2**63 - 1},
        "path": {"type": "string", "minLength": 1, "maxLength": 4096},
    },
}
COMMAND = s.obj({"id": s.INT, "name": s.TEXT, "status": s.TEXT, "url": s.TEXT, "job": s.JOB})


def start(name: str, payload: dict):
    """Queue the job of command `name`; answer 202 with where to follow it."""
    _available(name)
    job = g.mvidarr.jobs.enqueue(name, payload, unique=True)
    answer = jsonify(_describe(job))
    answer.status_code = 202
    answer.headers["Location"] = answer.get_json()["url"]
    return answer


def _available(name: str) -> None:
    if name not in g.mvidarr.jobs.tasks:
        raise ValidationError(f"command {name} is not available in this version",
                              {"command": name})


def _describe(job) -> dict:
    runs = library.runs_of([job.id])[job.id]
    return {"id": job.id, "name": job.name, "status": job.status,
            "url": url_for("commands.get_command", command_id=job.id),
            "job": s.job(job, runs)}


@route(bp, "/commands", methods=["POST"], role="manager",
       summary="Run a command in the background (discover_all, backup, ...)",
       body=BODY, responses={202: COMMAND})
def run_command():
    body = json_body(BODY)
    name = body["name"]
    # Availability first: asking for the arguments of a command that cannot run misleads.
    _available(name)
    needed = ARGUMENTS.get(name, ())
    missing = [arg for arg in needed if arg not in body]
    if missing:
        raise ValidationError(f"command {name} needs {', '.join(missing)}",
                              {"missing": missing})
    extra = sorted(set(body) - {"name", *needed})
    if extra:
        raise ValidationError(f"command {name} takes no {', '.join(extra)}",
                              {"unknown": extra})
    if name == "discover_artist":
        library.get_artist(body["artist_id"])
    return start(name, {arg: body[arg] for arg in needed})


@route(bp, "/commands/<int:command_id>", methods=["GET"], role="readonly",
       summary="How a command is doing (its job and runs)", responses={200: COMMAND})
def get_command(command_id: int):
    return jsonify(_describe(library.get_job(command_id)))
