"""After kill -9 at any moment and a restart, a download is finished exactly once,
nothing partial stays behind, and the database agrees with the disk."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mvidarr.models import Artist, Download, Job, JobRun, Video
from mvidarr.services import downloads, filing

MVIDARR = Path(sys.executable).parent / "mvidarr"


def wait_for(condition, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def leftovers(app) -> list[Path]:
    """Partial or temporary files anywhere in the library or the temporary folder."""
    found = [p for p in downloads.temp_root(app).rglob("*")] if downloads.temp_root(
        app).exists() else []
    for path in app.library_root().rglob("*"):
        if path.name.endswith((".part", ".ytdl", filing.PARTIAL_SUFFIX, ".tmp")):
            found.append(path)
    return found


def start_worker(config, log: Path) -> subprocess.Popen:
    # The database URL too: with MVIDARR_TEST_DATABASE_URL it names a server's database.
    env = {**os.environ, "MVIDARR_DATA_DIR": str(config.data_dir),
           "MVIDARR_DATABASE_URL": config.database_url}
    with open(log, "ab") as out:
        return subprocess.Popen([str(MVIDARR), "worker", "--threads", "2"], env=env,
                                stdout=out, stderr=subprocess.STDOUT)


def test_a_worker_killed_mid_download_finishes_it_once_after_restart(
        pipeline, config, server, media_dir, tmp_path):
    server.rate = 15_000  # the 45 KB file takes 3 s: time to kill it mid-way
    url = server.add("/Band - Song.mp4", media_dir / "long.mp4")
    video = Video.create(title="Song", artist=Artist.create(name="Band"), url=url)
    download = downloads.request_download(pipeline, video)
    log = tmp_path / "worker.log"

    worker = start_worker(config, log)
    try:
        def transferring():
            row = Download.get_by_id(download.id)
            return row.status == "downloading" and row.downloaded_bytes > 0

        assert wait_for(transferring, 30), log.read_text()
        assert any(p.name.endswith(".part") for p in downloads.temp_root(pipeline).rglob("*"))
        worker.send_signal(signal.SIGKILL)
    finally:
        worker.kill()
        worker.wait(10)  # reaped: the restarted worker must see this pid gone

    server.rate = None
    worker = start_worker(config, log)
    try:
        assert wait_for(lambda: Job.get_by_id(download.job_id).status == "done", 60), (
            log.read_text())
    finally:
        worker.terminate()
        worker.wait(15)

    files = list(pipeline.library_root().rglob("*.mp4"))
    assert files == [pipeline.library_root() / "Band" / "Band - Song.mp4"]
    assert files[0].stat().st_size == (media_dir / "long.mp4").stat().st_size
    video = Video.get_by_id(video.id)
    assert (video.status, video.file_path) == ("downloaded", str(files[0]))
    assert Download.select().count() == 1
    job = Job.get_by_id(download.job_id)
    assert (job.status, job.attempts) == ("done", 2)
    runs = JobRun.select().where(JobRun.name == "download")
    assert sorted(run.status for run in runs) == ["interrupted", "ok"]
    assert leftovers(pipeline) == []


def test_a_crash_after_the_file_was_filed_adopts_it_instead_of_downloading_again(
        pipeline, server, clip, run_jobs, monkeypatch):
    url = server.add("/Band - Song.mp4", clip)
    video = Video.create(title="Song", artist=Artist.create(name="Band"), url=url)
    download = downloads.request_download(pipeline, video)

    def killed(*args, **kwargs):
        raise KeyboardInterrupt  # like kill -9 here: no handler runs, the job stays running

    monkeypatch.setattr(downloads, "_finish", killed)
    with pytest.raises(KeyboardInterrupt):
        run_jobs()
    filed = pipeline.library_root() / "Band" / "Band - Song.mp4"
    assert filed.is_file() and Download.get_by_id(download.id).status == "downloading"
    fetched = len(server.requests)

    monkeypatch.undo()
    # What the job queue does for a job whose worker died.
    Job.update(status="queued", claimed_by=None).where(Job.id == download.job_id).execute()
    assert run_jobs() == ["done", "done"]  # the download, then its artwork
    assert len(server.requests) == fetched  # not downloaded a second time
    assert list(filed.parent.glob("*.mp4")) == [filed]
    assert Video.get_by_id(video.id).status == "downloaded"
    assert (filed.parent / "Band - Song.nfo").is_file()
    assert leftovers(pipeline) == []


def test_temporary_folders_of_jobs_not_running_are_removed(pipeline, server, clip, run_jobs):
    stale = downloads.temp_root(pipeline) / "999"
    stale.mkdir(parents=True)
    (stale / "video.mp4.part").write_bytes(b"half")
    video = Video.create(title="Song", artist=Artist.create(name="Band"),
                         url=server.add("/a.mp4", clip))
    downloads.request_download(pipeline, video)
    assert run_jobs() == ["done", "done"]
    assert leftovers(pipeline) == []
