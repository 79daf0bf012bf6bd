#!/usr/bin/env python3
"""First paint and stability (issue 10): Lighthouse, mobile, simulated throttling, Debian's Chromium.

Serves a PWA build (default pwa/dist) the two ways it runs: the bare app (gunicorn + Flask's static
serving, `make run`) and nginx in front of it (nginx/tongban.conf.template, plain-HTTP variant, as
tests/ops renders it). For each front and page (`/` and a demo guide) it runs Lighthouse three times
(performance only, form factor mobile, the default simulated slow-4G throttling with 4× CPU), prints
perf / FCP / LCP / CLS / TBT and the bytes transferred per run, the medians, and PASS/MISS against the
goals; then the JS each route loads before it is usable, from the build (gzip level 9, as the
size check in pwa/scripts/size.mjs counts it).

    make bench-lighthouse                     # npm ci of bench/lighthouse, then this script
    .venv/bin/python bench/lighthouse/run.py --dist /tmp/dist-paint --runs 1 --fronts bare

Nothing is downloaded at run time: Lighthouse comes from bench/lighthouse/node_modules (npm ci), the
browser is CHROME_PATH (default /usr/bin/chromium). Lighthouse's simulated throttling computes its
timings from a trace of an unthrottled load, so a busy machine still moves the figures: the load
average is printed with them.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
BIN = Path(sys.executable).parent
LIGHTHOUSE = HERE / "node_modules" / ".bin" / "lighthouse"
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-background-networking "
                "--disable-component-update --disable-sync --no-first-run")
# Goals (issue 10). The home route's JS budget is the one pwa/scripts/size.mjs enforces at build.
GOALS = {
    "/": {"lcp_ms": 1500.0, "cls": 0.05},
    "guide": {"lcp_ms": 1500.0, "cls": 0.05, "perf": 95.0},
}
HOME_JS_BUDGET_KB = 60.0


# --- servers -------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_http(url: str, proc: subprocess.Popen[bytes], log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"{proc.args!r} exited:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"{url} not ready after {timeout}s:\n{log.read_text(errors='replace')[-3000:]}")


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


def start_app(dist: Path, work: Path) -> tuple[subprocess.Popen[bytes], int]:
    """The app as `make run` serves it (gunicorn, Flask's static serving), on a fresh demo database."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TONGBAN_")}
    env.update({"TONGBAN_ENV": "test", "TONGBAN_SECRET_KEY": secrets.token_urlsafe(32),
                "TONGBAN_DATABASE_URL": f"sqlite:///{work / 'tb.db'}", "TONGBAN_INSTANCE": str(work),
                "TONGBAN_PWA_DIST": str(dist), "TONGBAN_RATE_LIMIT_SCALE": "1000"})
    for cmd in (["db", "upgrade"], ["demo", "load"]):
        done = subprocess.run([str(BIN / "tongban"), *cmd], env=env, cwd=work, capture_output=True, text=True,
                              timeout=600, check=False)
        if done.returncode:
            raise SystemExit(f"tongban {' '.join(cmd)} failed:\n{done.stdout}\n{done.stderr}")
    port = free_port()
    log = work / "gunicorn.log"
    cmd = [str(BIN / "gunicorn"), "-c", "python:tongban.gunicorn_conf", "--bind", f"127.0.0.1:{port}",
           "--workers", "2", "--threads", "4", "--no-control-socket", "tongban.wsgi:app"]
    with log.open("wb") as fh:
        proc = subprocess.Popen(cmd, env=env, cwd=work, stdout=fh, stderr=subprocess.STDOUT)
    wait_http(f"http://127.0.0.1:{port}/api/v1/health", proc, log)
    return proc, port


def start_nginx(dist: Path, work: Path, app_port: int) -> tuple[subprocess.Popen[bytes], int]:
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        raise SystemExit("nginx is not installed (apt-get install nginx-light), or run with --fronts bare")
    spec = importlib.util.spec_from_file_location("tongban_nginx_render", REPO / "nginx" / "render.py")
    assert spec and spec.loader
    render = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(render)
    port = free_port()
    prefix = work / "nginx"
    conf = render.write_prefix(prefix, {"APP_UPSTREAM": f"127.0.0.1:{app_port}", "PWA_ROOT": str(dist),
                                        "PORT": str(port), "API_RATE": "1000r/s", "API_BURST": "1000"},
                               tls=False, nginx_version=render.local_nginx_version(nginx))
    log = prefix / "nginx.out"
    with log.open("wb") as fh:
        proc = subprocess.Popen([nginx, "-p", str(prefix), "-e", str(prefix / "error.log"), "-c", str(conf),
                                 "-g", "daemon off;"], stdout=fh, stderr=subprocess.STDOUT, start_new_session=True)
    wait_http(f"http://127.0.0.1:{port}/", proc, log)
    return proc, port


def demo_guide(port: int) -> str:
    """A demo guide the PWA links from search: the first 户口迁移 matter, as the browser tests use."""
    q = urllib.parse.quote("户口迁移")
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/matters?q={q}&per_page=5", timeout=10) as r:
        items = json.load(r)["items"]
    if not items:
        raise SystemExit("the demo data has no 户口迁移 matter")
    return f"/matters/{urllib.parse.quote(items[0]['code'])}"


# --- lighthouse ----------------------------------------------------------------------------------


@dataclass
class Run:
    front: str
    page: str
    perf: float
    fcp: float
    lcp: float
    cls: float
    tbt: float
    total_kb: float
    js_kb: float
    css_kb: float
    doc_kb: float
    fetch_kb: float
    lcp_element: str
    load1: float


def lighthouse(url: str, out: Path, chrome: str, attempts: int = 3) -> dict[str, Any]:
    """One Lighthouse run; a run whose trace Chromium failed to record (NO_NAVSTART and the like, on a
    busy machine) is made again, up to `attempts` times."""
    cmd = [str(LIGHTHOUSE), url, "--only-categories=performance", "--form-factor=mobile",
           "--throttling-method=simulate", f"--chrome-flags={CHROME_FLAGS}", "--output=json",
           f"--output-path={out}", "--quiet", "--max-wait-for-load=45000"]
    env = {**os.environ, "CHROME_PATH": chrome}
    failure = ""
    for _ in range(attempts):
        out.unlink(missing_ok=True)
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300, check=False)
        report: dict[str, Any] = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {}
        if not done.returncode and report and not report.get("runtimeError"):
            return report
        failure = str(report.get("runtimeError") or f"exit {done.returncode}: {done.stderr[-3000:]}")
        print(f"  (lighthouse failed, trying again: {failure[:160]})", flush=True)
    raise SystemExit(f"lighthouse failed {attempts} times: {failure}")


def _kb_of(requests: list[dict[str, Any]], kind: str | None) -> float:
    return sum(r.get("transferSize", 0) for r in requests if kind is None or r.get("resourceType") == kind) / 1024


def parse(front: str, page: str, report: dict[str, Any]) -> Run:
    audits = report["audits"]
    requests = audits["network-requests"]["details"]["items"]
    lcp_el = audits.get("largest-contentful-paint-element", {}).get("details", {})
    snippet = ""
    for item in lcp_el.get("items", []):
        for sub in item.get("items", []) if isinstance(item.get("items"), list) else [item]:
            node = sub.get("node") if isinstance(sub, dict) else None
            if node:
                snippet = node.get("snippet", "")
                break
        if snippet:
            break
    return Run(
        front=front, page=page,
        perf=(report["categories"]["performance"]["score"] or 0) * 100,
        fcp=audits["first-contentful-paint"]["numericValue"],
        lcp=audits["largest-contentful-paint"]["numericValue"],
        cls=audits["cumulative-layout-shift"]["numericValue"],
        tbt=audits["total-blocking-time"]["numericValue"],
        total_kb=_kb_of(requests, None), js_kb=_kb_of(requests, "Script"), css_kb=_kb_of(requests, "Stylesheet"),
        doc_kb=_kb_of(requests, "Document"), fetch_kb=_kb_of(requests, "Fetch"),
        lcp_element=re.sub(r"\s+", " ", snippet)[:70], load1=os.getloadavg()[0],
    )


# --- printing --------------------------------------------------------------------------------------


def row(label: str, r: Run) -> str:
    return (f"{label:<8} {r.perf:5.0f} {r.fcp:7.0f} {r.lcp:7.0f} {r.cls:6.3f} {r.tbt:6.0f} "
            f"{r.total_kb:8.1f} {r.js_kb:7.1f} {r.css_kb:6.1f} {r.doc_kb:6.1f} {r.fetch_kb:6.1f} {r.load1:5.2f}")


def median_run(runs: list[Run]) -> Run:
    med = statistics.median
    first = runs[0]
    return Run(front=first.front, page=first.page, perf=med(r.perf for r in runs), fcp=med(r.fcp for r in runs),
               lcp=med(r.lcp for r in runs), cls=med(r.cls for r in runs), tbt=med(r.tbt for r in runs),
               total_kb=med(r.total_kb for r in runs), js_kb=med(r.js_kb for r in runs),
               css_kb=med(r.css_kb for r in runs), doc_kb=med(r.doc_kb for r in runs),
               fetch_kb=med(r.fetch_kb for r in runs), lcp_element=runs[-1].lcp_element,
               load1=med(r.load1 for r in runs))


def verdicts(kind: str, m: Run) -> list[str]:
    goals = GOALS[kind]
    lcp_ok = m.lcp <= goals["lcp_ms"]
    out = [f"LCP {m.lcp / 1000:.2f} s ≤ {goals['lcp_ms'] / 1000:.1f} s: {'PASS' if lcp_ok else 'MISS'}",
           f"CLS {m.cls:.3f} ≤ {goals['cls']}: {'PASS' if m.cls <= goals['cls'] else 'MISS'}"]
    if "perf" in goals:
        out.append(f"perf {m.perf:.0f} ≥ {goals['perf']:.0f}: {'PASS' if m.perf >= goals['perf'] else 'MISS'}")
    return out


def route_js(dist: Path) -> None:
    """The JS each route needs before it is usable, from the build's own report (pwa/scripts/size.mjs)."""
    size = REPO / "pwa" / "scripts" / "size.mjs"
    done = subprocess.run(["node", str(size), "--routes-only", str(dist)], capture_output=True, text=True,
                          check=False, timeout=120)
    print(done.stdout.rstrip() or done.stderr.rstrip())


# --- main ----------------------------------------------------------------------------------------


def measure(args: argparse.Namespace, fronts: dict[str, int], pages: list[tuple[str, str]], tmp: Path) -> None:
    header = (f"{'run':<8} {'perf':>5} {'FCP ms':>7} {'LCP ms':>7} {'CLS':>6} {'TBT':>6} "
              f"{'total kB':>8} {'JS kB':>7} {'CSS kB':>6} {'doc kB':>6} {'API kB':>6} {'load1':>5}")
    results: list[tuple[str, str, Run]] = []
    for front, port in fronts.items():
        for kind, path in pages:
            url = f"http://127.0.0.1:{port}{path}"
            print(f"\n== {front}: {path}   (transfer sizes as sent: compressed where the front compresses)")
            print(header)
            runs = []
            for i in range(args.runs):
                out = tmp / f"{front}-{'home' if kind == '/' else kind}-{i}.json"
                r = parse(front, path, lighthouse(url, out, args.chrome))
                runs.append(r)
                print(row(f"#{i + 1}", r), flush=True)
            m = median_run(runs)
            print(row("median", m))
            print(f"LCP element: {m.lcp_element or '?'}")
            print("  " + "; ".join(verdicts(kind, m)))
            results.append((front, kind, m))
    print("\n== summary (medians)")
    for front, kind, m in results:
        print(f"{front:<6} {m.page:<28} perf {m.perf:3.0f}  LCP {m.lcp / 1000:.2f} s  CLS {m.cls:.3f}  "
              f"TBT {m.tbt:4.0f} ms  JS {m.js_kb:5.1f} kB  — " + ", ".join(v.split(": ")[1] for v in verdicts(kind, m)))


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--dist", type=Path, default=REPO / "pwa" / "dist", help="the PWA build to serve")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--fronts", nargs="+", default=["bare", "nginx"], choices=["bare", "nginx"])
    p.add_argument("--guide", help="the guide's path (default: the first 户口迁移 demo matter)")
    p.add_argument("--chrome", default=os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
    args = p.parse_args()
    dist = args.dist.resolve()
    if not (dist / "index.html").is_file():
        raise SystemExit(f"no PWA build at {dist}: make pwa")
    if not LIGHTHOUSE.exists():
        raise SystemExit(f"{LIGHTHOUSE} missing: cd bench/lighthouse && npm ci (or make bench-lighthouse)")
    if not Path(args.chrome).exists():
        raise SystemExit(f"no Chromium at {args.chrome} (apt-get install chromium)")
    load = os.getloadavg()
    print(f"Tongban first paint — Lighthouse mobile, simulated throttling; {os.cpu_count()} cores, "
          f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} at start; build {dist}")
    if load[0] > (os.cpu_count() or 1) * 0.7:
        print("warning: the machine is busy; Lighthouse's simulated timings grow with the CPU others take")
    with tempfile.TemporaryDirectory(prefix="tb-lighthouse-") as tmp_name:
        tmp = Path(tmp_name)
        app, app_port = start_app(dist, tmp)
        procs = [app]
        try:
            fronts = {"bare": app_port}
            if "nginx" in args.fronts:
                ngx, ngx_port = start_nginx(dist, tmp, app_port)
                procs.append(ngx)
                fronts["nginx"] = ngx_port
            fronts = {k: v for k, v in fronts.items() if k in args.fronts}
            pages = [("/", "/"), ("guide", args.guide or demo_guide(app_port))]
            measure(args, fronts, pages, tmp)
        finally:
            for proc in reversed(procs):
                stop(proc)
    print(f"\n== JS per route (build, gzip -9; budget for / ≤ {HOME_JS_BUDGET_KB:.0f} kB)")
    route_js(dist)
    load = os.getloadavg()
    print(f"load average at the end: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


if __name__ == "__main__":
    main()
