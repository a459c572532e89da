"""The rate limiter, back-off and Retry-After parsing, on a fake clock."""

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

from mvidarr.cache import TTLCache, cache_key
from mvidarr.ratelimit import RateLimiter, backoff_delay, parse_retry_after


class Clock:
    def __init__(self):
        self.now = 100.0
        self.slept = []

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.slept.append(round(seconds, 6))
        self.now += seconds


def test_calls_are_spaced_one_interval_apart():
    clock = Clock()
    limiter = RateLimiter(4, clock=clock, sleep=clock.sleep)
    waits = [limiter.acquire() for _ in range(4)]
    assert waits == [0, 0.25, 0.25, 0.25]


def test_a_costly_call_books_a_longer_slot():
    clock = Clock()
    limiter = RateLimiter(2, clock=clock, sleep=clock.sleep)
    limiter.acquire(cost=3)
    assert limiter.reserve() == 1.5


def test_idle_time_is_not_saved_up_as_a_burst():
    clock = Clock()
    limiter = RateLimiter(1, clock=clock, sleep=clock.sleep)
    limiter.acquire()
    clock.now += 10
    assert limiter.acquire() == 0
    assert limiter.reserve() == 1.0


def test_pause_holds_the_next_call_exactly_that_long():
    clock = Clock()
    limiter = RateLimiter(100, clock=clock, sleep=clock.sleep)
    limiter.acquire()
    limiter.pause(2)
    assert limiter.acquire() == 2.0
    assert limiter.paused_for() == 0


def test_a_pause_set_while_a_call_sleeps_holds_that_call_too():
    clock = Clock()
    limiter = RateLimiter(1, clock=clock, sleep=clock.sleep)
    limiter.acquire()

    def sleep_and_meanwhile_pause(seconds):
        clock.sleep(seconds)
        if len(clock.slept) == 1:
            limiter.pause(3)  # another thread got a Retry-After: 3

    limiter._sleep = sleep_and_meanwhile_pause
    assert limiter.acquire() == 4.0  # its 1 s slot, then the 3 s pause


def test_zero_rate_does_not_pace():
    limiter = RateLimiter(0)
    assert [limiter.reserve() for _ in range(3)] == [0, 0, 0]


def test_backoff_grows_exponentially_with_jitter_and_a_cap():
    assert backoff_delay(1, 1.0, rand=lambda: 1.0) == 1.0
    assert backoff_delay(3, 1.0, rand=lambda: 1.0) == 4.0
    assert backoff_delay(3, 1.0, rand=lambda: 0.5) == 2.0
    assert backoff_delay(3, 1.0, rand=lambda: 0.0) == 0.4  # never nothing
    assert backoff_delay(20, 1.0, cap=60, rand=lambda: 1.0) == 60


def test_retry_after_in_seconds_or_as_a_date():
    assert parse_retry_after("2") == 2.0
    assert parse_retry_after(" 1.5 ") == 1.5
    assert parse_retry_after(None) is None
    assert parse_retry_after("soon") is None
    when = datetime(2026, 1, 1, 12, 0, 30, tzinfo=UTC)
    now = (when - timedelta(seconds=30)).timestamp()
    assert parse_retry_after(format_datetime(when, usegmt=True), now=now) == 30.0


def test_cache_entries_expire_and_the_oldest_go_first():
    clock = Clock()
    cache = TTLCache(max_entries=2, clock=clock)
    cache.set("a", 1, ttl=10)
    cache.set("b", 2, ttl=10)
    assert cache.get("a") == 1
    cache.set("c", 3, ttl=10)  # "b" was used least recently
    assert cache.get("b") is None and cache.get("a") == 1
    clock.now += 11
    assert cache.get("a") is None and len(cache) == 1


def test_cache_key_ignores_parameter_order_and_unset_values():
    assert cache_key("s", "u", {"a": 1, "b": 2}) == cache_key("s", "u", {"b": 2, "a": 1,
                                                                         "c": None})
    assert cache_key("s", "u", {"a": 1}) != cache_key("t", "u", {"a": 1})
