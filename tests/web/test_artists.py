"""The artists resource: paged lists, filters, add/change/delete, lookup, discover."""

from __future__ import annotations

import pytest

from mvidarr import ArtistInfo, hookimpl
from mvidarr.models import Artist, Download, Job, Video
from mvidarr.testing.rows import keep_only_plugins, make_artist, make_download, make_video


@pytest.fixture
def manager(as_role):
    return as_role("manager")


def names(answer) -> list[str]:
    return [item["name"] for item in answer.get_json()["items"]]


def test_list_is_paged_and_sorted_by_sort_name(client, db, as_role):
    for name in ("The Cure", "ABBA", "Björk"):
        make_artist(name)
    first = client.get("/api/artists?per_page=2", headers=as_role("readonly"))
    assert first.status_code == 200
    body = first.get_json()
    assert (body["page"], body["per_page"], body["total"]) == (1, 2, 3)
    assert names(first) == ["ABBA", "Björk"]
    second = client.get("/api/artists?per_page=2&page=2", headers=as_role("readonly"))
    assert names(second) == ["The Cure"]  # sorts as "cure, the"
    newest = client.get("/api/artists?sort=added_at&order=desc", headers=as_role("readonly"))
    assert names(newest) == ["Björk", "ABBA", "The Cure"]


def test_filters_monitored_origin_and_accent_free_text(client, db, as_role):
    make_artist("Björk", monitored=True, origin="spotify")
    make_artist("Blur", monitored=False)
    headers = as_role("readonly")
    assert names(client.get("/api/artists?q=BJORK", headers=headers)) == ["Björk"]
    assert names(client.get("/api/artists?monitored=false", headers=headers)) == ["Blur"]
    assert names(client.get("/api/artists?origin=spotify", headers=headers)) == ["Björk"]
    # LIKE wildcards in the search text are literal
    assert names(client.get("/api/artists?q=%25", headers=headers)) == []


BAD_LIST_ARGUMENTS = [
    ("sort=password_hash", 422, "sort"),
    ("order=sideways", 422, "order"),
    ("per_page=501", 422, "per_page"),
    ("page=0", 422, "page"),
    ("page=abc", 400, "page"),  # not a number at all: a bad parameter, like monitored=maybe
    ("monitored=maybe", 400, "monitored"),
    ("origin=moon", 422, "origin"),
    ("page=99999999999999999999999", 422, "page"),
]


def test_list_arguments_are_checked_against_an_allow_list(client, db, as_role):
    for query, status, parameter in BAD_LIST_ARGUMENTS:
        answer = client.get(f"/api/artists?{query}", headers=as_role("readonly"))
        assert answer.status_code == status, query
        body = answer.get_json()
        assert parameter in body["error"], query
        assert body["details"].get("parameter", body["details"].get("field")) == parameter


def test_video_count_comes_with_each_artist(client, db, as_role):
    artist = make_artist("Air")
    make_video(artist)
    make_video(artist)
    listed = client.get("/api/artists", headers=as_role("readonly")).get_json()["items"]
    assert listed[0]["video_count"] == 2
    one = client.get(f"/api/artists/{artist.id}", headers=as_role("readonly")).get_json()
    assert one["video_count"] == 2
    assert one["added_at"].endswith("Z")


def test_create_answers_201_with_the_artist(client, db, manager):
    answer = client.post("/api/artists", headers=manager,
                         json={"name": "  Daft   Punk ", "monitored": False,
                               "genres": ["house"], "spotify_id": "4tZwfgrHOc3mvqYlEYSvVi"})
    assert answer.status_code == 201
    body = answer.get_json()
    assert body["name"] == "Daft Punk" and body["sort_name"] == "daft punk"
    assert body["genres"] == ["house"] and body["monitored"] is False
    assert Artist.by_name("daft punk").spotify_id == "4tZwfgrHOc3mvqYlEYSvVi"


def test_a_name_taken_in_another_case_or_accent_is_a_conflict(client, db, manager):
    make_artist("Björk")
    answer = client.post("/api/artists", headers=manager, json={"name": "BJORK"})
    assert answer.status_code == 409
    assert "already exists" in answer.get_json()["error"]
    assert Artist.select().count() == 1


BAD_BODIES = [
    {},
    {"name": ""},
    {"name": "   "},
    {"name": 5},
    {"name": "X", "monitored": "yes"},
    {"name": "X", "password": "x"},
    {"name": "X", "folder": ".."},
    {"name": "X", "folder": "a/../../etc"},
    {"name": "X", "image_url": "javascript:alert(1)"},
    {"name": "X", "quality_profile_id": 999},
    {"name": "X", "lidarr_id": 10**30},
    {"name": "X\x00"},
    {"name": "X" * 501},
    ["X"],
]


def test_bad_artist_bodies_are_refused_with_422_and_change_nothing(client, db, manager):
    for body in BAD_BODIES:
        answer = client.post("/api/artists", headers=manager, json=body)
        assert answer.status_code == 422, (body, answer.get_json())
        assert "error" in answer.get_json()
    assert Artist.select().count() == 0


def test_a_body_that_is_not_json_is_a_400(client, db, manager):
    broken = client.post("/api/artists", headers={**manager, "Content-Type": "application/json"},
                         data=b'{"name": ')
    assert broken.status_code == 400
    assert broken.get_json()["error"] == "the request body is not valid JSON"
    form = client.post("/api/artists", headers=manager, data={"name": "X"})
    assert form.status_code == 400
    deep = client.post("/api/artists", headers={**manager, "Content-Type": "application/json"},
                       data=b"[" * 100_000 + b"]" * 100_000)
    assert deep.status_code == 400


def test_a_body_over_one_mebibyte_is_a_413(client, db, manager):
    answer = client.post("/api/artists", headers=manager,
                         json={"name": "X", "biography": "b" * (1024 * 1024 + 10)})
    assert answer.status_code == 413
    assert answer.get_json() == {"error": "the request body is too large"}


def test_missing_and_impossible_ids_are_404(client, db, as_role):
    assert client.get("/api/artists/12345", headers=as_role("readonly")).status_code == 404
    huge = client.get(f"/api/artists/{10**30}", headers=as_role("readonly"))
    assert huge.status_code == 404
    assert client.put(f"/api/artists/{2**63}", headers=as_role("manager"),
                      json={"name": "x"}).status_code == 404


def test_update_changes_only_the_fields_sent(client, db, manager):
    artist = make_artist("The Beatles", monitored=True, genres=["rock"])
    answer = client.put(f"/api/artists/{artist.id}", headers=manager,
                        json={"name": "Beatles, The", "monitored": False})
    assert answer.status_code == 200
    body = answer.get_json()
    assert body["name"] == "Beatles, The" and body["monitored"] is False
    assert body["genres"] == ["rock"]
    assert body["sort_name"] == "beatles, the"


def test_renaming_onto_another_artist_is_a_conflict(client, db, manager):
    make_artist("Blur")
    oasis = make_artist("Oasis")
    answer = client.put(f"/api/artists/{oasis.id}", headers=manager, json={"name": "blur"})
    assert answer.status_code == 409
    assert Artist.get_by_id(oasis.id).name == "Oasis"


def test_delete_takes_the_videos_and_downloads_with_it(client, db, manager):
    artist = make_artist("Gone")
    download = make_download(make_video(artist))
    kept = make_video(make_artist("Kept"))
    answer = client.delete(f"/api/artists/{artist.id}", headers=manager)
    assert answer.status_code == 200 and answer.get_json() == {"deleted": 1}
    assert Artist.get_or_none(Artist.id == artist.id) is None
    assert Download.get_or_none(Download.id == download.id) is None
    assert Video.select().where(Video.id == kept.id).exists()
    assert client.delete(f"/api/artists/{artist.id}", headers=manager).status_code == 404


def test_delete_cancels_a_running_download_job(client, app, db, manager):
    job = Job.create(name="upkeep", status="running")
    make_download(make_video(make_artist("Busy")), status="downloading", job_id=job.id)
    artist_id = Artist.by_name("Busy").id
    assert client.delete(f"/api/artists/{artist_id}", headers=manager).status_code == 200
    assert Job.get_by_id(job.id).status == "cancelled"


def test_bulk_delete(client, db, manager):
    ids = [make_artist().id for _ in range(3)]
    answer = client.post("/api/artists/bulk-delete", headers=manager,
                         json={"ids": [ids[0], ids[1], 999999]})
    assert answer.status_code == 200 and answer.get_json() == {"deleted": 2}
    assert [a.id for a in Artist.select()] == [ids[2]]
    for bad in ({"ids": []}, {"ids": ["1"]}, {}, {"ids": list(range(1, 502))}):
        assert client.post("/api/artists/bulk-delete", headers=manager,
                           json=bad).status_code == 422


def test_an_artists_videos_filter_by_status(client, db, as_role):
    artist = make_artist("Moby")
    make_video(artist, "Porcelain", status="downloaded")
    make_video(artist, "Natural Blues", status="wanted")
    make_video(make_artist("Other"), "Not Moby")
    url = f"/api/artists/{artist.id}/videos"
    everything = client.get(url, headers=as_role("readonly")).get_json()
    assert [v["title"] for v in everything["items"]] == ["Natural Blues", "Porcelain"]
    assert everything["items"][0]["artist_name"] == "Moby"
    wanted = client.get(f"{url}?status=wanted", headers=as_role("readonly")).get_json()
    assert [v["title"] for v in wanted["items"]] == ["Natural Blues"]
    assert client.get("/api/artists/999/videos", headers=as_role("readonly")).status_code == 404


def test_discover_without_the_discovery_feature_says_so(client, db, manager, monkeypatch):
    monkeypatch.delitem(db.jobs.tasks, "discover_artist", raising=False)  # an older version
    artist = make_artist("Muse")
    answer = client.post(f"/api/artists/{artist.id}/discover", headers=manager)
    assert answer.status_code == 422
    assert answer.get_json()["error"] == "command discover_artist is not available in this version"
    assert Job.select().where(Job.name == "discover_artist").count() == 0


class Sources:
    """Two sources that know the same artist under different names but one id."""

    @hookimpl
    def lookup_artist(self, app, term):
        return [ArtistInfo("Björk", "one", ids={"musicbrainz": "mb-1"}, genres=["pop"]),
                ArtistInfo("Bjork Gudmundsdottir", "two", ids={"musicbrainz": "mb-1",
                                                               "spotify": "sp-1"},
                           image_url="https://img.example/b.jpg"),
                ArtistInfo(f"{term} tribute", "one")]


@pytest.fixture
def plugged(make_app):
    """A web client on an app with the test sources above, and a manager key."""
    from mvidarr import accounts
    from mvidarr.web import create_app as create_web

    mvidarr = make_app(sources=Sources())
    assert "discover_artist" in mvidarr.jobs.tasks  # the pipeline's discovery
    with mvidarr.connection():
        keep_only_plugins(mvidarr, "sources")
        accounts.create_user("boss", "a long enough password", "manager")
        key = accounts.create_api_key("boss")[1]
    return mvidarr, create_web(mvidarr, {"TESTING": True}).test_client(), {"X-Api-Key": key}


def test_discover_enqueues_a_discover_artist_job(plugged):
    mvidarr, client, headers = plugged
    with mvidarr.connection():
        artist = make_artist("Muse", monitored=False)
    answer = client.post(f"/api/artists/{artist.id}/discover", headers=headers)
    assert answer.status_code == 202
    body = answer.get_json()
    assert body["name"] == "discover_artist" and body["status"] == "queued"
    assert body["url"] == f"/api/commands/{body['id']}" == answer.headers["Location"]
    with mvidarr.connection():
        assert Job.get_by_id(body["id"]).payload == {"artist_id": artist.id}
    followed = client.get(body["url"], headers=headers).get_json()
    assert followed["job"]["payload"] == {"artist_id": artist.id}


def test_adding_a_monitored_artist_starts_a_discovery(plugged):
    mvidarr, client, headers = plugged
    watched = client.post("/api/artists", headers=headers, json={"name": "Watched"}).get_json()
    client.post("/api/artists", headers=headers, json={"name": "Quiet", "monitored": False})
    with mvidarr.connection():
        jobs = [job.payload for job in Job.select().where(Job.name == "discover_artist")]
    assert jobs == [{"artist_id": watched["id"]}]


def test_lookup_merges_candidates_that_share_an_id(plugged):
    mvidarr, client, headers = plugged
    with mvidarr.connection():
        existing = make_artist("Björk")
    answer = client.get("/api/artists/lookup?term=bjork", headers=headers)
    assert answer.status_code == 200
    body = answer.get_json()
    assert body["sources"] == {"sources": {"ok": True, "found": 3, "error": None}}
    first, second = body["items"]
    assert first["name"] == "Björk"
    assert first["ids"] == {"musicbrainz": "mb-1", "spotify": "sp-1"}
    assert first["sources"] == {"sources": {"musicbrainz": "mb-1", "spotify": "sp-1"}}
    assert first["image_url"] == "https://img.example/b.jpg"
    assert first["existing_artist_id"] == existing.id
    assert second["name"] == "bjork tribute" and second["existing_artist_id"] is None
    assert client.get("/api/artists/lookup", headers=headers).status_code == 400
