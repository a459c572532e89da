"""A response cache with a time to live, shared by every source plugin.

Sources ask to be cached (IMVDb does, MusicBrainz limits callers to one request a
second, YouTube charges quota per call), and a second discovery of the same
artist inside the TTL should make no call at all. Entries live in memory, keyed
by source, URL and parameters; the oldest are dropped past `max_entries` so a
long-running process stays small.
"""

from __future__ import annotations

import json
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from typing import Any

MAX_ENTRIES = 20_000
_MISSING = object()


def cache_key(source: str, url: str, params: Mapping[str, Any] | None) -> str:
    """One key per distinct request: parameters sorted, so their order does not matter."""
    items = sorted((str(k), str(v)) for k, v in (params or {}).items() if v is not None)
    return json.dumps([source, url, items], separators=(",", ":"))


class TTLCache:
    """A thread-safe least-recently-used map whose entries expire."""

    def __init__(self, max_entries: int = MAX_ENTRIES,
                 clock: Callable[[], float] = time.monotonic):
        self.max_entries = max_entries
        self._clock = clock
        self._items: OrderedDict[str, tuple[float, Any]] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: str, default: Any = None) -> Any:
        with self._lock:
            entry = self._items.get(key, _MISSING)
            if entry is _MISSING or entry[0] <= self._clock():
                if entry is not _MISSING:
                    del self._items[key]
                self.misses += 1
                return default
            self._items.move_to_end(key)
            self.hits += 1
            return entry[1]

    def set(self, key: str, value: Any, ttl: float) -> None:
        if ttl <= 0:
            return
        with self._lock:
            self._items[key] = (self._clock() + ttl, value)
            self._items.move_to_end(key)
            while len(self._items) > self.max_entries:
                self._items.popitem(last=False)

    def clear(self, prefix: str | None = None) -> int:
        """Forget every entry, or those whose key starts with `prefix`; answer how many."""
        with self._lock:
            if prefix is None:
                count = len(self._items)
                self._items.clear()
                return count
            doomed = [key for key in self._items if key.startswith(prefix)]
            for key in doomed:
                del self._items[key]
            return len(doomed)

    def __len__(self) -> int:
        return len(self._items)
