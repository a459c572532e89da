"""The core's own settings, tasks and schedules."""

from __future__ import annotations

from datetime import timedelta

from mvidarr import validators
from mvidarr.markers import hookimpl
from mvidarr.models import Job, JobRun, db, utcnow
from mvidarr.types import ScheduledJob, SettingSpec, Task

MAX_INTERVAL_MINUTES = 525_600  # a year: longer is "off", and fits every timer
UPKEEP_BATCH = 500  # ids per DELETE: well under every server's bound-parameter limit

SETTINGS = [
    SettingSpec("library.root", "path", None,
                "Folder the library is filed into, an absolute path (default: library/ in the "
                "data folder).", validate=validators.absolute_path),
    SettingSpec("downloads.max_concurrent", "int", 2, "Downloads running at the same time.",
                minimum=1, maximum=16),
    SettingSpec("workers.threads", "int", 4,
                "Worker threads per process (downloads also obey downloads.max_concurrent).",
                minimum=1, maximum=32),
    SettingSpec("jobs.lease_seconds", "int", 60,
                "A running job whose worker has not been heard of for this long is queued "
                "again.", minimum=15, maximum=3600),
    SettingSpec("jobs.keep_days", "int", 30, "Finished jobs and their runs are kept this long.",
                minimum=1, maximum=3650),
    SettingSpec("upkeep.interval_minutes", "int", 1440,
                "How often database upkeep runs (0 switches it off).", minimum=0,
                maximum=MAX_INTERVAL_MINUTES),
    SettingSpec("plugins.raise_errors", "bool", False,
                "Raise a plugin's error instead of logging it and going on (for debugging)."),
    SettingSpec("security.allow_private_urls", "bool", False,
                "Accept video URLs that resolve to loopback or private addresses."),
    SettingSpec("security.trusted_proxies", "list", [],
                "Addresses or CIDR networks of reverse proxies whose X-Forwarded-For/-Proto "
                "are believed.", validate=validators.ip_networks),
    SettingSpec("security.cors_origins", "list", [],
                "Origins (scheme://host[:port]) allowed to call the API from a browser (none "
                "by default).", validate=validators.cors_origins),
    SettingSpec("plex.webhook_token", "str", None,
                "Token Plex's webhook URL carries as ?token= (generated when empty).",
                secret=True, validate=validators.webhook_token),
    SettingSpec("lidarr.webhook_token", "str", None,
                "Token Lidarr's webhook sends as ?token= or as the HTTP Basic password "
                "(generated when empty).", secret=True,
                validate=validators.webhook_token),
]


@hookimpl
def register_settings(app):
    return SETTINGS


def upkeep(ctx) -> dict:
    """Forget old finished jobs and let the database tidy itself."""
    keep = timedelta(days=int(ctx.app.settings.get("jobs.keep_days")))
    before = utcnow() - keep
    # Ids first, then deletes by id: MySQL refuses a DELETE whose subquery reads the
    # table it deletes from (error 1093; MariaDB accepts it since 10.3).
    old_jobs = [job.id for job in Job.select(Job.id).where(
        Job.status.in_(("done", "failed", "cancelled")), Job.finished_at < before)]
    runs = jobs = 0
    for start in range(0, len(old_jobs), UPKEEP_BATCH):
        batch = old_jobs[start:start + UPKEEP_BATCH]
        with db.atomic():
            runs += JobRun.delete().where(JobRun.job.in_(batch)).execute()
            jobs += Job.delete().where(Job.id.in_(batch)).execute()
    if ctx.app.config.database_url.startswith("sqlite"):
        db.execute_sql("PRAGMA optimize")
        db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    return {"jobs_removed": jobs, "runs_removed": runs}


@hookimpl
def register_tasks(app):
    return [Task("upkeep", upkeep, max_attempts=1)]


@hookimpl
def register_schedules(app):
    return [ScheduledJob("database upkeep", "upkeep", every_setting="upkeep.interval_minutes")]
