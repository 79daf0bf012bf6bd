#!/usr/bin/env python3
"""Catalogue search benchmark: GET /api/v1/matters?q=… against a bare Flask endpoint, on SQLite and
PostgreSQL in one run.

Every app runs under the same gunicorn settings on loopback; 50 concurrent clients (asyncio, one
connection per request, as nginx talks to sync workers) send a bounded number of requests for a
bounded time. The headline is the search with its answer cache off (TONGBAN_SEARCH_CACHE=0), what
every first search of a query costs, on each database, measured in turns with the bare endpoint
(--segments: on a shared machine a ratio is only fair between runs that met the same other load);
the cached figures follow. Printed: p50/p95/p99 latency, throughput, the ratio to bare, the goals (p95 ≤ 25 ms;
throughput ≥ 0.5 × bare) as PASS/MISS, and where the CPU went per request (gunicorn workers, the
PostgreSQL backends, the load generator), which other load on the machine does not change. It prints
numbers; it asserts nothing.

    python bench/run.py                       # 20,000 matters on SQLite and on PostgreSQL (both cached)
    python bench/run.py --pg-admin-url ''     # SQLite only
    python bench/run.py --database-url postgresql+psycopg://user@127.0.0.1/tongban_bench   # that database only
    python bench/run.py --search-index 0      # the SQL search (the worker's in-memory index off)
"""

from __future__ import annotations

import argparse
import ast
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
TICK = os.sysconf("SC_CLK_TCK")

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
    app_cpu: float = 0.0      # the gunicorn workers' CPU seconds during the run
    db_cpu: float = 0.0       # the PostgreSQL backends' (SQLite runs inside the workers)
    by_path: dict[str, list[float]] = field(default_factory=dict)

    def pct(self, p: int) -> float:
        if len(self.latencies) < 2:
            return float("nan")
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[p - 1] * 1000

    @property
    def rps(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def per_request(self, seconds: float) -> float:
        """CPU milliseconds per answered request."""
        return 1000 * seconds / len(self.latencies) if self.latencies else float("nan")

    @property
    def cpu_ms(self) -> float:
        return self.per_request(self.app_cpu + self.db_cpu + self.client_cpu)


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


# --- processes: CPU and memory from /proc ---------------------------------------------------------

def proc_cpu(pid: int) -> float:
    """CPU seconds (user + system) a process has used so far; 0 when it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICK


def rss_mb(pid: int) -> float:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    m = re.search(r"VmRSS:\s+(\d+)", status)
    return int(m.group(1)) / 1024 if m else 0.0


def children(parent: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == parent:
                out.append(int(stat.parent.name))
        except (OSError, ValueError, IndexError):
            continue
    return out


def pg_backends(dbname: str) -> list[int]:
    """The server processes of this database's connections (the server runs on this machine)."""
    pids = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            text = cmdline.read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if text.startswith("postgres:") and f" {dbname} " in text:
            pids.append(int(cmdline.parent.name))
    return pids


@dataclass
class Server:
    proc: subprocess.Popen[bytes]
    port: int
    dbname: str = ""  # PostgreSQL: whose backends count as the database's CPU

    def cpu(self) -> tuple[dict[int, float], dict[int, float]]:
        workers = {p: proc_cpu(p) for p in [self.proc.pid, *children(self.proc.pid)]}
        backends = {p: proc_cpu(p) for p in pg_backends(self.dbname)} if self.dbname else {}
        return workers, backends

    def rss(self) -> list[float]:
        return [rss_mb(p) for p in children(self.proc.pid)]


async def rotate(args: argparse.Namespace, runs: list[tuple[Server, list[str], str]]) -> list[Result]:
    """Targets measured in turns (args.segments each, args.duration in all per target), so that work
    starting or stopping elsewhere on the machine meets them alike; each result sums its segments."""
    results = [Result(label) for _, _, label in runs]
    seconds, requests = args.duration / args.segments, max(1, args.requests // args.segments)
    for _ in range(args.segments):
        for total, (server, paths, label) in zip(results, runs, strict=True):
            part = await measure(server, label, paths, args.clients, requests, seconds)
            total.latencies += part.latencies
            total.errors += part.errors
            for name in ("seconds", "client_cpu", "app_cpu", "db_cpu"):
                setattr(total, name, getattr(total, name) + getattr(part, name))
            for path, samples in part.by_path.items():
                total.by_path.setdefault(path, []).extend(samples)
    return results


def _used(before: dict[int, float], after: dict[int, float]) -> float:
    return sum(v - before.get(p, 0.0) for p, v in after.items())


async def measure(server: Server, label: str, paths: list[str], clients: int, max_requests: int,
                  max_seconds: float) -> Result:
    workers0, backends0 = server.cpu()
    result = await drive(label, server.port, paths, clients, max_requests, max_seconds)
    workers1, backends1 = server.cpu()
    result.app_cpu, result.db_cpu = _used(workers0, workers1), _used(backends0, backends1)
    return result


# --- servers ------------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_gunicorn(app: str, args: argparse.Namespace, env: dict[str, str], log: Path,
                   pythonpath: str | None = None, dbname: str = "") -> Server:
    port = free_port()
    cmd = [str(BIN / "gunicorn"), "--bind", f"127.0.0.1:{port}", "--workers", str(args.workers),
           "--worker-class", args.worker_class, "--threads", str(args.threads), "--backlog", "2048",
           "--log-level", "warning",  # no access log: writing it would be part of the measurement
           "--no-control-socket"]     # gunicorn ≥ 27 would share one ~/.gunicorn socket between both apps
    if pythonpath:
        cmd += ["--pythonpath", pythonpath]
    with log.open("wb") as out:
        proc = subprocess.Popen([*cmd, app], env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    server = Server(proc, port, dbname)
    wait_ready(server, "/api/v1/health" if app.startswith("tongban") else "/bare", log)
    return server


def wait_ready(server: Server, path: str, log: Path, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.proc.poll() is not None:
            raise SystemExit(f"gunicorn exited:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{server.port}{path}", timeout=5) as r:  # noqa: S310
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    stop(server)
    raise SystemExit(f"gunicorn on :{server.port} not ready:\n{log.read_text(errors='replace')[-3000:]}")


def stop(server: Server | None) -> None:
    if server is None:
        return
    proc = server.proc
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)   # gunicorn's graceful stop, workers included
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


# --- the catalogue databases ----------------------------------------------------------------------

def fingerprint(n: int) -> str:
    """Changes when the catalogue's tables, its search tokens or the generator change: the cache is stale.

    New migrations alone do not: a cached catalogue is brought up to date with `db upgrade` instead.
    """
    h = hashlib.sha256(str(n).encode())
    pkg = REPO / "backend" / "tongban"
    for path in sorted([*(pkg / "catalogue" / name for name in ("models.py", "search.py", "synonyms.txt")),
                        pkg / "demo" / "data" / "directory.json", REPO / "bench" / "gen_catalogue.py"]):
        h.update(path.read_bytes() if path.exists() else b"-")
    h.update(_write_path(pkg / "catalogue" / "service.py"))
    return h.hexdigest()[:12]


def _write_path(service: Path) -> bytes:
    """The source of the functions that write a matter and its search rows (not the search itself)."""
    source = service.read_text(encoding="utf-8")
    return "".join(ast.get_source_segment(source, node) or "" for node in ast.parse(source).body
                   if isinstance(node, ast.FunctionDef) and node.name in WRITE_PATH).encode()


WRITE_PATH = {"upsert_matter", "reindex", "bump_generation", "set_scopes", "set_matter_scopes"}


def sqlite_catalogue(args: argparse.Namespace) -> str:
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


def pg_catalogue(args: argparse.Namespace) -> str | None:
    """The cached PostgreSQL catalogue `bench_catalogue_<n>_<hash>` (generated once; other hashes dropped),
    or None when the server does not answer."""
    import psycopg

    name = f"bench_catalogue_{args.matters}_{fingerprint(args.matters)}"
    try:
        admin = psycopg.connect(args.pg_admin_url, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:
        print(f"PostgreSQL: not reachable at {args.pg_admin_url} ({str(exc).strip()[:80]}): SQLite only")
        return None
    parts = urllib.parse.urlsplit(args.pg_admin_url)
    url = f"postgresql+psycopg://{parts.netloc}/{name}"
    with admin:
        found = {str(r[0]) for r in admin.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE 'bench\\_catalogue\\_%%'")}
        if name in found and not args.fresh:
            print(f"catalogue: PostgreSQL database {name} (cached; --fresh rebuilds)")
            generate(url, args.matters, quiet=True)
            return url
        for old in found:
            admin.execute(f'DROP DATABASE IF EXISTS "{old}" WITH (FORCE)')
        partial = name + "_partial"
        admin.execute(f'CREATE DATABASE "{partial}"')
        try:
            generate(f"postgresql+psycopg://{parts.netloc}/{partial}", args.matters)
        except BaseException:
            admin.execute(f'DROP DATABASE IF EXISTS "{partial}" WITH (FORCE)')
            raise
        admin.execute(f'ALTER DATABASE "{partial}" RENAME TO "{name}"')
    return url


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


def threads(pid: int) -> int:
    try:
        m = re.search(r"Threads:\s+(\d+)", Path(f"/proc/{pid}/status").read_text())
    except OSError:
        return 0
    return int(m.group(1)) if m else 0


async def warm_up(server: Server, paths: list[str], args: argparse.Namespace) -> None:
    """Unmeasured load until every worker has built its search index and the workers' CPU per request
    settles. A worker reads jieba's dictionary and starts building its index (a thread of its own; a
    second or two of CPU, all workers at once on a small machine) on its first search, answering with
    SQL meanwhile. Rounds of args.warmup seconds, at most two minutes."""
    baseline = {p: threads(p) for p in children(server.proc.pid)}  # no search yet: no index thread
    deadline = time.monotonic() + 120
    last, rounds = float("inf"), 0
    while time.monotonic() < deadline:
        r = await measure(server, "warm-up", paths, args.clients, args.requests, args.warmup)
        rounds += 1
        cpu = r.per_request(r.app_cpu + r.db_cpu)
        building = any(threads(p) > n for p, n in baseline.items())
        if rounds >= 2 and not building and abs(cpu - last) <= 0.1 * last:
            return
        last = cpu
    print(f"warning: {server.proc.pid}: still warming up after two minutes", file=sys.stderr)


# --- the run ------------------------------------------------------------------------------------

@dataclass
class Target:
    """One database's runs."""

    name: str                     # SQLite, PostgreSQL
    url: str
    bare: Result | None = None    # the bare endpoint, measured in turns with every database's `cold`
    cold: Result | None = None
    cold_probe: Result | None = None
    warm: Result | None = None
    warm_probe: Result | None = None
    found: tuple[int, list[str]] = (0, [])
    rss: list[float] = field(default_factory=list)

    @property
    def dbname(self) -> str:
        """PostgreSQL: the database whose server processes count as its CPU ("" for SQLite)."""
        return urllib.parse.urlsplit(self.url).path.lstrip("/") if self.url.startswith("postgres") else ""


def _table(rows: list[Result]) -> None:
    print(f"{'target':<36}{'ok':>7}{'errors':>7}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}{'req/s':>7}"
          f"{'CPU ms/req: app':>17}{'db':>6}{'client':>8}")
    for r in rows:
        db = f"{r.per_request(r.db_cpu):.2f}" if r.db_cpu else "-"
        print(f"{r.label:<36}{len(r.latencies):>7}{r.errors:>7}{r.pct(50):>8.1f}{r.pct(95):>8.1f}{r.pct(99):>8.1f}"
              f"{r.rps:>7.0f}{r.per_request(r.app_cpu):>17.2f}{db:>6}{r.per_request(r.client_cpu):>8.2f}")


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def _slowest(probe: Result) -> str:
    by_text: dict[str, list[float]] = {}
    for path, samples in probe.by_path.items():
        text = urllib.parse.parse_qs(urllib.parse.urlsplit(path).query)["q"][0]
        by_text.setdefault(text, []).extend(samples)
    slowest = sorted(((statistics.median(v) * 1000, q) for q, v in by_text.items()), reverse=True)[:6]
    return ", ".join(f"{q} {ms:.1f} ms" for ms, q in slowest)


def headline(args: argparse.Namespace, targets: list[Target], loads: list[float]) -> None:
    index = "on" if args.search_index == "1" else "OFF (SQL search)"
    print(f"\nTongban catalogue benchmark — {os.cpu_count()} cores, gunicorn {args.workers} × {args.worker_class} "
          f"worker(s), {args.clients} clients, {args.matters:,} matters, search index {index}")
    print(f"load average (1 min) before the measured turns: {', '.join(f'{x:.1f}' for x in loads)}; "
          f"after the run: {os.getloadavg()[0]:.1f}")
    print(f"queries: {len(QUERIES)} texts × {len(FILTERS)} filter variants")
    print("\n== HEADLINE: search with its answer cache OFF (what a first search costs) on each database, "
          "and the bare endpoint, measured in turns ==")
    print(f"{'database':<12}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}{'req/s':>8}{'bare req/s':>12}{'ratio':>7}"
          f"   goal ratio ≥ {GOAL_RATIO}   goal p95 ≤ {GOAL_P95_MS:.0f} ms   CPU ms/req (bare)   CPU ratio")
    for t in targets:
        assert t.cold and t.bare
        ratio = t.cold.rps / t.bare.rps if t.bare.rps else 0.0
        cpu = f"{t.cold.cpu_ms:.2f} ({t.bare.cpu_ms:.2f})"
        print(f"{t.name:<12}{t.cold.pct(50):>8.1f}{t.cold.pct(95):>8.1f}{t.cold.pct(99):>8.1f}{t.cold.rps:>8.0f}"
              f"{t.bare.rps:>12.0f}{ratio:>7.2f}   {_verdict(ratio >= GOAL_RATIO):<19}"
              f"{_verdict(t.cold.pct(95) <= GOAL_P95_MS):<23}{cpu:<20}{t.bare.cpu_ms / t.cold.cpu_ms:.2f}")
    print("(bare's own p95 is the floor queueing sets for 50 closed-loop clients on these workers. CPU: of the "
          "workers, the database server and the load generator per answered request; the CPU ratio, bare ÷ search, "
          "is what the throughput ratio comes to when the cores are the limit and nothing else runs on them. On a "
          "quiet machine the one-process load generator limits the bare endpoint first: the measured ratio is higher)")


def details(args: argparse.Namespace, t: Target) -> None:
    assert t.bare and t.cold and t.cold_probe and t.warm and t.warm_probe
    print(f"\n== {t.name}: {t.found[0]}/{len(QUERIES)} texts find matters"
          + (f" (none for: {', '.join(t.found[1])})" if t.found[1] else "") + " ==")
    _table([t.bare, t.cold, t.cold_probe, t.warm, t.warm_probe])
    cpu_ratio = t.bare.cpu_ms / t.cold.cpu_ms if t.cold.cpu_ms else 0.0
    print(f"CPU per request, all processes: bare {t.bare.cpu_ms:.2f} ms, search (cache off) {t.cold.cpu_ms:.2f} ms "
          f"→ CPU ratio {cpu_ratio:.2f}; search (cache on) {t.warm.cpu_ms:.2f} ms "
          f"→ {t.bare.cpu_ms / t.warm.cpu_ms if t.warm.cpu_ms else 0.0:.2f}")
    print(f"throughput ratio, cache on: {t.warm.rps / t.bare.rps if t.bare.rps else 0.0:.2f} "
          f"({_verdict(t.warm.rps >= GOAL_RATIO * t.bare.rps)}), p95 {t.warm.pct(95):.1f} ms "
          f"({_verdict(t.warm.pct(95) <= GOAL_P95_MS)})")
    if t.rss:
        print(f"worker memory after the cache-off run (RSS): {statistics.mean(t.rss):.0f} MB each "
              f"({', '.join(f'{x:.0f}' for x in t.rss)})")
    print("slowest query texts, cache off, one client, median over filters: " + _slowest(t.cold_probe))


def app_env(env: dict[str, str], t: Target, cache: bool) -> dict[str, str]:
    return {**env, "TONGBAN_DATABASE_URL": t.url, "TONGBAN_SEARCH_CACHE": "1" if cache else "0",
            # production refuses SQLite; on PostgreSQL the bench runs the production settings
            "TONGBAN_ENV": "production" if t.dbname else "test"}


async def headline_runs(args: argparse.Namespace, targets: list[Target], bare: Server, env: dict[str, str],
                        paths: list[str], loads: list[float]) -> None:
    """The search with the answer cache off on every database, and the bare endpoint, in turns."""
    apps = []
    try:
        for t in targets:
            apps.append(start_gunicorn("tongban.wsgi:app", args, app_env(env, t, cache=False),
                                       OUT / "logs" / f"app-{t.name.lower()}-nocache.log", dbname=t.dbname))
            t.found = await hits(apps[-1].port)
            await warm_up(apps[-1], paths, args)
        loads.append(os.getloadavg()[0])
        searches = [(app, paths, f"search, cache off ({t.name})") for t, app in zip(targets, apps, strict=True)]
        results = await rotate(args, [(bare, ["/bare"], "bare   GET /bare"), *searches])
        for t, app, cold in zip(targets, apps, results[1:], strict=True):
            t.bare, t.cold, t.rss = results[0], cold, app.rss()
            t.cold_probe = await measure(app, "  … one client", paths, 1, 300, 10)
    finally:
        for app in apps:
            stop(app)


async def cached_runs(args: argparse.Namespace, t: Target, env: dict[str, str], paths: list[str]) -> None:
    """The search with its answer cache on (per worker, and in Redis as production runs it)."""
    log = OUT / "logs" / f"app-{t.name.lower()}.log"
    app = start_gunicorn("tongban.wsgi:app", args, app_env(env, t, cache=True), log, dbname=t.dbname)
    try:
        if args.redis_url:  # start cold: no answers left from an earlier run
            import redis

            redis.Redis.from_url(args.redis_url).flushdb()
        await warm_up(app, paths, args)
        t.warm = await measure(app, f"search, cache on ({t.name})", paths, args.clients, args.requests, args.duration)
        t.warm_probe = await measure(app, "  … one client", paths, 1, 300, 10)
    finally:
        stop(app)


async def run(args: argparse.Namespace) -> None:
    targets = []
    if args.database_url:
        targets.append(Target("PostgreSQL" if args.database_url.startswith("postgres") else "SQLite",
                              args.database_url))
        generate(args.database_url, args.matters)   # idempotent: adds only what is missing
    else:
        targets.append(Target("SQLite", sqlite_catalogue(args)))
        if args.pg_admin_url:
            url = pg_catalogue(args)
            if url:
                targets.append(Target("PostgreSQL", url))
    load1 = os.getloadavg()[0]
    if load1 > 0.5 * (os.cpu_count() or 1):
        print(f"warning: load average {load1:.1f} on {os.cpu_count()} cores before the run: "
              "other work is competing, so throughput understates the app (the CPU figures do not)")
    logs = OUT / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "TONGBAN_REDIS_URL": args.redis_url, "TONGBAN_SECRET_KEY": os.urandom(24).hex(),
           "TONGBAN_SEARCH_INDEX": args.search_index,
           "TONGBAN_PWA_DIST": str(logs / "no-pwa"), "TONGBAN_PUBLIC_URL": "https://bench.invalid"}
    paths = matter_paths(args.seed)
    loads: list[float] = []
    bare = start_gunicorn("bare_app:app", args, env, logs / "bare.log", str(REPO / "bench"))
    try:
        await drive("warm-up", bare.port, ["/bare"], args.clients, args.requests, args.warmup)
        await headline_runs(args, targets, bare, env, paths, loads)
        for t in targets:
            await cached_runs(args, t, env, paths)
    finally:
        stop(bare)
    headline(args, targets, loads)
    for t in targets:
        details(args, t)


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
    p.add_argument("--segments", type=int, default=5, help="the bare endpoint and the uncached search are "
                   "measured in turns, this many segments each")
    p.add_argument("--warmup", type=float, default=3.0, help="seconds per round of unmeasured load (repeated "
                   "until throughput settles)")
    p.add_argument("--seed", type=int, default=35)
    p.add_argument("--db", type=Path, help="SQLite file to use (default: bench/out/catalogue-N-<hash>.db, "
                   "generated once and reused until the schema, search code or generator change)")
    p.add_argument("--pg-admin-url", default=os.environ.get("BENCH_PG_ADMIN_URL",
                                                            "postgresql://postgres@127.0.0.1:5432/postgres"),
                   help="PostgreSQL server for the cached catalogue database ('' for SQLite only)")
    p.add_argument("--database-url", help="only this database (e.g. PostgreSQL), generating into it")
    p.add_argument("--fresh", action="store_true", help="regenerate the cached catalogues")
    p.add_argument("--search-index", choices=("0", "1"), default="1",
                   help="TONGBAN_SEARCH_INDEX for the app: 0 measures the SQL search")
    p.add_argument("--redis-url", default="redis://127.0.0.1:6379/15",
                   help="Redis for the shared search cache, as production runs it ('' for none)")
    asyncio.run(run(p.parse_args()))


if __name__ == "__main__":
    main()
