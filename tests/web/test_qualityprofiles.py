"""Quality profiles over the API: readonly lists, managers edit; one default at a time;
the default and profiles in use cannot be deleted."""

from __future__ import annotations

from mvidarr.models import QualityProfile
from mvidarr.services.quality import format_spec
from mvidarr.testing.rows import make_artist, make_profile, make_video

URL = "/api/qualityprofiles"


def defaults() -> list[str]:
    return [p.name for p in QualityProfile.select().where(QualityProfile.is_default == True)]  # noqa: E712


def test_the_list_shows_the_default_profile_on_a_fresh_install(client, db, as_role):
    answer = client.get(URL, headers=as_role("readonly"))
    assert answer.status_code == 200
    body = answer.get_json()
    assert body["total"] == 1 and body["items"][0]["is_default"] is True


def test_a_manager_creates_a_profile_that_downloads_use(client, db, as_role):
    answer = client.post(URL, headers=as_role("manager"), json={
        "name": "  Small VP9  ", "max_height": 480, "video_codec": "vp9", "audio_codec": "opus",
        "container": "webm", "allow_audio_only": True})
    assert answer.status_code == 201, answer.get_json()
    made = answer.get_json()
    assert made["name"] == "Small VP9" and made["is_default"] is False
    assert (made["max_height"], made["video_codec"], made["container"]) == (480, "vp9", "webm")
    stored = QualityProfile.get_by_id(made["id"])
    assert "[height<=?480]" in format_spec(stored) and format_spec(stored).endswith("/ba")
    one = client.get(f"{URL}/{made['id']}", headers=as_role("readonly")).get_json()
    assert one == made
    listed = client.get(f"{URL}?sort=max_height", headers=as_role("readonly")).get_json()
    assert [p["max_height"] for p in listed["items"]] == [480, 1080]


def test_bad_profiles_are_refused(client, db, as_role):
    headers = as_role("manager")
    for bad in ({}, {"name": ""}, {"name": "   "}, {"name": "x", "max_height": 100},
                {"name": "x", "max_height": 1080.5}, {"name": "x", "video_codec": "mpeg2"},
                {"name": "x", "container": "avi"}, {"name": "x", "allow_audio_only": "yes"},
                {"name": "x", "colour": "blue"}):
        answer = client.post(URL, headers=headers, json=bad)
        assert answer.status_code == 422, bad
    make_profile("Taken")
    assert client.post(URL, headers=headers, json={"name": "Taken"}).status_code == 409
    other = make_profile("Other")
    answer = client.put(f"{URL}/{other.id}", headers=headers, json={"name": "Taken"})
    assert answer.status_code == 409
    assert client.get(f"{URL}/999999", headers=as_role("readonly")).status_code == 404
    assert client.post(URL, headers=as_role("user"), json={"name": "y"}).status_code == 403


def test_only_the_fields_sent_change(client, db, as_role):
    profile = make_profile("Edit me", max_height=720, container="mkv")
    answer = client.put(f"{URL}/{profile.id}", headers=as_role("manager"),
                        json={"max_height": 2160})
    assert answer.status_code == 200
    changed = answer.get_json()
    assert (changed["max_height"], changed["container"], changed["name"]) == (2160, "mkv",
                                                                            "Edit me")


def test_marking_a_default_unmarks_the_others(client, db, as_role):
    first = QualityProfile.default()
    second = make_profile("Second")
    answer = client.put(f"{URL}/{second.id}", headers=as_role("manager"),
                        json={"is_default": True})
    assert answer.status_code == 200 and answer.get_json()["is_default"] is True
    assert defaults() == ["Second"]
    assert QualityProfile.default().id == second.id
    answer = client.post(URL, headers=as_role("manager"), json={"name": "Third",
                                                               "is_default": True})
    assert answer.status_code == 201
    assert defaults() == ["Third"]
    # The default is replaced by marking another, never unmarked into none.
    third = answer.get_json()["id"]
    answer = client.put(f"{URL}/{third}", headers=as_role("manager"), json={"is_default": False})
    assert answer.status_code == 409
    assert defaults() == ["Third"] and first.id != third


def test_the_default_and_profiles_in_use_are_not_deleted(client, db, as_role):
    headers = as_role("manager")
    default = QualityProfile.default()
    assert client.delete(f"{URL}/{default.id}", headers=headers).status_code == 409
    by_artist = make_profile("Artist's")
    make_artist(quality_profile=by_artist)
    by_video = make_profile("Video's")
    make_video(quality_profile=by_video)
    for used in (by_artist, by_video):
        answer = client.delete(f"{URL}/{used.id}", headers=headers)
        assert answer.status_code == 409 and "in use" in answer.get_json()["error"]
    unused = make_profile("Unused")
    answer = client.delete(f"{URL}/{unused.id}", headers=headers)
    assert answer.status_code == 200 and answer.get_json() == {"deleted": 1}
    assert QualityProfile.get_or_none(QualityProfile.id == unused.id) is None
    assert client.delete(f"{URL}/{unused.id}", headers=headers).status_code == 404
    assert QualityProfile.select().count() == 3


def test_a_name_differing_only_in_case_is_taken(client, db, as_role):
    headers = as_role("manager")
    taken = make_profile("720p VP9")
    answer = client.post(URL, headers=headers, json={"name": "720P vp9"})
    assert answer.status_code == 409 and "'720p VP9' exists already" in answer.get_json()["error"]
    other = make_profile("Other")
    answer = client.put(f"{URL}/{other.id}", headers=headers, json={"name": " 720p vp9 "})
    assert answer.status_code == 409
    # A profile may change the case of its own name.
    answer = client.put(f"{URL}/{taken.id}", headers=headers, json={"name": "720P VP9"})
    assert answer.status_code == 200 and answer.get_json()["name"] == "720P VP9"
    assert QualityProfile.select().where(QualityProfile.name.in_(["720P vp9", " 720p vp9 "])) \
        .count() == 0
