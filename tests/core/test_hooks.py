"""Each hook, called the way the core calls it, reaching a test plugin.

The behaviour built on the source and download hooks is tested with the
pipeline; here each hook's contract: what arguments an implementation gets and
what the core does with its answer.
"""

from __future__ import annotations

import threading
from pathlib import Path

from flask import Blueprint

from mvidarr import ArtistInfo, Event, ScheduledJob, SettingSpec, Task, VideoInfo, hookimpl
from mvidarr.models import Artist, Job, JobRun, QualityProfile, Video


def test_hook_register_settings(make_app):
    class Plugin:
        @hookimpl
        def register_settings(self, app):
            return [SettingSpec("probe.level", "int", 3, "how loud", minimum=0, maximum=5)]

    app = make_app(probe=Plugin())
    with app.connection():
        assert app.settings.get("probe.level") == 3
        assert app.settings.spec("probe.level").plugin == "probe"
        assert app.settings.set("probe.level", "4") == 4


def test_hook_register_tasks(make_app):
    seen = []

    class Plugin:
        @hookimpl
        def register_tasks(self, app):
            return [Task("probe_task", lambda ctx: seen.append(ctx.payload) or {"ok": True})]

    app = make_app(probe=Plugin())
    with app.connection():
        job = app.jobs.enqueue("probe_task", {"n": 1})
        claimed = app.jobs.claim("test-worker")
        assert claimed.id == job.id
        assert app.jobs.run(claimed, "test-worker") == "done"
        assert seen == [{"n": 1}]
        assert Job.get_by_id(job.id).result == {"ok": True}
        assert JobRun.get(JobRun.job == job.id).status == "ok"


def test_hook_register_schedules(make_app):
    class Plugin:
        @hookimpl
        def register_tasks(self, app):
            return [Task("tick", lambda ctx: None)]

        @hookimpl
        def register_schedules(self, app):
            return [ScheduledJob("every second", "tick", every_seconds=1)]

    app = make_app(probe=Plugin())
    with app.connection():
        app.scheduler.load()
        assert "every second" in app.scheduler.entries
        entry = app.scheduler.schedule.get_jobs("every second")[0]
        entry.run()
        entry.run()  # a second trigger while the first job waits adds nothing
        assert Job.select().where(Job.name == "tick", Job.status == "queued").count() == 1


def test_hook_web_blueprints(make_app):
    from mvidarr.web import create_app as create_web
    from mvidarr.web.routing import route

    bp = Blueprint("probe", __name__)

    @route(bp, "/api/probe", methods=["GET"], role="public", summary="probe")
    def probe():
        return {"probe": True}

    class Plugin:
        @hookimpl
        def web_blueprints(self, app):
            return [bp]

    app = make_app(probe=Plugin())
    client = create_web(app, {"TESTING": True}).test_client()
    assert client.get("/api/probe").get_json() == {"probe": True}


def _artist(name="Probe Artist"):
    return Artist.create(name=name)


def test_hook_search_source(make_app):
    class Plugin:
        @hookimpl
        def search_source(self, app, artist):
            return [VideoInfo("probe", "v1", "Song", artist.name)]

    app = make_app(probe=Plugin())
    with app.connection():
        answers = app.hooks.collect("search_source", artist=_artist())
    assert answers == [("probe", [VideoInfo("probe", "v1", "Song", "Probe Artist")])]


def test_hook_lookup_artist(make_app):
    class Plugin:
        @hookimpl
        def lookup_artist(self, app, term):
            return [ArtistInfo(term.title(), "probe", {"musicbrainz": "mbid-1"})]

    app = make_app(probe=Plugin())
    with app.connection():
        answers = dict(app.hooks.collect("lookup_artist", term="aha"))
    assert answers["probe"][0].name == "Aha"


def test_hook_fetch_metadata(make_app):
    class Plugin:
        @hookimpl
        def fetch_metadata(self, app, url, ids):
            if ids.get("probe") != "42":
                return None
            return VideoInfo("probe", "42", "Take On Me", "a-ha", url=url)

    app = make_app(probe=Plugin())
    with app.connection():
        hit = app.hooks.collect("fetch_metadata", url="http://x/42", ids={"probe": "42"})
        miss = app.hooks.collect("fetch_metadata", url=None, ids={"other": "1"})
    assert [(name, info.title) for name, info in hit] == [("probe", "Take On Me")]
    assert ("probe", None) not in miss and all(name != "probe" for name, _ in miss)


def test_hook_download_video(make_app, tmp_path):
    calls = []

    class Declines:
        @hookimpl
        def download_video(self, app, video):
            calls.append("declines")
            return None

    class Fetches:
        @hookimpl(trylast=True)
        def download_video(self, app, video, dest_dir, progress, cancel):
            calls.append("fetches")
            progress(downloaded=10, total=10, speed=1.0, eta=0)
            path = dest_dir / "file.mp4"
            path.write_bytes(b"x")
            return path

    app = make_app(fetches=Fetches(), declines=Declines())
    with app.connection():
        video = Video.create(title="T", artist=_artist())
        answer = app.hooks.first("download_video", video=video, profile=QualityProfile.default(),
                                 dest_dir=tmp_path, progress=lambda **kw: None,
                                 cancel=threading.Event())
    assert answer == ("fetches", tmp_path / "file.mp4")
    assert calls == ["declines", "fetches"]  # the trylast one answers last


def test_hook_post_download(make_app, tmp_path):
    seen = []

    class Plugin:
        @hookimpl
        def post_download(self, app, video, path):
            seen.append((video.title, Path(path).name))

    app = make_app(probe=Plugin())
    with app.connection():
        video = Video.create(title="T", artist=_artist())
        app.hooks.broadcast("post_download", video=video, path=tmp_path / "a.mp4")
    assert seen == [("T", "a.mp4")]


def test_hook_notify(make_app, config):
    seen = []

    class Plugin:
        @hookimpl
        def notify(self, app, event):
            seen.append(event.kind)

    app = make_app(probe=Plugin())
    with app.connection():
        app.hooks.broadcast("notify", event=Event("test", "hello from the test"))
    assert seen == ["test"]
    for handler in app.log.handlers:
        handler.flush()
    log_text = (config.data_dir / "logs" / "mvidarr.log").read_text()
    assert "test: hello from the test" in log_text  # the built-in lognotify listener


def test_hook_import_list_artists(make_app):
    class Plugin:
        @hookimpl
        def import_list_artists(self, app):
            return [ArtistInfo("Björk", "probe")]

    app = make_app(probe=Plugin())
    with app.connection():
        answers = app.hooks.collect("import_list_artists")
    assert answers == [("probe", [ArtistInfo("Björk", "probe")])]


def test_hook_handle_webhook(make_app):
    class Plugin:
        @hookimpl
        def handle_webhook(self, app, source, payload):
            if source != "probe":
                return None
            return {"handled": payload["event"]}

    app = make_app(probe=Plugin())
    with app.connection():
        assert app.hooks.collect("handle_webhook", source="probe", payload={"event": "x"}) == [
            ("probe", {"handled": "x"})]
        assert app.hooks.collect("handle_webhook", source="plex", payload={}) == []
