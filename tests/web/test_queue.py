"""The queue, the history and the wanted list: what each shows, filters, and 404s."""

from __future__ import annotations

from datetime import datetime

from mvidarr.testing.rows import make_artist, make_download, make_video


def test_queue_shows_active_downloads_with_their_progress(client, db, as_role):
    video = make_video(make_artist("Moby"), "Porcelain", status="downloading")
    running = make_download(video, status="downloading", progress=42.5, speed=1e6, eta=12,
                            downloaded_bytes=425, total_bytes=1000,
                            started_at=datetime(2026, 1, 2, 3, 4, 5))
    waiting = make_download(status="queued")
    make_download(status="finished")
    answer = client.get("/api/queue", headers=as_role("readonly"))
    assert answer.status_code == 200
    body = answer.get_json()
    assert body["total"] == 2
    first = body["items"][0]
    assert (first["id"], first["video_id"], first["status"], first["progress"]) == (
        running.id, video.id, "downloading", 42.5)
    assert (first["video_title"], first["artist_name"], first["eta"]) == ("Porcelain", "Moby",
                                                                          12)
    assert first["started_at"] == "2026-01-02T03:04:05Z"
    assert body["items"][1]["id"] == waiting.id
    only = client.get("/api/queue?status=queued", headers=as_role("readonly")).get_json()
    assert [item["id"] for item in only["items"]] == [waiting.id]
    for_video = client.get(f"/api/queue?video_id={video.id}",
                           headers=as_role("readonly")).get_json()
    assert [item["id"] for item in for_video["items"]] == [running.id]


def test_history_shows_ended_downloads_with_the_reason(client, db, as_role):
    make_download(status="queued")
    failed = make_download(status="failed", error="the video was removed by its uploader",
                           finished_at=datetime(2026, 1, 2))
    done = make_download(status="finished", finished_at=datetime(2026, 1, 3))
    answer = client.get("/api/history?order=desc", headers=as_role("readonly")).get_json()
    assert [item["id"] for item in answer["items"]] == [done.id, failed.id]
    assert answer["items"][1]["error"] == "the video was removed by its uploader"
    failures = client.get("/api/history?status=failed", headers=as_role("readonly")).get_json()
    assert [item["id"] for item in failures["items"]] == [failed.id]
    assert client.get("/api/history?status=queued",
                      headers=as_role("readonly")).status_code == 422


def test_wanted_lists_what_is_wanted_or_failed(client, db, as_role):
    artist = make_artist("Air")
    wanted = make_video(artist, "Sexy Boy", status="wanted")
    failed = make_video(artist, "Playground Love", status="failed")
    make_video(artist, "Kelly", status="downloaded")
    make_video(make_artist("Moby"), "Porcelain", status="wanted")
    answer = client.get(f"/api/wanted?artist_id={artist.id}&sort=title",
                        headers=as_role("readonly")).get_json()
    assert [item["id"] for item in answer["items"]] == [failed.id, wanted.id]
    assert answer["total"] == 2
    search = client.get("/api/wanted?q=porcelain", headers=as_role("readonly")).get_json()
    assert [item["title"] for item in search["items"]] == ["Porcelain"]


def test_cancel_and_retry_of_a_missing_download_are_404(client, db, as_role):
    assert client.delete("/api/queue/999", headers=as_role("user")).status_code == 404
    assert client.post("/api/queue/999/retry", headers=as_role("user")).status_code == 404
    assert client.delete(f"/api/queue/{2**64}", headers=as_role("user")).status_code == 404


def test_paging_is_bounded(client, db, as_role):
    for _ in range(3):
        make_download()
    page = client.get("/api/queue?per_page=2&page=2", headers=as_role("readonly")).get_json()
    assert (len(page["items"]), page["total"], page["page"]) == (1, 3, 2)
    assert client.get("/api/queue?per_page=0", headers=as_role("readonly")).status_code == 422
    assert client.get("/api/queue?sort=error", headers=as_role("readonly")).status_code == 422
