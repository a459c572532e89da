"""A synthetic library for demos and benchmarks: `mvidarr demo-data`.

Fills an empty database with artists, their videos across every status, and the
download rows those statuses imply (finished and failed ones in the history,
queued ones in the queue). The same seed gives the same library. Rows go in with
`insert_many` in batches, all inside one transaction: a failure leaves nothing.

Nothing here reaches the outside world: artists are not set to auto-download and
queued downloads get no job, so a server started on a demo library never tries to
fetch the made-up videos.
"""

from __future__ import annotations

import random
import string
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import peewee as pw

from mvidarr.errors import ConflictError, ValidationError
from mvidarr.models import Artist, Download, Video, db, fold, utcnow
from mvidarr.models.artist import sort_name_for
from mvidarr.services.matching import match_key

# Rows per INSERT: far below SQLite's 32,766 bound variables even for a video row.
BATCH = 400
MAX_ARTISTS = 1_000_000
MAX_VIDEOS = 10_000_000

# Shares of each video status (summing to 1); `downloading` needs a running worker.
STATUS_WEIGHTS = {"downloaded": 0.55, "wanted": 0.22, "queued": 0.06, "failed": 0.07,
                  "ignored": 0.10}
GENRES = ("Pop", "Rock", "Hip-Hop", "R&B", "Electronic", "Indie", "Metal", "Jazz",
          "Country", "Reggae", "Punk", "Soul", "Folk", "K-Pop", "Latin", "Dance")
FIRST = ("Neon", "Velvet", "Silver", "Crimson", "Electric", "Midnight", "Golden", "Paper",
         "Glass", "Wild", "Quiet", "Lunar", "Hollow", "Broken", "Sonic", "Cosmic", "Royal",
         "Frozen", "Burning", "Little", "Black", "White", "Blue", "Scarlet", "Savage",
         "Echo", "Northern", "Atomic", "Sugar", "Iron")
SECOND = ("Wolves", "Lights", "Hearts", "Ghosts", "Kings", "Rivers", "Machines", "Saints",
          "Tigers", "Shadows", "Dreams", "Horses", "Strangers", "Animals", "Giants",
          "Robots", "Sirens", "Lovers", "Pilots", "Hunters", "Daughters", "Mountains",
          "Satellites", "Vandals", "Mirrors", "Foxes", "Comets", "Witches", "Owls", "Bees")
# Accented names, so that sorting and searching meet what real libraries hold.
SINGLE = ("Björk", "Beyoncé", "Sigur Rós", "Mötley", "Zoë", "Chloé", "Amélie", "Åsa",
          "Renée", "Léon", "Mø", "Rosalía", "Ólafur", "Søren", "Dvořák", "Jürgen", "Anaïs",
          "Raúl", "Inés", "Zélie", "Tove", "Robyn", "Lorde", "Sia", "Adele", "Kali",
          "Noa", "Yuna", "Aurora", "Orla")
WORDS = ("Love", "Night", "Fire", "Heart", "Dance", "Rain", "Gold", "Summer", "Ocean",
         "Dream", "City", "Light", "Shadow", "Runaway", "Forever", "Home", "Stars", "Wave",
         "Storm", "Paradise", "Diamond", "Thunder", "Highway", "Echoes", "Sunset", "Café",
         "Señorita", "Déjà Vu", "Mañana", "Rêverie", "Électrique", "Über", "Crème",
         "Midnight", "Bloom", "Satellite", "Gravity", "Velvet", "Wildfire", "Silence")
DECORATIONS = ("", "", "", "", " (Official Video)", " (Live)", " [HD]", " (Remix)",
               " (Acoustic)", " (Lyric Video)")
DIRECTORS = tuple(f"{first} {last}" for first in ("Anna", "Dave", "Hype", "Sophie", "Spike",
                                                   "Michel", "Jonas", "Floria", "Mark",
                                                   "Lisa", "Colin", "Hiro")
                  for last in ("Meyers", "Williams", "Jonze", "Gondry", "Åkerlund",
                               "Sigismondi", "Romanek", "Muller", "Tilley", "Ono"))
LABELS = ("Columbia", "Interscope", "XL Recordings", "Sub Pop", "Warp", "Island",
          "Atlantic", "Domino", "4AD", "Capitol")
ORIGINS = ("manual", "spotify", "lastfm", "lidarr", "plex", "import")
FAIL_REASONS = ("Video unavailable", "HTTP Error 429: Too Many Requests",
                "This video is not available in your country",
                "ffprobe could not read the file", "Sign in to confirm your age")
_ID_CHARS = string.ascii_letters + string.digits + "-_"

Progress = Callable[[int], None]
REFUSAL = ("the database already holds artists, videos or downloads; "
           "demo data goes only into an empty one")


def library_is_empty() -> bool:
    return not (Artist.select().exists() or Video.select().exists()
                or Download.select().exists())


def plan_size(artists: int, videos: int) -> int:
    """How many steps `generate` reports through `progress`: one per artist and video."""
    return artists + videos


def generate(artists: int, videos: int, *, seed: int = 0, library_root: Path | None = None,
             progress: Progress | None = None) -> dict[str, Any]:
    """Fill an empty library; answer how many rows of each kind went in.

    Refuses (ConflictError, nothing written) when any artist, video or download
    exists. Videos are spread over the artists unevenly, as in real libraries.
    """
    if not 1 <= artists <= MAX_ARTISTS:
        raise ValidationError(f"--artists must be between 1 and {MAX_ARTISTS}")
    if not 0 <= videos <= MAX_VIDEOS:
        raise ValidationError(f"--videos must be between 0 and {MAX_VIDEOS}")
    step = progress or (lambda n: None)
    rng = random.Random(seed)
    root = Path(library_root) if library_root else Path("library")
    now = utcnow().replace(microsecond=0)
    with db.atomic():
        # Checked inside the transaction, so nothing can slip in between.
        if not library_is_empty():
            raise ConflictError(REFUSAL)
        names = _artist_names(rng, artists)
        artist_ids = _insert_artists(rng, names, now, step)
        summary = _insert_videos(rng, list(zip(artist_ids, names, strict=True)), videos,
                                 root, now, step)
    return {"artists": artists, "videos": videos, **summary}


def _artist_names(rng: random.Random, count: int) -> list[str]:
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < count:
        shape = rng.random()
        if shape < 0.15:
            name = f"The {rng.choice(FIRST)} {rng.choice(SECOND)}"
        elif shape < 0.35:
            name = rng.choice(SINGLE)
        elif shape < 0.45:
            name = f"{rng.choice(SINGLE)} & the {rng.choice(SECOND)}"
        else:
            name = f"{rng.choice(FIRST)} {rng.choice(SECOND)}"
        key = fold(name)
        if key in seen:  # a plain number tells namesakes apart, as bands do
            name = f"{name} {len(names) + 1}"
            key = fold(name)
        seen.add(key)
        names.append(name)
    return names


def _insert_artists(rng: random.Random, names: list[str], now, step: Progress) -> list[int]:
    fields = [Artist.name, Artist.name_key, Artist.sort_name, Artist.folder,
              Artist.monitored, Artist.auto_download, Artist.genres, Artist.origin,
              Artist.biography, Artist.added_at, Artist.updated_at]
    rows = []
    for name in names:
        added = now - timedelta(days=rng.randint(0, 1500), seconds=rng.randint(0, 86399))
        rows.append((name, fold(name), sort_name_for(name), name.replace("/", "-"),
                     rng.random() < 0.8, False, rng.sample(GENRES, rng.randint(1, 3)),
                     rng.choice(ORIGINS), f"{name} is a made-up artist of the demo library.",
                     added, added))
    for start in range(0, len(rows), BATCH):
        _insert(Artist, fields, rows[start:start + BATCH])
        step(len(rows[start:start + BATCH]))
    # Read back by the unique key: portable, unlike RETURNING from a multi-row insert.
    ids = dict(Artist.select(Artist.name_key, Artist.id).tuples())
    return [ids[fold(name)] for name in names]


def _insert(model: type[pw.Model], fields: list[pw.Field], rows: list[tuple]) -> None:
    """One batch of rows in one statement (`insert_many`).

    On SQLite the statement for one row is built once and run for the whole batch
    (`executemany`): peewee would otherwise build SQL for every value, which is most
    of the time a large library takes. As with `insert_many`, values go through
    each field's `db_value` and fields not given get their defaults.
    """
    if not isinstance(db.obj, pw.SqliteDatabase):
        model.insert_many(rows, fields=fields).execute()
        return
    given = {f.name for f in fields}  # by name: a Field's == builds SQL, not a bool
    missing = [f for f in model._meta.sorted_fields
               if f.name not in given and not f.primary_key and f.default is not None]
    defaults = tuple(f.db_value(f.default() if callable(f.default) else f.default)
                     for f in missing)
    columns = ", ".join(f'"{f.column_name}"' for f in (*fields, *missing))
    marks = ", ".join("?" * (len(fields) + len(missing)))
    # Names from the model's own definition, values as parameters: nothing from input.
    statement = f'INSERT INTO "{model._meta.table_name}" ({columns}) VALUES ({marks})'  # noqa: S608
    convert = [field.db_value for field in fields]
    db.cursor().executemany(statement, [(*(to_db(value) for to_db, value
                                           in zip(convert, row, strict=True)), *defaults)
                                        for row in rows])


def _youtube_id(rng: random.Random, taken: set[str]) -> str:
    while True:
        candidate = "".join(rng.choices(_ID_CHARS, k=11))
        if candidate not in taken:
            taken.add(candidate)
            return candidate


def _title(rng: random.Random, number: int) -> str:
    words = rng.sample(WORDS, rng.randint(1, 3))
    base = " ".join(words)
    if rng.random() < 0.1:
        base = f"The {base}"
    # The number keeps titles of one artist apart (a match key is one video).
    return f"{base} {number}{rng.choice(DECORATIONS)}" if rng.random() < 0.5 else \
        f"{base} (Part {number}){rng.choice(DECORATIONS)}"


VIDEO_FIELDS = [Video.title, Video.title_sort, Video.artist, Video.match_key, Video.year,
                Video.album, Video.directors, Video.label, Video.genres, Video.duration,
                Video.youtube_id, Video.imvdb_id, Video.url, Video.source, Video.status,
                Video.file_path, Video.width, Video.height, Video.video_codec,
                Video.audio_codec, Video.container, Video.bitrate, Video.fps, Video.size,
                Video.play_count, Video.added_at, Video.updated_at, Video.downloaded_at]


def _insert_videos(rng: random.Random, artists: list[tuple[int, str]], count: int,
                   root: Path, now, step: Progress) -> dict[str, Any]:
    statuses = list(STATUS_WEIGHTS)
    weights = list(STATUS_WEIGHTS.values())
    # Some artists have many videos, most a few: weights from a long-tailed draw.
    popularity = [rng.paretovariate(1.2) for _ in artists]
    taken: set[str] = set()
    by_status = dict.fromkeys(statuses, 0)
    downloads = dict.fromkeys(("finished", "failed", "queued", "cancelled"), 0)
    per_artist: dict[int, int] = {}
    pending: list[tuple] = []
    planned: list[tuple[str, Any, Any]] = []  # (status, added_at, downloaded_at) per row
    # Every artist gets a video first (while there are enough), the rest by popularity.
    owners = [artists[i % len(artists)] for i in range(min(count, len(artists)))]
    owners += rng.choices(artists, weights=popularity, k=count - len(owners))
    for artist_id, artist_name in owners:
        number = per_artist[artist_id] = per_artist.get(artist_id, 0) + 1
        title = _title(rng, number)
        status = rng.choices(statuses, weights)[0]
        by_status[status] += 1
        added = now - timedelta(days=rng.randint(0, 1400), seconds=rng.randint(0, 86399))
        youtube_id = _youtube_id(rng, taken)
        done = status == "downloaded"
        downloaded_at = (min(added + timedelta(hours=rng.randint(1, 2000)), now) if done
                         else None)
        height = rng.choice((480, 720, 1080, 1080, 1080, 2160)) if done else None
        pending.append((
            title, fold(title), artist_id, match_key(artist_name, title),
            rng.randint(1975, 2026) if rng.random() < 0.9 else None,
            f"{rng.choice(WORDS)} Sessions" if rng.random() < 0.6 else None,
            rng.sample(DIRECTORS, rng.randint(1, 2)) if rng.random() < 0.7 else [],
            rng.choice(LABELS) if rng.random() < 0.5 else None,
            rng.sample(GENRES, rng.randint(1, 2)),
            round(rng.uniform(150, 420), 1),
            youtube_id,
            str(len(taken) + 100_000) if rng.random() < 0.4 else None,
            f"https://www.youtube.com/watch?v={youtube_id}",
            rng.choice(("youtube", "imvdb", "manual")),
            status,
            str(root / artist_name / f"{artist_name} - {title}.mp4") if done else None,
            height * 16 // 9 if done else None, height,
            "h264" if done else None, "aac" if done else None, "mp4" if done else None,
            rng.randint(1_000_000, 9_000_000) if done else None,
            rng.choice((24.0, 25.0, 29.97, 30.0)) if done else None,
            rng.randint(20_000_000, 400_000_000) if done else None,
            rng.randint(0, 40) if done else 0,
            added, downloaded_at or added, downloaded_at,
        ))
        planned.append((status, added, downloaded_at))
        if len(pending) >= BATCH:
            _flush(pending, planned, rng, downloads)
            step(BATCH)
    if pending:
        left = len(pending)
        _flush(pending, planned, rng, downloads)
        step(left)
    return {"by_status": by_status, "downloads": downloads}


def _flush(rows: list[tuple], planned: list[tuple], rng: random.Random,
           downloads: dict[str, int]) -> None:
    """Insert a batch of videos, then the download rows their statuses imply."""
    _insert(Video, VIDEO_FIELDS, rows)
    ids = dict(Video.select(Video.youtube_id, Video.id)
               .where(Video.youtube_id.in_([row[10] for row in rows])).tuples())
    history = []
    for row, (status, added, downloaded_at) in zip(rows, planned, strict=True):
        video_id = ids[row[10]]
        if status == "downloaded":
            if rng.random() < 0.1:  # an earlier attempt failed first
                history.append(_download(video_id, "failed", added, rng))
                downloads["failed"] += 1
            history.append(_download(video_id, "finished", added, rng, downloaded_at))
            downloads["finished"] += 1
        elif status == "failed":
            history.append(_download(video_id, "failed", added, rng))
            downloads["failed"] += 1
        elif status == "queued":
            history.append(_download(video_id, "queued", added, rng))
            downloads["queued"] += 1
        elif status == "wanted" and rng.random() < 0.05:
            history.append(_download(video_id, "cancelled", added, rng))
            downloads["cancelled"] += 1
    if history:
        _insert(Download, DOWNLOAD_FIELDS, history)
    rows.clear()
    planned.clear()


DOWNLOAD_FIELDS = [Download.video, Download.status, Download.progress,
                   Download.downloaded_bytes, Download.total_bytes, Download.attempts,
                   Download.error, Download.created_at, Download.started_at,
                   Download.finished_at]


def _download(video_id: int, status: str, added, rng: random.Random, finished=None) -> tuple:
    created = added + timedelta(minutes=rng.randint(1, 600))
    if status == "queued":
        return (video_id, status, 0.0, 0, None, 0, None, created, None, None)
    started = created + timedelta(seconds=rng.randint(1, 300))
    ended = finished or started + timedelta(seconds=rng.randint(5, 600))
    size = rng.randint(20_000_000, 400_000_000)
    if status == "finished":
        return (video_id, status, 1.0, size, size, 1, None, created, started, ended)
    error = rng.choice(FAIL_REASONS) if status == "failed" else "cancelled by the user"
    return (video_id, status, round(rng.random(), 2), 0, size, rng.randint(1, 3), error,
            created, started, ended)
