"""Videos the user never wants again: discovery drops them."""

from __future__ import annotations

import peewee as pw

from mvidarr.models.base import BaseModel, utcnow


class BlocklistEntry(BaseModel):
    youtube_id = pw.CharField(max_length=64, null=True, index=True)
    imvdb_id = pw.CharField(max_length=64, null=True, index=True)
    match_key = pw.CharField(max_length=1000, null=True, index=True)
    title = pw.CharField(max_length=1000, null=True)
    reason = pw.TextField(null=True)
    created_at = pw.DateTimeField(default=utcnow)
