"""Discovery: every enabled source in parallel, answers merged and folded, blocklist
obeyed, new videos wanted (queued when the artist auto-downloads)."""

from __future__ import annotations

import threading

from click.testing import CliRunner

from mvidarr.cli.base import cli
from mvidarr.errors import RateLimitError
from mvidarr.markers import hookimpl
from mvidarr.models import Artist, BlocklistEntry, Download, Job, Video
from mvidarr.services import discovery
from mvidarr.testing.rows import keep_only_plugins
from mvidarr.types import VideoInfo


class Source:
    """A test source answering `videos` for every artist (after meeting the other
    sources at `barrier`, when given)."""

    def __init__(self, name, videos, barrier=None):
        self.name, self.videos, self.barrier = name, videos, barrier
        self.threads = []

    @hookimpl
    def search_source(self, app, artist):
        self.threads.append(threading.current_thread().name)
        if self.barrier:
            self.barrier.wait()  # raises when the other source is not running meanwhile
        return [VideoInfo(source=self.name, artist=artist.name, **video) for video in self.videos]


class Failing:
    @hookimpl
    def search_source(self, app, artist):
        raise RateLimitError("slow down", retry_after=60)


def sources(app, **plugins):
    for name, plugin in plugins.items():
        app.add_plugin(name, plugin)
    app.settings.set("discovery.source_priority", list(plugins))


def test_sources_are_asked_in_parallel_and_one_failure_stops_nothing(pipeline):
    # Each source waits until the other runs too: asked one after the other, both fail.
    meet = threading.Barrier(2, timeout=5)
    slow_a = Source("srca", [{"source_id": "a1", "title": "One"}], barrier=meet)
    slow_b = Source("srcb", [{"source_id": "b1", "title": "Two"}], barrier=meet)
    sources(pipeline, srca=slow_a, srcb=slow_b, broken=Failing())
    artist = Artist.create(name="Band")
    summary = discovery.discover_artist(pipeline, artist)
    assert slow_a.threads != slow_b.threads
    assert (summary["found"], summary["new"]) == (2, 2)
    assert summary["sources"]["srca"] == {"ok": True, "found": 1, "error": None}
    assert summary["sources"]["broken"]["ok"] is False
    assert "slow down" in summary["sources"]["broken"]["error"]
    assert sorted(v.title for v in artist.videos) == ["One", "Two"]
    assert {v.status for v in artist.videos} == {"wanted"}
    assert Artist.get_by_id(artist.id).last_discovered_at is not None


def test_a_disabled_source_is_not_asked(pipeline):
    off = Source("srca", [{"source_id": "a1", "title": "One"}])
    sources(pipeline, srca=off)
    pipeline.plugin_states.set_enabled("srca", False)
    summary = discovery.discover_artist(pipeline, Artist.create(name="Band"))
    assert off.threads == [] and summary["new"] == 0 and "srca" not in summary["sources"]


def test_duplicates_fold_and_fields_merge_by_source_priority(pipeline):
    rich = Source("srca", [
        {"source_id": "i1", "title": "Song", "year": 2001, "directors": ["Jane Doe"],
         "ids": {"youtube": "yt1"}},
    ])
    plain = Source("srcb", [
        {"source_id": "yt1", "title": "Band - Song (Official Video) [HD]", "year": 1999,
         "ids": {"youtube": "yt1"}, "thumbnail_url": "http://127.0.0.1:9/t.jpg"},
        {"source_id": "yt2", "title": "Song (Official Music Video)", "ids": {"youtube": "yt2"}},
        {"source_id": "yt3", "title": "Other Song 4K", "ids": {"youtube": "yt3"}},
    ])
    sources(pipeline, srca=rich, srcb=plain)
    artist = Artist.create(name="Band")
    summary = discovery.discover_artist(pipeline, artist)
    assert (summary["found"], summary["new"], summary["folded"]) == (4, 2, 2)
    song = Video.get(Video.match_key == "band|song")
    assert (song.title, song.year, song.directors) == ("Song", 2001, ["Jane Doe"])
    assert song.youtube_id == "yt1" and song.thumbnail_url == "http://127.0.0.1:9/t.jpg"
    assert Video.get(Video.match_key == "band|other song").title == "Other Song"

    again = discovery.discover_artist(pipeline, artist)
    assert (again["new"], again["known"]) == (0, 2)
    assert Video.select().count() == 2


def test_two_wanted_videos_differing_only_by_official_video_fold_into_one(pipeline):
    sources(pipeline,
            srca=Source("srca", [{"source_id": "x1", "title": "Halo (Official Video)"}]),
            srcb=Source("srcb", [{"source_id": "z9", "title": "Halo"}]))
    summary = discovery.discover_artist(pipeline, Artist.create(name="Beyoncé"))
    assert summary["new"] == 1
    assert [(v.title, v.status) for v in Video.select()] == [("Halo", "wanted")]


def test_blocklisted_videos_are_dropped(pipeline):
    sources(pipeline, srca=Source("srca", [
        {"source_id": "yt1", "title": "Kept", "ids": {"youtube": "yt1"}},
        {"source_id": "yt2", "title": "Blocked by id", "ids": {"youtube": "yt2"}},
        {"source_id": "yt3", "title": "Blocked By Name (Official Video)"},
    ]))
    BlocklistEntry.create(youtube_id="yt2")
    BlocklistEntry.create(match_key="band|blocked by name")
    summary = discovery.discover_artist(pipeline, Artist.create(name="Band"))
    assert (summary["new"], summary["blocklisted"]) == (1, 2)
    assert [v.title for v in Video.select()] == ["Kept"]


def test_fetch_metadata_answers_fill_what_the_search_lacked(pipeline):
    class Details:
        calls = 0

        @hookimpl
        def fetch_metadata(self, app, url, ids):
            Details.calls += 1
            if ids.get("srca") == "a1":
                return VideoInfo(source="details", source_id="d1", title="One", artist="Band",
                                 label="Big Label", genres=["Rock"])
            return None

    sources(pipeline, srca=Source("srca", [{"source_id": "a1", "title": "One"}]))
    pipeline.add_plugin("details", Details())
    artist = Artist.create(name="Band")
    discovery.discover_artist(pipeline, artist)
    video = Video.get()
    assert (video.label, video.genres) == ("Big Label", ["Rock"])
    calls = Details.calls
    discovery.discover_artist(pipeline, artist)
    assert Details.calls == calls  # known videos are not described again


def test_an_auto_downloading_artist_gets_new_videos_queued(pipeline):
    sources(pipeline, srca=Source("srca", [{"source_id": "a1", "title": "One",
                                            "url": "http://127.0.0.1:9/one.mp4"}]))
    artist = Artist.create(name="Band", auto_download=True)
    summary = discovery.discover_artist(pipeline, artist)
    assert summary["queued"] == 1
    video = Video.get()
    download = Download.get(Download.video == video.id)
    assert (video.status, download.status) == ("queued", "queued")
    job = Job.get_by_id(download.job_id)
    assert (job.name, job.queue, job.payload) == ("download", "downloads",
                                                   {"download_id": download.id})


def test_discovery_runs_as_commands(pipeline, run_jobs):
    sources(pipeline, srca=Source("srca", [{"source_id": "a1", "title": "One"}]))
    artist = Artist.create(name="Band")
    Artist.create(name="Unfollowed", monitored=False)
    pipeline.jobs.enqueue("discover_artist", {"artist_id": artist.id})
    pipeline.jobs.enqueue("discover_all")
    assert run_jobs() == ["done", "done"]
    assert Job.get(Job.name == "discover_all").result["artists"] == 1
    assert Video.select().count() == 1
    pipeline.jobs.enqueue("download_wanted")
    assert run_jobs(limit=1) == ["done"]
    assert Video.get().status == "queued" and Download.select().count() == 1


def test_the_discover_command_shows_progress_and_results(pipeline):
    sources(pipeline, srca=Source("srca", [{"source_id": "a1", "title": "One"}]))
    Artist.create(name="Band")
    runner = CliRunner()
    # The command uses the app it finds in its context: this one, with the test source.
    result = runner.invoke(cli, ["discover", "--artist", "band"], obj={"app": pipeline})
    assert result.exit_code == 0, result.output
    assert "Band: 1 found, 1 new, 0 queued" in result.output
    assert "1 artist(s), 1 new video(s)" in result.output
    missing = runner.invoke(cli, ["discover", "--artist", "Nobody"], obj={"app": pipeline})
    assert missing.exit_code != 0


def test_discovery_of_monitored_artists_is_scheduled_and_can_be_switched_off(pipeline):
    pipeline.scheduler.load()
    entry = pipeline.scheduler.entries["discovery of monitored artists"]
    assert entry.task == "discover_all" and pipeline.scheduler.interval(entry) == 1440 * 60
    pipeline.settings.set("discovery.interval_minutes", 0)
    pipeline.scheduler.load()
    assert "discovery of monitored artists" not in pipeline.scheduler.entries


def test_a_full_discovery_searches_several_artists_at_once(pipeline):
    # The one source waits until three artists are being searched at the same time:
    # searched one after the other, the barrier breaks and every search fails.
    pipeline.settings.set("discovery.parallel_artists", 3)
    meet = threading.Barrier(3, timeout=5)
    source = Source("srca", [{"source_id": "a1", "title": "One"}], barrier=meet)
    sources(pipeline, srca=source)
    keep_only_plugins(pipeline, "srca")
    for name in ("A", "B", "C"):
        Artist.create(name=name)
    seen = []
    totals = discovery.discover_all(pipeline, progress=lambda artist, _: seen.append(artist.name))
    assert (totals["artists"], totals["new"], totals["failed_sources"]) == (3, 3, 0)
    assert seen == ["A", "B", "C"]  # reported in order, from the calling thread
