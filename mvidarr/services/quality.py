"""Quality profiles → the yt-dlp format request.

The format string is built from the profile's fields only (never from text a
user typed), so it is always one yt-dlp understands. It asks, in order: the
preferred video + audio codecs in the preferred container up to the maximum
height; then any codec up to the maximum height; then the best there is; and,
when the profile allows it, audio alone as the last resort.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mvidarr.errors import ValidationError
from mvidarr.models.quality import CONTAINERS, VIDEO_CODECS

if TYPE_CHECKING:
    from mvidarr.models import QualityProfile

AUDIO_CODECS = ("aac", "opus", "any")
# yt-dlp reports codecs as RFC 6381 strings ("avc1.640028", "vp09.00.40.08").
VIDEO_CODEC_PATTERNS = {
    "h264": "^(avc|h264)",
    "h265": "^(hvc1|hev1|h265|hevc)",
    "vp9": "^vp0?9",
    "av1": "^av0?1",
}
AUDIO_CODEC_PATTERNS = {"aac": "^(mp4a|aac)", "opus": "^opus"}
# The audio stream's extension that goes with a video container.
AUDIO_EXT = {"mp4": "m4a", "webm": "webm"}


def check_profile(fields: dict[str, Any]) -> dict[str, Any]:
    """Validate editable profile fields; answer them cleaned (for the API and CLI)."""
    clean = dict(fields)
    if "max_height" in clean:
        height = clean["max_height"]
        if isinstance(height, bool) or not isinstance(height, int) or not 144 <= height <= 4320:
            raise ValidationError("max_height must be a whole number from 144 to 4320")
    choices = {"video_codec": VIDEO_CODECS, "audio_codec": AUDIO_CODECS,
               "container": CONTAINERS}
    for key, allowed in choices.items():
        if key in clean and clean[key] not in allowed:
            raise ValidationError(f"{key} must be one of: {', '.join(allowed)}")
    if "allow_audio_only" in clean and not isinstance(clean["allow_audio_only"], bool):
        raise ValidationError("allow_audio_only must be true or false")
    return clean


def format_spec(profile: QualityProfile) -> str:
    """The yt-dlp ``format`` string for `profile`."""
    # `<=?`: a format whose height is unknown (a plain file) is not ruled out.
    cap = f"[height<=?{int(profile.max_height)}]"
    video = _codec_filter("vcodec", VIDEO_CODEC_PATTERNS.get(profile.video_codec))
    audio = _codec_filter("acodec", AUDIO_CODEC_PATTERNS.get(profile.audio_codec))
    container = profile.container if profile.container in AUDIO_EXT else None
    video_ext = f"[ext={container}]" if container else ""
    audio_ext = f"[ext={AUDIO_EXT[container]}]" if container else ""
    choices = []
    if video or audio or container:
        choices += [f"bv*{video}{cap}{video_ext}+ba{audio}{audio_ext}",
                    f"b{video}{audio}{cap}{video_ext}"]
    # yt-dlp lets `b` fall back to audio alone when a video has no video formats:
    # unless the profile allows that, a picture is required (unknown codecs pass).
    picture = "" if profile.allow_audio_only else "[vcodec!=?none]"
    choices += [f"bv*{cap}+ba", f"b{cap}{picture}", "bv*+ba", f"b{picture}"]
    if profile.allow_audio_only:
        choices.append("ba")
    return "/".join(dict.fromkeys(choices))


def _codec_filter(field: str, pattern: str | None) -> str:
    return f"[{field}~='{pattern}']" if pattern else ""


def ytdlp_options(profile: QualityProfile) -> dict[str, Any]:
    """The yt-dlp options a profile decides: the format and the merged container."""
    options: dict[str, Any] = {"format": format_spec(profile)}
    if profile.container in ("mp4", "mkv", "webm"):
        # Two streams are merged (by ffmpeg) into the container the profile prefers.
        options["merge_output_format"] = profile.container
    return options
