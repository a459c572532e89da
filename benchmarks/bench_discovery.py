"""Discovery at scale: N artists discovered against rate-limited IMVDb and YouTube
fakes, wall time compared with the lower bound the rate limits allow.

    .venv/bin/python benchmarks/bench_discovery.py [--artists 100] [--threads 16]
        [--imvdb-rate 20] [--youtube-rate 20] [--videos 4] [--latency 0.1]

Each fake refuses (429) any request above its rate, so a client that pushed
harder would be caught: the report counts those refusals, which must be 0. The
lower bound is, for the slowest source, the calls it needed divided by its
rate. Every fake answer takes `--latency` seconds, as a real service's would, so
that only concurrency reaches the bound. Artists are discovered concurrently
(`--threads` at a time, through `discover_all` with `discovery.parallel_artists`);
every source call still waits for its slot in that
source's one limiter.
"""

from __future__ import annotations

import argparse
import logging
import tempfile
import time
from pathlib import Path

from mvidarr.app import create_app
from mvidarr.config import Config
from mvidarr.models import Artist, Video
from mvidarr.services.discovery import discover_all
from mvidarr.testing.fakes.imvdb import FakeImvdb
from mvidarr.testing.fakes.youtube import FakeYoutube


def fill(imvdb: FakeImvdb, youtube: FakeYoutube, artists: int, videos: int) -> list[str]:
    """`artists` artists, each with `videos` IMVDb videos (all but one also on YouTube)
    and one more YouTube-only video."""
    names = []
    for a in range(artists):
        name = f"Bench Artist {a:03d}"
        names.append(name)
        entity = imvdb.add_artist(name, 100_000 + a)
        channel = youtube.add_channel(name, f"UC{a:022d}", title=f"{name.replace(' ', '')}VEVO")
        for v in range(videos):
            yt = f"y{a:04d}{v:06d}"
            imvdb.add_video(entity, 10**11 + a * 100 + v, f"Song {v}", year=2000 + v,
                            directors=[f"Director {v}"], youtube_id=yt if v else None)
            if v:
                youtube.add_video(channel, yt, f"{name} - Song {v} (Official Video)")
        youtube.add_video(channel, f"z{a:04d}{0:06d}", f"{name} - B-side (Official Video)")
    return names


def run(args) -> dict:
    logging.disable(logging.INFO)
    with tempfile.TemporaryDirectory() as tmp, \
            FakeImvdb(app_key="bench") as imvdb, FakeYoutube(api_key="bench",
                                                             quota=10**9) as youtube:
        config = Config.from_env(env={"MVIDARR_DATA_DIR": str(Path(tmp) / "data")},
                                 log_to_console=False)
        app = create_app(config)
        names = fill(imvdb, youtube, args.artists, args.videos)
        with app.connection():
            for key, value in {
                "imvdb.base_url": imvdb.url, "imvdb.api_key": "bench",
                "imvdb.requests_per_second": args.imvdb_rate,
                "youtube.base_url": youtube.url, "youtube.api_key": "bench",
                "youtube.requests_per_second": args.youtube_rate,
                "youtube.daily_quota": 10**8,
                "discovery.parallel_artists": args.threads,
            }.items():
                app.settings.set(key, value)
            for name, info in app.plugin_infos.items():
                if not info.builtin and name not in ("imvdb", "youtube"):
                    app.plugin_states.set_enabled(name, False)
            for name in names:
                Artist.create(name=name)
        # A burst of two absorbs thread-scheduling jitter; the average rate is still enforced.
        imvdb.delay = youtube.delay = args.latency
        imvdb.limit_rate(args.imvdb_rate, burst=2)
        youtube.limit_rate(args.youtube_rate, burst=2)

        summaries = []
        started = time.monotonic()
        with app.connection():  # what the schedule and the discover_all command run
            discover_all(app, progress=lambda artist, summary: summaries.append(summary))
        wall = time.monotonic() - started
        with app.connection():
            wanted = Video.select().where(Video.status == "wanted").count()
        app.stop()
    bound = max(len(imvdb.requests) / args.imvdb_rate, len(youtube.requests) / args.youtube_rate)
    return {
        "artists": args.artists, "threads": args.threads, "latency": args.latency, "wanted": wanted,
        "expected_wanted": args.artists * (args.videos + 1),
        "imvdb_calls": len(imvdb.requests), "youtube_calls": len(youtube.requests),
        "refused_for_rate": imvdb.rate_violations + youtube.rate_violations,
        "failed_sources": sum(not n["ok"] for s in summaries for n in s["sources"].values()),
        "wall_seconds": round(wall, 2), "lower_bound_seconds": round(bound, 2),
        "ratio": round(wall / bound, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--artists", type=int, default=100)
    parser.add_argument("--videos", type=int, default=4, help="IMVDb videos per artist")
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("--latency", type=float, default=0.1, help="seconds per fake answer")
    parser.add_argument("--imvdb-rate", type=float, default=20.0)
    parser.add_argument("--youtube-rate", type=float, default=20.0)
    result = run(parser.parse_args())
    for key, value in result.items():
        print(f"{key:>22}: {value}")


if __name__ == "__main__":
    main()
