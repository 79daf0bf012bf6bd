"""Rate limits: fixed windows counted in memory (embedded default) or in Redis (TONGBAN_REDIS_URL).

A limit is (name, count, seconds). `check()` counts one hit for a key and raises a 429 problem with
Retry-After and a sentence a person understands when the count is exceeded.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Protocol

from flask import current_app
from flask_babel import gettext as _

from tongban.core.errors import Problem


@dataclass(frozen=True)
class Limit:
    name: str
    count: int
    seconds: int


class Backend(Protocol):
    def hit(self, key: str, seconds: int) -> tuple[int, int]:
        """Count one hit; return (hits in this window, seconds until the window ends)."""


class MemoryBackend:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._windows: dict[str, tuple[float, int]] = {}

    def hit(self, key: str, seconds: int) -> tuple[int, int]:
        now = time.monotonic()
        with self._lock:
            start, count = self._windows.get(key, (now, 0))
            if now - start >= seconds:
                start, count = now, 0
            count += 1
            self._windows[key] = (start, count)
            if len(self._windows) > 100_000:  # bound memory: drop expired windows
                self._windows = {k: v for k, v in self._windows.items() if now - v[0] < 3600}
            return count, max(1, int(seconds - (now - start)) + 1)

    def reset(self) -> None:
        with self._lock:
            self._windows.clear()


class RedisBackend:
    def __init__(self, url: str) -> None:
        import redis

        self._redis = redis.Redis.from_url(url)

    def hit(self, key: str, seconds: int) -> tuple[int, int]:
        pipe = self._redis.pipeline()
        pipe.incr("rl:" + key)
        pipe.expire("rl:" + key, seconds, nx=True)
        pipe.ttl("rl:" + key)
        count, _, ttl = pipe.execute()
        return int(count), max(1, int(ttl))


def backend() -> Backend:
    ext = current_app.extensions
    if "tongban_ratelimit" not in ext:
        url = current_app.config["TONGBAN"].redis_url
        ext["tongban_ratelimit"] = RedisBackend(url) if url else MemoryBackend()
    return ext["tongban_ratelimit"]


def check(limit: Limit, key: str) -> None:
    count, retry_after = backend().hit(f"{limit.name}:{key}", limit.seconds)
    if count > limit.count:
        minutes = max(1, -(-retry_after // 60))
        raise Problem(429, "too_many_requests",
                      _("Too many attempts. Please wait %(minutes)s minute(s) and try again.", minutes=minutes),
                      headers={"Retry-After": str(retry_after)})
