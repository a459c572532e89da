"""`mvidarr demo-data`: a synthetic library in an empty database, refused otherwise."""

from __future__ import annotations

import pytest

from mvidarr.app import create_app
from mvidarr.cli import main
from mvidarr.config import Config
from mvidarr.models import Artist, Download, Video, fold


@pytest.fixture
def run(monkeypatch, capsys):
    def run(data_dir, *args):
        monkeypatch.setenv("MVIDARR_DATA_DIR", str(data_dir))
        with pytest.raises(SystemExit) as done:
            main(["demo-data", *args])
        out = capsys.readouterr()
        return done.value.code, out.out, out.err

    return run


def library(data_dir) -> dict:
    """What the database in `data_dir` holds, read through a fresh app."""
    app = create_app(Config.from_env(env={"MVIDARR_DATA_DIR": str(data_dir)},
                                     log_to_console=False))
    try:
        with app.connection():
            return {
                "artists": sorted(Artist.select(Artist.name, Artist.sort_name).tuples()),
                "videos": list(Video.select(Video.title, Video.title_sort, Video.status,
                                            Video.youtube_id, Video.artist, Video.year)
                               .order_by(Video.id).tuples()),
                "downloads": list(Download.select(Download.status, Download.video)
                                  .order_by(Download.id).tuples()),
            }
    finally:
        app.stop()


def test_fills_an_empty_database_with_varied_rows(run, tmp_path):
    code, out, err = run(tmp_path / "data", "--artists", "40", "--videos", "900")
    assert code == 0, err
    assert "40 artists and 900 videos" in out
    held = library(tmp_path / "data")
    assert len(held["artists"]) == 40
    assert len(held["videos"]) == 900
    statuses = {status for _, _, status, *_ in held["videos"]}
    assert statuses == {"wanted", "queued", "downloaded", "failed", "ignored"}
    youtube_ids = [row[3] for row in held["videos"]]
    assert len(set(youtube_ids)) == 900 and all(youtube_ids)
    assert len({row[4] for row in held["videos"]}) == 40  # every artist has videos
    assert len({row[5] for row in held["videos"]}) > 20  # years vary
    names = [name for name, _ in held["artists"]]
    assert any(name.startswith("The ") for name in names)
    assert any(not name.isascii() for name in names)
    # "The X" sorts under X, accents fold: the sort key is what the list orders by.
    for name, sort_name in held["artists"]:
        if name.startswith("The "):
            assert sort_name.endswith(", the")
        assert not set("éöóü") & set(sort_name)
    # Fields the generator leaves to their defaults read back as the model's defaults.
    app = create_app(Config.from_env(env={"MVIDARR_DATA_DIR": str(tmp_path / "data")},
                                     log_to_console=False))
    with app.connection():
        video = Video.select().where(Video.status == "downloaded").first()
        assert video.featured_artists == [] and video.description is None
        assert video.downloaded_at >= video.added_at and video.file_path.endswith(".mp4")
        assert video.match_key and video.title_sort == fold(video.title)
        assert Artist.get_by_id(video.__data__["artist"]).auto_download is False
    app.stop()
    # Downloads follow the statuses: queued ones in the queue, finished in the history.
    status_of = {vid: row[2] for vid, row in enumerate(held["videos"], start=1)}
    download_statuses = {status for status, _ in held["downloads"]}
    assert {"finished", "failed", "queued"} <= download_statuses
    for status, video_id in held["downloads"]:
        if status == "queued":
            assert status_of[video_id] == "queued"
        if status == "finished":
            assert status_of[video_id] == "downloaded"


def test_a_second_run_is_refused_and_changes_nothing(run, tmp_path):
    assert run(tmp_path / "data", "--artists", "5", "--videos", "60")[0] == 0
    before = library(tmp_path / "data")
    code, out, err = run(tmp_path / "data", "--artists", "5", "--videos", "60")
    assert code == 1
    assert err.strip().count("\n") == 0 and "already holds" in err
    assert "Traceback" not in err + out
    assert library(tmp_path / "data") == before


def test_one_artist_is_enough_to_refuse(run, tmp_path):
    app = create_app(Config.from_env(env={"MVIDARR_DATA_DIR": str(tmp_path / "data")},
                                     log_to_console=False))
    with app.connection():
        Artist.create(name="Somebody Real")
    app.stop()
    code, _, err = run(tmp_path / "data", "--artists", "3", "--videos", "10")
    assert code == 1 and "already holds" in err
    held = library(tmp_path / "data")
    assert [name for name, _ in held["artists"]] == ["Somebody Real"]
    assert held["videos"] == []


def test_the_same_seed_makes_the_same_library(run, tmp_path):
    for folder, seed in (("a", "7"), ("b", "7"), ("c", "8")):
        assert run(tmp_path / folder, "--artists", "10", "--videos", "120",
                   "--seed", seed)[0] == 0
    a, b, c = (library(tmp_path / folder) for folder in "abc")
    assert a == b
    assert a["videos"] != c["videos"]


def test_the_generator_itself_refuses_a_library_with_rows(db):
    from mvidarr.errors import ConflictError
    from mvidarr.services import demo

    Artist.create(name="Somebody Real")
    with pytest.raises(ConflictError, match="already holds"):
        demo.generate(3, 10)
    assert Artist.select().count() == 1 and Video.select().count() == 0
