"""The one way source plugins call their web service: `app.sources.get_json`.

Every call is paced by the source's `RateLimiter` (``<plugin>.requests_per_second``),
answered from the TTL cache when it can be (``<plugin>.cache_hours``), retried
with exponential back-off and jitter on 5xx answers and timeouts, paused for
exactly as long as a ``Retry-After`` asks, and counted (calls, and quota units
today: a request's units only when the service answered it, error answers
included, as Google counts them; a request the network lost costs nothing).
Failures come out as the core's errors, in words, never as `requests` exceptions:

- `RateLimitError` (with `retry_after`) when the service keeps saying 429;
- `SourceUnavailableError` when it is down, cooling down or out of quota;
- `SourceHTTPError` for any other 4xx, carrying the status and the decoded body
  so a plugin can read its service's error envelope.

A source that fails past its retries, or whose plugin reports a bot check or an
exhausted quota (`cool_down`), is left alone until its cool-down ends: calls in
the meantime fail at once without touching the network, so one broken source
never slows the rest. Health (last success, last error in words, cool-down,
calls and quota used today) is kept through `app.plugin_states`; for a source
plugin (one that registered `source_settings`) a success is recorded only here,
when its service answered, never because one of its hooks returned.

With ``MVIDARR_SOURCES_LOCAL_ONLY=1`` (the `mvidarr.testing` pytest plugin sets
it) no call leaves the loopback address: tests talk only to fakes on 127.0.0.1,
so a plugin left pointing at the real service fails at once as unavailable
instead of reaching out (or waiting for a network that is not there).
"""

from __future__ import annotations

import ipaddress
import json
import os
import threading
import time
from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import requests

from mvidarr.cache import TTLCache, cache_key
from mvidarr.errors import PermanentError, RateLimitError, SourceUnavailableError
from mvidarr.networds import duration, host_of, request_words, worth_retrying
from mvidarr.ratelimit import DEFAULT_RATE, RateLimiter, backoff_delay, parse_retry_after
from mvidarr.types import SettingSpec

if TYPE_CHECKING:
    from mvidarr.app import Mvidarr

UTC = ZoneInfo("UTC")
FLUSH_SECONDS = 1.0  # usage counters reach the database at most this often


class SourceHTTPError(PermanentError):
    """A 4xx answer other than 429: `status`, and `payload` (decoded JSON or None)."""

    def __init__(self, message: str, status: int, payload: Any = None):
        super().__init__(message)
        self.status = status
        self.payload = payload


def source_settings(plugin: str, *, requests_per_second: float,
                    cache_hours: float = 24.0) -> list[SettingSpec]:
    """The pacing and caching settings every source plugin registers."""
    return [
        SettingSpec(f"{plugin}.requests_per_second", "float", float(requests_per_second),
                    "Most requests a second sent to this service.", minimum=0.01,
                    maximum=1000),
        SettingSpec(f"{plugin}.cache_hours", "float", float(cache_hours),
                    "How long this service's answers are reused (0: never).", minimum=0,
                    maximum=24 * 30),
    ]


class _Usage:
    """Calls and quota units of one source on its quota day, and what is not yet saved."""

    def __init__(self, day: date, calls: int = 0, quota: int = 0):
        self.day, self.calls, self.quota = day, calls, quota
        self.pending_calls = self.pending_quota = 0
        self.flushed_at = 0.0


class Sources:
    """Pacing, caching, retries, cool-downs and usage counts of every source."""

    def __init__(self, app: Mvidarr):
        self.app = app
        self.cache = TTLCache()
        self.max_retries = 3
        self.backoff_base = 1.0  # seconds; doubled at each retry, with jitter
        self.max_retry_after = 30.0  # a longer Retry-After becomes a cool-down
        self.outage_cooldown = 60.0  # after the retries are spent on 5xx or timeouts
        self.sleep: Callable[[float], None] = time.sleep
        self.local_only = bool(os.environ.get("MVIDARR_SOURCES_LOCAL_ONLY"))
        self._limiters: dict[str, RateLimiter] = {}
        self._cooldowns: dict[str, tuple[float, str]] = {}  # plugin -> (monotonic end, why)
        self._usage: dict[str, _Usage] = {}
        self._zones: dict[str, ZoneInfo] = {}
        self._lock = threading.Lock()

    def is_source(self, plugin: str) -> bool:
        """Whether `plugin` calls a service through here (it registered `source_settings`):
        then its health's successes come from the service's answers, not its hooks'."""
        return f"{plugin}.requests_per_second" in self.app.settings.specs

    # -- pacing -------------------------------------------------------------

    def limiter(self, plugin: str) -> RateLimiter:
        with self._lock:
            limiter = self._limiters.get(plugin)
            if limiter is None:
                limiter = self._limiters[plugin] = RateLimiter(self.rate(plugin), sleep=self.sleep)
                self._load_state(plugin)
        return limiter

    def rate(self, plugin: str) -> float:
        key = f"{plugin}.requests_per_second"
        if key not in self.app.settings.specs:
            return DEFAULT_RATE
        with self.app.connection():
            return float(self.app.settings.get(key))

    def acquire(self, plugin: str, cost: float = 1.0) -> float:
        """Wait for `plugin`'s next slot (for calls made without `get_json`, like yt-dlp)."""
        self.check_available(plugin)
        limiter = self.limiter(plugin)
        limiter.set_rate(self.rate(plugin))  # a changed setting applies to the next call
        return limiter.acquire(cost)

    def check_url(self, plugin: str, url: str) -> None:
        """Raise `SourceUnavailableError` for a non-loopback `url` when `local_only`."""
        if not self.local_only:
            return
        host = urlsplit(url).hostname or ""
        try:
            local = host == "localhost" or ipaddress.ip_address(host).is_loopback
        except ValueError:
            local = False
        if not local:
            raise SourceUnavailableError(
                f"{plugin}: {host or url} is not called here: only 127.0.0.1 may be reached")

    # -- cool-downs ---------------------------------------------------------

    def cool_down(self, plugin: str, seconds: float, reason: str) -> None:
        """Leave `plugin` alone for `seconds`; `reason` (in words) shows in its health."""
        end = time.monotonic() + seconds
        with self._lock:
            current = self._cooldowns.get(plugin)
            if current is None or current[0] < end:
                self._cooldowns[plugin] = (end, reason)
        with self.app.connection():
            self.app.plugin_states.record_outage(plugin, reason, seconds)

    def _cooldown(self, plugin: str) -> tuple[float, str]:
        """(seconds left, why) of `plugin`'s cool-down; (0, "") when there is none."""
        self.limiter(plugin)  # loads a cool-down another process stored
        entry = self._cooldowns.get(plugin)  # one read: another thread may end it meanwhile
        if entry is None:
            return 0.0, ""
        return max(entry[0] - time.monotonic(), 0.0), entry[1]

    def cooldown_left(self, plugin: str) -> float:
        return self._cooldown(plugin)[0]

    def check_available(self, plugin: str) -> None:
        """Raise `SourceUnavailableError` while `plugin` cools down."""
        left, reason = self._cooldown(plugin)
        if left > 0:
            raise SourceUnavailableError(
                f"{plugin} is paused for {duration(left)} more: {reason}", retry_after=left)

    def _load_state(self, plugin: str) -> None:
        """A cool-down and today's usage stored by an earlier run or another process."""
        with self.app.connection():
            row = self.app.plugin_states.row(plugin)
        now = datetime.now(UTC).replace(tzinfo=None)
        if row.cooldown_until and row.cooldown_until > now:
            left = (row.cooldown_until - now).total_seconds()
            self._cooldowns[plugin] = (time.monotonic() + left, row.last_error or "cooling down")
        day = self.today(plugin)
        if row.counters_date == day and plugin not in self._usage:
            self._usage[plugin] = _Usage(day, row.calls_today, row.quota_used)

    # -- usage --------------------------------------------------------------

    def set_quota_timezone(self, plugin: str, zone: str) -> None:
        """Count `plugin`'s quota day in `zone` (YouTube's resets at midnight Pacific)."""
        self._zones[plugin] = ZoneInfo(zone)

    def today(self, plugin: str) -> date:
        return datetime.now(self._zones.get(plugin, UTC)).date()

    def seconds_to_quota_reset(self, plugin: str) -> float:
        zone = self._zones.get(plugin, UTC)
        now = datetime.now(zone)
        midnight = datetime.combine(now.date() + timedelta(days=1), datetime.min.time(), zone)
        # In UTC: between two times of one zone Python ignores a DST change.
        return max((midnight.astimezone(UTC) - now.astimezone(UTC)).total_seconds(), 1.0)

    def usage(self, plugin: str) -> tuple[int, int]:
        """(calls, quota units) of `plugin` today."""
        self.limiter(plugin)
        with self._lock:
            usage = self._usage.get(plugin)
            if usage is None or usage.day != self.today(plugin):
                return 0, 0
            return usage.calls, usage.quota

    def count(self, plugin: str, calls: int = 1, quota: int = 0) -> None:
        """Add to `plugin`'s usage today; saved at most once a second."""
        day = self.today(plugin)
        with self._lock:
            usage = self._usage.get(plugin)
            if usage is None or usage.day != day:
                usage = self._usage[plugin] = _Usage(day)
            usage.calls += calls
            usage.quota += quota
            usage.pending_calls += calls
            usage.pending_quota += quota
            due = time.monotonic() - usage.flushed_at >= FLUSH_SECONDS
        if due:
            self.flush(plugin)

    def flush(self, plugin: str | None = None) -> None:
        """Save pending usage counts (of one plugin, or all)."""
        for name in [plugin] if plugin else list(self._usage):
            with self._lock:
                usage = self._usage.get(name)
                if usage is None or not (usage.pending_calls or usage.pending_quota):
                    continue
                calls, quota, day = usage.pending_calls, usage.pending_quota, usage.day
                usage.pending_calls = usage.pending_quota = 0
                usage.flushed_at = time.monotonic()
            with self.app.connection():
                self.app.plugin_states.add_usage(name, day, calls, quota)

    # -- the call -----------------------------------------------------------

    def get_json(self, plugin: str, url: str, *, params: Mapping[str, Any] | None = None,
                 headers: Mapping[str, str] | None = None, cost: int = 1,
                 cache_ttl: float | None = None, quota_budget: int | None = None,
                 allow_404: bool = False) -> Any:
        """GET `url` for `plugin` and answer its decoded JSON.

        :param cost: quota units the call uses (counted against `quota_budget`).
        :param cache_ttl: seconds to reuse the answer; None reads ``<plugin>.cache_hours``.
        :param quota_budget: units allowed a day; past it, no call until the quota resets.
        :param allow_404: answer None for a 404 instead of raising `SourceHTTPError`.
        """
        self.check_url(plugin, url)
        ttl = self._ttl(plugin, cache_ttl)
        key = cache_key(plugin, url, params)
        if ttl > 0:
            text = self.cache.get(key)
            if text is not None:
                return json.loads(text)
        self.check_available(plugin)
        if quota_budget is not None and self.usage(plugin)[1] + cost > quota_budget:
            self.cool_down(plugin, self.seconds_to_quota_reset(plugin),
                           f"the daily quota of {quota_budget} units is used up")
            self.check_available(plugin)
        text = self._fetch(plugin, url, params, headers, cost, allow_404)
        if text is None:  # a 404 the caller expects: the service answered
            self._record_success(plugin)
            return None
        try:
            data = json.loads(text)
        except ValueError:
            reason = f"{host_of(url, url)} answered something that is not JSON (an error page?)"
            self._record_error(plugin, reason)
            raise SourceUnavailableError(reason) from None
        if ttl > 0:
            self.cache.set(key, text, ttl)
        self._record_success(plugin)
        return data

    def remember(self, plugin: str, what: str, params: Mapping[str, Any] | None,
                 compute: Callable[[], Any], cache_ttl: float | None = None) -> Any:
        """`compute()`'s JSON-able answer, cached like `get_json` answers: for calls a
        plugin makes without HTTP (yt-dlp). `compute` does its own `acquire`/`count`."""
        ttl = self._ttl(plugin, cache_ttl)
        key = cache_key(plugin, what, params)
        if ttl > 0:
            text = self.cache.get(key)
            if text is not None:
                return json.loads(text)
        value = compute()
        if ttl > 0:
            self.cache.set(key, json.dumps(value), ttl)
        self._record_success(plugin)
        return value

    def prime(self, plugin: str, url: str, params: Mapping[str, Any] | None, data: Any,
              cache_ttl: float | None = None) -> None:
        """Cache `data` as the answer to a GET of `url` with `params`: a batch answer
        stored as the single answers a later call will ask for."""
        ttl = self._ttl(plugin, cache_ttl)
        if ttl > 0:
            self.cache.set(cache_key(plugin, url, params), json.dumps(data), ttl)

    def _fetch(self, plugin, url, params, headers, cost, allow_404) -> str | None:
        limiter = self.limiter(plugin)
        limiter.set_rate(self.rate(plugin))
        host = host_of(url, url)
        problem = ""
        for attempt in range(1, self.max_retries + 2):
            self.check_available(plugin)
            limiter.acquire()
            try:
                response = self.app.http.get(url, params=params, headers=headers)
            except (requests.Timeout, requests.ConnectionError) as exc:
                # No answer, so nothing to pay: a service (Google) counts the units of
                # a request when it answers it, error answers included.
                self.count(plugin, 1, 0)
                problem = request_words(exc, host, self.app.http)
                retry_after = None
                if not worth_retrying(exc):
                    # A name that does not resolve fails the same way in a second:
                    # retrying only kept a lookup waiting 3-5 s for nothing.
                    self.cool_down(plugin, self.outage_cooldown, problem)
                    raise SourceUnavailableError(problem,
                                                 retry_after=self.outage_cooldown) from None
            except requests.RequestException as exc:
                self.count(plugin, 1, 0)
                reason = request_words(exc, host, self.app.http)
                self._record_error(plugin, reason)
                raise SourceUnavailableError(reason) from None
            else:
                self.count(plugin, 1, cost)
                status = response.status_code
                retry_after = parse_retry_after(response.headers.get("Retry-After"))
                if status < 300:
                    return response.text
                if status == 404 and allow_404:
                    return None
                if status == 429:
                    problem = f"{host} asked us to slow down (HTTP 429)"
                    if retry_after is None:
                        retry_after = backoff_delay(attempt, self.backoff_base)
                    if retry_after > self.max_retry_after or attempt > self.max_retries:
                        self.cool_down(plugin, retry_after, problem)
                        raise RateLimitError(problem, retry_after=retry_after)
                    limiter.pause(retry_after)
                    continue
                if status < 500:
                    raise self._client_error(plugin, host, response)
                problem = f"{host} answered HTTP {status} {response.reason or ''}".strip()
            if attempt > self.max_retries:
                break
            limiter.pause(retry_after if retry_after is not None
                          else backoff_delay(attempt, self.backoff_base))
        tries = self.max_retries + 1
        reason = f"{problem} ({tries} {'try' if tries == 1 else 'tries'})"
        self.cool_down(plugin, self.outage_cooldown, reason)
        raise SourceUnavailableError(reason, retry_after=self.outage_cooldown)

    def _client_error(self, plugin: str, host: str, response) -> SourceHTTPError:
        try:
            payload = response.json()
        except ValueError:
            payload = None
        reason = f"{host} refused the request (HTTP {response.status_code})"
        self._record_error(plugin, reason)
        return SourceHTTPError(reason, response.status_code, payload)

    def _ttl(self, plugin: str, cache_ttl: float | None) -> float:
        if cache_ttl is not None:
            return cache_ttl
        key = f"{plugin}.cache_hours"
        if key not in self.app.settings.specs:
            return 0.0
        with self.app.connection():
            return float(self.app.settings.get(key)) * 3600

    def _record_success(self, plugin: str) -> None:
        with self._lock:
            self._cooldowns.pop(plugin, None)
        with self.app.connection():
            self.app.plugin_states.record_success(plugin)

    def _record_error(self, plugin: str, reason: str) -> None:
        with self.app.connection():
            self.app.plugin_states.record_outage(plugin, reason, 0)

    def forget(self, plugin: str) -> None:
        """Drop `plugin`'s cached answers and cool-down (tests, a changed API key)."""
        self.cache.clear(json.dumps([plugin])[:-1])
        with self._lock:
            self._cooldowns.pop(plugin, None)

