"""Periodic work: a `schedule.Scheduler` of our own that only puts jobs on the queue.

The scheduler never runs work itself: a due entry enqueues a job for its task
(unless one is already waiting), and the workers run it and record the run.
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING

import schedule

if TYPE_CHECKING:
    from mvidarr.app import Mvidarr
    from mvidarr.types import ScheduledJob

log = logging.getLogger("mvidarr.scheduler")


class Scheduler:
    TICK_SECONDS = 1.0

    def __init__(self, app: Mvidarr):
        self.app = app
        self.schedule = schedule.Scheduler()
        self.entries: dict[str, ScheduledJob] = {}
        self.stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def load(self) -> None:
        """(Re)build the schedule from every plugin's `register_schedules`."""
        self.schedule.clear()
        self.entries.clear()
        for plugin, entries in self.app.hooks.collect("register_schedules"):
            for entry in entries:
                if entry.task not in self.app.jobs.tasks:
                    log.error("plugin %s schedules unknown task %s", plugin, entry.task)
                    continue
                seconds = self.interval(entry)
                if not seconds or seconds <= 0:
                    continue  # switched off
                self.schedule.every(seconds).seconds.do(self._due, entry).tag(entry.name)
                self.entries[entry.name] = entry

    def interval(self, entry: ScheduledJob) -> float | None:
        if entry.every_setting:
            minutes = self.app.settings.get(entry.every_setting)
            return None if minutes is None else float(minutes) * 60
        return entry.every_seconds

    def _due(self, entry: ScheduledJob) -> None:
        with self.app.connection():
            job = self.app.jobs.enqueue(entry.task, entry.payload, unique=True)
        log.debug("scheduled %s: job %s", entry.name, job.id)

    def start(self) -> None:
        self.load()
        self._thread = threading.Thread(target=self._loop, name="scheduler", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self.stopping.set()
        if self._thread:
            self._thread.join(5)

    def _loop(self) -> None:
        while not self.stopping.wait(self.TICK_SECONDS):
            try:
                self.schedule.run_pending()
            except Exception:
                log.exception("scheduler: a scheduled entry failed to enqueue")
