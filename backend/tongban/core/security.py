"""Security headers and the request-size limit, in the app itself: safe with or without nginx.

`make run` serves the app from gunicorn with no front end, so the app sends the same security
headers nginx/tongban.conf.template sends (nginx hides the app's copies and adds its own, so a
browser never sees two policies); tests/ops/test_nginx.py holds the template's values equal to
`headers()`. HSTS only when the public URL is https: over plain HTTP browsers ignore it anyway,
and a development machine must not pin http://localhost to HTTPS.

Bodies: MAX_CONTENT_LENGTH (20 MiB, nginx's client_max_body_size for /api/) is enforced before
any view or guard reads the body. Werkzeug refuses a declared Content-Length over the limit only
when a view reads the stream, and silently cuts a chunked body off at the limit (a truncated body
that still parses would be processed); here both are refused with 413 up front.

Caching: every /api/ and /oauth/ answer that does not set Cache-Control itself gets `no-store`:
they carry personal data (the profile, sessions, codes), and neither the browser's disk cache nor
a shared proxy may keep them.
"""

from __future__ import annotations

import tempfile
from typing import IO

from flask import Flask, Response, current_app, g, request
from flask_babel import gettext as _

from tongban.core.errors import Problem

# The CSP and Permissions-Policy as nginx sends them, directive by directive. Everything is
# same-origin: the PWA is self-hosted and calls only its own API; img-src allows data:/blob: for QR
# images and camera snapshots. 'wasm-unsafe-eval' lets the staff scanner compile its QR reader (the
# ZXing WebAssembly polyfill, served from /assets/); JS eval stays blocked. form-action 'self' stays
# strict: the OAuth consent page answers with fetch and navigates to the redirect the server returns
# (Chromium applies form-action to the redirect after a form post, and the department systems'
# origins are not ours to list).
CSP = "; ".join([
    "default-src 'self'", "script-src 'self' 'wasm-unsafe-eval'", "style-src 'self'",
    "img-src 'self' data: blob:", "connect-src 'self'", "worker-src 'self'", "manifest-src 'self'",
    "frame-ancestors 'none'", "base-uri 'self'", "form-action 'self'", "object-src 'none'",
])
# Staff pages scan QR codes with the camera; residents sign in with passkeys (WebAuthn).
PERMISSIONS_POLICY = ", ".join([
    "camera=(self)", "publickey-credentials-get=(self)", "publickey-credentials-create=(self)",
    "microphone=()", "geolocation=()", "payment=()", "usb=()", "serial=()", "bluetooth=()",
])
HSTS = "max-age=63072000; includeSubDomains"
BASE_HEADERS: dict[str, str] = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",  # frame-ancestors for browsers without CSP 2
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": PERMISSIONS_POLICY,
    "Content-Security-Policy": CSP,
}
PRIVATE_PREFIXES = ("/api/", "/oauth/")
_CHUNK = 64 * 1024
_SPOOL = 1024 * 1024  # a chunked body is buffered in memory up to 1 MiB, then in a temporary file


def headers(https: bool) -> dict[str, str]:
    """The security headers of every answer; HSTS only for an https deployment."""
    return {**({"Strict-Transport-Security": HSTS} if https else {}), **BASE_HEADERS}


def app_headers(app: Flask) -> dict[str, str]:
    return headers(str(app.config["TONGBAN"].extra.get("public_url", "")).startswith("https://"))


def _too_large() -> Problem:
    # Connection: close so the server need not read the rest of an over-long body.
    return Problem(413, "payload_too_large", _("The request is larger than allowed."),
                   headers={"Connection": "close"})


def _buffer_chunked(stream: IO[bytes], limit: int) -> IO[bytes]:
    """Read a chunked body (the server has removed the chunk framing) up to `limit` bytes."""
    buf: IO[bytes] = tempfile.SpooledTemporaryFile(max_size=_SPOOL)
    total = 0
    while chunk := stream.read(min(_CHUNK, limit + 1 - total)):
        total += len(chunk)
        if total > limit:
            buf.close()
            # Read (and drop) up to as much again, so an ordinary client that sends the whole body
            # before reading the answer sees the 413 instead of a reset connection.
            drained = 0
            while drained < limit and (more := stream.read(_CHUNK)):
                drained += len(more)
            raise _too_large()
        buf.write(chunk)
    buf.seek(0)
    return buf


def limit_body() -> None:
    """Refuse a body over MAX_CONTENT_LENGTH before anything reads it (declared or chunked)."""
    limit = current_app.config.get("MAX_CONTENT_LENGTH")
    if not limit:
        return
    env = request.environ
    declared = env.get("CONTENT_LENGTH")
    chunked = "chunked" in env.get("HTTP_TRANSFER_ENCODING", "").lower()
    if not chunked:
        if declared and declared.isdigit() and int(declared) > limit:
            raise _too_large()
        return
    body = _buffer_chunked(env["wsgi.input"], int(limit))
    size = body.seek(0, 2)
    body.seek(0)
    # From here on the body is an ordinary one of known length: werkzeug, webargs and the guards
    # read it as if the client had sent Content-Length (and can no longer be cut off mid-body).
    env["wsgi.input"] = body
    env["CONTENT_LENGTH"] = str(size)
    env.pop("HTTP_TRANSFER_ENCODING", None)
    for cached in ("content_length", "stream"):
        request.__dict__.pop(cached, None)
    g.tb_body = body  # closed (a temporary file above 1 MiB: removed) when the request ends


def add_headers(resp: Response) -> Response:
    # One pass over the answer's headers, not one per header we add: werkzeug's Headers looks a name
    # up by scanning and lower-casing every header and raises a KeyError for each one that is missing
    # (a tenth of a cheap answer's time, e.g. a search).
    present = {name.lower() for name in resp.headers.keys()}
    for name, value in app_headers(current_app).items():
        if name.lower() not in present:
            resp.headers.add(name, value)
    if request.path.startswith(PRIVATE_PREFIXES) and "cache-control" not in present:
        resp.headers["Cache-Control"] = "no-store"
    return resp


def init(app: Flask) -> None:
    # Registered before the guards and the CSRF check: the size is settled before anything reads.
    app.before_request(limit_body)
    app.after_request(add_headers)

    @app.teardown_request
    def _close_body(exc: BaseException | None) -> None:
        body = g.pop("tb_body", None)
        if body is not None:
            body.close()
