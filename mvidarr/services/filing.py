"""Filing a finished download into the library under the naming template.

Names are made safe (no path separators, no ``..``, no characters Windows,
Plex, Jellyfin or Kodi choke on, limited length); a clash gets a suffix and
never overwrites. A file moves into place in one step: a rename within one
filesystem, else a copy to a hidden partial name in the destination folder
followed by a rename, so a reader never sees half a file under the real name.
"""

from __future__ import annotations

import os
import re
import shutil
import string
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mvidarr.errors import ValidationError

if TYPE_CHECKING:
    from mvidarr.models import Video

# {artist_folder} is the artist's own folder name when one is set, else the name.
DEFAULT_TEMPLATE = "{artist_folder}/{artist} - {title}"
TOKENS = ("artist", "artist_folder", "title", "year", "album", "youtube_id", "imvdb_id",
          "resolution", "id")
MAX_NAME_BYTES = 180  # leaves room under 255 for " (99)", "-poster.jpg" and the extension
PARTIAL_SUFFIX = ".mvidarr-part"
_ILLEGAL = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_EMPTY_BRACKETS = re.compile(r"\(\s*\)|\[\s*\]|\{\s*\}")
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
                     *(f"lpt{i}" for i in range(1, 10))}
# Choosing a free name and taking it happen under one lock (workers share a process).
_placing = threading.Lock()


def check_template(template: str) -> list[str]:
    """The template's tokens; a ValidationError names an unknown one."""
    if not template or not template.strip():
        raise ValidationError("the naming template is empty")
    try:
        fields = [name for _, name, _, _ in string.Formatter().parse(template) if name is not None]
    except ValueError as exc:
        raise ValidationError(f"the naming template is malformed: {exc}") from None
    unknown = [name for name in fields if name not in TOKENS]
    if unknown or any(name == "" for name in fields):
        raise ValidationError(f"the naming template uses unknown token(s) {unknown or ['{}']}; "
                              f"known: {', '.join('{' + t + '}' for t in TOKENS)}")
    return fields


def tokens_for(video: Video, resolution: str | None = None) -> dict[str, Any]:
    return {
        "artist": video.artist.name,
        "artist_folder": video.artist.folder or video.artist.name,
        "title": video.title,
        "year": video.year or "",
        "album": video.album or "",
        "youtube_id": video.youtube_id or "",
        "imvdb_id": video.imvdb_id or "",
        "resolution": resolution or "",
        "id": video.id,
    }


def render(template: str, tokens: dict[str, Any]) -> Path:
    """The relative path (without extension) `template` names for `tokens`."""
    check_template(template)
    parts = []
    for segment in template.replace("\\", "/").split("/"):
        if not segment.strip():
            continue
        values = {key: safe_name(str(value), keep_empty=True) for key, value in tokens.items()}
        parts.append(safe_name(segment.format(**values)))
    if not parts:
        raise ValidationError("the naming template names no file")
    return Path(*parts)


def safe_name(text: str, *, keep_empty: bool = False, max_bytes: int = MAX_NAME_BYTES) -> str:
    """`text` as one safe path component."""
    text = _ILLEGAL.sub("_", text)
    text = _EMPTY_BRACKETS.sub("", text)
    text = " ".join(text.split()).strip(" .-")
    while ".." in text:
        text = text.replace("..", ".")
    if text.split(".")[0].lower() in _WINDOWS_RESERVED:
        text = "_" + text
    encoded = text.encode("utf-8")
    if len(encoded) > max_bytes:
        text = encoded[:max_bytes].decode("utf-8", "ignore").rstrip(" .-")
    if not text and not keep_empty:
        return "_"
    return text


def free_path(path: Path) -> Path:
    """`path`, or `name (2).ext`, `name (3).ext`... the first that does not exist."""
    if not path.exists():
        return path
    for number in range(2, 10_000):
        candidate = path.with_name(f"{path.stem} ({number}){path.suffix}")
        if not candidate.exists():
            return candidate
    raise ValidationError(f"too many files named like {path.name}")


def destination(root: Path, template: str, video: Video, ext: str,
                resolution: str | None = None) -> Path:
    """Where `video` goes in the library (a free name, not yet taken)."""
    relative = render(template, tokens_for(video, resolution))
    path = root / relative.parent / f"{relative.name}.{ext.lstrip('.')}"
    root_resolved = root.resolve()
    if not path.resolve().is_relative_to(root_resolved):
        raise ValidationError("the naming template leads outside the library")
    return free_path(path)


def move_into_place(source: Path, dest: Path) -> Path:
    """Move `source` to `dest` in one step, never overwriting; answer the final path.

    If `dest` was taken meanwhile, the next free suffix is used.
    """
    dest.parent.mkdir(parents=True, exist_ok=True)
    with _placing:
        dest = free_path(dest)
        if _same_filesystem(source, dest.parent):
            _link_or_replace(source, dest)
            return dest
        partial = partial_path(dest)
        # A copy a killed process left half-written under this name goes first.
        partial.unlink(missing_ok=True)
        shutil.copyfile(source, partial)
        _link_or_replace(partial, dest)
        source.unlink(missing_ok=True)
        return dest


def _link_or_replace(source: Path, dest: Path) -> None:
    # A hard link fails instead of overwriting; where links are not supported
    # the free name was checked under the lock just before.
    try:
        os.link(source, dest)
    except FileExistsError:
        raise
    except OSError:
        os.replace(source, dest)
        return
    source.unlink()


def _same_filesystem(source: Path, folder: Path) -> bool:
    return source.stat().st_dev == folder.stat().st_dev


def partial_path(dest: Path) -> Path:
    """The hidden name a copy across filesystems is written under before its rename."""
    return dest.with_name(f".{dest.name}{PARTIAL_SUFFIX}")


def sidecar(video_path: Path, suffix: str) -> Path:
    """`Artist - Title.mp4` → `Artist - Title<suffix>` (``.nfo``, ``-poster.jpg``)."""
    return video_path.with_name(video_path.stem + suffix)


def inside_library(root: Path, path: str | Path | None) -> Path | None:
    """`path` resolved, when it is a file inside the library `root`; else None."""
    if not path:
        return None
    resolved = Path(path).resolve()
    if not resolved.is_relative_to(root.resolve()) or not resolved.is_file():
        return None
    return resolved
