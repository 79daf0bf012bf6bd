"""Rate limits as token buckets in a store every process shares.

A `Limit(name, count, seconds)` is a bucket that holds `count` tokens and refills `count` tokens
every `seconds` (smoothly: one token every seconds/count). Each counted attempt takes a token; an
empty bucket is a 429 problem with Retry-After and a sentence in minutes.

Why buckets and not fixed windows: a fixed hourly window that fills up shuts everyone behind that
key out until the hour ends (a service hall's Wi-Fi was locked out for ~50 minutes). A bucket lets
the next person in as soon as one token has refilled, so a busy hall waits seconds at worst while a
single abuser is held to the refill rate.

Where the buckets live (every worker and process sees the same count, so limits are exact):
- `TONGBAN_REDIS_URL` set: Redis, one Lua script per hit (atomic).
- PostgreSQL database: the `rate_limit_buckets` table, one UPSERT ... RETURNING per hit on its own
  autocommit connection (a refused request's rollback must not undo the count).
- SQLite database (the embedded default): the same table in a file of its own next to the database
  (`ratelimits.sqlite3`), so a hit never waits for, or deadlocks with, the request's own write lock.
"""

from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import Engine, Float, Integer, String, create_engine, delete, event, inspect, select, text
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Mapped, mapped_column

from tongban.core.db import Base
from tongban.core.errors import Problem


class RateBucket(Base):
    """One bucket: tokens left at `updated_at` (seconds since the epoch); `ok` = the last hit was allowed."""

    __tablename__ = "rate_limit_buckets"
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    tokens: Mapped[float] = mapped_column(Float)
    updated_at: Mapped[float] = mapped_column(Float)
    ok: Mapped[int] = mapped_column(Integer, default=1)


@dataclass(frozen=True)
class Limit:
    name: str
    count: int    # tokens the bucket holds: how many may come at once
    seconds: int  # ... and refill over this many seconds


def now() -> float:
    """The clock limits read (tests move it to replay an hour in a moment)."""
    return time.time()


class Backend(Protocol):
    def take(self, key: str, capacity: float, rate: float, at: float) -> tuple[bool, float]:
        """Take one token if there is one; return (allowed, tokens left)."""

    def level(self, key: str, capacity: float, rate: float, at: float) -> float:
        """Tokens in the bucket now, without taking one."""

    def reset(self) -> None:
        """Empty the store (tests)."""


def _refilled(tokens: float, updated: float, capacity: float, rate: float, at: float) -> float:
    return min(capacity, tokens + max(0.0, at - updated) * rate)


_T = "rate_limit_buckets"
_AVAIL = (f"CASE WHEN {_T}.tokens + (:at - {_T}.updated_at) * :rate > :cap THEN :cap "
          f"ELSE {_T}.tokens + (:at - {_T}.updated_at) * :rate END")
# One statement: atomic on both databases, and it reports whether this hit was allowed.
_TAKE = text(f"""
INSERT INTO {_T} (key, tokens, updated_at, ok) VALUES (:key, :cap - 1.0, :at, 1)
ON CONFLICT (key) DO UPDATE SET
  tokens = CASE WHEN {_AVAIL} >= 1.0 THEN {_AVAIL} - 1.0 ELSE {_AVAIL} END,
  ok = CASE WHEN {_AVAIL} >= 1.0 THEN 1 ELSE 0 END,
  updated_at = :at
RETURNING tokens, ok""")


class SqlBackend:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        try:  # processes starting together race to create it; the loser finds it there
            RateBucket.__table__.create(engine, checkfirst=True)  # type: ignore[attr-defined]
        except DatabaseError:
            if not inspect(engine).has_table(RateBucket.__tablename__):
                raise

    def take(self, key: str, capacity: float, rate: float, at: float) -> tuple[bool, float]:
        with self._engine.begin() as conn:
            row = conn.execute(_TAKE, {"key": key, "cap": float(capacity), "rate": float(rate),
                                       "at": float(at)}).one()
        return bool(row.ok), float(row.tokens)

    def level(self, key: str, capacity: float, rate: float, at: float) -> float:
        with self._engine.connect() as conn:
            row = conn.execute(select(RateBucket.tokens, RateBucket.updated_at).where(RateBucket.key == key)).first()
        return capacity if row is None else _refilled(row.tokens, row.updated_at, capacity, rate, at)

    def reset(self) -> None:
        with self._engine.begin() as conn:
            conn.execute(delete(RateBucket))


_LUA = """
local cap, rate, at = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local b = redis.call('HMGET', KEYS[1], 't', 'u')
local tokens = cap
if b[1] then tokens = math.min(cap, tonumber(b[1]) + math.max(0, at - tonumber(b[2])) * rate) end
local ok = 0
if tokens >= 1 then tokens = tokens - 1; ok = 1 end
redis.call('HSET', KEYS[1], 't', tostring(tokens), 'u', tostring(at))
redis.call('EXPIRE', KEYS[1], math.ceil(cap / rate) + 60)
return {ok, tostring(tokens)}
"""


class RedisBackend:
    def __init__(self, url: str, namespace: str) -> None:
        import redis

        self._redis = redis.Redis.from_url(url)
        self._prefix = f"rl:{namespace}:"
        self._script = self._redis.register_script(_LUA)

    def take(self, key: str, capacity: float, rate: float, at: float) -> tuple[bool, float]:
        ok, tokens = self._script(keys=[self._prefix + key], args=[capacity, rate, at])
        return bool(int(ok)), float(tokens)

    def level(self, key: str, capacity: float, rate: float, at: float) -> float:
        t, u = self._redis.hmget(self._prefix + key, "t", "u")
        return capacity if t is None else _refilled(float(t), float(u or 0), capacity, rate, at)

    def reset(self) -> None:
        for k in self._redis.scan_iter(self._prefix + "*"):
            self._redis.delete(k)


def _sqlite_pragmas(dbapi_conn: object, _record: object) -> None:
    cur = dbapi_conn.cursor()  # type: ignore[attr-defined]
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


def _sql_engine(database_url: str) -> Engine:
    if database_url.startswith("sqlite"):
        main = database_url.split("///", 1)[1] if "///" in database_url else ""
        folder = Path(main).parent if main and main != ":memory:" else Path(current_app.instance_path)
        folder.mkdir(parents=True, exist_ok=True)
        engine = create_engine(f"sqlite:///{folder / 'ratelimits.sqlite3'}")
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(database_url, pool_size=2, max_overflow=4, pool_pre_ping=True)


_lock = threading.Lock()


def backend() -> Backend:
    ext = current_app.extensions
    if "tongban_ratelimit" not in ext:
        with _lock:
            if "tongban_ratelimit" not in ext:
                settings = current_app.config["TONGBAN"]
                if settings.redis_url:
                    ns = hashlib.sha256(settings.database_url.encode()).hexdigest()[:12]
                    ext["tongban_ratelimit"] = RedisBackend(settings.redis_url, ns)
                else:
                    ext["tongban_ratelimit"] = SqlBackend(_sql_engine(settings.database_url))
    return ext["tongban_ratelimit"]


def _shape(limit: Limit) -> tuple[float, float]:
    """(capacity, tokens per second), scaled by TONGBAN_RATE_LIMIT_SCALE (test rigs only)."""
    scale = float(current_app.config["TONGBAN"].extra.get("rate_limit_scale", 1))
    capacity = max(1.0, limit.count * scale)
    return capacity, capacity / limit.seconds


def _refused(limit: Limit, tokens: float) -> Problem:
    capacity, rate = _shape(limit)
    wait = max(1, int((1.0 - tokens) / rate + 0.999))
    minutes = max(1, -(-wait // 60))
    return Problem(429, "too_many_requests",
                   _("Too many attempts. Please wait %(minutes)s minute(s) and try again.", minutes=minutes),
                   headers={"Retry-After": str(wait)})


def check(limit: Limit, key: str) -> None:
    """Count one attempt against `key`, or raise 429 (the refused attempt takes nothing)."""
    capacity, rate = _shape(limit)
    allowed, tokens = backend().take(f"{limit.name}:{key}", capacity, rate, now())
    if not allowed:
        raise _refused(limit, tokens)


def ensure(limit: Limit, key: str) -> None:
    """Raise 429 when `key` has no token left, without taking one (for limits that count failures)."""
    capacity, rate = _shape(limit)
    tokens = backend().level(f"{limit.name}:{key}", capacity, rate, now())
    if tokens < 1.0:
        raise _refused(limit, tokens)


def charge(limit: Limit, key: str) -> None:
    """Count one failure against `key` (never raises: the caller is already answering with an error)."""
    capacity, rate = _shape(limit)
    backend().take(f"{limit.name}:{key}", capacity, rate, now())
