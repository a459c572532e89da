"""Music videos: wanted, queued, downloaded or ignored."""

from __future__ import annotations

import peewee as pw

from mvidarr.models.artist import Artist
from mvidarr.models.base import BaseModel, JSONField, fold, utcnow
from mvidarr.models.quality import QualityProfile

VIDEO_STATUSES = ("wanted", "queued", "downloading", "downloaded", "failed", "ignored")


class Video(BaseModel):
    title = pw.CharField(max_length=1000)
    title_sort = pw.CharField(max_length=1000, index=True)
    artist = pw.ForeignKeyField(Artist, backref="videos", on_delete="CASCADE")
    # fold(artist + title) without "(Official Video)" and the like: duplicates share it.
    match_key = pw.CharField(max_length=1000, index=True, default="")
    featured_artists = JSONField(default=list)
    year = pw.IntegerField(null=True, index=True)
    album = pw.CharField(max_length=500, null=True)
    directors = JSONField(default=list)
    label = pw.CharField(max_length=500, null=True)
    genres = JSONField(default=list)
    duration = pw.FloatField(null=True)
    youtube_id = pw.CharField(max_length=64, null=True, unique=True)
    imvdb_id = pw.CharField(max_length=64, null=True, unique=True)
    url = pw.TextField(null=True)
    source = pw.CharField(max_length=50, default="manual")
    description = pw.TextField(null=True)
    thumbnail_url = pw.TextField(null=True)
    status = pw.CharField(max_length=20, default="wanted")
    quality_profile = pw.ForeignKeyField(QualityProfile, null=True, on_delete="SET NULL")
    file_path = pw.TextField(null=True)
    poster_path = pw.TextField(null=True)
    thumb_path = pw.TextField(null=True)
    nfo_path = pw.TextField(null=True)
    width = pw.IntegerField(null=True)
    height = pw.IntegerField(null=True)
    video_codec = pw.CharField(max_length=50, null=True)
    audio_codec = pw.CharField(max_length=50, null=True)
    container = pw.CharField(max_length=50, null=True)
    bitrate = pw.IntegerField(null=True)
    fps = pw.FloatField(null=True)
    size = pw.BigIntegerField(null=True)
    play_count = pw.IntegerField(default=0)
    added_at = pw.DateTimeField(default=utcnow, index=True)
    updated_at = pw.DateTimeField(default=utcnow)
    downloaded_at = pw.DateTimeField(null=True, index=True)

    class Meta:
        # (status, sort column): a status filter reads its rows already in order.
        # (artist, title_sort): an artist's videos by title, and a text search scans
        # this narrow index instead of the wide table.
        indexes = ((("artist", "status"), False), (("status", "title_sort"), False),
                   (("status", "added_at"), False), (("artist", "title_sort"), False))

    def save(self, *args, **kwargs):
        from mvidarr.services.matching import match_key  # pure text work, no cycle at import

        self.title_sort = fold(self.title)
        self.match_key = match_key(self.artist.name, self.title)
        self.updated_at = utcnow()
        return super().save(*args, **kwargs)
