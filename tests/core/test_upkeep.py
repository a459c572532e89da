"""Database upkeep forgets old finished jobs and their runs, on every database."""

from __future__ import annotations

from datetime import timedelta

from mvidarr.models import Job, JobRun, utcnow


def test_upkeep_removes_old_finished_jobs_with_their_runs_only(db):
    long_ago = utcnow() - timedelta(days=31)
    old = [Job.create(name="download", status=status, finished_at=long_ago)
           for status in ("done", "failed", "cancelled")]
    for job in old:
        JobRun.create(job=job, name="download", worker="w1", status="ok")
    recent = Job.create(name="download", status="done", finished_at=utcnow())
    JobRun.create(job=recent, name="download", worker="w1", status="ok")
    running = Job.create(name="download", status="running", finished_at=long_ago)
    job = db.jobs.enqueue("upkeep")
    claimed = db.jobs.claim("w:1:a/t0")
    assert claimed.id == job.id
    assert db.jobs.run(claimed, "w:1:a/t0") == "done"
    assert Job.get_by_id(job.id).result == {"jobs_removed": 3, "runs_removed": 3}
    left = {row.id for row in Job.select(Job.id)}
    assert left == {recent.id, running.id, job.id}
    assert [run.job_id for run in JobRun.select().where(JobRun.name == "download")] == [recent.id]
