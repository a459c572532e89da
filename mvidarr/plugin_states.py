"""Which plugins are enabled, and how healthy each one is.

Health is written to the database only when it changes (and a success at most
once a minute), so calling a healthy plugin costs no write. What counts as a
success is decided by the callers: `HookCaller` (a plugin answered a hook) and
`mvidarr.sources` (a source's service answered).
"""

from __future__ import annotations

import threading
import time
from datetime import timedelta
from typing import TYPE_CHECKING

from peewee import IntegrityError

from mvidarr.errors import MvidarrError, NotFoundError, TransientError, UserError
from mvidarr.models import PluginState, utcnow

if TYPE_CHECKING:
    from mvidarr.app import Mvidarr

CACHE_SECONDS = 2.0
SUCCESS_WRITE_SECONDS = 60.0


class PluginStates:
    def __init__(self, app: Mvidarr):
        self.app = app
        self._disabled: frozenset[str] | None = None
        self._loaded_at = 0.0
        self._health: dict[str, str] = {}
        self._success_written: dict[str, float] = {}
        self._lock = threading.Lock()

    def known(self) -> list[str]:
        return list(self.app.plugin_infos)

    def disabled(self) -> frozenset[str]:
        with self._lock:
            if self._disabled is None or time.monotonic() - self._loaded_at > CACHE_SECONDS:
                rows = PluginState.select(PluginState.name).where(PluginState.enabled == False)  # noqa: E712
                self._disabled = frozenset(row.name for row in rows)
                self._loaded_at = time.monotonic()
            return self._disabled

    def set_enabled(self, name: str, enabled: bool) -> PluginState:
        if name not in self.app.plugin_infos:
            raise NotFoundError(f"no plugin named {name!r}; `mvidarr plugins list` shows them")
        if not enabled and name in self.app.required_plugins:
            raise UserError(f"plugin {name} is part of the core and cannot be disabled")
        state = self.row(name)
        state.enabled = enabled
        state.save()
        with self._lock:
            self._disabled = None
        return state

    def row(self, name: str) -> PluginState:
        try:
            state, _ = PluginState.get_or_create(name=name)
        except IntegrityError:  # another thread made it first
            state = PluginState.get_by_id(name)
        return state

    def record_failure(self, name: str, exc: BaseException) -> None:
        now = utcnow()
        message = str(exc) or type(exc).__name__
        if not isinstance(exc, MvidarrError):  # ours are said in words; a bug names its kind
            message = f"{type(exc).__name__}: {message}"
        fields = {
            PluginState.health: "error",
            PluginState.last_error: message[:2000],
            PluginState.last_error_at: now,
            PluginState.error_count: PluginState.error_count + 1,
        }
        # A rate limit, an outage or a spent quota that says when to come back.
        if isinstance(exc, TransientError) and exc.retry_after:
            fields[PluginState.health] = "cooldown"
            fields[PluginState.cooldown_until] = now + timedelta(seconds=exc.retry_after)
        self.row(name)
        PluginState.update(fields).where(PluginState.name == name).execute()
        self._health[name] = fields[PluginState.health]

    def record_success(self, name: str) -> None:
        now = time.monotonic()
        healthy = self._health.get(name) == "ok"
        if healthy and now - self._success_written.get(name, 0.0) < SUCCESS_WRITE_SECONDS:
            return
        self.row(name)
        stamp = utcnow()
        PluginState.update(last_success_at=stamp).where(PluginState.name == name).execute()
        # A hook answering (settings, a cached answer) does not end a source's cool-down.
        cooling = PluginState.cooldown_until.is_null(False) & (PluginState.cooldown_until > stamp)
        cleared = PluginState.update(health="ok", cooldown_until=None).where(
            (PluginState.name == name) & ~cooling).execute()
        self._health[name] = "ok" if cleared else "cooldown"
        self._success_written[name] = now

    def record_outage(self, name: str, reason: str, cooldown_seconds: float) -> None:
        """A source call failed (`reason`, in words); with `cooldown_seconds` > 0 the
        source is left alone that long. Written by `mvidarr.sources`."""
        now = utcnow()
        fields = {
            PluginState.health: "cooldown" if cooldown_seconds > 0 else "error",
            PluginState.last_error: reason[:2000],
            PluginState.last_error_at: now,
        }
        if cooldown_seconds > 0:
            fields[PluginState.cooldown_until] = now + timedelta(seconds=cooldown_seconds)
        self.row(name)
        PluginState.update(fields).where(PluginState.name == name).execute()
        self._health[name] = fields[PluginState.health]

    def add_usage(self, name: str, day, calls: int, quota: int) -> None:
        """Add `calls` and `quota` units to `name`'s counters of `day` (the source's
        quota day); counters of an earlier day start again from zero."""
        self.row(name)
        same_day = (PluginState.name == name) & (PluginState.counters_date == day)
        changed = PluginState.update(
            calls_today=PluginState.calls_today + calls,
            quota_used=PluginState.quota_used + quota).where(same_day).execute()
        if not changed:
            PluginState.update(calls_today=calls, quota_used=quota, counters_date=day).where(
                PluginState.name == name).execute()

    def describe(self) -> list[dict]:
        sources = getattr(self.app, "sources", None)
        if sources is not None:
            sources.flush()
        rows = {row.name: row for row in PluginState.select()}
        answer = []
        for name, info in self.app.plugin_infos.items():
            row = rows.get(name) or PluginState(name=name)
            answer.append({
                "name": name,
                "builtin": info.builtin,
                "version": info.version,
                "enabled": row.enabled,
                "required": name in self.app.required_plugins,
                "health": row.health,
                "last_error": row.last_error,
                "last_error_at": row.last_error_at,
                "last_success_at": row.last_success_at,
                "cooldown_until": row.cooldown_until,
                "error_count": row.error_count,
                **self._usage(name, row, sources),
            })
        return answer

    @staticmethod
    def _usage(name: str, row: PluginState, sources) -> dict:
        """Calls and quota used today; counters of an earlier day read as zero."""
        today = sources.today(name) if sources is not None else utcnow().date()
        current = row.counters_date == today
        return {"calls_today": row.calls_today if current else 0,
                "quota_used": row.quota_used if current else 0}
