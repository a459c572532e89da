"""The persistent job queue and the record of every run."""

from __future__ import annotations

import peewee as pw

from mvidarr.models.base import BaseModel, JSONField, utcnow

JOB_STATUSES = ("queued", "running", "done", "failed", "cancelled")


class Job(BaseModel):
    name = pw.CharField(max_length=100)  # the Task to run
    payload = JSONField(default=dict)
    queue = pw.CharField(max_length=50, default="default")
    status = pw.CharField(max_length=20, default="queued")
    priority = pw.IntegerField(default=0)  # lower runs first
    attempts = pw.IntegerField(default=0)
    max_attempts = pw.IntegerField(default=3)
    run_after = pw.DateTimeField(default=utcnow)
    claimed_by = pw.CharField(max_length=200, null=True)
    claimed_at = pw.DateTimeField(null=True)
    heartbeat_at = pw.DateTimeField(null=True)
    result = JSONField(null=True)
    error = pw.TextField(null=True)
    created_at = pw.DateTimeField(default=utcnow, index=True)
    finished_at = pw.DateTimeField(null=True)

    class Meta:
        indexes = ((("status", "queue", "run_after"), False), (("name", "status"), False))


class JobRun(BaseModel):
    job = pw.ForeignKeyField(Job, backref="runs", on_delete="CASCADE")
    name = pw.CharField(max_length=100, index=True)
    worker = pw.CharField(max_length=200)
    status = pw.CharField(max_length=20, default="running")  # running, ok, error, retry
    result = JSONField(null=True)
    error = pw.TextField(null=True)
    started_at = pw.DateTimeField(default=utcnow, index=True)
    finished_at = pw.DateTimeField(null=True)
