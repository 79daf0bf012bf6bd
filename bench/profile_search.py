#!/usr/bin/env python3
"""Profile the uncached search in-process: the bench's query mix through the app's WSGI callable.

No HTTP server and no client: each request is one call of the app with the environ gunicorn would
build, so what is printed is the app's own CPU per request (process time: other work on the machine
does not count). For the search with the worker's index (catalogue/index.py) and with SQL, and for
the bare endpoint (bench/bare_app.py) the same way, it prints CPU per request split into the search
itself (service.answer; within it the index's search) and everything around it (Flask, the request
hooks, reading the arguments); on PostgreSQL also the server's CPU per request (its backend runs on
this machine). Then the slowest query texts and a profile of one pass with the index: pyinstrument's
tree when it is installed, else cProfile's top functions by cumulative time.

    python bench/profile_search.py                                # the cached bench catalogue (SQLite)
    python bench/profile_search.py --database-url postgresql+psycopg://postgres@127.0.0.1/bench_catalogue_…
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def environ(path: str) -> dict[str, Any]:
    """What gunicorn hands the app for `GET path` from the bench's client."""
    route, _, query = path.partition("?")
    return {"REQUEST_METHOD": "GET", "PATH_INFO": urllib.parse.unquote(route), "QUERY_STRING": query,
            "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8000", "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": "127.0.0.1:8000", "HTTP_ACCEPT": "application/json", "HTTP_CONNECTION": "close",
            "REMOTE_ADDR": "127.0.0.1", "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(b""),
            "wsgi.errors": sys.stderr, "wsgi.version": (1, 0), "wsgi.multithread": False,
            "wsgi.multiprocess": True, "wsgi.run_once": False}


def get(app: Callable[..., Any], path: str) -> str:
    status: list[str] = []
    body = app(environ(path), lambda s, h, e=None: status.append(s))
    b"".join(body)
    getattr(body, "close", lambda: None)()
    return status[0]


class Timer:
    """CPU time spent inside a wrapped function."""

    def __init__(self) -> None:
        self.seconds = 0.0

    def wrap(self, fn: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            t0 = time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                self.seconds += time.process_time() - t0
        return timed


def server_cpu(url: str) -> float:
    """CPU seconds so far of the PostgreSQL backends serving this database on this machine (0 for SQLite)."""
    if not url.startswith("postgres"):
        return 0.0
    sys.path.insert(0, str(HERE))
    from run import pg_backends, proc_cpu

    return sum(proc_cpu(p) for p in pg_backends(urllib.parse.urlsplit(url).path.lstrip("/")))


def measure(app: Any, paths: list[str], rounds: int, url: str) -> dict[str, Any]:
    """CPU per request through the app, and how much of it the search and the index took."""
    from tongban.catalogue import index, service

    answer, searched = Timer(), Timer()
    real_answer, real_search = service.answer, index.Index.search
    service.answer = answer.wrap(real_answer)  # type: ignore[assignment]
    index.Index.search = searched.wrap(real_search)  # type: ignore[method-assign]
    per_text: dict[str, list[float]] = {}
    db0, started = server_cpu(url), time.process_time()
    try:
        for _ in range(rounds):
            for path in paths:
                t0 = time.process_time()
                get(app, path)
                q = urllib.parse.parse_qs(urllib.parse.urlsplit(path).query)["q"][0]
                per_text.setdefault(q, []).append(time.process_time() - t0)
    finally:
        service.answer, index.Index.search = real_answer, real_search  # type: ignore[method-assign]
    n = rounds * len(paths)
    return {"total": 1000 * (time.process_time() - started) / n, "answer": 1000 * answer.seconds / n,
            "index": 1000 * searched.seconds / n, "server": 1000 * (server_cpu(url) - db0) / n,
            "per_text": per_text}


def report(label: str, m: dict[str, Any], bare_ms: float) -> None:
    server = f"; database server {m['server']:.2f} ms more" if m["server"] else ""
    print(f"{label}: {m['total']:.2f} ms CPU per request{server}")
    print(f"    the search (service.answer) {m['answer']:.2f} ms" + (f", of which the index {m['index']:.2f} ms"
                                                                    if m["index"] else "")
          + f"; around it (Flask, hooks, arguments) {m['total'] - m['answer']:.2f} ms "
            f"(the bare endpoint: {bare_ms:.2f} ms in all)")
    slow = sorted(((statistics.mean(v) * 1000, q) for q, v in m["per_text"].items()), reverse=True)[:8]
    print("    slowest texts (mean over filters): " + ", ".join(f"{q} {ms:.2f} ms" for ms, q in slow))


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--database-url", help="default: the newest bench/out/catalogue-20000-*.db")
    p.add_argument("--rounds", type=int, default=3)
    a = p.parse_args()
    url = a.database_url
    if not url:
        dbs = sorted((HERE / "out").glob("catalogue-20000-*.db"), key=lambda f: f.stat().st_mtime)
        if not dbs:
            raise SystemExit("no bench catalogue yet: run `make bench` (or pass --database-url)")
        url = f"sqlite:///{dbs[-1]}"
    os.environ.update(TONGBAN_DATABASE_URL=url, TONGBAN_SEARCH_CACHE="0", TONGBAN_SECRET_KEY=os.urandom(24).hex(),
                      TONGBAN_ENV="test", TONGBAN_PUBLIC_URL="https://bench.invalid",
                      TONGBAN_PWA_DIST=str(HERE / "out" / "logs" / "no-pwa"))
    sys.path.insert(0, str(HERE))
    import bare_app
    from run import matter_paths
    from tongban import create_app
    from tongban.catalogue import index, search

    app = create_app()
    app.testing = True  # the index is built in the first request, not in a thread
    paths = matter_paths(35)
    search.query_tokens("户口迁移")  # jieba's dictionary, which every worker loads on its first search
    t0 = time.process_time()
    assert get(app, paths[0]).startswith("200")
    print(f"{url}\nsearch index: {len(index._index or ())} matters, built in {time.process_time() - t0:.2f} s "
          "of CPU (in the first search)")
    for path in paths:  # warm-up: jieba's dictionary, caches, SQLite's page cache
        assert get(app, path).startswith("200"), path
    for _ in range(200):
        get(bare_app.app, "/bare")
    t0 = time.process_time()
    for _ in range(a.rounds * len(paths)):
        get(bare_app.app, "/bare")
    bare_ms = 1000 * (time.process_time() - t0) / (a.rounds * len(paths))
    n = a.rounds * len(paths)
    print(f"{n} searches each way, answer cache off; bare endpoint {bare_ms:.2f} ms CPU per request")
    report("with the index", measure(app, paths, a.rounds, url), bare_ms)
    os.environ["TONGBAN_SEARCH_INDEX"] = "0"
    for path in paths:
        get(app, path)
    report("with SQL (TONGBAN_SEARCH_INDEX=0)", measure(app, paths, a.rounds, url), bare_ms)
    os.environ["TONGBAN_SEARCH_INDEX"] = "1"
    try:
        from pyinstrument import Profiler
    except ImportError:
        profile = cProfile.Profile()
        profile.enable()
        for path in paths:
            get(app, path)
        profile.disable()
        pstats.Stats(profile).sort_stats("cumulative").print_stats(30)
    else:
        profiler = Profiler(interval=0.0002)
        profiler.start()
        for path in paths:
            get(app, path)
        profiler.stop()
        print(profiler.output_text(unicode=True, color=False))


if __name__ == "__main__":
    main()
