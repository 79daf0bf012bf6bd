"""A real gunicorn serving the test session's database, for tests that speak HTTP like outsiders do."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def live_server(database_url: str, log: Path, *, workers: int = 1) -> Iterator[str]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("TONGBAN_")}
    # Plain HTTP on loopback: Python's cookie jar never returns Secure cookies over http.
    env.update(TONGBAN_ENV="test", TONGBAN_DATABASE_URL=database_url, TONGBAN_COOKIE_SECURE="0")
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    with log.open("w") as out:
        proc = subprocess.Popen([gunicorn, "-b", f"127.0.0.1:{port}", "-w", str(workers), "--threads", "4",
                                 "-c", "python:tongban.gunicorn_conf", "tongban.wsgi:app"],
                                env=env, stdout=out, stderr=subprocess.STDOUT)
        base = f"http://localhost:{port}"
        try:
            for _ in range(150):
                try:
                    if requests.get(base + "/api/v1/health", timeout=5).status_code == 200:
                        break
                except requests.RequestException:
                    time.sleep(0.1)
            else:
                raise RuntimeError("server did not start: " + log.read_text())
            yield base
        finally:
            proc.terminate()
            proc.wait(10)
