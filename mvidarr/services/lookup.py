"""Artist lookup: what the user typed, asked of every enabled source at once.

Each source's `lookup_artist` runs in its own thread through the failure-isolating
hook helper, so a source that is down or slow costs only its own answer. The
candidates are merged: the same MusicBrainz id, or the same normalised name
(unless both carry different MBIDs: two "Nirvana"s are two artists), make one
candidate that lists its ids per source. The answer carries a note per source,
as discovery's summary does, so "nothing found" and "every source failed" differ.
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

from mvidarr.models import Artist, fold
from mvidarr.types import ArtistInfo

if TYPE_CHECKING:
    from mvidarr.app import Mvidarr

MBID = "musicbrainz"
MAX_THREADS = 8


def normalise(name: str) -> str:
    """A name as compared across sources: folded, "The " and punctuation dropped."""
    folded = fold(name).replace("&", " and ")
    folded = re.sub(r"^the\s+", "", folded)
    return re.sub(r"[^\w]+", "", folded)


def ask_sources(app: Mvidarr, term: str) -> tuple[list[tuple[str, ArtistInfo]], dict[str, dict]]:
    """``[(source, candidate), ...]`` from every enabled source, in plugin order,
    and a note per source: ``{"ok", "found", "error"}`` as in discovery's summary."""
    calls = app.hooks.calls("lookup_artist", term=term)
    if not calls:
        return [], {}

    def run(call):
        with app.connection():  # each thread has its own database connection
            return call()

    with ThreadPoolExecutor(min(len(calls), MAX_THREADS), thread_name_prefix="lookup") as pool:
        futures = [(name, pool.submit(run, call)) for name, call in calls]
    answers: list[tuple[str, ArtistInfo]] = []
    notes: dict[str, dict] = {}
    for name, future in futures:
        ok, result = future.result()
        infos = [info for info in (result or []) if isinstance(info, ArtistInfo)] if ok else []
        notes[name] = {"ok": ok, "found": len(infos),
                       "error": None if ok else app.plugin_states.row(name).last_error}
        answers += [(name, info) for info in infos]
    return answers, notes


class _Candidate:
    def __init__(self, name: str):
        self.name = name
        self.key = normalise(name)
        self.mbid: str | None = None
        self.infos: list[tuple[str, ArtistInfo]] = []

    def accepts(self, info: ArtistInfo) -> bool:
        mbid = info.ids.get(MBID)
        if mbid and self.mbid:
            return mbid == self.mbid
        return normalise(info.name) == self.key

    def add(self, source: str, info: ArtistInfo) -> None:
        self.infos.append((source, info))
        self.mbid = self.mbid or info.ids.get(MBID)

    def first(self, attribute: str):
        for _, info in self.infos:
            value = getattr(info, attribute)
            if value:
                return value
        return None

    def as_dict(self) -> dict:
        sources: dict[str, dict[str, str]] = {}
        ids: dict[str, str] = {}
        for source, info in self.infos:
            for kind, value in info.ids.items():
                if value:
                    sources.setdefault(source, {}).setdefault(kind, str(value))
                    ids.setdefault(kind, str(value))
        return {"name": self.name, "disambiguation": self.first("disambiguation"),
                "ids": ids, "sources": sources, "image_url": self.first("image_url"),
                "genres": self.first("genres") or [], "biography": self.first("biography")}


def merge(answers: list[tuple[str, ArtistInfo]], term: str = "") -> list[dict]:
    """Candidates sharing an MBID or a normalised name folded into one, best first:
    the name typed, then those more sources know."""
    candidates: list[_Candidate] = []
    # Candidates with an MBID first, so that one without joins the right "Nirvana".
    ordered = sorted(answers, key=lambda pair: not pair[1].ids.get(MBID))
    for source, info in ordered:
        if not info.name:
            continue
        target = next((c for c in candidates if c.accepts(info)), None)
        if target is None:
            target = _Candidate(info.name)
            candidates.append(target)
        target.add(source, info)
    wanted = normalise(term)
    ranked = sorted(enumerate(candidates),
                    key=lambda pair: (pair[1].key != wanted, -len(pair[1].infos), pair[0]))
    return [candidate.as_dict() for _, candidate in ranked]


def mark_existing(candidates: list[dict]) -> list[dict]:
    """Each candidate's ``existing_artist_id``: the library's artist of that
    name (names are unique folded), or None."""
    keys = {fold(c["name"]) for c in candidates}
    known = {a.name_key: a.id for a in Artist.select(Artist.id, Artist.name_key)
             .where(Artist.name_key.in_(list(keys)))} if keys else {}
    for candidate in candidates:
        candidate["existing_artist_id"] = known.get(fold(candidate["name"]))
    return candidates


def lookup_artists(app: Mvidarr, term: str) -> dict:
    """Every enabled source's candidates for `term`, merged, and a note per source:
    ``{"items": [{"name", "disambiguation", "ids", "sources": {source: {kind: id}},
    "image_url", "genres", "biography", "existing_artist_id"}, ...],
    "sources": {source: {"ok", "found", "error"}}}``."""
    term = (term or "").strip()
    if not term:
        return {"items": [], "sources": {}}
    answers, notes = ask_sources(app, term)
    return {"items": mark_existing(merge(answers, term)), "sources": notes}
