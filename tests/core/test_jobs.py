"""The persistent job queue: claims, retries with back-off, limits, leases."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest

from mvidarr import PermanentError, RateLimitError, Task, TransientError, UserError, hookimpl
from mvidarr.jobs import backoff
from mvidarr.models import Job, JobRun, utcnow


class Tasks:
    def __init__(self):
        self.runs = []
        self.outcomes = []

    @hookimpl
    def register_tasks(self, app):
        return [Task("work", self.work, max_attempts=3),
                Task("fetch", self.work, queue="downloads")]

    def work(self, ctx):
        self.runs.append(ctx.payload)
        outcome = self.outcomes.pop(0) if self.outcomes else None
        if isinstance(outcome, BaseException):
            raise outcome
        return {"attempt": ctx.attempt}


@pytest.fixture
def tasks():
    return Tasks()


@pytest.fixture
def qapp(make_app, tasks):
    app = make_app(tasks=tasks)
    with app.connection():
        yield app


def run_one(app, worker="w:1:a/t0"):
    job = app.jobs.claim(worker)
    assert job is not None, "nothing to claim"
    return job, app.jobs.run(job, worker)


def test_a_job_runs_once_and_its_run_is_recorded(qapp, tasks):
    job = qapp.jobs.enqueue("work", {"n": 1})
    _, status = run_one(qapp)
    assert status == "done"
    assert qapp.jobs.claim("w:1:a/t0") is None
    job = Job.get_by_id(job.id)
    assert (job.status, job.attempts, job.result) == ("done", 1, {"attempt": 1})
    run = JobRun.get(JobRun.job == job.id)
    assert run.status == "ok" and run.started_at <= run.finished_at


def test_unknown_tasks_are_refused(qapp):
    with pytest.raises(UserError, match="no task named"):
        qapp.jobs.enqueue("nope")


def test_a_transient_error_retries_later_with_backoff(qapp, tasks):
    tasks.outcomes = [TransientError("network down")]
    job = qapp.jobs.enqueue("work")
    _, status = run_one(qapp)
    assert status == "queued"
    job = Job.get_by_id(job.id)
    assert job.run_after > utcnow() + timedelta(seconds=3)  # not claimable at once
    assert qapp.jobs.claim("w:1:a/t0") is None
    Job.update(run_after=utcnow()).where(Job.id == job.id).execute()
    _, status = run_one(qapp)
    assert status == "done"
    assert [r.status for r in JobRun.select().where(JobRun.job == job.id).order_by(JobRun.id)] == [
        "retry", "ok"]


def test_retry_after_is_honoured(qapp, tasks):
    tasks.outcomes = [RateLimitError("slow down", retry_after=120)]
    job = qapp.jobs.enqueue("work")
    run_one(qapp)
    wait = (Job.get_by_id(job.id).run_after - utcnow()).total_seconds()
    assert 115 < wait <= 121


def test_transient_errors_give_up_after_max_attempts(qapp, tasks):
    tasks.outcomes = [TransientError("still down")] * 3
    job = qapp.jobs.enqueue("work")
    for _ in range(3):
        Job.update(run_after=utcnow()).where(Job.id == job.id).execute()
        _, status = run_one(qapp)
    job = Job.get_by_id(job.id)
    assert status == "failed" and job.status == "failed"
    assert "gave up after 3 tries" in job.error


def test_a_permanent_error_fails_at_once_with_the_reason(qapp, tasks):
    tasks.outcomes = [PermanentError("the video was removed")]
    job = qapp.jobs.enqueue("work")
    _, status = run_one(qapp)
    assert status == "failed"
    assert Job.get_by_id(job.id).error == "the video was removed"


def test_backoff_grows_and_respects_retry_after():
    assert 4 <= backoff(1) <= 6
    assert 16 <= backoff(3) <= 24
    assert backoff(30) <= 3600 * 1.2
    assert backoff(1, retry_after=90) == 90


def test_downloads_queue_obeys_max_concurrent_read_at_claim_time(qapp):
    qapp.settings.set("downloads.max_concurrent", 1)
    for n in range(3):
        qapp.jobs.enqueue("fetch", {"n": n})
    first = qapp.jobs.claim("w:1:a/t0")
    assert first is not None
    assert qapp.jobs.claim("w:1:a/t1") is None  # one running already
    qapp.settings.set("downloads.max_concurrent", 2)
    assert qapp.jobs.claim("w:1:a/t1") is not None  # applies without restart
    assert qapp.jobs.claim("w:1:a/t2") is None


def test_two_workers_never_claim_the_same_job(qapp):
    for n in range(20):
        qapp.jobs.enqueue("work", {"n": n})
    claimed = []

    def claim_all(worker):
        with qapp.connection():
            while (job := qapp.jobs.claim(worker)) is not None:
                claimed.append(job.id)

    threads = [threading.Thread(target=claim_all, args=(f"w:1:a/t{i}",)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(claimed) == 20 == len(set(claimed))


def test_a_stale_lease_is_taken_back_and_the_old_owner_cannot_finish(qapp, tasks):
    job = qapp.jobs.enqueue("work")
    old_owner = "otherhost:99:zz/t0"
    claimed = qapp.jobs.claim(old_owner)
    Job.update(heartbeat_at=utcnow() - timedelta(minutes=5)).where(Job.id == job.id).execute()
    assert qapp.jobs.recover() == 1
    _, status = run_one(qapp, "w:1:a/t0")
    assert status == "done"
    qapp.jobs.run(claimed, old_owner)  # the old owner wakes up and finishes too
    job = Job.get_by_id(job.id)
    assert job.status == "done" and job.attempts == 2
    assert len(tasks.runs) == 2


def test_a_live_lease_is_left_alone(qapp):
    qapp.jobs.enqueue("work")
    qapp.jobs.claim("otherhost:99:zz/t0")
    assert qapp.jobs.recover() == 0


def test_a_waiting_job_can_be_cancelled(qapp, tasks):
    job = qapp.jobs.enqueue("work")
    assert qapp.jobs.cancel(job.id)
    assert qapp.jobs.claim("w:1:a/t0") is None
    assert Job.get_by_id(job.id).status == "cancelled"
    assert not qapp.jobs.cancel(job.id)


def test_worker_pool_drains_the_queue(make_app, tasks):
    app = make_app(tasks=tasks)
    with app.connection():
        jobs = [app.jobs.enqueue("work", {"n": n}) for n in range(5)]
    app.start_workers(2)
    deadline = time.monotonic() + 10
    with app.connection():
        while time.monotonic() < deadline:
            if Job.select().where(Job.id.in_([j.id for j in jobs]),
                                  Job.status == "done").count() == 5:
                break
            time.sleep(0.05)
        assert Job.select().where(Job.status == "done").count() == 5
    assert sorted(run["n"] for run in tasks.runs) == [0, 1, 2, 3, 4]


def test_a_stopping_worker_queues_its_interrupted_job_again(make_app):
    started = threading.Event()

    class Slow:
        @hookimpl
        def register_tasks(self, app):
            def slow(ctx):
                started.set()
                if ctx.cancel.wait(10):
                    raise RuntimeError("interrupted")
            return [Task("slow", slow)]

    app = make_app(slow=Slow())
    with app.connection():
        job = app.jobs.enqueue("slow")
    app.start_workers(1)
    assert started.wait(10)
    app.workers.stop()
    with app.connection():
        job = Job.get_by_id(job.id)
        assert job.status == "queued" and job.claimed_by is None
        assert JobRun.get(JobRun.job == job.id).status == "interrupted"


def test_a_job_that_finishes_while_the_worker_stops_is_done(make_app):
    started = threading.Event()

    class Quick:
        @hookimpl
        def register_tasks(self, app):
            def quick(ctx):
                started.set()
                ctx.cancel.wait(10)  # the stop arrives, the work still completes
                return {"ok": True}
            return [Task("quick", quick)]

    app = make_app(quick=Quick())
    with app.connection():
        job = app.jobs.enqueue("quick")
    app.start_workers(1)
    assert started.wait(10)
    app.workers.stop()
    with app.connection():
        assert Job.get_by_id(job.id).status == "done"


def test_a_running_job_cancelled_by_a_user_ends_cancelled(qapp, tasks):
    job = qapp.jobs.enqueue("work")
    claimed = qapp.jobs.claim("w:1:a/t0")
    qapp.jobs.cancel(job.id)  # from elsewhere, while it "runs"
    assert qapp.jobs.run(claimed, "w:1:a/t0") == "done"
    assert Job.get_by_id(job.id).status == "cancelled"
