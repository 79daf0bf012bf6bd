#!/usr/bin/env python3
"""Profile the uncached search in-process: the bench's query mix through Flask's test client.

CPU time per request (process time, so other work on the machine does not count; on PostgreSQL the
server's own time is not in it), the slowest query texts, and a profile of one pass: pyinstrument's
tree when it is installed, else cProfile's top functions by cumulative time.

    python bench/profile_search.py                                # the cached bench catalogue (SQLite)
    python bench/profile_search.py --database-url postgresql+psycopg://postgres@127.0.0.1/tongban_bench
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
import urllib.parse
from pathlib import Path

HERE = Path(__file__).resolve().parent


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
                      TONGBAN_ENV="test", TONGBAN_PUBLIC_URL="https://bench.invalid")
    sys.path.insert(0, str(HERE))
    from run import matter_paths
    from tongban import create_app

    client = create_app().test_client()
    paths = matter_paths(35)
    for path in paths:  # warm-up: jieba's dictionary, prepared statements, caches
        assert client.get(path).status_code == 200, path
    per_text: dict[str, list[float]] = {}
    started = time.process_time()
    for _ in range(a.rounds):
        for path in paths:
            t0 = time.process_time()
            client.get(path)
            q = urllib.parse.parse_qs(urllib.parse.urlsplit(path).query)["q"][0]
            per_text.setdefault(q, []).append(time.process_time() - t0)
    n = a.rounds * len(paths)
    print(f"{url}\n{n} searches, cache off: {1000 * (time.process_time() - started) / n:.2f} ms CPU per request")
    slow = sorted(((statistics.mean(v) * 1000, q) for q, v in per_text.items()), reverse=True)[:8]
    print("slowest texts (mean over filters): " + ", ".join(f"{q} {ms:.1f} ms" for ms, q in slow))
    try:
        from pyinstrument import Profiler
    except ImportError:
        profile = cProfile.Profile()
        profile.enable()
        for path in paths:
            client.get(path)
        profile.disable()
        pstats.Stats(profile).sort_stats("cumulative").print_stats(30)
    else:
        profiler = Profiler(interval=0.0005)
        profiler.start()
        for path in paths:
            client.get(path)
        profiler.stop()
        print(profiler.output_text(unicode=True, color=False))


if __name__ == "__main__":
    main()
