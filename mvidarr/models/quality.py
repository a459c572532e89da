"""Quality profiles: what format yt-dlp is asked for."""

from __future__ import annotations

import peewee as pw

from mvidarr.models.base import BaseModel, utcnow

VIDEO_CODECS = ("h264", "h265", "vp9", "av1", "any")
CONTAINERS = ("mp4", "mkv", "webm", "any")


class QualityProfile(BaseModel):
    name = pw.CharField(max_length=100, unique=True)
    max_height = pw.IntegerField(default=1080)
    video_codec = pw.CharField(max_length=10, default="h264")
    audio_codec = pw.CharField(max_length=10, default="aac")
    container = pw.CharField(max_length=10, default="mp4")
    allow_audio_only = pw.BooleanField(default=False)
    is_default = pw.BooleanField(default=False)
    created_at = pw.DateTimeField(default=utcnow)

    @classmethod
    def default(cls) -> QualityProfile:
        """The profile marked default, made on first use when there is none."""
        profile = cls.get_or_none(cls.is_default == True)  # noqa: E712
        if profile is None:
            profile, _ = cls.get_or_create(
                name="Best up to 1080p (H.264/AAC MP4 preferred)",
                defaults={"is_default": True},
            )
        return profile
