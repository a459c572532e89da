"""Download attempts: active ones are the queue, finished ones the history."""

from __future__ import annotations

import peewee as pw

from mvidarr.models.base import BaseModel, utcnow
from mvidarr.models.video import Video

DOWNLOAD_ACTIVE = ("queued", "downloading")
DOWNLOAD_STATUSES = (*DOWNLOAD_ACTIVE, "finished", "failed", "cancelled")


class Download(BaseModel):
    video = pw.ForeignKeyField(Video, backref="downloads", on_delete="CASCADE")
    status = pw.CharField(max_length=20, default="queued")
    progress = pw.FloatField(default=0.0)
    downloaded_bytes = pw.BigIntegerField(default=0)
    total_bytes = pw.BigIntegerField(null=True)
    speed = pw.FloatField(null=True)
    eta = pw.IntegerField(null=True)
    attempts = pw.IntegerField(default=0)
    error = pw.TextField(null=True)
    worker = pw.CharField(max_length=200, null=True)
    job_id = pw.IntegerField(null=True, index=True)
    created_at = pw.DateTimeField(default=utcnow, index=True)
    started_at = pw.DateTimeField(null=True)
    finished_at = pw.DateTimeField(null=True, index=True)

    class Meta:
        # The queue sorts by creation, the history by end; both filter by status.
        indexes = ((("status", "created_at"), False), (("status", "finished_at"), False))
