"""The plugin manager: built-ins first, disabling, and one plugin's failure contained."""

from __future__ import annotations

import logging

import pytest

from mvidarr import Event, NotFoundError, UserError, VideoInfo, hookimpl
from mvidarr.models import Artist, PluginState

INSTALLED = {"youtube", "imvdb", "spotify", "lastfm", "plex", "lidarr"}


class Answers:
    def __init__(self, title):
        self.title = title
        self.calls = 0

    @hookimpl
    def search_source(self, app, artist):
        self.calls += 1
        return [VideoInfo("x", self.title, self.title, artist.name)]


class Raises:
    calls = 0

    @hookimpl
    def search_source(self, app, artist):
        Raises.calls += 1
        raise RuntimeError("the service fell over")

    @hookimpl
    def notify(self, app, event):
        raise ValueError("cannot notify")


def test_builtins_and_installed_plugins_are_listed_and_enabled(app):
    with app.connection():
        rows = {row["name"]: row for row in app.plugin_states.describe()}
    assert {"core", "lognotify"} <= set(rows)
    assert rows["core"]["builtin"] and rows["core"]["required"]
    assert set(rows) >= INSTALLED, f"missing plugin packages: {INSTALLED - set(rows)}"
    assert all(row["enabled"] for row in rows.values())
    names = list(app.plugin_infos)
    assert names[:2] == ["core", "lognotify"], "built-ins register before installed plugins"


def test_a_disabled_plugin_never_runs(make_app):
    off, on = Answers("off"), Answers("on")
    app = make_app(off=off, on=on)
    with app.connection():
        app.plugin_states.set_enabled("off", False)
        artist = Artist.create(name="A")
        answers = app.hooks.collect("search_source", artist=artist)
        assert [name for name, _ in answers] == ["on"]
        assert off.calls == 0
        assert PluginState.get_by_id("off").enabled is False  # persisted

        app.plugin_states.set_enabled("off", True)
        assert {name for name, _ in app.hooks.collect("search_source", artist=artist)} == {
            "on", "off"}


def test_disabling_is_kept_across_restarts(make_app):
    first = make_app(off=Answers("off"))
    with first.connection():
        first.plugin_states.set_enabled("off", False)
    second = make_app(off=Answers("off"))
    with second.connection():
        assert "off" in second.plugin_states.disabled()


def test_a_raising_plugin_does_not_stop_the_others_and_its_health_shows_it(make_app):
    good = Answers("good")
    app = make_app(good=good, bad=Raises())
    with app.connection():
        answers = app.hooks.collect("search_source", artist=Artist.create(name="A"))
        app.hooks.broadcast("notify", event=Event("test", "still delivered"))
        state = PluginState.get_by_id("bad")
        rows = {row["name"]: row for row in app.plugin_states.describe()}
    assert [name for name, _ in answers] == ["good"]
    assert good.calls == 1
    assert state.health == "error"
    assert "the service fell over" in rows["bad"]["last_error"] or "cannot notify" in rows[
        "bad"]["last_error"]
    assert state.error_count == 2
    assert rows["good"]["health"] == "ok"


def test_a_plugin_recovers_its_health_after_a_success(make_app):
    class Flaky:
        fail = True

        @hookimpl
        def search_source(self, app, artist):
            if Flaky.fail:
                raise RuntimeError("down")
            return []

    app = make_app(flaky=Flaky())
    with app.connection():
        artist = Artist.create(name="A")
        app.hooks.collect("search_source", artist=artist)
        assert PluginState.get_by_id("flaky").health == "error"
        Flaky.fail = False
        app.hooks.collect("search_source", artist=artist)
        assert PluginState.get_by_id("flaky").health == "ok"


def test_the_raise_errors_setting_makes_a_failure_raise(make_app):
    app = make_app(bad=Raises())
    with app.connection():
        app.settings.set("plugins.raise_errors", True)
        with pytest.raises(RuntimeError, match="fell over"):
            app.hooks.collect("search_source", artist=Artist.create(name="A"))


def test_hooks_are_called_with_every_argument(app):
    with app.connection(), pytest.raises(TypeError, match="artist"):
        app.hooks.collect("search_source")


def test_core_cannot_be_disabled_and_unknown_plugins_are_refused(app):
    with app.connection():
        with pytest.raises(UserError, match="cannot be disabled"):
            app.plugin_states.set_enabled("core", False)
        with pytest.raises(NotFoundError, match="no plugin named"):
            app.plugin_states.set_enabled("nope", False)
        assert "core" not in app.plugin_states.disabled()


class Quiet:
    """Answers nothing: registration only, and no metadata for the URL asked."""

    answer = None

    @hookimpl
    def register_settings(self, app):
        return []

    @hookimpl
    def fetch_metadata(self, app, url, ids):
        return Quiet.answer


def test_a_success_is_recorded_only_when_a_plugin_answered_something(make_app):
    Quiet.answer = None
    app = make_app(quiet=Quiet())
    with app.connection():
        assert PluginState.get_or_none_by_id("quiet") is None  # registering is no success
        assert app.hooks.first("fetch_metadata", url="http://x/v", ids={}) is None
        assert app.plugin_states.row("quiet").last_success_at is None
        Quiet.answer = VideoInfo("quiet", "1", "Song", "Band")
        assert app.hooks.first("fetch_metadata", url="http://x/v", ids={})[0] == "quiet"
        assert PluginState.get_by_id("quiet").last_success_at is not None


def test_a_sources_hook_answer_is_not_a_success_of_its_service(make_app):
    from mvidarr import source_settings

    class Source:
        @hookimpl
        def register_settings(self, app):
            return source_settings("cached", requests_per_second=1)

        @hookimpl
        def search_source(self, app, artist):
            return []  # from its cache, or with nothing asked: its service said nothing

    app = make_app(cached=Source())
    with app.connection():
        assert app.hooks.collect("search_source", artist=Artist.create(name="A"))
        assert app.plugin_states.row("cached").last_success_at is None


def test_expected_outages_are_one_warning_and_bugs_keep_their_traceback(make_app, caplog):
    from mvidarr import SourceUnavailableError

    class Down:
        @hookimpl
        def search_source(self, app, artist):
            raise SourceUnavailableError("the service is down for maintenance")

    app = make_app(down=Down(), bad=Raises())
    with app.connection(), caplog.at_level(logging.INFO, logger="mvidarr.plugins"):
        app.hooks.collect("search_source", artist=Artist.create(name="A"))
        state = PluginState.get_by_id("down")
    by_plugin = {r.getMessage().split()[1].rstrip(":"): r for r in caplog.records}
    down, bad = by_plugin["down"], by_plugin["bad"]
    assert (down.levelno, down.exc_info) == (logging.WARNING, None)
    assert down.getMessage() == ("plugin down: search_source did not answer: the service is "
                                 "down for maintenance")
    assert bad.levelno == logging.ERROR and bad.exc_info is not None  # a bug: traceback
    assert state.last_error == "the service is down for maintenance"  # in words
    assert PluginState.get_by_id("bad").last_error == "RuntimeError: the service fell over"
