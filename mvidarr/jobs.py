"""The persistent job queue and the worker threads that drain it.

A job is a row in the `job` table. A worker claims it with a conditional
UPDATE (so two workers, even in two processes, never run one job twice), runs
its `Task`, and records every run as a `JobRun`. A `TransientError` puts the
job back with back-off; anything else fails it with the reason.

Claims are leases: the owning process refreshes `heartbeat_at` while it runs.
At start, jobs whose process is gone (same host, pid no longer ours or alive)
are queued again at once; anywhere, a lease older than `jobs.lease_seconds`
is taken back. Tasks must therefore be safe to run again from the start.
"""

from __future__ import annotations

import logging
import os
import random
import secrets
import socket
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from mvidarr.errors import TransientError, UserError
from mvidarr.models import Job, JobRun, db, utcnow

if TYPE_CHECKING:
    from mvidarr.app import Mvidarr
    from mvidarr.types import Task

log = logging.getLogger("mvidarr.jobs")
MAX_BACKOFF = 3600.0


@dataclass
class JobContext:
    """What a running task gets: the app, its job's id and payload, a cancel event."""

    app: Mvidarr
    job_id: int
    payload: dict
    attempt: int
    cancel: threading.Event = field(default_factory=threading.Event)
    # Why `cancel` was set: "cancel" (a user asked) or "shutdown" (the worker stops).
    stop_reason: str | None = None

    def stop(self, reason: str) -> None:
        if self.stop_reason != "cancel":  # a user's cancel is never downgraded
            self.stop_reason = reason
        self.cancel.set()


def process_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


def _process_gone(claimed_by: str, me: str) -> bool:
    """True when `claimed_by` names a process on this host that no longer runs."""
    try:
        host, pid_text, token = claimed_by.split("/", 1)[0].split(":")
        pid = int(pid_text)
    except ValueError:
        return False
    my_host, my_pid, my_token = me.split(":")
    if host != my_host:
        return False
    if pid == int(my_pid):
        return token != my_token  # our pid, an earlier life (containers reuse pid 1)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


class JobQueue:
    def __init__(self, app: Mvidarr):
        self.app = app
        self.tasks: dict[str, Task] = {}
        self.process = process_id()
        self.wakeup = threading.Event()
        self._claim_lock = threading.Lock()
        self._running: dict[int, JobContext] = {}

    def register(self, task: Task) -> None:
        if task.name in self.tasks:
            raise ValueError(f"task {task.name} is registered twice")
        self.tasks[task.name] = task

    # -- putting work on the queue -------------------------------------------------
    def enqueue(self, name: str, payload: dict | None = None, *, priority: int = 0,
                delay: float = 0.0, unique: bool = False) -> Job:
        """Queue a job for task `name`; with `unique`, answer the waiting one if any."""
        task = self.tasks.get(name)
        if task is None:
            raise UserError(f"no task named {name!r}")
        payload = payload or {}
        with db.atomic():
            if unique:
                waiting = (Job.select().where(Job.name == name, Job.status == "queued")
                           .order_by(Job.id).first())
                if waiting is not None and waiting.payload == payload:
                    return waiting
            job = Job.create(name=name, payload=payload, queue=task.queue, priority=priority,
                             max_attempts=task.max_attempts,
                             run_after=utcnow() + timedelta(seconds=delay))
        self.wakeup.set()
        return job

    def cancel(self, job_id: int) -> bool:
        """Cancel a waiting job, or ask a running one to stop. False when already over."""
        changed = (Job.update(status="cancelled", finished_at=utcnow())
                   .where(Job.id == job_id, Job.status.in_(("queued", "running"))).execute())
        ctx = self._running.get(job_id)
        if ctx is not None:
            ctx.stop("cancel")
        return bool(changed)

    # -- claiming and running ------------------------------------------------------
    def limits(self) -> dict[str, int]:
        """Concurrency per queue, read at claim time so a change applies at once."""
        return {"downloads": int(self.app.settings.get("downloads.max_concurrent"))}

    def claim(self, worker: str) -> Job | None:
        with self._claim_lock:
            now = utcnow()
            full = []
            for queue, limit in self.limits().items():
                running = Job.select().where(Job.queue == queue, Job.status == "running").count()
                if running >= limit:
                    full.append(queue)
            query = Job.select(Job.id).where(Job.status == "queued", Job.run_after <= now,
                                             Job.name.in_(list(self.tasks)))
            if full:
                query = query.where(Job.queue.not_in(full))
            for candidate in query.order_by(Job.priority, Job.id).limit(8):
                taken = (Job.update(status="running", claimed_by=worker, claimed_at=now,
                                    heartbeat_at=now, attempts=Job.attempts + 1)
                         .where(Job.id == candidate.id, Job.status == "queued").execute())
                if taken:
                    return Job.get_by_id(candidate.id)
            return None

    def run(self, job: Job, worker: str) -> str:
        """Run a claimed job to its end; answer its new status."""
        task = self.tasks[job.name]
        ctx = JobContext(self.app, job.id, dict(job.payload or {}), job.attempts)
        self._running[job.id] = ctx
        run = JobRun.create(job=job.id, name=job.name, worker=worker)
        try:
            result = task.run(ctx)
        except TransientError as exc:
            return self._retry_or_fail(job, run, worker, exc)
        except Exception as exc:
            if ctx.stop_reason == "cancel":
                return self._end(job, run, worker, "cancelled", error="cancelled")
            if ctx.stop_reason == "shutdown":
                return self._requeue(job, run, worker)
            log.exception("job %s (%s) failed", job.id, job.name)
            return self._end(job, run, worker, "failed", error=_words(exc))
        finally:
            self._running.pop(job.id, None)
        if ctx.stop_reason == "cancel":
            return self._end(job, run, worker, "cancelled", error="cancelled")
        return self._end(job, run, worker, "done", result=result)

    def _requeue(self, job: Job, run: JobRun, worker: str) -> str:
        """The worker stopped under a running job: the next worker starts it again."""
        _finish_run(run, "interrupted", error="the worker stopped during this run")
        (Job.update(status="queued", claimed_by=None, run_after=utcnow())
         .where(Job.id == job.id, Job.claimed_by == worker, Job.status == "running").execute())
        return "queued"

    def _retry_or_fail(self, job: Job, run: JobRun, worker: str, exc: TransientError) -> str:
        if job.attempts >= job.max_attempts:
            return self._end(job, run, worker, "failed",
                             error=f"{_words(exc)} (gave up after {job.attempts} tries)")
        delay = backoff(job.attempts, exc.retry_after)
        _finish_run(run, "retry", error=_words(exc))
        (Job.update(status="queued", claimed_by=None, error=_words(exc),
                    run_after=utcnow() + timedelta(seconds=delay))
         .where(Job.id == job.id, Job.claimed_by == worker, Job.status == "running").execute())
        log.info("job %s (%s) will retry in %.0fs: %s", job.id, job.name, delay, exc)
        return "queued"

    def _end(self, job: Job, run: JobRun, worker: str, status: str, *,
             result: Any = None, error: str | None = None) -> str:
        _finish_run(run, "ok" if status == "done" else "error", result=result, error=error)
        # Only the lease holder may finish a job: a job taken back after a lost
        # lease and run elsewhere is finished once, by its new owner.
        # A job a user cancelled (perhaps from another process) stays cancelled.
        current = ("running", "cancelled") if status == "cancelled" else ("running",)
        (Job.update(status=status, result=result, error=error, finished_at=utcnow())
         .where(Job.id == job.id, Job.claimed_by == worker, Job.status.in_(current)).execute())
        return status

    # -- leases ---------------------------------------------------------------------
    def heartbeat(self) -> None:
        """Refresh our leases and pass on cancellations asked for by other processes."""
        ids = list(self._running)
        if not ids:
            return
        Job.update(heartbeat_at=utcnow()).where(Job.id.in_(ids), Job.status == "running").execute()
        for job in Job.select(Job.id).where(Job.id.in_(ids), Job.status == "cancelled"):
            ctx = self._running.get(job.id)
            if ctx is not None:
                ctx.stop("cancel")

    def recover(self) -> int:
        """Queue again the jobs whose worker died; answer how many."""
        lease = timedelta(seconds=int(self.app.settings.get("jobs.lease_seconds")))
        stale_before = utcnow() - lease
        recovered = 0
        running = Job.select().where(Job.status == "running")
        for job in running:
            mine = job.claimed_by and job.claimed_by.startswith(self.process + "/")
            if mine and job.id in self._running:
                continue
            gone = job.claimed_by and _process_gone(job.claimed_by, self.process)
            stale = job.heartbeat_at is None or job.heartbeat_at < stale_before
            if not (gone or stale):
                continue
            taken = (Job.update(status="queued", claimed_by=None, run_after=utcnow(),
                                error="its worker stopped; queued again")
                     .where(Job.id == job.id, Job.claimed_by == job.claimed_by,
                            Job.status == "running").execute())
            if taken:
                (JobRun.update(status="interrupted", finished_at=utcnow(),
                               error="the worker stopped during this run")
                 .where(JobRun.job == job.id, JobRun.status == "running").execute())
                log.warning("job %s (%s) was running in a stopped worker; queued again",
                            job.id, job.name)
                recovered += 1
        if recovered:
            self.wakeup.set()
        return recovered


def backoff(attempt: int, retry_after: float | None = None) -> float:
    """Seconds to wait before try `attempt + 1`: exponential with jitter, at least
    what the service asked for."""
    base = min(MAX_BACKOFF, 5.0 * 2 ** max(0, attempt - 1))
    delay = base * random.uniform(0.8, 1.2)
    return max(delay, retry_after or 0.0)


def _finish_run(run: JobRun, status: str, *, result: Any = None, error: str | None = None):
    JobRun.update(status=status, result=result, error=error, finished_at=utcnow()).where(
        JobRun.id == run.id).execute()


def _words(exc: BaseException) -> str:
    return (str(exc) or type(exc).__name__)[:2000]


class WorkerPool:
    """Worker threads claiming and running jobs, plus one lease-keeping thread."""

    POLL_SECONDS = 1.0
    HEARTBEAT_SECONDS = 5.0

    def __init__(self, app: Mvidarr, threads: int):
        self.app = app
        self.queue = app.jobs
        self.threads = threads
        self.stopping = threading.Event()
        self._threads: list[threading.Thread] = []

    def start(self) -> None:
        with self.app.connection():
            recovered = self.queue.recover()
        if recovered:
            log.info("queued again %d job(s) left running by a stopped process", recovered)
        for index in range(self.threads):
            worker = f"{self.queue.process}/t{index}"
            thread = threading.Thread(target=self._work, args=(worker,), name=worker, daemon=True)
            thread.start()
            self._threads.append(thread)
        keeper = threading.Thread(target=self._keep_leases, name="leases", daemon=True)
        keeper.start()
        self._threads.append(keeper)

    def stop(self, timeout: float = 10.0) -> None:
        self.stopping.set()
        self.queue.wakeup.set()
        for ctx in list(self.queue._running.values()):
            ctx.stop("shutdown")
        deadline = datetime.now() + timedelta(seconds=timeout)
        for thread in self._threads:
            thread.join(max(0.0, (deadline - datetime.now()).total_seconds()))

    def _work(self, worker: str) -> None:
        while not self.stopping.is_set():
            try:
                with self.app.connection():
                    job = self.queue.claim(worker)
                    if job is not None:
                        self.queue.run(job, worker)
                        continue
            except Exception:
                log.exception("worker %s: unexpected error", worker)
            self.queue.wakeup.wait(self.POLL_SECONDS)
            self.queue.wakeup.clear()

    def _keep_leases(self) -> None:
        while not self.stopping.wait(self.HEARTBEAT_SECONDS):
            try:
                with self.app.connection():
                    self.queue.heartbeat()
                    self.queue.recover()
            except Exception:
                log.exception("lease keeper: unexpected error")
