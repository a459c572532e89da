"""The scheduler never lets one bad interval stop the start, and picks up a changed
interval without a restart (`refresh`, called here directly instead of waiting)."""

from __future__ import annotations

from mvidarr import ScheduledJob, Task, hookimpl
from mvidarr.models import Setting, utcnow


class Ticks:
    @hookimpl
    def register_tasks(self, app):
        return [Task("tick", lambda ctx: None)]

    @hookimpl
    def register_schedules(self, app):
        return [ScheduledJob("forever", "tick", every_seconds=10**30),
                ScheduledJob("often", "tick", every_seconds=60)]


def seconds(app, name):
    [job] = app.scheduler.schedule.get_jobs(name)
    return job.interval


def test_an_interval_that_cannot_be_scheduled_is_skipped(make_app):
    app = make_app(ticks=Ticks())
    with app.connection():
        # Stored before values were checked: the start must still go on.
        Setting.create(key="upkeep.interval_minutes", value=9223372036854775807,
                       updated_at=utcnow())
        app.settings.invalidate()
        app.scheduler.load()
        assert "forever" not in app.scheduler.entries
        assert "database upkeep" not in app.scheduler.entries
        assert seconds(app, "often") == 60
        assert "discovery of monitored artists" in app.scheduler.entries


def test_a_changed_interval_applies_without_a_restart(app):
    with app.connection():
        app.scheduler.load()
        assert seconds(app, "database upkeep") == 1440 * 60
        assert app.scheduler.refresh() == []
        discovery = app.scheduler.schedule.get_jobs("discovery of monitored artists")[0]

        app.settings.set("upkeep.interval_minutes", 5)
        assert app.scheduler.refresh() == ["database upkeep"]
        assert seconds(app, "database upkeep") == 5 * 60
        # The others keep their place in time.
        assert app.scheduler.schedule.get_jobs("discovery of monitored artists") == [discovery]

        app.settings.set("upkeep.interval_minutes", 0)
        assert app.scheduler.refresh() == ["database upkeep"]
        assert "database upkeep" not in app.scheduler.entries
        assert app.scheduler.schedule.get_jobs("database upkeep") == []

        app.settings.reset("upkeep.interval_minutes")
        assert app.scheduler.refresh() == ["database upkeep"]
        assert seconds(app, "database upkeep") == 1440 * 60
        assert len(app.scheduler.schedule.get_jobs("database upkeep")) == 1


def test_an_interval_unreadable_for_a_moment_keeps_its_schedule(app, monkeypatch):
    with app.connection():
        app.scheduler.load()

        def away(key):
            raise ConnectionError("database away")

        monkeypatch.setattr(app.settings, "get", away)
        assert app.scheduler.refresh() == []
        assert seconds(app, "database upkeep") == 1440 * 60
