"""Search result cache: finished JSON bodies, per worker process, keyed by the catalogue generation.

The catalogue changes rarely and people search for the same few things (户口, 社保卡, 公积金), so the
body of a search answer is reused until any matter or list changes. Every write bumps the generation
(service.bump_generation); workers read it at most once a second, so an edit shows within a second.
With TONGBAN_REDIS_URL the answers are also shared through Redis, so one worker's work serves all
of them (a local LRU stays in front). TONGBAN_SEARCH_CACHE=0 turns it off (bench/run.py measures both).
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from collections import OrderedDict
from typing import Any

from flask import Flask, current_app, request
from sqlalchemy import select

from tongban.catalogue.models import CatalogueState
from tongban.extensions import db

MAX_ENTRIES = 4096
GENERATION_TTL = 1.0

_lock = threading.Lock()
_entries: OrderedDict[tuple[Any, ...], bytes] = OrderedDict()
_generation: tuple[float, int] = (0.0, -1)


def enabled() -> bool:
    return os.environ.get("TONGBAN_SEARCH_CACHE", "1") != "0"


def generation() -> int:
    global _generation
    checked_at, value = _generation
    now = time.monotonic()
    if now - checked_at > GENERATION_TTL:
        value = db.session.scalar(select(CatalogueState.generation).where(CatalogueState.id == 1)) or 0
        _generation = (now, value)
    return value


def key(args: dict[str, Any]) -> tuple[Any, ...]:
    return (generation(), *sorted((k, v) for k, v in args.items() if v not in (None, "")))


REDIS_TTL = 600
_redis: Any = None


def _shared() -> Any:
    global _redis
    url = current_app.config["TONGBAN"].redis_url
    if url and _redis is None:
        import redis

        _redis = redis.Redis.from_url(url, socket_timeout=0.2)
    return _redis if url else None


def _redis_key(k: tuple[Any, ...]) -> str:
    # The database is part of the key: two deployments sharing one Redis must never share answers.
    where = current_app.config["TONGBAN"].database_url
    return "tb:search:" + hashlib.sha256(repr((where, k)).encode()).hexdigest()


def get(k: tuple[Any, ...]) -> bytes | None:
    with _lock:
        body = _entries.get(k)
        if body is not None:
            _entries.move_to_end(k)
            return body
    shared = _shared()
    if shared is not None:
        try:
            body = shared.get(_redis_key(k))
        except Exception:  # noqa: BLE001 - a cache that is down is a cache miss, never an error
            return None
        if body is not None:
            _remember(k, body)
    return body


def _remember(k: tuple[Any, ...], body: bytes) -> None:
    with _lock:
        _entries[k] = body
        while len(_entries) > MAX_ENTRIES:
            _entries.popitem(last=False)


def put(k: tuple[Any, ...], body: bytes) -> None:
    _remember(k, body)
    shared = _shared()
    if shared is not None:
        try:
            shared.set(_redis_key(k), body, ex=REDIS_TTL)
        except Exception:  # noqa: BLE001, S110 - see get()
            pass


def clear() -> None:
    global _generation
    with _lock:
        _entries.clear()
        _generation = (0.0, -1)


SEARCH_PATH = "/api/v1/matters"
_IGNORED = {"lang"}  # arguments that do not change the answer's body


def raw_key() -> tuple[Any, ...]:
    """The key of the request's raw arguments; only validated answers are ever stored under it."""
    return (generation(), "raw", *sorted((k, v) for k, v in request.args.items(multi=True) if k not in _IGNORED))


def init(app: Flask) -> None:
    # Before argument parsing: a repeated search costs a dictionary look-up, not a schema, and a new
    # one skips the argument parser's machinery (routes.answer_search_early).
    from tongban.catalogue import routes

    app.before_request(routes.answer_search_early)
