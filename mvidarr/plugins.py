"""The plugin manager and the one helper that calls hooks.

Built-in plugins (modules under `mvidarr.builtin`) are registered first, then
every installed distribution's entry point in the group ``mvidarr``. pluggy
stops a hook call at the first exception, so the core never calls
``pm.hook.x()`` directly: `HookCaller` runs one implementation at a time,
skips disabled plugins, and contains a plugin's failure.
"""

from __future__ import annotations

import functools
import importlib
import logging
from dataclasses import dataclass
from importlib import metadata
from typing import TYPE_CHECKING, Any

import pluggy

from mvidarr import hookspecs
from mvidarr.errors import TransientError

if TYPE_CHECKING:
    from mvidarr.app import Mvidarr

log = logging.getLogger("mvidarr.plugins")

# (plugin name, module): registered in this order, before installed plugins.
BUILTINS: tuple[tuple[str, str], ...] = (
    ("core", "mvidarr.builtin.core"),
    ("lognotify", "mvidarr.builtin.lognotify"),
    ("pipeline", "mvidarr.builtin.pipeline"),
    ("nfo", "mvidarr.builtin.nfo"),
    ("ytdlp", "mvidarr.builtin.ytdlp"),
)
# Built-ins the core cannot work without; they cannot be disabled.
REQUIRED = frozenset({"core", "pipeline"})
ENTRY_POINT_GROUP = "mvidarr"
# Hooks every plugin answers at start or once: answering them says nothing of health.
REGISTRATION_HOOKS = frozenset({"web_blueprints"})


@dataclass(frozen=True)
class PluginInfo:
    name: str
    builtin: bool
    version: str
    module: str


def make_plugin_manager() -> tuple[pluggy.PluginManager, dict[str, PluginInfo]]:
    """Build a plugin manager with the built-ins and every installed plugin."""
    pm = pluggy.PluginManager("mvidarr")
    pm.add_hookspecs(hookspecs)
    infos: dict[str, PluginInfo] = {}
    core_version = metadata.version("mvidarr")
    for name, module_name in BUILTINS:
        pm.register(importlib.import_module(module_name), name=name)
        infos[name] = PluginInfo(name, True, core_version, module_name)
    for ep in metadata.entry_points(group=ENTRY_POINT_GROUP):
        if pm.has_plugin(ep.name) or ep.name in infos:
            log.warning("plugin %s: the name is taken, %s not loaded", ep.name, ep.value)
            continue
        try:
            plugin = ep.load()
        except Exception:
            log.exception("plugin %s could not be loaded from %s", ep.name, ep.value)
            continue
        pm.register(plugin, name=ep.name)
        version = ep.dist.version if ep.dist else "?"
        infos[ep.name] = PluginInfo(ep.name, False, version, ep.value)
    return pm, infos


class HookCaller:
    """Call hooks one implementation at a time, containing failures.

    `collect` answers ``[(plugin_name, result), ...]`` for every non-None
    result, `broadcast` calls every implementation, `first` answers the first
    non-None result (for ``firstresult`` hooks). A plugin that raises is logged
    with its name (a `TransientError` as one warning line, anything else with
    its traceback) and its health is recorded; with the setting
    ``plugins.raise_errors`` on, the error is raised instead. A success is
    recorded only when a plugin answered something (not None) to a hook other
    than the registration hooks, and never for sources (see `_answered`).
    """

    def __init__(self, app: Mvidarr, pm: pluggy.PluginManager):
        self.app = app
        self.pm = pm

    def _impls(self, name: str):
        hook = getattr(self.pm.hook, name)
        disabled = self.app.plugin_states.disabled()
        # pluggy calls implementations in reverse order of get_hookimpls().
        for impl in reversed(hook.get_hookimpls()):
            if impl.hookwrapper or impl.wrapper:
                continue
            if impl.plugin_name in disabled:
                continue
            yield impl

    def _call(self, name: str, impl, kwargs: dict[str, Any]) -> tuple[bool, Any]:
        args = {arg: kwargs[arg] for arg in impl.argnames}
        try:
            result = impl.function(**args)
        except TransientError as exc:
            if self._raise_errors():
                raise
            # Expected and retried later (a service down, a 429, no key yet): one
            # line in words, no traceback.
            log.warning("plugin %s: %s did not answer: %s", impl.plugin_name, name,
                        str(exc) or type(exc).__name__)
            self.app.plugin_states.record_failure(impl.plugin_name, exc)
            return False, None
        except Exception as exc:
            if self._raise_errors():
                raise
            log.exception("plugin %s failed in %s", impl.plugin_name, name)
            self.app.plugin_states.record_failure(impl.plugin_name, exc)
            return False, None
        if self._answered(name, impl.plugin_name, result):
            self.app.plugin_states.record_success(impl.plugin_name)
        return True, result

    def _answered(self, name: str, plugin: str, result: Any) -> bool:
        """Whether this call shows the plugin working: it answered something, the
        hook is not one every plugin answers at start, and the plugin is not a
        source (a source's successes are its service's answers, kept by
        `app.sources`)."""
        if result is None or name in REGISTRATION_HOOKS or name.startswith("register_"):
            return False
        sources = getattr(self.app, "sources", None)
        return sources is None or not sources.is_source(plugin)

    def _raise_errors(self) -> bool:
        if "plugins.raise_errors" not in self.app.settings.specs:
            return False  # failing while the settings themselves are being registered
        return bool(self.app.settings.get("plugins.raise_errors"))

    def _check(self, name: str, kwargs: dict[str, Any]) -> dict[str, Any]:
        spec = getattr(self.pm.hook, name).spec
        missing = set(spec.argnames) - set(kwargs) - {"app"}
        if missing:
            raise TypeError(f"hook {name} called without {sorted(missing)}")
        return {"app": self.app, **kwargs}

    def collect(self, name: str, **kwargs: Any) -> list[tuple[str, Any]]:
        kwargs = self._check(name, kwargs)
        answers = []
        for impl in self._impls(name):
            ok, result = self._call(name, impl, kwargs)
            if ok and result is not None:
                answers.append((impl.plugin_name, result))
        return answers

    def broadcast(self, name: str, **kwargs: Any) -> None:
        kwargs = self._check(name, kwargs)
        for impl in self._impls(name):
            self._call(name, impl, kwargs)

    def first(self, name: str, **kwargs: Any) -> tuple[str, Any] | None:
        kwargs = self._check(name, kwargs)
        for impl in self._impls(name):
            ok, result = self._call(name, impl, kwargs)
            if ok and result is not None:
                return impl.plugin_name, result
        return None

    def calls(self, name: str, **kwargs: Any) -> list[tuple[str, Any]]:
        """``[(plugin_name, call), ...]``: one zero-argument callable per enabled
        implementation, contained like `collect` (``call()`` answers
        ``(ok, result)``), for callers that run them in parallel threads."""
        kwargs = self._check(name, kwargs)
        return [(impl.plugin_name, functools.partial(self._call, name, impl, kwargs))
                for impl in self._impls(name)]

    def first_raising(self, name: str, **kwargs: Any) -> tuple[str, Any] | None:
        """Like `first`, but an implementation's exception reaches the caller: for
        hooks whose errors describe the work, not the plugin (a download's 404)."""
        kwargs = self._check(name, kwargs)
        for impl in self._impls(name):
            result = impl.function(**{arg: kwargs[arg] for arg in impl.argnames})
            if result is not None:
                return impl.plugin_name, result
        return None

    def plugins_implementing(self, name: str) -> list[str]:
        return [impl.plugin_name for impl in self._impls(name)]
