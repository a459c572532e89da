"""Fixtures of the acquisition pipeline's tests: real small media served from 127.0.0.1."""

from __future__ import annotations

import pytest

from mvidarr.testing.media import MediaServer, make_jpeg, make_mp4


@pytest.fixture(scope="session")
def media_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("media")
    make_mp4(folder / "clip.mp4", seconds=1)
    make_mp4(folder / "long.mp4", seconds=2, size="320x240", rate=25)
    make_jpeg(folder / "cover.jpg")
    return folder


@pytest.fixture
def clip(media_dir):
    return media_dir / "clip.mp4"


@pytest.fixture
def server(media_dir):
    with MediaServer() as running:
        running.add("/cover.jpg", media_dir / "cover.jpg")
        yield running


@pytest.fixture
def pipeline(db):
    """The app (database open) with private URLs allowed: media comes from 127.0.0.1."""
    db.settings.set("security.allow_private_urls", True)
    return db


@pytest.fixture
def run_jobs(pipeline):
    """``run_jobs()``: claim and run due jobs in this thread until none is left;
    answers their end statuses."""

    def run(worker: str = "test/t0", limit: int = 20) -> list[str]:
        statuses = []
        for _ in range(limit):
            job = pipeline.jobs.claim(worker)
            if job is None:
                break
            statuses.append(pipeline.jobs.run(job, worker))
        return statuses

    return run
