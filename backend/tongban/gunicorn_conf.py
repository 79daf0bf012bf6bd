"""gunicorn settings for Tongban: `gunicorn -c python:tongban.gunicorn_conf tongban.wsgi:app`.

gunicorn answers some requests itself, before the app sees them: a request line over
`limit_request_line` (414), more than `limit_request_fields` headers or one over
`limit_request_field_size` (431), a request it cannot parse (400), a crash outside the app (500).
Its own answers are small HTML pages; clients of this API read RFC 9457 problem+json, so each
worker replaces gunicorn's error writer with one that sends the app's problem (the same codes,
types and translated titles as core/errors.py) with the app's security headers.

The request has not been parsed when most of these happen (no Accept-Language yet), so the text is
in the default language, zh_Hans. Settings given on the command line or in GUNICORN_CMD_ARGS win
over the values here.
"""

from __future__ import annotations

import json
import socket
from typing import Any

from gunicorn import util

# gunicorn's own limits, stated so they can be read next to nginx's (large_client_header_buffers
# 4 8k): a longer request line is a 414, more or larger headers a 431.
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 8190

_REASONS = {400: "Bad Request", 403: "Forbidden", 414: "URI Too Long", 417: "Expectation Failed",
            431: "Request Header Fields Too Large", 500: "Internal Server Error", 501: "Not Implemented"}


def problem_bytes(app: Any, status: int) -> tuple[bytes, dict[str, str]]:
    """The body and headers the app itself would send for `status` (no cookies: nothing is stored)."""
    from flask_babel import gettext as _

    from tongban.core import security
    from tongban.core.errors import HTTP_CODES, problem

    code = HTTP_CODES.get(status) or ("internal_error" if status >= 500 else "bad_request")
    with app.test_request_context("/"):
        details = {
            "bad_request": _("The request could not be read. Check the address and try again."),
            "uri_too_long": _("The address is too long. Shorten the search or the link and try again."),
            "headers_too_large": _("The request has too many or too large headers."),
        }
        resp = problem(status, code, details.get(code) or _("Please try again later."))
        headers = {"Content-Type": resp.content_type, "Content-Language": "zh-Hans", "Cache-Control": "no-store",
                   **security.app_headers(app)}
        return resp.get_data(), headers


def _fallback(status: int) -> tuple[bytes, dict[str, str]]:
    code = {414: "uri_too_long", 431: "headers_too_large"}.get(status) or (
        "internal_error" if status >= 500 else "bad_request")
    body = {"type": "https://tongban.example/problems/" + code.replace("_", "-"), "title": _REASONS.get(status, ""),
            "status": status, "code": code}
    return json.dumps(body).encode(), {"Content-Type": "application/problem+json"}


def write_problem(app: Any, sock: socket.socket, status_int: int, reason: str, mesg: str) -> None:
    """gunicorn.util.write_error's replacement: the same status line, a problem+json body."""
    try:
        body, headers = problem_bytes(app, status_int)
    except Exception:  # an error page must never fail: the fixed English problem instead
        body, headers = _fallback(status_int)
    head = [f"HTTP/1.1 {status_int} {reason}", "Connection: close", f"Content-Length: {len(body)}",
            *(f"{k}: {v}" for k, v in headers.items())]
    util.write_nonblock(sock, ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body)


def post_worker_init(worker: Any) -> None:
    """In each worker, once the app is loaded: gunicorn's own errors become problem+json."""
    app = worker.wsgi

    def write_error(sock: socket.socket, status_int: int, reason: str, mesg: str) -> None:
        # mesg (gunicorn's text, which quotes the client's input) is logged by gunicorn, never sent.
        write_problem(app, sock, status_int, reason, mesg)

    util.write_error = write_error


# --- the embedded job worker ---------------------------------------------------------------------
# `make run` is one command for a whole working demo: with TONGBAN_EMBEDDED_WORKER=1 the gunicorn
# arbiter also starts `tongban worker` (the huey consumer: jobs, relay, housekeeping) and stops it
# on exit. docker-compose runs the worker as its own service instead and leaves this unset.
_embedded: dict[str, Any] = {}


def when_ready(server: Any) -> None:
    import os
    import subprocess
    import sys
    from pathlib import Path

    if os.environ.get("TONGBAN_EMBEDDED_WORKER") != "1":
        return
    command = [str(Path(sys.executable).with_name("tongban")), "worker"]
    _embedded["proc"] = subprocess.Popen(command)  # noqa: S603 - our own console script
    server.log.info("embedded job worker started (pid %s)", _embedded["proc"].pid)


def on_exit(server: Any) -> None:
    proc = _embedded.pop("proc", None)
    if proc is not None and proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(15)
        except Exception:  # noqa: BLE001 - it would not stop: end it
            proc.kill()
