"""The blocklist over the API: readonly lists it, a manager removes an entry, after
which the video is no longer blocked."""

from __future__ import annotations

from mvidarr.models import BlocklistEntry
from mvidarr.services.library import is_blocked
from mvidarr.testing.rows import make_blocklist_entry, make_video


def test_a_video_deleted_with_blocklist_is_listed_and_can_be_let_back(client, db, as_role):
    video = make_video(title="Never Again", youtube_id="yt-never")
    make_blocklist_entry("Another", imvdb_id="77", reason="dull")
    deleted = client.delete(f"/api/videos/{video.id}?blocklist=true",
                            headers=as_role("manager"))
    assert deleted.status_code == 200
    answer = client.get("/api/blocklist?sort=title", headers=as_role("readonly"))
    assert answer.status_code == 200
    body = answer.get_json()
    assert body["total"] == 2
    assert [e["title"] for e in body["items"]] == ["Another", "Never Again"]
    entry = body["items"][1]
    assert entry["youtube_id"] == "yt-never" and entry["created_at"].endswith("Z")
    assert body["items"][0]["reason"] == "dull"
    found = client.get("/api/blocklist?q=never", headers=as_role("readonly")).get_json()
    assert [e["id"] for e in found["items"]] == [entry["id"]]
    assert is_blocked(youtube_id="yt-never")

    refused = client.delete(f"/api/blocklist/{entry['id']}", headers=as_role("user"))
    assert refused.status_code == 403
    removed = client.delete(f"/api/blocklist/{entry['id']}", headers=as_role("manager"))
    assert removed.status_code == 200 and removed.get_json() == {"deleted": 1}
    assert not is_blocked(youtube_id="yt-never")
    assert BlocklistEntry.select().count() == 1
    again = client.delete(f"/api/blocklist/{entry['id']}", headers=as_role("manager"))
    assert again.status_code == 404


def test_the_list_is_paged(client, db, as_role):
    for number in range(5):
        make_blocklist_entry(f"Blocked {number}")
    page = client.get("/api/blocklist?per_page=2&page=3&sort=title",
                      headers=as_role("readonly")).get_json()
    assert (page["total"], [e["title"] for e in page["items"]]) == (5, ["Blocked 4"])
    assert client.get("/api/blocklist").status_code == 401
