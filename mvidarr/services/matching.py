"""Telling that two videos are the same: normalised artist + title keys.

"Nirvana - Smells Like Teen Spirit (Official Music Video) [HD]" and
"smells like teen spirit" by "NIRVANA" share one key: decorations such as
"(Official Video)", "[HD]", "4K", "Official Music Video", "ft./feat. X" are
removed, case and accents folded.
"""

from __future__ import annotations

import re

from mvidarr.models.base import fold

# Words that only decorate a title; inside brackets the whole bracket goes.
_DECORATION = (
    r"official(?:\s+(?:hd|4k|hq))?(?:\s+music)?\s+(?:video|videoclip|clip|audio|visualizer)"
    r"|music\s+video|video\s*clip|videoclip|lyric(?:s)?\s+video|visualizer"
    r"|(?:full\s+)?hd|hq|4k|8k|uhd|1080p|720p|2160p|remaster(?:ed)?(?:\s+\d{4})?"
    r"|explicit|clean|uncensored|audio"
)
_FEAT = r"(?:ft|feat|featuring|with)\.?\s"
_BRACKETED = re.compile(
    r"[\(\[\{]\s*(?:" + _DECORATION + r"|" + _FEAT + r"[^\)\]\}]*)[^\)\]\}]*[\)\]\}]",
    re.IGNORECASE)
_BARE_FEAT = re.compile(r"\s(?:ft|feat|featuring)\.?\s.*$", re.IGNORECASE)
_BARE_DECORATION = re.compile(r"(?:^|\s|[-|:/])(?:" + _DECORATION + r")(?=$|\s|[-|:/])",
                              re.IGNORECASE)
_PUNCTUATION = re.compile(r"[^\w\s]")


def clean_title(title: str) -> str:
    """`title` without decorations, as shown to people (case kept)."""
    text = _BRACKETED.sub(" ", title or "")
    text = _BARE_FEAT.sub("", text)
    text = _BARE_DECORATION.sub(" ", text)
    text = " ".join(text.split()).strip(" -|:/")
    return text or (title or "").strip()


def split_artist_title(text: str) -> tuple[str | None, str]:
    """'Artist - Title' → ('Artist', 'Title'); no dash → (None, text)."""
    for dash in (" - ", " – ", " — "):
        if dash in text:
            artist, title = text.split(dash, 1)
            if artist.strip() and title.strip():
                return artist.strip(), title.strip()
    return None, text.strip()


def display_title(title: str, *artists: str | None) -> str:
    """`title` without decorations, and without a leading "Artist - " naming one of
    `artists`: what the video is called in the library."""
    text = clean_title(title)
    named, rest = split_artist_title(text)
    if named and any(name and _artist_key(named) == _artist_key(name) for name in artists):
        return clean_title(rest)
    return text


def _artist_key(artist: str) -> str:
    return fold(_PUNCTUATION.sub(" ", fold(_BARE_FEAT.sub("", artist or ""))))


def title_key(artist: str, title: str) -> str:
    """The folded, decoration-free title (the artist's name removed when it leads)."""
    text = clean_title(title)
    named, rest = split_artist_title(text)
    if named and fold(named) == fold(artist):
        text = rest
    folded = fold(_PUNCTUATION.sub(" ", fold(text)))
    return folded


def match_key(artist: str, title: str) -> str:
    """One key for every spelling of the same video by the same artist."""
    return f"{_artist_key(artist)}|{title_key(artist or '', title or '')}"[:1000]
