"""Real-browser harness: the real app under gunicorn on a temporary SQLite file with the demo data,
the built PWA, and Debian's headless Chromium driven by Playwright at phone size.

Nothing is downloaded: Chromium is the Debian package (never `playwright install`), axe-core comes
from tests/browser/node_modules (npm ci). When Chromium, the PWA build or axe-core is missing the
tests are skipped with the reason, except under CI=true, where they fail: CI never skips them.
"""

from __future__ import annotations

import http.client
import importlib.metadata
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from browser_support import (
    ARTIFACTS,
    AXE_JS,
    MODES,
    PHONE,
    REPO,
    SUMMARY,
    DemoRefs,
    storage_state,
)

CHROMIUM = os.environ.get("TONGBAN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
IN_CI = os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def unavailable(reason: str) -> None:
    """A prerequisite is missing: fail under CI (browser tests are never silently skipped there)."""
    if IN_CI:
        pytest.fail(f"browser tests cannot run: {reason}", pytrace=False)
    pytest.skip(reason)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if SUMMARY:
        terminalreporter.write_sep("-", "browser measurements (details in test-artifacts/browser/)")
        for line in sorted(SUMMARY):
            terminalreporter.write_line(line)


# ---- the app ------------------------------------------------------------------------------------


@dataclass
class Server:
    base_url: str
    proc: subprocess.Popen[bytes]
    log: Path
    env: dict[str, str] = field(default_factory=dict)  # the server's environment (database, instance)
    cwd: Path | None = None

    def cli(self, *args: str, timeout: float = 60) -> str:
        """Run `tongban ARGS` against the server's database; return its stdout (fails the test on error)."""
        tongban = Path(sys.executable).parent / "tongban"
        done = subprocess.run(
            [str(tongban), *args],
            env=self.env,
            cwd=self.cwd,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        assert done.returncode == 0, f"tongban {' '.join(args)} failed ({done.returncode}):\n{done.stdout}{done.stderr}"
        return done.stdout

    def get_json(self, path: str) -> Any:
        host, port = self.base_url.removeprefix("http://").split(":")
        conn = http.client.HTTPConnection(host, int(port), timeout=10)
        try:
            conn.request("GET", quote(path, safe="/?=&%"))
            resp = conn.getresponse()
            body = resp.read()
            assert resp.status == 200, f"GET {path}: {resp.status} {body[:300]!r}"
            return json.loads(body)
        finally:
            conn.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_healthy(base_url: str, proc: subprocess.Popen[bytes], log: Path, timeout: float = 40.0) -> None:
    host, port = base_url.removeprefix("http://").split(":")
    deadline = time.monotonic() + timeout
    last = ""
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"gunicorn exited with {proc.returncode}; log:\n{log.read_text()[-3000:]}", pytrace=False)
        conn = http.client.HTTPConnection(host, int(port), timeout=2)
        try:
            conn.request("GET", "/api/v1/health")
            resp = conn.getresponse()
            body = resp.read()
            if resp.status == 200 and json.loads(body).get("status") == "ok":
                return
            last = f"{resp.status} {body[:200]!r}"
        except OSError as exc:
            last = repr(exc)
        finally:
            conn.close()
        time.sleep(0.2)
    pytest.fail(f"/api/v1/health not ok after {timeout}s ({last}); log:\n{log.read_text()[-3000:]}", pytrace=False)


@pytest.fixture(scope="session")
def tb_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The real app, as deployed minus nginx: `tongban db upgrade`, `tongban demo load`, gunicorn."""
    # The venv of the interpreter running pytest (not resolved: a venv's python is a symlink).
    bin_dir = Path(sys.executable).parent
    tongban, gunicorn = bin_dir / "tongban", bin_dir / "gunicorn"
    dist = Path(os.environ.get("TONGBAN_PWA_DIST", REPO / "pwa" / "dist"))
    for exe in (tongban, gunicorn):
        if not exe.exists():
            unavailable(f"{exe} not found: install the backend into the venv running pytest (make venv)")
    if not (dist / "index.html").is_file():
        unavailable(f"no PWA build at {dist} (build it first: make pwa)")

    tmp = tmp_path_factory.mktemp("tongban-browser")
    env = {k: v for k, v in os.environ.items() if not k.startswith("TONGBAN_")}
    env.update(
        {
            "TONGBAN_ENV": "development",
            # The tests give each browser context its own X-Forwarded-For, as nginx would.
            "TONGBAN_TRUSTED_PROXIES": "1",
            "TONGBAN_DATABASE_URL": f"sqlite:///{tmp / 'tb.db'}",
            "TONGBAN_INSTANCE": str(tmp / "instance"),
            "TONGBAN_PWA_DIST": str(dist),
            "PYTHONUNBUFFERED": "1",
        }
    )
    for cmd in ([str(tongban), "db", "upgrade"], [str(tongban), "demo", "load"]):
        done = subprocess.run(cmd, env=env, cwd=tmp, capture_output=True, text=True, timeout=180, check=False)
        if done.returncode != 0:
            pytest.fail(
                f"{' '.join(cmd[1:])} failed ({done.returncode}):\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}",
                pytrace=False,
            )

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log = ARTIFACTS / "browser-gunicorn.log"
    port = _free_port()
    # localhost, not 127.0.0.1: WebAuthn needs a domain name as the RP ID (an IP address cannot be
    # one), and the identity tests use passkeys. Chromium treats http://localhost as a secure
    # context, so the Secure session cookie works over plain HTTP here.
    base_url = f"http://localhost:{port}"
    # Threaded workers: a browser opens speculative connections that send nothing for a while, and
    # each of those would hold a sync worker until its timeout (nginx buffers them in production).
    # Rate limits (one SMS code a minute per phone…) are counted in a SQLite file beside the
    # database that every worker shares; each test module starts with full buckets (below).
    cmd = [str(gunicorn), "-b", f"127.0.0.1:{port}", "-w", "1", "-k", "gthread", "--threads", "8"]
    cmd += ["--access-logfile", "-", "--graceful-timeout", "5"]
    if int(importlib.metadata.version("gunicorn").split(".")[0]) >= 24:
        cmd.append("--no-control-socket")  # not the shared ~/.gunicorn/gunicorn.ctl of a dev server
    cmd.append("tongban.wsgi:app")
    with log.open("wb") as log_fh:
        proc = subprocess.Popen(cmd, env=env, cwd=tmp, stdout=log_fh, stderr=subprocess.STDOUT)
    try:
        _wait_healthy(base_url, proc, log)
        yield Server(base_url, proc, log, env=env, cwd=tmp)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


@pytest.fixture(scope="module", autouse=True)
def _full_rate_limit_buckets(request: pytest.FixtureRequest) -> None:
    """Each test file starts with full rate-limit buckets, as if an hour had passed since the last one:
    files sign in the same demo staff, and one code a minute per phone would make them wait."""
    server: Server = request.getfixturevalue("tb_server")
    store = (server.cwd or Path(".")) / "ratelimits.sqlite3"
    if server.cwd is not None and store.exists():
        import sqlite3

        with sqlite3.connect(store, timeout=10) as conn:
            conn.execute("DELETE FROM rate_limit_buckets")


@pytest.fixture(scope="session")
def tb_base_url(tb_server: Server) -> str:
    return tb_server.base_url


@pytest.fixture(scope="session")
def demo(tb_server: Server) -> DemoRefs:
    """Codes of real demo records: a 户口迁移 matter (with its materials) and a published list."""
    found = tb_server.get_json("/api/v1/matters?q=户口迁移&per_page=50")["items"]
    hukou = [m for m in found if "户口迁移" in m["name"]]
    assert hukou, f"the demo data has no matter named …户口迁移…: {[m['name'] for m in found]}"
    detail = tb_server.get_json(f"/api/v1/matters/{hukou[0]['code']}")
    materials = [m["name"] for m in detail["guide"]["materials"]]
    assert materials, f"{hukou[0]['code']} has no materials in its guide"
    lists = [lst for lst in tb_server.get_json("/api/v1/lists")["items"] if lst.get("current_version")]
    assert lists, "the demo data has no published list"
    return DemoRefs(hukou[0]["code"], hukou[0]["name"], materials, lists[0]["code"], int(lists[0]["current_version"]))


# ---- the browser --------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def tb_playwright() -> Iterator[Any]:
    if not (Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK)) and not shutil.which(CHROMIUM):
        unavailable(f"Chromium not found at {CHROMIUM} (apt-get install chromium fonts-noto-cjk)")
    if not AXE_JS.is_file():
        unavailable(f"{AXE_JS} missing (npm ci --prefix tests/browser)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("the playwright Python package is not installed in this venv")
    pw = sync_playwright().start()
    try:
        yield pw
    finally:
        pw.stop()


@pytest.fixture(scope="session")
def tb_browser(tb_playwright: Any) -> Iterator[Any]:
    browser = tb_playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    try:
        yield browser
    finally:
        browser.close()


ContextFactory = Callable[..., Any]


def _new_context(browser: Any, base_url: str, mode: str | None, **overrides: Any) -> Any:
    options: dict[str, Any] = dict(PHONE)
    options["base_url"] = base_url
    options["storage_state"] = storage_state(base_url, MODES[mode].settings if mode else None)
    options.update(overrides)
    context = browser.new_context(**options)
    context.set_default_timeout(15_000)
    return context


@pytest.fixture(scope="session")
def mode_contexts(tb_browser: Any, tb_base_url: str) -> Iterator[dict[str, Any]]:
    """One phone-sized context per mode, shared by the page-matrix tests (one service worker each)."""
    contexts: dict[str, Any] = {}
    try:
        for name in MODES:
            contexts[name] = _new_context(tb_browser, tb_base_url, name)
        yield contexts
    finally:
        for ctx in contexts.values():
            ctx.close()


@pytest.fixture
def new_context(tb_browser: Any, tb_base_url: str) -> Iterator[ContextFactory]:
    """A fresh phone-sized context (clean storage) for tests that change state or go offline."""
    made: list[Any] = []

    def factory(mode: str | None = None, **overrides: Any) -> Any:
        ctx = _new_context(tb_browser, tb_base_url, mode, **overrides)
        made.append(ctx)
        return ctx

    try:
        yield factory
    finally:
        for ctx in made:
            ctx.close()


@pytest.fixture
def console_errors() -> Callable[[Any], list[str]]:
    """Attach to a page to collect uncaught page errors (a blank page usually starts with one)."""

    def attach(page: Any) -> list[str]:
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        return errors

    return attach


# ---- identity -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class OAuthClient:
    client_id: str
    client_secret: str
    name: str
    redirect_uri: str


@pytest.fixture(scope="session")
def oauth_client(tb_server: Server) -> OAuthClient:
    """A department system registered as the README says, with the CLI on the server's database."""
    name, redirect_uri = "测试部门系统", "http://localhost:9/cb"
    out = tb_server.cli("oauth", "create-client", "--name", name, "--redirect-uri", redirect_uri)
    found = dict(re.findall(r"^(client_id|client_secret):\s*(\S+)", out, re.M))
    assert "client_id" in found and "client_secret" in found, f"no client id/secret in:\n{out}"
    return OAuthClient(found["client_id"], found["client_secret"], name, redirect_uri)
