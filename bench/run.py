#!/usr/bin/env python3
"""Catalogue search benchmark: GET /api/v1/matters?q=… against a bare Flask endpoint.

Both apps run under the same gunicorn settings on loopback; 50 concurrent clients (asyncio, one
connection per request, as nginx talks to sync workers) send a bounded number of requests for a
bounded time. The headline is the search with its answer cache off (TONGBAN_SEARCH_CACHE=0), what
every first search of a query costs; the cached figures follow. Prints p50/p95/p99 latency,
throughput, the ratio to the bare endpoint, and the goals (p95 ≤ 25 ms; throughput ≥ 0.5 × bare)
as PASS/MISS. It prints numbers; it asserts nothing.

    python bench/run.py                       # 20,000 matters on SQLite (generated once, cached)
    python bench/run.py --database-url postgresql+psycopg://user@127.0.0.1/tongban_bench

The load generator shares the machine's cores with gunicorn; its own CPU use is printed so the
numbers can be read with that in mind.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import itertools
import json
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "bench" / "out"      # git-ignored: the cached catalogue and the servers' logs
BIN = Path(sys.executable).parent
GOAL_P95_MS = 25.0
GOAL_RATIO = 0.5

# What residents type: words, phrases, synonyms (社保卡 ↔ 社会保障卡), full pinyin and initials, with
# the filters the PWA adds. Every query should find something; the run prints how many do.
QUERIES = [
    "户口迁移", "身份证", "社保卡", "养老保险", "公积金提取", "驾驶证换领", "营业执照", "婚姻登记",
    "出生医学证明", "异地就医", "不动产抵押", "无犯罪记录证明", "失业保险", "居住证", "护照", "残疾人证",
    "退休", "个体工商户注销", "教师资格", "夫妻投靠", "驾照", "医保", "户籍证明", "就业创业证",
    "hukou", "hukouqianyi", "shenfenzheng", "yanglao", "gongjijin", "jiashizheng", "yingyezhizhao",
    "yidijiuyi", "budongchan", "huzhao", "shebao", "hkqy", "sfz", "gjj", "jsz", "yyzz", "bdc", "jzz",
    "户口 hkqy", "公积金 提取",
]
FILTERS = ["", "", "", "&scope=kstb", "&mode=online", "&audience=person", "&audience=enterprise",
           "&scope=citywide&mode=proxy_window", "&page=2"]
_CONTENT_LENGTH = re.compile(rb"\r\ncontent-length:\s*(\d+)", re.IGNORECASE)


# --- the load generator -------------------------------------------------------------------------

async def fetch(port: int, path: str) -> tuple[float, int, bytes]:
    """One request on its own connection; returns (seconds, status, body)."""
    t0 = time.perf_counter()
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: application/json\r\n"
                     "Connection: close\r\n\r\n".encode("ascii"))
        head = await reader.readuntil(b"\r\n\r\n")
        m = _CONTENT_LENGTH.search(head)
        body = await (reader.readexactly(int(m.group(1))) if m else reader.read())
    finally:
        writer.close()
    return time.perf_counter() - t0, int(head[9:12]), body


@dataclass
class Result:
    label: str
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    seconds: float = 0.0
    client_cpu: float = 0.0
    by_path: dict[str, list[float]] = field(default_factory=dict)

    def pct(self, p: int) -> float:
        if len(self.latencies) < 2:
            return float("nan")
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[p - 1] * 1000

    @property
    def rps(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0


async def drive(label: str, port: int, paths: list[str], clients: int, max_requests: int,
                max_seconds: float) -> Result:
    """`clients` closed-loop clients until max_requests were sent or max_seconds passed."""
    result, queue = Result(label), itertools.cycle(paths)
    sent = 0
    deadline = time.monotonic() + max_seconds

    async def client() -> None:
        nonlocal sent
        while sent < max_requests and time.monotonic() < deadline:
            sent += 1
            path = next(queue)
            try:
                seconds, status, _ = await fetch(port, path)
            except (OSError, asyncio.IncompleteReadError, ValueError):
                result.errors += 1
                continue
            if status == 200:
                result.latencies.append(seconds)
                result.by_path.setdefault(path, []).append(seconds)
            else:
                result.errors += 1

    cpu0, t0 = time.process_time(), time.monotonic()
    await asyncio.gather(*(client() for _ in range(clients)))
    result.seconds, result.client_cpu = time.monotonic() - t0, time.process_time() - cpu0
    return result


# --- servers ------------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_gunicorn(app: str, port: int, args: argparse.Namespace, env: dict[str, str], log: Path,
                   pythonpath: str | None = None) -> subprocess.Popen[bytes]:
    cmd = [str(BIN / "gunicorn"), "--bind", f"127.0.0.1:{port}", "--workers", str(args.workers),
           "--worker-class", args.worker_class, "--threads", str(args.threads), "--backlog", "2048",
           "--log-level", "warning",  # no access log: writing it would be part of the measurement
           "--no-control-socket"]     # gunicorn ≥ 27 would share one ~/.gunicorn socket between both apps
    if pythonpath:
        cmd += ["--pythonpath", pythonpath]
    with log.open("wb") as out:
        return subprocess.Popen([*cmd, app], env=env, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)


def wait_ready(proc: subprocess.Popen[bytes], port: int, path: str, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"gunicorn exited:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as r:  # noqa: S310
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"gunicorn on :{port} not ready:\n{log.read_text(errors='replace')[-3000:]}")


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)   # gunicorn's graceful stop, workers included
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


# --- the catalogue database -----------------------------------------------------------------------

def fingerprint(n: int) -> str:
    """Changes when the catalogue's tables, its search tokens or the generator change: the cache is stale.

    New migrations alone do not: a cached file is brought up to date with `db upgrade` instead.
    """
    h = hashlib.sha256(str(n).encode())
    pkg = REPO / "backend" / "tongban"
    for path in sorted([*(pkg / "catalogue" / name for name in ("models.py", "search.py", "service.py",
                                                                "synonyms.txt")),
                        pkg / "demo" / "data" / "directory.json", REPO / "bench" / "gen_catalogue.py"]):
        h.update(path.read_bytes() if path.exists() else b"-")
    return h.hexdigest()[:12]


def ensure_catalogue(args: argparse.Namespace) -> str:
    if args.database_url:
        generate(args.database_url, args.matters)   # idempotent: adds only what is missing
        return args.database_url
    path = args.db or OUT / f"catalogue-{args.matters}-{fingerprint(args.matters)}.db"
    if path.exists() and not args.fresh:
        print(f"catalogue: {path} (cached; --fresh rebuilds)")
        generate(f"sqlite:///{path}", args.matters, quiet=True)   # newer migrations, if any
        return f"sqlite:///{path}"
    # Build next to it and rename when complete, so an interrupted run never leaves a "cached"
    # half catalogue; the rebuilt file replaces stale ones (other fingerprints).
    path.parent.mkdir(parents=True, exist_ok=True)
    stale = set(path.parent.glob(path.name + "*"))
    if not args.db:
        stale |= set(path.parent.glob(f"catalogue-{args.matters}-*.db*"))
    for old in stale:
        old.unlink(missing_ok=True)
    partial = path.with_name(path.name + ".partial")
    generate(f"sqlite:///{partial}", args.matters)
    for suffix in ("-wal", "-shm"):     # normally gone after a clean close; move them if not
        side = partial.with_name(partial.name + suffix)
        if side.exists():
            side.rename(path.with_name(path.name + suffix))
    partial.rename(path)
    return f"sqlite:///{path}"


def generate(url: str, n: int, quiet: bool = False) -> None:
    """Run gen_catalogue.py: migrate, then add whichever of the n matters are missing."""
    if not quiet:
        print(f"catalogue: generating {n:,} matters into {url} …", flush=True)
    t0 = time.monotonic()
    subprocess.run([sys.executable, str(REPO / "bench" / "gen_catalogue.py"), "--database-url", url,
                    "-n", str(n)], check=True, stdout=subprocess.DEVNULL if quiet else None)
    if not quiet:
        print(f"catalogue: ready in {time.monotonic() - t0:.0f} s")


def matter_paths(seed: int) -> list[str]:
    rng = random.Random(seed)
    paths = [f"/api/v1/matters?q={urllib.parse.quote(q)}{f}" for q in QUERIES for f in FILTERS]
    rng.shuffle(paths)
    return paths


async def hits(port: int) -> tuple[int, list[str]]:
    """How many of the plain queries find at least one matter (a search that finds nothing is cheap)."""
    empty = []
    for q in QUERIES:
        _, status, body = await fetch(port, f"/api/v1/matters?q={urllib.parse.quote(q)}")
        if status != 200 or not json.loads(body).get("total"):
            empty.append(q)
    return len(QUERIES) - len(empty), empty


# --- the run ------------------------------------------------------------------------------------

def _table(rows: list[Result]) -> None:
    print(f"\n{'target':<30}{'ok':>7}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'req/s':>9}"
          f"{'client CPU':>12}")
    for r in rows:
        cpu = f"{100 * r.client_cpu / r.seconds:.0f}%" if r.seconds else "-"
        print(f"{r.label:<30}{len(r.latencies):>7}{r.errors:>8}{r.pct(50):>9.1f}{r.pct(95):>9.1f}"
              f"{r.pct(99):>9.1f}{r.rps:>9.0f}{cpu:>12}")


def _goals(args: argparse.Namespace, bare: Result, search: Result, what: str) -> None:
    ratio = search.rps / bare.rps if bare.rps else 0.0
    p95 = search.pct(95)
    print(f"goal p95 ≤ {GOAL_P95_MS:.0f} ms ({args.clients} clients), {what}:  {p95:7.1f} ms   "
          f"{'PASS' if p95 <= GOAL_P95_MS else 'MISS'}")
    print(f"goal throughput ≥ {GOAL_RATIO} × bare, {what}:  {ratio:9.2f} ×    "
          f"{'PASS' if ratio >= GOAL_RATIO else 'MISS'}")


def _slowest(probe: Result) -> str:
    by_text: dict[str, list[float]] = {}
    for path, samples in probe.by_path.items():
        text = urllib.parse.parse_qs(urllib.parse.urlsplit(path).query)["q"][0]
        by_text.setdefault(text, []).extend(samples)
    slowest = sorted(((statistics.median(v) * 1000, q) for q, v in by_text.items()), reverse=True)[:6]
    return ", ".join(f"{q} {ms:.1f} ms" for ms, q in slowest)


def report(args: argparse.Namespace, db_kind: str, bare: Result, cold: Result, cold_probe: Result,
           warm: Result, warm_probe: Result, found: tuple[int, list[str]]) -> None:
    print(f"\nTongban catalogue benchmark — {os.cpu_count()} cores, gunicorn {args.workers} × "
          f"{args.worker_class} worker(s), {args.clients} clients, {args.matters:,} matters ({db_kind})")
    print(f"queries: {len(QUERIES)} distinct texts × {len(FILTERS)} filter variants; "
          f"{found[0]}/{len(QUERIES)} texts find matters" + (f" (none for: {', '.join(found[1])})"
                                                             if found[1] else ""))
    print("\n== headline: search answer cache OFF (TONGBAN_SEARCH_CACHE=0): what a first search costs ==")
    _table([bare, cold, cold_probe])
    print(f"\nthroughput ratio, search (cache off) / bare: {cold.rps / bare.rps if bare.rps else 0.0:.2f}")
    _goals(args, bare, cold, "cache off")
    print(f"(for scale: bare p95 {bare.pct(95):.1f} ms is the floor set by queueing {args.clients} clients "
          f"on {args.workers} workers; one client alone sees search p95 {cold_probe.pct(95):.1f} ms uncached)")
    print("slowest query texts, cache off, one client, median over filters: " + _slowest(cold_probe))
    print("\n== search answer cache ON (per worker, and Redis when configured): repeated searches ==")
    _table([warm, warm_probe])
    print(f"\nthroughput ratio, search (cache on) / bare: {warm.rps / bare.rps if bare.rps else 0.0:.2f}")
    _goals(args, bare, warm, "cache on")


async def run(args: argparse.Namespace) -> None:
    url = ensure_catalogue(args)
    load1 = os.getloadavg()[0]
    if load1 > 0.5 * (os.cpu_count() or 1):
        print(f"warning: load average {load1:.1f} on {os.cpu_count()} cores before the run: "
              "other work is competing, so these numbers understate the app")
    logs = OUT / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    if args.redis_url:  # start cold: no answers left from an earlier run
        import redis

        redis.Redis.from_url(args.redis_url).flushdb()
    env = {**os.environ, "TONGBAN_DATABASE_URL": url, "TONGBAN_REDIS_URL": args.redis_url,
           "TONGBAN_SECRET_KEY": os.urandom(24).hex(),
           # production refuses SQLite; on PostgreSQL the bench runs the production settings
           "TONGBAN_ENV": "production" if url.startswith("postgres") else "test",
           "TONGBAN_PWA_DIST": str(logs / "no-pwa"), "TONGBAN_PUBLIC_URL": "https://bench.invalid"}
    app_port, bare_port = free_port(), free_port()
    # The headline first: the search with its answer cache off, as every first search of a query runs.
    app = start_gunicorn("tongban.wsgi:app", app_port, args, {**env, "TONGBAN_SEARCH_CACHE": "0"},
                         logs / "app-nocache.log")
    bare = start_gunicorn("bare_app:app", bare_port, args, env, logs / "bare.log", str(REPO / "bench"))
    try:
        wait_ready(app, app_port, "/api/v1/health", logs / "app-nocache.log")
        wait_ready(bare, bare_port, "/bare", logs / "bare.log")
        found = await hits(app_port)
        paths = matter_paths(args.seed)
        budget = (args.clients, args.requests, args.duration)
        # Warm-up (not measured): every worker loads jieba's dictionary on its first search.
        await drive("warm-up", app_port, paths, args.clients, args.requests, args.warmup)
        await drive("warm-up", bare_port, ["/bare"], args.clients, args.requests, args.warmup)
        bare_result = await drive("bare   GET /bare", bare_port, ["/bare"], *budget)
        cold = await drive("search, cache off", app_port, paths, *budget)
        cold_probe = await drive("search, cache off, 1 client", app_port, paths, 1, 300, 10)
        stop(app)
        app = start_gunicorn("tongban.wsgi:app", app_port, args, env, logs / "app.log")
        wait_ready(app, app_port, "/api/v1/health", logs / "app.log")
        await drive("warm-up", app_port, paths, args.clients, args.requests, args.warmup)
        warm = await drive("search, cache on", app_port, paths, *budget)
        warm_probe = await drive("search, cache on, 1 client", app_port, paths, 1, 300, 10)
    finally:
        stop(app)
        stop(bare)
    report(args, "PostgreSQL" if url.startswith("postgres") else "SQLite", bare_result, cold, cold_probe, warm,
           warm_probe, found)


def main() -> None:
    cores = os.cpu_count() or 1
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--matters", type=int, default=20_000)
    p.add_argument("--workers", type=int, default=2 * cores + 1, help="gunicorn workers (default 2×cores+1)")
    p.add_argument("--worker-class", default="sync", help="gunicorn worker class (as in the image: sync)")
    p.add_argument("--threads", type=int, default=1, help="threads per worker (gthread)")
    p.add_argument("--clients", type=int, default=50)
    p.add_argument("--requests", type=int, default=6000, help="at most this many requests per target")
    p.add_argument("--duration", type=float, default=15.0, help="at most this many seconds per target")
    p.add_argument("--warmup", type=float, default=3.0, help="seconds of unmeasured load per target")
    p.add_argument("--seed", type=int, default=35)
    p.add_argument("--db", type=Path, help="SQLite file to use (default: bench/out/catalogue-N-<hash>.db, "
                   "generated once and reused until the schema, search code or generator change)")
    p.add_argument("--database-url", help="use this database instead (e.g. PostgreSQL), generating into it")
    p.add_argument("--fresh", action="store_true", help="regenerate the cached SQLite catalogue")
    p.add_argument("--redis-url", default="redis://127.0.0.1:6379/15",
                   help="Redis for the shared search cache, as production runs it ('' for none)")
    asyncio.run(run(p.parse_args()))


if __name__ == "__main__":
    main()
