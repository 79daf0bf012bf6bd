"""Serve the built PWA from the same origin as the API (the embedded default; nginx does it in production).

Compressed files: the build writes `foo.js.br` and `foo.js.gz` beside every text file
(pwa/scripts/paint-plugin.mjs). A client that accepts brotli gets the .br, else one that accepts gzip
the .gz, else the file itself; each answer says `Vary: Accept-Encoding`, carries the original's
Content-Type and its own Content-Length and ETag (a different body is a different entity), and
answers If-None-Match with 304 as before. nginx does the same with `gzip_static`.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path

from flask import Flask, Response, abort, request, send_from_directory
from werkzeug.routing import PathConverter

NO_CACHE = {"index.html", "sw.js", "manifest.webmanifest", "registerSW.js"}
# Best first: what the build writes beside a file, and the Content-Encoding that names it.
ENCODINGS = (("br", ".br"), ("gzip", ".gz"))
TYPES = {".webmanifest": "application/manifest+json", ".wasm": "application/wasm", ".js": "text/javascript"}


class AppPath(PathConverter):
    """A path the PWA may own: anything outside /api, /oauth and /.well-known.

    Those belong to the server: a path there that no route serves must stay a 404 problem, and a
    method a route there lacks a 405 with its Allow header, never the app shell (a catch-all GET
    that matched them would answer GET with the shell and put GET into every OPTIONS answer).
    """

    regex = r"(?!(?:api|oauth|\.well-known)(?:/|$))[^/].*?"


def content_type(path: str) -> str:
    """The original file's type (never that of its .br/.gz copy), as nginx's mime.types names it."""
    suffix = Path(path).suffix
    if suffix in {s for _, s in ENCODINGS}:  # a copy asked for by its own name: bytes, not the original's type
        return "application/octet-stream"
    if suffix in TYPES:
        return TYPES[suffix]
    return mimetypes.guess_type(path)[0] or "application/octet-stream"


def _encoded(dist: Path, path: str) -> tuple[str, str | None]:
    """The file to send for `path` and its Content-Encoding, by the client's Accept-Encoding."""
    accepted = request.accept_encodings
    for encoding, suffix in ENCODINGS:
        if accepted.quality(encoding) > 0 and (dist / (path + suffix)).is_file():
            return path + suffix, encoding
    return path, None


def init(app: Flask) -> None:
    dist: Path = app.config["TONGBAN"].pwa_dist
    app.url_map.converters["app_path"] = AppPath

    def _send(path: str) -> Response:
        has_copies = any((dist / (path + suffix)).is_file() for _, suffix in ENCODINGS)
        file, encoding = _encoded(dist, path) if has_copies else (path, None)
        resp = send_from_directory(dist, file, mimetype=content_type(path))
        if encoding:
            resp.headers["Content-Encoding"] = encoding
        if has_copies:
            resp.vary.add("Accept-Encoding")  # the same URL answers differently by this header
        name = Path(path).name
        if name in NO_CACHE or name.startswith("workbox-"):
            resp.headers["Cache-Control"] = "no-cache"
        elif path.startswith("assets/"):  # content-hashed by Vite
            resp.headers["Cache-Control"] = "public, max-age=31536000, immutable"
        return resp

    @app.get("/", defaults={"path": ""})
    @app.get("/<app_path:path>")
    def pwa(path: str) -> Response:
        """Serve the PWA: a file from the build, or index.html for the app's own routes."""
        if not (dist / "index.html").is_file():
            abort(404)
        if path and (dist / path).is_file():
            return _send(path)
        if "." in Path(path).name:  # a missing asset is a 404, not the app shell
            abort(404)
        return _send("index.html")
