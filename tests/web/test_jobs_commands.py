"""Commands start real jobs (or say they cannot); jobs are listed with their runs."""

from __future__ import annotations

import pytest

from mvidarr import Task
from mvidarr.models import Job, JobRun
from mvidarr.testing.rows import make_artist, make_job
from mvidarr.web.api.commands import COMMANDS

ARGS = {"discover_artist": {"artist_id": None}, "import_library": {"path": "/music-videos"}}


@pytest.fixture
def all_tasks(app, monkeypatch):
    """Every command's task registered (some features may not be in this version yet);
    each answers what it was given."""
    for name in COMMANDS:
        monkeypatch.setitem(app.jobs.tasks, name,
                            Task(name, lambda ctx: {"payload": ctx.payload}, max_attempts=1))
    return app


def body_for(name: str) -> dict:
    args = dict(ARGS.get(name, {}))
    if "artist_id" in args:
        args["artist_id"] = make_artist().id
    return {"name": name, **args}


def test_each_command_queues_its_task_and_answers_where_to_follow_it(client, all_tasks, db,
                                                                     as_role):
    for name in COMMANDS:
        body = body_for(name)
        answer = client.post("/api/commands", headers=as_role("manager"), json=body)
        assert answer.status_code == 202, (name, answer.get_json())
        command = answer.get_json()
        assert command["name"] == name and command["status"] == "queued"
        assert command["url"] == f"/api/commands/{command['id']}" == answer.headers["Location"]
        job = Job.get_by_id(command["id"])
        assert job.name == name
        assert job.payload == {k: v for k, v in body.items() if k != "name"}


def test_a_command_whose_feature_is_missing_is_refused(client, app, db, as_role, monkeypatch):
    for name in COMMANDS:
        monkeypatch.delitem(app.jobs.tasks, name, raising=False)
        answer = client.post("/api/commands", headers=as_role("manager"), json=body_for(name))
        assert answer.status_code == 422, name
        assert answer.get_json()["error"] == f"command {name} is not available in this version"
    assert Job.select().count() == 0


def test_asking_twice_while_waiting_answers_the_same_job(client, all_tasks, db, as_role):
    first = client.post("/api/commands", headers=as_role("manager"), json={"name": "backup"})
    again = client.post("/api/commands", headers=as_role("manager"), json={"name": "backup"})
    assert first.get_json()["id"] == again.get_json()["id"]


BAD_COMMANDS = [
    ({}, 422),
    ({"name": "rm -rf"}, 422),
    ({"name": "discover_artist"}, 422),
    ({"name": "discover_artist", "artist_id": 987654}, 404),
    ({"name": "discover_artist", "artist_id": "1"}, 422),
    ({"name": "import_library"}, 422),
    ({"name": "import_library", "path": ""}, 422),
    ({"name": "backup", "path": "/tmp"}, 422),
    ({"name": "backup", "shell": "true"}, 422),
]


def test_bad_commands_are_refused(client, all_tasks, db, as_role):
    for body, status in BAD_COMMANDS:
        answer = client.post("/api/commands", headers=as_role("manager"), json=body)
        assert answer.status_code == status, (body, answer.get_json())
    assert Job.select().count() == 0


def test_following_a_command_shows_its_runs(client, all_tasks, db, as_role):
    started = client.post("/api/commands", headers=as_role("manager"),
                          json={"name": "rescan_library"}).get_json()
    job = all_tasks.jobs.claim("test-worker")
    assert job.id == started["id"]
    assert all_tasks.jobs.run(job, "test-worker") == "done"
    followed = client.get(started["url"], headers=as_role("readonly"))
    assert followed.status_code == 200
    body = followed.get_json()
    assert body["status"] == "done" and body["job"]["result"] == {"payload": {}}
    [run] = body["job"]["runs"]
    assert run["status"] == "ok" and run["worker"] == "test-worker"
    assert run["finished_at"].endswith("Z")
    assert client.get("/api/commands/999", headers=as_role("readonly")).status_code == 404


def test_jobs_are_listed_with_their_runs_newest_first(client, db, as_role):
    old = make_job("upkeep", status="done")
    JobRun.create(job=old, name="upkeep", worker="w1", status="ok", result={"jobs_removed": 0})
    failed = make_job("download", status="failed", error="the video was removed")
    JobRun.create(job=failed, name="download", worker="w1", status="retry", error="timeout")
    JobRun.create(job=failed, name="download", worker="w2", status="error",
                  error="the video was removed")
    answer = client.get("/api/jobs?sort=id&order=desc", headers=as_role("readonly")).get_json()
    assert [job["id"] for job in answer["items"]] == [failed.id, old.id]
    assert [run["worker"] for run in answer["items"][0]["runs"]] == ["w1", "w2"]
    assert answer["items"][1]["runs"][0]["result"] == {"jobs_removed": 0}
    only = client.get("/api/jobs?status=failed", headers=as_role("readonly")).get_json()
    assert [job["error"] for job in only["items"]] == ["the video was removed"]
    named = client.get("/api/jobs?name=upkeep", headers=as_role("readonly")).get_json()
    assert [job["id"] for job in named["items"]] == [old.id]
    assert client.get("/api/jobs?status=sleeping",
                      headers=as_role("readonly")).status_code == 422


def test_a_missing_command_is_refused_before_its_arguments_are_asked_for(client, app, db,
                                                                        as_role, monkeypatch):
    monkeypatch.delitem(app.jobs.tasks, "import_library", raising=False)
    for body in ({"name": "import_library"}, {"name": "import_library", "path": "/videos"}):
        answer = client.post("/api/commands", headers=as_role("manager"), json=body)
        assert answer.status_code == 422
        assert answer.get_json()["error"] == \
            "command import_library is not available in this version"


def test_an_available_command_asks_for_its_arguments_in_plain_words(client, all_tasks, db,
                                                                   as_role):
    answer = client.post("/api/commands", headers=as_role("manager"),
                         json={"name": "import_library"})
    assert answer.get_json()["error"] == "command import_library needs path"
    answer = client.post("/api/commands", headers=as_role("manager"),
                         json={"name": "import_library", "path": ""})
    assert answer.status_code == 422 and answer.get_json()["error"].endswith("must not be empty")
    assert "characters" not in answer.get_json()["error"]
