"""Periodic work: a `schedule.Scheduler` of our own that only puts jobs on the queue.

The scheduler never runs work itself: a due entry enqueues a job for its task
(unless one is already waiting), and the workers run it and record the run.
Intervals read from settings are read again every `REFRESH_SECONDS`, so a
changed interval applies without a restart; an entry whose interval cannot be
scheduled is logged and skipped, never stopping the others.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import TYPE_CHECKING

import schedule

if TYPE_CHECKING:
    from mvidarr.app import Mvidarr
    from mvidarr.types import ScheduledJob

log = logging.getLogger("mvidarr.scheduler")


class Scheduler:
    TICK_SECONDS = 1.0
    # How often the intervals are read again, so that a changed setting applies
    # without a restart.
    REFRESH_SECONDS = 30.0

    def __init__(self, app: Mvidarr):
        self.app = app
        self.schedule = schedule.Scheduler()
        self.entries: dict[str, ScheduledJob] = {}  # the entries scheduled now
        self.stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._known: dict[str, ScheduledJob] = {}  # every valid entry, scheduled or not
        self._built: dict[str, float | None] = {}  # the interval each was scheduled with

    def load(self) -> None:
        """(Re)build the schedule from every plugin's `register_schedules`."""
        self.schedule.clear()
        self.entries.clear()
        self._known.clear()
        self._built.clear()
        for plugin, entries in self.app.hooks.collect("register_schedules"):
            for entry in entries:
                if entry.task not in self.app.jobs.tasks:
                    log.error("plugin %s schedules unknown task %s", plugin, entry.task)
                    continue
                self._known[entry.name] = entry
                self._build(entry)

    def refresh(self) -> list[str]:
        """Schedule again each entry whose interval changed since it was scheduled
        (its setting was changed); answer their names."""
        changed = []
        for name, entry in self._known.items():
            try:
                seconds = self.interval(entry)
            except Exception as exc:  # the database away? keep it as it is
                log.warning("scheduler: the interval of %s cannot be read (%s)", name, exc)
                continue
            if seconds != self._built.get(name):
                log.info("scheduler: the interval of %s changed; scheduled again", name)
                self._build(entry)
                changed.append(name)
        return changed

    def _build(self, entry: ScheduledJob) -> None:
        self.schedule.clear(entry.name)
        self.entries.pop(entry.name, None)
        seconds = self._interval_or_none(entry)
        self._built[entry.name] = seconds
        if not seconds or seconds <= 0:
            return  # switched off
        try:
            self.schedule.every(seconds).seconds.do(self._due, entry).tag(entry.name)
        except (OverflowError, ValueError, TypeError) as exc:
            # One entry that cannot be scheduled must never stop `mvidarr serve`.
            self.schedule.clear(entry.name)
            log.error("scheduler: %s cannot run every %r seconds (%s); skipped",
                      entry.name, seconds, exc)
            return
        self.entries[entry.name] = entry

    def _interval_or_none(self, entry: ScheduledJob) -> float | None:
        try:
            return self.interval(entry)
        except Exception as exc:
            log.error("scheduler: the interval of %s cannot be read (%s); skipped",
                      entry.name, exc)
            return None

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
        refreshed = time.monotonic()
        while not self.stopping.wait(self.TICK_SECONDS):
            if time.monotonic() - refreshed >= self.REFRESH_SECONDS:
                refreshed = time.monotonic()
                try:
                    with self.app.connection():
                        self.refresh()
                except Exception:
                    log.exception("scheduler: the intervals could not be read again")
            try:
                self.schedule.run_pending()
            except Exception:
                log.exception("scheduler: a scheduled entry failed to enqueue")
