"""Artists the user follows."""

from __future__ import annotations

import peewee as pw

from mvidarr.models.base import BaseModel, JSONField, fold, utcnow
from mvidarr.models.quality import QualityProfile

ARTIST_ORIGINS = ("manual", "spotify", "lastfm", "lidarr", "plex", "import")


class Artist(BaseModel):
    name = pw.CharField(max_length=500)
    # fold(name): the case- and accent-insensitive unique key, also the sort key.
    name_key = pw.CharField(max_length=500, unique=True)
    sort_name = pw.CharField(max_length=500, index=True)
    folder = pw.CharField(max_length=500, null=True)
    monitored = pw.BooleanField(default=True, index=True)
    auto_download = pw.BooleanField(default=False)
    imvdb_id = pw.CharField(max_length=100, null=True, index=True)
    spotify_id = pw.CharField(max_length=100, null=True, index=True)
    musicbrainz_id = pw.CharField(max_length=100, null=True, index=True)
    lastfm_name = pw.CharField(max_length=500, null=True)
    lidarr_id = pw.IntegerField(null=True, index=True)
    biography = pw.TextField(null=True)
    genres = JSONField(default=list)
    image_url = pw.TextField(null=True)
    image_path = pw.TextField(null=True)
    origin = pw.CharField(max_length=20, default="manual")
    quality_profile = pw.ForeignKeyField(QualityProfile, null=True, on_delete="SET NULL")
    added_at = pw.DateTimeField(default=utcnow, index=True)
    updated_at = pw.DateTimeField(default=utcnow)
    last_discovered_at = pw.DateTimeField(null=True)

    def save(self, *args, **kwargs):
        self.name_key = fold(self.name)
        if not self.sort_name:
            self.sort_name = sort_name_for(self.name)
        self.updated_at = utcnow()
        return super().save(*args, **kwargs)

    @classmethod
    def by_name(cls, name: str) -> Artist | None:
        return cls.get_or_none(cls.name_key == fold(name))


def sort_name_for(name: str) -> str:
    """'The Cure' sorts as 'cure, the'."""
    folded = fold(name)
    for article in ("the ", "a ", "an "):
        if folded.startswith(article) and len(folded) > len(article):
            return f"{folded[len(article):]}, {article.strip()}"
    return folded
