"""Helpers for the ops tests: real child processes, a tiny HTTP client, the template renderer."""

from __future__ import annotations

import http.client
import importlib.util
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent          # the venv running pytest also has tongban and gunicorn
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
MIME_TYPES = Path("/etc/nginx/mime.types")


def need(ok: object, reason: str) -> None:
    """Skip locally when a tool is missing; fail in CI, where nothing may be silently skipped."""
    if ok:
        return
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: ops tests must run, not skip)")
    pytest.skip(reason)


def load_render() -> Any:
    """nginx/render.py is a script, not a package: load it by path."""
    spec = importlib.util.spec_from_file_location("tongban_nginx_render", REPO / "nginx" / "render.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def free_ports(n: int) -> list[int]:
    """n distinct free loopback ports (held open together so they differ)."""
    socks = [socket.socket() for _ in range(n)]
    try:
        for s in socks:
            s.bind(("127.0.0.1", 0))
        return [int(s.getsockname()[1]) for s in socks]
    finally:
        for s in socks:
            s.close()


def port_open(port: int) -> bool:
    with socket.create_connection(("127.0.0.1", port), timeout=1):
        return True


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx")
                                          if Path(p).exists()), None)


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    def header(self, name: str) -> str:
        return self.headers.get(name, "")


def request(port: int, method: str, path: str, headers: dict[str, str] | None = None,
            body: bytes | None = None) -> Response:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        resp = conn.getresponse()
        return Response(resp.status, resp.headers, resp.read())
    finally:
        conn.close()


@dataclass
class Proc:
    """A child process in its own session, with its output in a file we can show on failure."""

    name: str
    args: list[str]
    log: Path
    env: dict[str, str] | None = None
    cwd: Path | None = None
    popen: subprocess.Popen[bytes] | None = field(default=None, init=False)

    def start(self) -> Proc:
        out = self.log.open("wb")
        self.popen = subprocess.Popen(self.args, stdout=out, stderr=subprocess.STDOUT, env=self.env,
                                      cwd=self.cwd, start_new_session=True)
        out.close()
        return self

    def tail(self, extra: Path | None = None) -> str:
        text = self.log.read_text(errors="replace")[-3000:]
        if extra and extra.exists():
            text += f"\n--- {extra.name} ---\n" + extra.read_text(errors="replace")[-3000:]
        return text

    def wait_until(self, ready: Callable[[], bool], timeout: float, extra_log: Path | None = None) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.popen is not None
            if self.popen.poll() is not None:
                pytest.fail(f"{self.name} exited with {self.popen.returncode}:\n{self.tail(extra_log)}")
            try:
                if ready():
                    return
            except OSError:
                pass
            time.sleep(0.2)
        pytest.fail(f"{self.name} not ready after {timeout}s:\n{self.tail(extra_log)}")

    def stop(self) -> None:
        # Only this process (and its own session's children, e.g. gunicorn workers) is signalled.
        if self.popen is None or self.popen.poll() is not None:
            return
        self.popen.terminate()
        try:
            self.popen.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.popen.pid, 9)
            self.popen.wait(timeout=5)


def fake_pwa(root: Path) -> Path:
    """A stand-in build: the shell, a content-hashed asset big enough to gzip, sw and manifest."""
    (root / "assets").mkdir(parents=True)
    shell = "<!doctype html><html lang=\"zh-Hans\"><head><meta charset=\"utf-8\"><title>通办</title>" \
            "<script type=\"module\" src=\"/assets/index-3f9a1c2b.js\"></script></head>" \
            "<body><div id=\"app\"></div></body></html>\n"
    (root / "index.html").write_text(shell, encoding="utf-8")
    (root / "assets" / "index-3f9a1c2b.js").write_text(
        "".join(f"export const m{i} = '政务服务事项 {i}';\n" for i in range(400)), encoding="utf-8")
    (root / "sw.js").write_text("self.addEventListener('fetch', () => {});\n", encoding="utf-8")
    (root / "manifest.webmanifest").write_text('{"name": "通办", "start_url": "/"}\n', encoding="utf-8")
    return root


def start_nginx(prefix: Path, values: dict[str, str], tls: bool, ready_port: int) -> Proc:
    nginx = nginx_binary()
    need(nginx, "nginx is not installed (apt-get install nginx-light)")
    need(MIME_TYPES.exists(), f"{MIME_TYPES} is missing (it comes with the nginx package)")
    assert nginx
    render = load_render()
    conf = render.write_prefix(prefix, values, tls=tls, nginx_version=render.local_nginx_version(nginx),
                               mime_types=str(MIME_TYPES))
    # -e: the error log before the config is read, so nothing is written outside the prefix.
    proc = Proc("nginx", [nginx, "-p", str(prefix), "-e", str(prefix / "error.log"), "-c", str(conf),
                          "-g", "daemon off;"], prefix / "nginx.out").start()
    proc.wait_until(lambda: port_open(ready_port), timeout=15, extra_log=prefix / "error.log")
    return proc
