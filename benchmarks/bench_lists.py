"""The list endpoints at 100,000 videos, against the same lists at 1,000.

    .venv/bin/python benchmarks/bench_lists.py [--videos 100000] [--artists 2500]
        [--baseline-videos 1000] [--baseline-artists 25] [--runs 25] [--seed 0]

Each library is made by the demo-data generator (`mvidarr.services.demo`) in a
temporary data folder, then served by the real Flask app and called through its
test client with an admin API key, as a script would. For every endpoint it
prints the median and 95th percentile of `--runs` calls on each library, and the
ratio of the medians: paging and indexes should keep it a small factor. Calls to
the two libraries alternate, so a change in the machine's load shifts both alike.
It also prints how much Python memory one call allocates at its peak
(tracemalloc), how many SQL statements it runs (a page must not cost one per row)
and how much the process's peak RSS grew while serving every call: a page never
reads a whole table. It stops by itself: `--budget` seconds bound the timing
(each endpoint gets fewer runs when time is short).
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import resource
import statistics
import tempfile
import time
import tracemalloc
from pathlib import Path

from peewee import fn

from mvidarr import accounts
from mvidarr.app import create_app
from mvidarr.config import Config
from mvidarr.db import bind
from mvidarr.models import Artist, Video
from mvidarr.services import demo
from mvidarr.web import create_app as create_web

PER_PAGE = 50


def endpoints(videos: int, artist_id: int, monitored_artist: str) -> list[tuple[str, str]]:
    """(label, URL) of the lists users hit most; the deep page sits 75 % into the list."""
    deep = max(1, int(videos * 0.75) // PER_PAGE)
    return [
        ("videos default", "/api/videos"),
        ("videos sort=title desc", "/api/videos?sort=title&order=desc"),
        ("videos status=wanted", "/api/videos?status=wanted"),
        ("videos status=downloaded sort=added_at desc",
         "/api/videos?status=downloaded&sort=added_at&order=desc"),
        ("videos q=gold", "/api/videos?q=gold"),
        ("videos q=<artist name>", f"/api/videos?q={monitored_artist}"),
        ("videos q=<found nowhere>", "/api/videos?q=zzzz"),
        ("videos artist_id", f"/api/videos?artist_id={artist_id}"),
        (f"videos deep page ({deep})", f"/api/videos?page={deep}"),
        ("videos sort=artist", "/api/videos?sort=artist"),
        ("videos sort=year desc", "/api/videos?sort=year&order=desc"),
        ("artists default", "/api/artists"),
        ("artists monitored=true", "/api/artists?monitored=true"),
        ("artists q=neon", "/api/artists?q=neon"),
        ("wanted", "/api/wanted"),
        ("queue", "/api/queue"),
        ("history newest first", "/api/history?order=desc"),
        ("artists/<id>/videos", f"/api/artists/{artist_id}/videos"),
    ]


def build(data_dir: Path, artists: int, videos: int, seed: int):
    """A demo library served by the web app: (app, flask client, headers, endpoints)."""
    config = Config.from_env(env={"MVIDARR_DATA_DIR": str(data_dir)}, log_to_console=False)
    app = create_app(config)
    with app.connection():
        demo.generate(artists, videos, seed=seed, library_root=app.library_root())
        accounts.create_user("bench", "a long enough password", "admin")
        key = accounts.create_api_key("bench")[1]
        # The artist with the most videos: the worst case of an artist's page.
        count = fn.COUNT(Video.id)
        busiest = (Video.select(Video.artist, count).group_by(Video.artist)
                   .order_by(count.desc()).first())
        artist = Artist.get_by_id(busiest.__data__["artist"])
        word = artist.name.split()[-1]
    client = create_web(app, {"TESTING": True}).test_client()
    return app, client, {"X-Api-Key": key}, endpoints(videos, artist.id, word)


def call(client, url: str, headers: dict) -> float:
    started = time.perf_counter()
    answer = client.get(url, headers=headers)
    elapsed = time.perf_counter() - started
    if answer.status_code != 200:
        raise SystemExit(f"{url}: {answer.status_code} {answer.get_data(as_text=True)[:300]}")
    return elapsed


@contextlib.contextmanager
def counting_sql():
    """The SQL statements peewee runs inside the block: a page must not cost one per row."""
    statements: list[str] = []

    class Counter(logging.Handler):
        def emit(self, record):
            statements.append(record.getMessage())

    logger = logging.getLogger("peewee")
    handler, level = Counter(logging.DEBUG), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    logging.disable(logging.NOTSET)
    try:
        yield statements
    finally:
        logging.disable(logging.INFO)
        logger.removeHandler(handler)
        logger.setLevel(level)


class Library:
    """One demo library served by its own app; `use()` points the models at it."""

    def __init__(self, data_dir: Path, artists: int, videos: int, seed: int):
        self.app, self.client, self.headers, self.urls = build(data_dir, artists, videos, seed)

    def use(self) -> None:
        bind(self.app.database)  # the models share one database proxy

    def get(self, url: str) -> float:
        self.use()
        return call(self.client, url, self.headers)

    def footprint(self, url: str) -> tuple[float, int]:
        """Peak Python allocation (KB) and SQL statements of one call."""
        self.use()
        tracemalloc.start()
        with counting_sql() as statements:
            call(self.client, url, self.headers)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return peak / 1024, len(statements)


def summary(times: list[float]) -> dict:
    times = sorted(times)
    return {"median": statistics.median(times),
            "p95": times[min(len(times) - 1, round(0.95 * (len(times) - 1)))],
            "runs": len(times)}


def measure(small: Library, large: Library, runs: int, deadline: float) -> list[dict]:
    """Each endpoint on both libraries, calls alternating, so that a change in the
    machine's load touches both figures alike."""
    results = []
    for (label, small_url), (_, large_url) in zip(small.urls, large.urls, strict=True):
        small.get(small_url)  # warm: the first call fills SQLite's page cache
        large.get(large_url)
        small_times, large_times = [], []
        while len(large_times) < runs and (len(large_times) < 5
                                           or time.monotonic() < deadline):
            small_times.append(small.get(small_url))
            large_times.append(large.get(large_url))
        peak_kb, queries = large.footprint(large_url)
        results.append({"label": label, "url": large_url, "small": summary(small_times),
                        "large": summary(large_times), "peak_kb": peak_kb,
                        "queries": queries})
    return results


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def reset_peak_rss() -> float:
    """Start a new peak-RSS window (Linux); answer the RSS now, in MB."""
    try:
        Path("/proc/self/clear_refs").write_text("5")  # resets VmHWM to the current RSS
        return _status_mb("VmRSS")
    except OSError:
        return rss_mb()


def peak_rss_mb() -> float:
    try:
        return _status_mb("VmHWM")
    except OSError:
        return rss_mb()


def _status_mb(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise OSError(field)


def run(args) -> None:
    logging.disable(logging.INFO)
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp:
        libraries = []
        for name, artists, videos in (("small", args.baseline_artists, args.baseline_videos),
                                      ("large", args.artists, args.videos)):
            built = time.monotonic()
            libraries.append(Library(Path(tmp) / name, artists, videos, args.seed))
            print(f"built {videos} videos / {artists} artists in "
                  f"{time.monotonic() - built:.1f} s", flush=True)
        small, large = libraries
        rss_before = reset_peak_rss()
        results = measure(small, large, args.runs, time.monotonic() + args.budget)
        rss_growth = peak_rss_mb() - rss_before
        for library in libraries:
            library.app.stop()
    print(f"\n{'endpoint':<46}{'1k median':>10}{'1k p95':>9}{'100k median':>12}"
          f"{'100k p95':>10}{'ratio':>7}{'peak alloc':>12}{'SQL':>5}")
    for row in results:
        s, big = row["small"], row["large"]
        label = row["label"].split(" (")[0] + (" (deep page)" if "deep" in row["label"] else "")
        print(f"{label:<46}{s['median'] * 1000:>8.1f}ms{s['p95'] * 1000:>7.1f}ms"
              f"{big['median'] * 1000:>10.1f}ms{big['p95'] * 1000:>8.1f}ms"
              f"{big['median'] / s['median']:>6.1f}x{row['peak_kb']:>9.0f} KB"
              f"{row['queries']:>5}")
    print(f"\nruns per endpoint and library: {min(r['large']['runs'] for r in results)}-"
          f"{max(r['large']['runs'] for r in results)}, deep page: "
          f"{next(r['url'] for r in results if 'deep' in r['label'])}")
    print(f"peak RSS growth while serving every call: {rss_growth:.1f} MB; whole run "
          f"{rss_mb():.0f} MB peak, {time.monotonic() - started:.0f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--videos", type=int, default=100_000)
    parser.add_argument("--artists", type=int, default=2_500)
    parser.add_argument("--baseline-videos", type=int, default=1_000)
    parser.add_argument("--baseline-artists", type=int, default=25)
    parser.add_argument("--runs", type=int, default=25)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--budget", type=float, default=150.0,
                        help="seconds for the timing (building the libraries is apart)")
    run(parser.parse_args())


if __name__ == "__main__":
    main()
