"""Compressed answers without nginx (issue 10): the PWA's files from their .br/.gz copies.

The build writes foo.js.br and foo.js.gz beside every text file; the app (core/static.py) picks the
copy the client accepts, labels it with the original's type and its own length and ETag, and says
Vary: Accept-Encoding.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

JS = b"export const greeting = '\xe4\xbd\xa0\xe5\xa5\xbd';\n" * 200
HTML = "<!doctype html><html><head><title>通办</title></head><body><div id=app>首页</div></body></html>\n" * 20
BR = b"\x8b\x03brotli-bytes-stand-in"  # what the app sends is the file's bytes: no need for a brotli codec here
BROWSER = "gzip, deflate, br, zstd"


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("dist-compressed")
    (root / "assets").mkdir()
    (root / "icons").mkdir()
    (root / "index.html").write_text(HTML, encoding="utf-8")
    (root / "index.html.gz").write_bytes(gzip.compress(HTML.encode(), 9))
    (root / "index.html.br").write_bytes(BR + b"-index")
    (root / "assets" / "index-abc123.js").write_bytes(JS)
    (root / "assets" / "index-abc123.js.gz").write_bytes(gzip.compress(JS, 9))
    (root / "assets" / "index-abc123.js.br").write_bytes(BR)
    (root / "assets" / "only-gz-1a2b.css").write_text("body{color:red}" * 100, encoding="utf-8")
    (root / "assets" / "only-gz-1a2b.css.gz").write_bytes(gzip.compress(b"body{color:red}" * 100, 9))
    (root / "assets" / "orphan-9z9z.js.br").write_bytes(BR)  # a copy whose original is gone
    (root / "icons" / "icon-192.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    (root / "sw.js").write_text("//sw\n", encoding="utf-8")
    (root / "sw.js.gz").write_bytes(gzip.compress(b"//sw\n", 9))
    return root


@pytest.fixture(scope="module")
def static_app(app: Flask, dist: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """An app of its own over this build (the session app's PWA has no compressed copies)."""
    from tongban import create_app

    db_file = tmp_path_factory.mktemp("db-static") / "tb.db"
    other = create_app({"env": "test", "database_url": f"sqlite:///{db_file}", "pwa_dist": dist})
    other.config["TESTING"] = True
    yield other


@pytest.fixture
def web(static_app: Flask) -> FlaskClient:
    return static_app.test_client()


def _vary(resp) -> set[str]:  # type: ignore[no-untyped-def]
    return {v.strip().lower() for v in resp.headers.get("Vary", "").split(",") if v.strip()}


def test_a_browser_that_takes_brotli_gets_the_br_copy(web: FlaskClient, dist: Path) -> None:
    resp = web.get("/assets/index-abc123.js", headers={"Accept-Encoding": BROWSER})
    assert resp.status_code == 200
    assert resp.headers["Content-Encoding"] == "br"
    assert resp.get_data() == (dist / "assets" / "index-abc123.js.br").read_bytes()
    assert resp.headers["Content-Length"] == str(len(BR))
    assert resp.mimetype == "text/javascript", "the original's type, not the copy's"
    assert "accept-encoding" in _vary(resp)
    assert "immutable" in resp.headers["Cache-Control"]
    assert "Set-Cookie" not in resp.headers


def test_gzip_when_brotli_is_not_accepted(web: FlaskClient) -> None:
    for accept in ("gzip", "gzip, deflate", "br;q=0, gzip;q=0.8"):
        resp = web.get("/assets/index-abc123.js", headers={"Accept-Encoding": accept})
        assert resp.headers["Content-Encoding"] == "gzip", accept
        assert gzip.decompress(resp.get_data()) == JS
        assert int(resp.headers["Content-Length"]) == len(resp.get_data()) < len(JS)
        assert "accept-encoding" in _vary(resp)


def test_the_file_itself_when_nothing_compressed_is_accepted(web: FlaskClient) -> None:
    for headers in ({}, {"Accept-Encoding": "identity"}, {"Accept-Encoding": "br;q=0, gzip;q=0"}):
        resp = web.get("/assets/index-abc123.js", headers=headers)
        assert resp.status_code == 200
        assert "Content-Encoding" not in resp.headers, headers
        assert resp.get_data() == JS
        assert resp.headers["Content-Length"] == str(len(JS))
        assert "accept-encoding" in _vary(resp), "a cache must not hand this to a client that takes br"


def test_only_the_copies_that_exist_are_offered(web: FlaskClient) -> None:
    resp = web.get("/assets/only-gz-1a2b.css", headers={"Accept-Encoding": BROWSER})
    assert resp.headers["Content-Encoding"] == "gzip" and resp.mimetype == "text/css"
    png = web.get("/icons/icon-192.png", headers={"Accept-Encoding": BROWSER})
    assert png.status_code == 200 and "Content-Encoding" not in png.headers
    assert "accept-encoding" not in _vary(png), "nothing varies for a file without copies"


def test_each_encoding_has_its_own_etag_and_revalidates(web: FlaskClient) -> None:
    etags = {}
    for accept in (BROWSER, "gzip", ""):
        first = web.get("/assets/index-abc123.js", headers={"Accept-Encoding": accept})
        etags[accept] = first.headers["ETag"]
        again = web.get("/assets/index-abc123.js", headers={"Accept-Encoding": accept, "If-None-Match": etags[accept]})
        assert again.status_code == 304, accept
        assert again.get_data() == b""
        assert "accept-encoding" in _vary(again)
    assert len(set(etags.values())) == 3, "a strong ETag names one body: br, gzip and the file differ"
    # The gzip copy's ETag does not validate the brotli answer.
    other = web.get("/assets/index-abc123.js", headers={"Accept-Encoding": BROWSER, "If-None-Match": etags["gzip"]})
    assert other.status_code == 200 and other.headers["Content-Encoding"] == "br"


def test_the_shell_is_compressed_and_never_cached_without_revalidation(web: FlaskClient, dist: Path) -> None:
    for path in ("/", "/index.html", "/matters/FY-GA-0001", "/staff/queue"):
        resp = web.get(path, headers={"Accept-Encoding": "gzip"})
        assert resp.status_code == 200, path
        assert resp.headers["Content-Encoding"] == "gzip", path
        assert gzip.decompress(resp.get_data()).decode() == HTML
        assert resp.mimetype == "text/html", path
        assert resp.headers["Cache-Control"] == "no-cache", path
        assert "accept-encoding" in _vary(resp)
    assert web.get("/", headers={"Accept-Encoding": BROWSER}).get_data() == (dist / "index.html.br").read_bytes()
    sw = web.get("/sw.js", headers={"Accept-Encoding": "gzip"})
    assert sw.headers["Content-Encoding"] == "gzip" and sw.headers["Cache-Control"] == "no-cache"


def test_a_missing_asset_is_still_404(web: FlaskClient) -> None:
    for path in ("/assets/missing-123.js", "/assets/orphan-9z9z.js", "/favicon.svg"):
        resp = web.get(path, headers={"Accept-Encoding": BROWSER})
        assert resp.status_code == 404, path
        assert "Content-Encoding" not in resp.headers


def test_a_copy_asked_for_by_name_is_not_passed_off_as_javascript(web: FlaskClient) -> None:
    resp = web.get("/assets/index-abc123.js.br", headers={"Accept-Encoding": BROWSER})
    assert resp.status_code == 200
    assert resp.mimetype == "application/octet-stream"
    assert "Content-Encoding" not in resp.headers
