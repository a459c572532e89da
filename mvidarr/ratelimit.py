"""Per-source request pacing: a steady rate, pauses a service asks for, and back-off.

One `RateLimiter` per outside source, shared by every thread that calls it. It
hands out time slots: a call waits for the next free slot, and the slot after
it is one interval (1 / requests per second, times the call's cost) later. So
many threads calling one source together run exactly at its rate, and
different sources never wait for each other.

A ``Retry-After`` pauses the whole source for exactly that long (`pause`), not
just the call that got it. `backoff_delay` is the wait before retrying after a
5xx answer or a timeout: exponential with full jitter, so that many clients do
not come back at the same moment.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from email.utils import parsedate_to_datetime

DEFAULT_RATE = 1.0  # requests a second for a source that declares none


class RateLimiter:
    """Pace calls to one source at `rate` requests a second (0 or less: no pacing)."""

    def __init__(self, rate: float = DEFAULT_RATE, *, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep):
        self.rate = rate
        self._clock = clock
        self._sleep = sleep
        self._next_free = 0.0
        self._paused_until = 0.0
        self._lock = threading.Lock()

    def reserve(self, cost: float = 1.0) -> float:
        """Book the next free slot for a call of `cost`; answer how long to wait for it."""
        with self._lock:
            now = self._clock()
            start = max(now, self._next_free, self._paused_until)
            interval = cost / self.rate if self.rate > 0 else 0.0
            self._next_free = start + interval
            return start - now

    def acquire(self, cost: float = 1.0) -> float:
        """Wait for this call's slot; answer the seconds waited."""
        waited = wait = self.reserve(cost)
        if wait > 0:
            self._sleep(wait)
        # A pause set while this call slept (another thread got a Retry-After) holds it too.
        while (left := self._paused_until - self._clock()) > 0:
            self._sleep(left)
            waited += left
        return waited

    def pause(self, seconds: float) -> None:
        """No call starts before `seconds` from now (a Retry-After), booked ones included."""
        with self._lock:
            until = self._clock() + max(seconds, 0.0)
            self._paused_until = max(self._paused_until, until)
            self._next_free = max(self._next_free, until)

    def paused_for(self) -> float:
        """Seconds left of the current pause (0 when none)."""
        return max(self._paused_until - self._clock(), 0.0)

    def set_rate(self, rate: float) -> None:
        with self._lock:
            self.rate = rate


def backoff_delay(attempt: int, base: float, cap: float = 60.0,
                  rand: Callable[[], float] = random.random) -> float:
    """Seconds to wait before retry number `attempt` (1, 2, ...): full jitter over
    ``base * 2**(attempt-1)``, capped, and never less than a tenth of the step."""
    step = min(cap, base * 2 ** (attempt - 1))
    return max(step * rand(), step / 10)


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds a ``Retry-After`` header asks for: delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    now = time.time() if now is None else now
    return max(when.timestamp() - now, 0.0)
