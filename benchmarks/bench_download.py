"""Benchmark: MVidarr's download pipeline against bare yt-dlp + ffprobe.

Both fetch the same local 20 MB MP4 from a server on 127.0.0.1. The pipeline
run is the whole `download` task (temporary folder, yt-dlp with the quality
profile's options, ffprobe, filing, NFO and artwork, database rows); the bare
run is `YoutubeDL.extract_info(download=True)` followed by one ffprobe. Prints
the times and their ratio (goal: at most 1.1). The artwork job the
download queues (a frame taken by ffmpeg here: the file has no thumbnail) runs
after it, off the download slot, and is timed apart.

    .venv/bin/python benchmarks/bench_download.py [--runs 5] [--media FILE]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import yt_dlp

from mvidarr.app import create_app
from mvidarr.config import Config
from mvidarr.models import Artist, Video
from mvidarr.services import downloads
from mvidarr.testing.media import MediaServer, make_mp4


def make_media(folder: Path) -> Path:
    """About 20 MB: 20 s of 640x360 noise at 8 Mbit/s."""
    return make_mp4(folder / "bench.mp4", seconds=20, size="640x360", rate=25,
                    bitrate="8M")


def bare(url: str, folder: Path) -> float:
    started = time.perf_counter()
    options = {"quiet": True, "no_warnings": True, "noprogress": True, "cachedir": False,
               "paths": {"home": str(folder), "temp": str(folder)},
               "outtmpl": "%(id)s.%(ext)s"}
    with yt_dlp.YoutubeDL(options) as ydl:
        info = ydl.extract_info(url, download=True)
    path = info["requested_downloads"][0]["filepath"]
    done = subprocess.run(["ffprobe", "-v", "error", "-print_format", "json", "-show_format",
                           "-show_streams", path], capture_output=True, check=True)
    json.loads(done.stdout)
    return time.perf_counter() - started


def pipeline(app, url: str, number: int) -> tuple[float, float]:
    """Seconds of the download task, and of the artwork job it queued."""
    with app.connection():
        video = Video.create(title=f"Song {number}", artist=Artist.get(), url=url)
        started = time.perf_counter()
        downloads.request_download(app, video)
        job = app.jobs.claim("bench")
        status = app.jobs.run(job, "bench")
        elapsed = time.perf_counter() - started
        artwork = app.jobs.claim("bench")
        if status != "done" or artwork is None or artwork.name != "artwork":
            raise SystemExit(f"the pipeline run ended {status}")
        app.jobs.run(artwork, "bench")
    return elapsed, time.perf_counter() - started - elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--media", type=Path, help="an MP4 to use instead of making one")
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="mvidarr-bench-"))
    try:
        media = args.media or make_media(scratch)
        size_mb = media.stat().st_size / 1e6
        config = Config.from_env(env={"MVIDARR_DATA_DIR": str(scratch / "data")},
                                 log_to_console=False)
        app = create_app(config)
        with app.connection():
            app.settings.set("security.allow_private_urls", True)
            Artist.create(name="Bench")
        with MediaServer() as server:
            url = server.add("/Bench - Song.mp4", media)
            bare(url, scratch / "warm")  # imports and the first connection, for both
            bare_times, pipeline_times, artwork_times = [], [], []
            for number in range(args.runs):  # interleaved: both see the same machine load
                folder = scratch / f"bare{number}"
                bare_times.append(bare(url, folder))
                shutil.rmtree(folder)
                download_time, artwork_time = pipeline(app, url, number)
                pipeline_times.append(download_time)
                artwork_times.append(artwork_time)
        app.stop()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    bare_median = statistics.median(bare_times)
    pipeline_median = statistics.median(pipeline_times)
    print(f"file: {size_mb:.1f} MB, runs: {args.runs}")
    print(f"bare yt-dlp + ffprobe: median {bare_median * 1000:.0f} ms "
          f"({', '.join(f'{t * 1000:.0f}' for t in bare_times)})")
    print(f"MVidarr pipeline:      median {pipeline_median * 1000:.0f} ms "
          f"({', '.join(f'{t * 1000:.0f}' for t in pipeline_times)})")
    # The fastest run is the cost without the noise of a shared machine; the
    # median shows what a typical run sees.
    print(f"ratio of the fastest runs: {min(pipeline_times) / min(bare_times):.2f}x, "
          f"of the medians: {pipeline_median / bare_median:.2f}x (goal <= 1.10x)")
    print(f"artwork job afterwards: median "
          f"{statistics.median(artwork_times) * 1000:.0f} ms (not in the ratio)")


if __name__ == "__main__":
    main()
