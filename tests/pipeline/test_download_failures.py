"""Cancel, retry and failure: a stopped transfer leaves nothing, passing errors
retry with back-off, lasting ones fail with the reason in words."""

from __future__ import annotations

import threading
import time

from mvidarr.markers import hookimpl
from mvidarr.models import Artist, Download, Job, Video, utcnow
from mvidarr.services import downloads


class Events:
    def __init__(self):
        self.kinds = []

    @hookimpl
    def notify(self, app, event):
        self.kinds.append((event.kind, event.message))


def wanted(url, title="Song"):
    artist = Artist.get_or_none(Artist.name == "Band") or Artist.create(name="Band")
    return Video.create(title=title, artist=artist, url=url)


def due_now(download):
    """Skip the back-off wait of the download's job."""
    Job.update(run_after=utcnow()).where(Job.id == download.job_id).execute()


def wait_for(condition, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


def test_a_missing_video_fails_with_the_reason_in_the_history(pipeline, server, run_jobs,
                                                              client, as_role):
    events = Events()
    pipeline.add_plugin("events", events)
    download = downloads.request_download(pipeline, wanted(server.url("/gone.mp4")))
    assert run_jobs() == ["failed"]
    download = Download.get_by_id(download.id)
    assert download.status == "failed" and "HTTP 404" in download.error
    assert Video.get().status == "failed"
    assert events.kinds[0][0] == "download_failed" and "HTTP 404" in events.kinds[0][1]
    history = client.get("/api/history", headers=as_role("readonly")).get_json()["items"]
    assert [(item["id"], item["status"]) for item in history] == [(download.id, "failed")]
    assert "HTTP 404" in history[0]["error"]


def test_a_passing_error_is_retried_with_back_off(pipeline, server, clip, run_jobs):
    url = server.add("/busy.mp4", clip)
    server.fail["/busy.mp4"] = [503]
    download = downloads.request_download(pipeline, wanted(url))
    assert run_jobs() == ["queued"]
    row = Download.get_by_id(download.id)
    assert row.status == "queued" and "HTTP 503" in row.error and "will retry" in row.error
    assert Job.get_by_id(download.job_id).run_after > utcnow()  # backed off
    assert run_jobs() == []  # not due yet
    due_now(download)
    assert run_jobs() == ["done", "done"]
    row = Download.get_by_id(download.id)
    assert (row.status, row.attempts) == ("finished", 2)


def test_retries_stop_at_the_setting(pipeline, server, clip, run_jobs):
    pipeline.settings.set("downloads.max_attempts", 2)
    url = server.add("/limited.mp4", clip)
    server.fail["/limited.mp4"] = [429, 502, 503]
    download = downloads.request_download(pipeline, wanted(url))
    assert run_jobs() == ["queued"]
    due_now(download)
    assert run_jobs() == ["failed"]
    row = Download.get_by_id(download.id)
    assert row.status == "failed" and "gave up after 2 tries" in row.error
    assert "HTTP 502" in row.error


def test_the_free_space_guard_refuses_to_start(pipeline, server, clip, run_jobs):
    pipeline.settings.set("downloads.min_free_space_mb", 100_000_000)  # 100 TB
    url = server.add("/big.mp4", clip)
    downloads.request_download(pipeline, wanted(url))
    assert run_jobs() == ["failed"]
    assert "not enough free space" in Download.get().error
    assert server.requests == []  # nothing was fetched


def test_progress_is_saved_at_most_once_a_second(pipeline):
    video = wanted("http://127.0.0.1:9/x.mp4")
    download = Download.create(video=video, status="downloading")
    now = [100.0]
    cancel = threading.Event()
    saver = downloads.ProgressSaver(download.id, cancel, clock=lambda: now[0])
    for step in range(24):  # 3 seconds of calls every 1/8 s
        saver(downloaded=step * 1000, total=30_000, speed=1e4, eta=3)
        now[0] += 0.125
    assert saver.writes == 3  # at 0 s, 1 s and 2 s
    row = Download.get_by_id(download.id)
    assert (row.progress, row.total_bytes, row.speed, row.eta) == (53.3, 30_000, 1e4, 3)
    # A cancel asked by another process is noticed at the next save.
    Download.update(status="cancelled").where(Download.id == download.id).execute()
    saver(downloaded=29_000, total=30_000)
    assert cancel.is_set()


def test_claims_obey_max_concurrent_read_at_claim_time(pipeline, server):
    pipeline.settings.set("downloads.max_concurrent", 1)
    for title in ("One", "Two"):
        downloads.request_download(pipeline, wanted(server.url(f"/{title}.mp4"), title))
    first = pipeline.jobs.claim("w1")
    assert first is not None and first.queue == "downloads"
    assert pipeline.jobs.claim("w2") is None
    pipeline.settings.set("downloads.max_concurrent", 2)
    assert pipeline.jobs.claim("w2") is not None


def test_a_slow_download_is_cancelled_within_two_seconds_and_leaves_nothing(
        pipeline, server, media_dir, client, as_role):
    server.rate = 15_000  # bytes per second: the 45 KB file takes 3 s
    url = server.add("/slow.mp4", media_dir / "long.mp4")
    download = downloads.request_download(pipeline, wanted(url))
    pipeline.start_workers(1)
    work = downloads.temp_root(pipeline) / str(download.id)

    def transferring():
        row = Download.get_by_id(download.id)
        return row.status == "downloading" and row.downloaded_bytes > 0

    assert wait_for(transferring)
    assert any(work.iterdir())  # a partial file is there
    asked = time.monotonic()
    answer = client.delete(f"/api/queue/{download.id}", headers=as_role("user"))
    assert answer.status_code == 200 and answer.get_json()["status"] == "cancelled"
    assert wait_for(lambda: not work.exists(), timeout=2.0)
    assert wait_for(lambda: Job.get_by_id(download.job_id).status == "cancelled", timeout=2.0)
    assert time.monotonic() - asked < 2.0
    assert Video.get().status == "wanted"
    assert not pipeline.library_root().exists() or not any(pipeline.library_root().rglob("*"))

    server.rate = None
    retried = client.post(f"/api/queue/{download.id}/retry", headers=as_role("user"))
    assert retried.status_code == 202
    new_id = retried.get_json()["id"]
    assert new_id != download.id
    assert wait_for(lambda: Download.get_by_id(new_id).status == "finished")
    assert Video.get().status == "downloaded"
    assert Download.get_by_id(download.id).status == "cancelled"  # history keeps it


def test_a_worker_stopping_mid_download_queues_it_again_instead_of_cancelling(
        pipeline, server, media_dir):
    server.rate = 15_000
    url = server.add("/slow.mp4", media_dir / "long.mp4")
    download = downloads.request_download(pipeline, wanted(url))
    pipeline.start_workers(1)
    assert wait_for(lambda: Download.get_by_id(download.id).downloaded_bytes > 0)
    pipeline.workers.stop()
    row = Download.get_by_id(download.id)
    assert row.status == "queued" and "worker stopped" in row.error
    assert Job.get_by_id(download.job_id).status == "queued"
    assert Video.get().status == "queued"
    assert not (downloads.temp_root(pipeline) / str(download.id)).exists()


def test_a_private_video_url_is_refused_at_download_time_too(db, server, clip, run_jobs):
    db.settings.set("security.allow_private_urls", False)  # (run_jobs' fixture allows them)
    # A source (not the user) gave a URL on a private address: never fetched.
    url = server.add("/inside.mp4", clip)
    download = downloads.request_download(db, wanted(url))
    assert run_jobs() == ["failed"]
    assert "loopback" in Download.get_by_id(download.id).error
    assert server.requests == []


def test_a_host_that_does_not_resolve_is_retried(db, monkeypatch, run_jobs):
    from mvidarr.services import urlcheck

    def no_dns(host):
        raise urlcheck.UnresolvedHostError(f"the host {host!r} cannot be resolved")

    monkeypatch.setattr(urlcheck, "addresses", no_dns)
    db.settings.set("security.allow_private_urls", False)
    download = downloads.request_download(db, wanted("https://videos.example/v.mp4"))
    assert run_jobs() == ["queued"]
    assert "cannot be resolved" in Download.get_by_id(download.id).error
