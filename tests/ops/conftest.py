"""Real processes for the ops tests: the app under gunicorn on a temporary SQLite db, and nginx in
front of it with the production template rendered by nginx/render.py.

Nothing is mocked: these tests exist to catch a config that looks right and serves wrong. In CI
(CI=true) a missing tool fails the test; on a laptop it skips with the reason.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # opsutil, whatever pytest's import mode

from opsutil import BIN, REPO, Proc, fake_pwa, free_ports, need, request, start_nginx  # noqa: E402


@pytest.fixture(scope="module")
def pwa_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dist = REPO / "pwa" / "dist"
    if (dist / "index.html").is_file() and any((dist / "assets").glob("*.js")):
        return dist
    return fake_pwa(tmp_path_factory.mktemp("pwa-dist"))


@pytest.fixture(scope="module")
def gunicorn_app(tmp_path_factory: pytest.TempPathFactory, pwa_root: Path) -> Iterator[int]:
    """The app under gunicorn (as in the image) on a fresh SQLite db with the demo data; yields its port."""
    tongban, gunicorn = BIN / "tongban", BIN / "gunicorn"
    need(tongban.exists() and gunicorn.exists(), f"{tongban} and {gunicorn} are needed (make venv)")
    tmp = tmp_path_factory.mktemp("app")
    env = {**os.environ,
           "TONGBAN_ENV": "test",    # production refuses SQLite; this is the same code path otherwise
           "TONGBAN_SECRET_KEY": secrets.token_urlsafe(32),
           "TONGBAN_DATABASE_URL": f"sqlite:///{tmp / 'tongban.db'}",
           "TONGBAN_INSTANCE": str(tmp),
           "TONGBAN_PWA_DIST": str(pwa_root)}
    for cmd in (["db", "upgrade"], ["demo", "load"]):
        done = subprocess.run([str(tongban), *cmd], env=env, cwd=tmp, capture_output=True, text=True,
                              timeout=600)
        assert done.returncode == 0, f"tongban {' '.join(cmd)} failed:\n{done.stdout}\n{done.stderr}"
    (port,) = free_ports(1)
    proc = Proc("gunicorn", [str(gunicorn), "--bind", f"127.0.0.1:{port}", "--workers", "2",
                             "--access-logfile", "-", "--no-control-socket",
                             "-c", "python:tongban.gunicorn_conf", "tongban.wsgi:app"],
                tmp / "gunicorn.log", env=env, cwd=tmp).start()
    try:
        proc.wait_until(lambda: request(port, "GET", "/api/v1/health").status == 200, timeout=60)
        yield port
    finally:
        proc.stop()


@pytest.fixture(scope="module")
def nginx_front(tmp_path_factory: pytest.TempPathFactory, gunicorn_app: int, pwa_root: Path) -> Iterator[int]:
    """nginx with the plain (test) variant of the production template; yields its port."""
    (port,) = free_ports(1)
    proc = start_nginx(tmp_path_factory.mktemp("nginx"),
                       {"APP_UPSTREAM": f"127.0.0.1:{gunicorn_app}", "PWA_ROOT": str(pwa_root), "PORT": str(port)},
                       tls=False, ready_port=port)
    try:
        yield port
    finally:
        proc.stop()


@pytest.fixture(scope="module")
def tls_front(tmp_path_factory: pytest.TempPathFactory, gunicorn_app: int,
              pwa_root: Path) -> Iterator[tuple[int, int]]:
    """nginx with the TLS (production) variant and a throw-away certificate; yields (https, http)."""
    openssl = shutil.which("openssl")
    need(openssl, "openssl is needed to make a throw-away certificate")
    tmp = tmp_path_factory.mktemp("nginx-tls")
    cert, key = tmp / "cert.pem", tmp / "key.pem"
    subprocess.run([str(openssl), "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                    "-nodes", "-days", "1", "-subj", "/CN=localhost", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    https, http_port = free_ports(2)
    proc = start_nginx(tmp / "prefix", {
        "APP_UPSTREAM": f"127.0.0.1:{gunicorn_app}", "PWA_ROOT": str(pwa_root), "ADDR": "127.0.0.1:",
        "PORT": str(https), "HTTP_PORT": str(http_port), "TLS_CERT": str(cert), "TLS_KEY": str(key),
        "ACME_ROOT": str(tmp)}, tls=True, ready_port=https)
    try:
        yield https, http_port
    finally:
        proc.stop()
