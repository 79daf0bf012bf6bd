"""Serve the built PWA from the same origin as the API (the embedded default; nginx does it in production)."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, Response, abort, send_from_directory
from werkzeug.routing import PathConverter

NO_CACHE = {"index.html", "sw.js", "manifest.webmanifest", "registerSW.js"}


class AppPath(PathConverter):
    """A path the PWA may own: anything outside /api, /oauth and /.well-known.

    Those belong to the server: a path there that no route serves must stay a 404 problem, and a
    method a route there lacks a 405 with its Allow header, never the app shell (a catch-all GET
    that matched them would answer GET with the shell and put GET into every OPTIONS answer).
    """

    regex = r"(?!(?:api|oauth|\.well-known)(?:/|$))[^/].*?"


def init(app: Flask) -> None:
    dist: Path = app.config["TONGBAN"].pwa_dist
    app.url_map.converters["app_path"] = AppPath

    def _send(path: str) -> Response:
        resp = send_from_directory(dist, path)
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
