"""System status and health: what they tell, and that only admins see paths."""

from __future__ import annotations

from mvidarr.testing.rows import make_artist, make_download, make_job, make_video


def test_status_counts_the_library_and_shows_paths_only_to_admins(client, app, db, as_role):
    artist = make_artist()
    make_video(artist, status="wanted")
    make_download(make_video(artist, status="queued"), status="queued")
    answer = client.get("/api/system/status", headers=as_role("readonly"))
    assert answer.status_code == 200
    body = answer.get_json()
    # The suite may run on a server (MVIDARR_TEST_DATABASE_URL): the kind follows the URL.
    kind = {"sqlite": "sqlite", "postgresql": "postgresql", "postgres": "postgresql",
            "mysql": "mariadb/mysql"}[app.config.database_url.split(":", 1)[0]]
    assert body["version"] == app.version and body["database"] == kind
    assert body["counts"]["artists"] == 1 and body["counts"]["videos"] == 2
    assert body["counts"]["videos_by_status"] == {"wanted": 1, "queued": 1}
    assert body["counts"]["queue"] == 1
    assert body["plugins"]["installed"] == len(app.plugin_infos)
    assert body["paths"] is None
    assert str(app.data_dir) not in answer.get_data(as_text=True)
    admin = client.get("/api/system/status", headers=as_role("admin")).get_json()
    assert admin["paths"] == {"data_dir": str(app.data_dir),
                              "library_root": str(app.library_root())}


def test_health_reports_plugins_jobs_and_free_space(client, app, db, as_role):
    answer = client.get("/api/system/health", headers=as_role("readonly"))
    assert answer.status_code == 200
    body = answer.get_json()
    assert body["status"] == "ok" and body["problems"] == []
    assert {p["name"] for p in body["plugins"]} == set(app.plugin_infos)
    for plugin in body["plugins"]:  # a source's health: success, error, cool-down, usage
        assert {"last_success_at", "last_error", "cooldown_until", "calls_today",
                "quota_used"} <= set(plugin)
    assert body["disk"]["free_bytes"] > 0 and body["disk"]["total_bytes"] >= body["disk"][
        "free_bytes"]
    make_job(status="failed", error="boom")
    make_job(status="queued")
    body = client.get("/api/system/health", headers=as_role("readonly")).get_json()
    assert body["jobs"] == {"failed": 1, "queued": 1}
    assert body["status"] == "warning"
    assert body["problems"] == ["1 job(s) failed; GET /api/jobs?status=failed"]
