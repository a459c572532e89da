"""Liveness for anyone; the rest of the system's state for signed-in users.

Only admins see where things live on disk: no other answer carries a path.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from flask import Blueprint, g, jsonify

from mvidarr.models import role_at_least, utcnow
from mvidarr.services import library
from mvidarr.web import serialize as s
from mvidarr.web.auth import current_user
from mvidarr.web.routing import route

bp = Blueprint("system", __name__)

HEALTH = {"type": "object", "properties": {"status": {"type": "string", "enum": ["ok"]}},
          "required": ["status"]}
COUNTS = {"type": "object", "additionalProperties": {"type": "integer"}}
STATUS = s.obj({
    "version": s.TEXT, "database": s.TEXT, "time": s.WHEN,
    "counts": s.obj({"artists": s.INT, "videos": s.INT, "videos_by_status": COUNTS,
                     "queue": s.INT, "jobs_by_status": COUNTS}),
    "plugins": s.obj({"installed": s.INT, "enabled": s.INT}),
    "paths": {"type": ["object", "null"], "description": "admins only",
              "properties": {"data_dir": s.TEXT, "library_root": s.TEXT}},
})
SYSTEM_HEALTH = s.obj({
    "status": {"type": "string", "enum": ["ok", "warning"]},
    "problems": {"type": "array", "items": s.TEXT},
    "plugins": {"type": "array", "items": s.PLUGIN},
    "jobs": COUNTS,
    "disk": s.obj({"free_bytes": {"type": ["integer", "null"]},
                   "total_bytes": {"type": ["integer", "null"]}}),
})


@route(bp, "/health", methods=["GET"], role="public",
       summary="Whether MVidarr is alive (no authentication; says nothing else)",
       responses={200: HEALTH})
def health():
    return jsonify(status="ok")


def database_kind(url: str) -> str:
    scheme = url.split(":", 1)[0].lower()
    return {"postgres": "postgresql", "mysql": "mariadb/mysql"}.get(scheme, scheme)


@route(bp, "/system/status", methods=["GET"], role="readonly",
       summary="Version, database kind and what the library holds", responses={200: STATUS})
def status():
    app = g.mvidarr
    described = app.plugin_states.describe()
    paths = None
    if role_at_least(current_user().role, "admin"):
        paths = {"data_dir": str(app.data_dir), "library_root": str(app.library_root())}
    return jsonify(version=app.version, database=database_kind(app.config.database_url),
                   time=s.iso(utcnow()), counts=library.counts(),
                   plugins={"installed": len(described),
                            "enabled": sum(1 for p in described if p["enabled"])},
                   paths=paths)


def disk_usage(path: Path) -> tuple[int | None, int | None]:
    """Free and total bytes of the disk holding `path` (or its nearest existing parent)."""
    for candidate in (path, *path.parents):
        if candidate.exists():
            try:
                usage = shutil.disk_usage(candidate)
            except OSError:
                return None, None
            return usage.free, usage.total
    return None, None


@route(bp, "/system/health", methods=["GET"], role="readonly",
       summary="Plugins' health, the job queue and the library disk's free space",
       responses={200: SYSTEM_HEALTH})
def system_health():
    app = g.mvidarr
    plugins = [s.plugin(p) for p in app.plugin_states.describe()]
    free, total = disk_usage(app.library_root())
    problems = [f"plugin {p['name']} is failing: {p['last_error'] or 'no detail'}"
                for p in plugins if p["enabled"] and p["health"] in ("error", "cooldown")]
    jobs = library.counts()["jobs_by_status"]
    if jobs.get("failed"):
        problems.append(f"{jobs['failed']} job(s) failed; GET /api/jobs?status=failed")
    if free is None:
        problems.append("the free space of the library disk is unknown")
    return jsonify(status="warning" if problems else "ok", problems=problems,
                   plugins=plugins, jobs=jobs, disk={"free_bytes": free, "total_bytes": total})
