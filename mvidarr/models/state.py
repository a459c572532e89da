"""Settings values and plugin state, kept in the database."""

from __future__ import annotations

import peewee as pw

from mvidarr.models.base import BaseModel, JSONField, utcnow


class Setting(BaseModel):
    key = pw.CharField(max_length=200, primary_key=True)
    value = JSONField(null=True)
    updated_at = pw.DateTimeField(default=utcnow)


class PluginState(BaseModel):
    name = pw.CharField(max_length=100, primary_key=True)
    enabled = pw.BooleanField(default=True)
    health = pw.CharField(max_length=20, default="unknown")  # ok, error, cooldown, unknown
    last_error = pw.TextField(null=True)
    last_error_at = pw.DateTimeField(null=True)
    last_success_at = pw.DateTimeField(null=True)
    error_count = pw.IntegerField(default=0)
    cooldown_until = pw.DateTimeField(null=True)
    calls_today = pw.IntegerField(default=0)
    quota_used = pw.IntegerField(default=0)
    counters_date = pw.DateField(null=True)
