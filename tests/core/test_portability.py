"""What must behave the same on SQLite, PostgreSQL and MariaDB: exact text comparison
but case-insensitive `contains`, four-byte characters, long indexed text, long text,
microsecond timestamps.

By default these run on SQLite; with MVIDARR_TEST_DATABASE_URL they run on that
server (see `mvidarr.testing.serverdb`), where each of them once failed.
"""

from __future__ import annotations

from datetime import datetime

from mvidarr.models import Artist, BlocklistEntry, Job, Setting, Video
from mvidarr.services.library import is_blocked
from mvidarr.testing.rows import make_artist, make_video


def test_ids_differing_only_in_case_are_different_videos(db):
    # YouTube ids are case-sensitive: these are two videos, not one.
    lower = make_video(youtube_id="abcdefghijk", url="https://youtu.be/abcdefghijk")
    upper = make_video(youtube_id="ABCDEFGHIJK", url="https://youtu.be/ABCDEFGHIJK")
    assert Video.get(Video.youtube_id == "ABCDEFGHIJK").id == upper.id
    assert [v.id for v in Video.select().where(Video.url == "https://youtu.be/abcdefghijk")] \
        == [lower.id]
    BlocklistEntry.create(youtube_id="abcdefghijk")
    assert is_blocked(youtube_id="abcdefghijk")
    assert not is_blocked(youtube_id="ABCDEFGHIJK")


def test_setting_keys_and_names_keep_their_exact_text(db):
    Setting.create(key="plugin.Token", value=1)
    Setting.create(key="plugin.token", value=2)
    assert Setting.get_by_id("plugin.Token").value == 1
    artist = make_artist("Sigur Rós 🎵")
    assert Artist.get_by_id(artist.id).name == "Sigur Rós 🎵"
    assert Artist.by_name("sigur ros 🎵").id == artist.id


def test_contains_ignores_case_while_equality_does_not(db):
    entry = BlocklistEntry.create(title="Never Again", youtube_id="neverAgain1")
    assert [e.id for e in BlocklistEntry.select().where(
        BlocklistEntry.title.contains("never a"))] == [entry.id]
    assert BlocklistEntry.select().where(BlocklistEntry.title == "never again").count() == 0
    assert [e.id for e in BlocklistEntry.select().where(
        BlocklistEntry.youtube_id.startswith("never"))] == [entry.id]


def test_long_titles_are_stored_indexed_and_found(db):
    title = "Ä" * 999 + "🎬"
    video = make_video(title=title, status="wanted")
    found = Video.select().where(Video.status == "wanted", Video.title_sort == video.title_sort)
    assert [v.title for v in found] == [title]


def test_long_text_and_json_are_kept_whole(db):
    description = "la " * 60_000  # 180 KB: more than a MariaDB TEXT holds
    video = make_video(description=description)
    assert Video.get_by_id(video.id).description == description
    job = Job.create(name="upkeep", payload={"ids": list(range(30_000))})
    assert Job.get_by_id(job.id).payload["ids"][-1] == 29_999


def test_timestamps_keep_microseconds(db):
    moment = datetime(2024, 5, 17, 12, 30, 45, 123456)
    job = Job.create(name="upkeep", run_after=moment)
    assert Job.get_by_id(job.id).run_after == moment
    later = Job.create(name="upkeep", run_after=moment.replace(microsecond=123457))
    assert [j.id for j in Job.select().where(Job.run_after > moment)] == [later.id]

