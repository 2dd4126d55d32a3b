"""A short-lived cache of figures (短时缓存) for the dashboard and list counts."""
from __future__ import annotations

import threading
import time


class TTLCache:
    """A tiny time-bounded cache (短时缓存) for dashboard figures and list counts. Keys carry
    :func:`data_version`; ``bump()`` after a write also clears this process's entries.
    ``compute(key, fn)`` lets one thread compute a missing value while the others wait for it."""

    def __init__(self, ttl: float = 30.0, size: int = 256):
        self.ttl, self.size = ttl, size
        self._data: dict = {}
        self._lock = threading.Lock()
        self._key_locks: dict = {}
        self.version = 0

    def compute(self, key, fn):
        value = self.get(key)
        if value is not None or self.ttl <= 0:
            return value if value is not None else fn()
        with self._lock:
            lock = self._key_locks.setdefault(key, threading.Lock())
        with lock:
            value = self.get(key)
            if value is None:
                value = fn()
                self.put(key, value)
        with self._lock:
            if len(self._key_locks) > self.size:
                self._key_locks.clear()
        return value

    def bump(self) -> None:
        with self._lock:
            self.version += 1
            self._data.clear()

    def get(self, key):
        with self._lock:
            item = self._data.get(key)
            if item and time.monotonic() - item[0] < self.ttl and item[1] == self.version:
                return item[2]
            return None

    def put(self, key, value) -> None:
        with self._lock:
            if len(self._data) >= self.size:
                self._data.clear()
            self._data[key] = (time.monotonic(), self.version, value)
