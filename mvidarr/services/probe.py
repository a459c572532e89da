"""The technical facts of a media file, read by ffprobe."""

from __future__ import annotations

import json
import subprocess
from fractions import Fraction
from pathlib import Path
from typing import Any

from mvidarr.errors import PermanentError

PROBE_TIMEOUT = 60
# ffprobe names formats as lists ("mov,mp4,m4a,3gp,3g2,mj2"); the file's extension decides.
_CONTAINER_BY_EXT = {".mp4": "mp4", ".m4v": "mp4", ".mkv": "mkv", ".webm": "webm",
                     ".mov": "mov", ".avi": "avi", ".m4a": "m4a"}


def probe(path: Path) -> dict[str, Any]:
    """width, height, video_codec, audio_codec, container, duration, bitrate, fps, size.

    Raises PermanentError when ffprobe cannot read the file (it is not media).
    """
    path = Path(path)
    try:
        done = subprocess.run(
            ["ffprobe", "-v", "error", "-print_format", "json", "-show_format",
             "-show_streams", str(path)],
            capture_output=True, text=True, timeout=PROBE_TIMEOUT, check=False)
    except FileNotFoundError:
        raise PermanentError("ffprobe is not installed (it comes with ffmpeg)") from None
    except subprocess.TimeoutExpired:
        raise PermanentError(f"ffprobe took longer than {PROBE_TIMEOUT}s on {path.name}") from None
    if done.returncode != 0:
        reason = done.stderr.strip().splitlines()[-1:] or ["unknown error"]
        raise PermanentError(f"the downloaded file is not readable media: {reason[0]}")
    return facts(json.loads(done.stdout or "{}"), path)


def facts(data: dict, path: Path) -> dict[str, Any]:
    """The facts in ffprobe's JSON answer for `path`."""
    streams = data.get("streams") or []
    fmt = data.get("format") or {}
    video = next((s for s in streams if s.get("codec_type") == "video"
                  and not (s.get("disposition") or {}).get("attached_pic")), None)
    audio = next((s for s in streams if s.get("codec_type") == "audio"), None)
    container = _CONTAINER_BY_EXT.get(path.suffix.lower())
    if container is None:
        container = (fmt.get("format_name") or "").split(",")[0] or None
    return {
        "width": _int(video and video.get("width")),
        "height": _int(video and video.get("height")),
        "video_codec": video.get("codec_name") if video else None,
        "audio_codec": audio.get("codec_name") if audio else None,
        "container": container,
        "duration": _float(fmt.get("duration")),
        "bitrate": _int(fmt.get("bit_rate")),
        "fps": _fps(video),
        "size": _int(fmt.get("size")) or path.stat().st_size,
    }


def resolution(height: int | None) -> str | None:
    """'1080p' for a 1080-line video, None when unknown."""
    return f"{height}p" if height else None


def _fps(stream: dict | None) -> float | None:
    if not stream:
        return None
    for key in ("avg_frame_rate", "r_frame_rate"):
        text = stream.get(key) or ""
        try:
            value = Fraction(text)
        except (ValueError, ZeroDivisionError):
            continue
        if value > 0:
            return round(float(value), 3)
    return None


def _int(value) -> int | None:
    try:
        return int(float(value)) if value not in (None, "", "N/A") else None
    except (TypeError, ValueError):
        return None


def _float(value) -> float | None:
    try:
        return float(value) if value not in (None, "", "N/A") else None
    except (TypeError, ValueError):
        return None
