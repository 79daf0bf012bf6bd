"""The app is safe without nginx (issue 6, part 2): the security headers nginx sends, no-store on
API answers, no cookies on static files, the body limit for chunked bodies too, and gunicorn's own
errors as problem+json. With the Flask test client, then with a real gunicorn (tests/support/live.py,
which starts it with tongban.gunicorn_conf as `make run` does)."""

import http.client
import io
import json
import socket
from urllib.parse import urlsplit

import pytest
from tongban.core import security

from tests.support.live import live_server

LIMIT = 20 * 1024 * 1024
NAMES = ("Strict-Transport-Security", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy",
         "Cross-Origin-Opener-Policy", "Permissions-Policy", "Content-Security-Policy")
PATHS = ["/", "/matters/FY-GA-0001", "/assets/app-1a2b3c.js", "/assets/missing-123.js", "/api/v1/health",
         "/api/v1/me", "/api/v1/no-such-thing", "/.well-known/openid-configuration", "/api/v1/docs"]


def _security(headers) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {n: headers[n] for n in NAMES if n in headers}


@pytest.mark.parametrize("path", PATHS)
def test_every_answer_has_the_security_headers(client, path):
    resp = client.get(path)
    assert _security(resp.headers) == security.headers(https=False), path
    assert "form-action 'self'" in resp.headers["Content-Security-Policy"]


def test_hsts_only_when_the_public_url_is_https(app, client, monkeypatch):
    assert "Strict-Transport-Security" not in client.get("/").headers
    monkeypatch.setitem(app.config["TONGBAN"].extra, "public_url", "https://tongban.example")
    resp = client.get("/")
    assert resp.headers["Strict-Transport-Security"] == "max-age=63072000; includeSubDomains"
    assert _security(resp.headers) == security.headers(https=True)


def test_api_answers_are_never_stored(api):
    _, resp = api.signup()
    assert resp.status_code == 201, resp.get_json()
    me = api.get("/api/v1/me")
    assert me.status_code == 200 and me.headers["Cache-Control"] == "no-store"
    for path in ("/api/v1/health", "/api/v1/me/sessions", "/api/v1/no-such-thing"):
        assert api.get(path).headers["Cache-Control"] == "no-store", path
    assert api.post("/api/v1/auth/signout").headers["Cache-Control"] == "no-store"
    # An answer that says how it may be cached keeps that (the explorer's static files).
    assert "max-age" in api.get("/api/v1/docs/static/swagger-ui.css").headers["Cache-Control"]


@pytest.mark.parametrize("path", ["/assets/app-1a2b3c.js", "/", "/sw.js", "/matters/FY-GA-0001",
                                  "/api/v1/docs/static/swagger-ui.css"])
def test_static_files_carry_no_cookie(app, path):
    fresh = app.test_client()   # no tb_csrf yet: the API would set one
    resp = fresh.get(path)
    assert resp.status_code == 200
    assert "Set-Cookie" not in resp.headers, f"{path}: {resp.headers.get('Set-Cookie')}"
    assert "tb_csrf=" in app.test_client().get("/api/v1/health").headers["Set-Cookie"]


def _chunked_post(client, path, body: bytes, content_type: str, csrf: str = ""):  # type: ignore[no-untyped-def]
    """A body without Content-Length, as gunicorn hands a chunked one to the app (already de-chunked)."""
    return client.post(path, input_stream=io.BytesIO(body), content_type=content_type,
                       headers={"Transfer-Encoding": "chunked", "X-CSRF-Token": csrf},
                       environ_overrides={"wsgi.input_terminated": True})


@pytest.fixture(scope="module")
def echo_app(database_url, tmp_path_factory):  # type: ignore[no-untyped-def]
    """The app with one more route that reads its body whole, as an upload would."""
    from flask import request
    from tongban import create_app

    app = create_app({"env": "test", "database_url": database_url, "pwa_dist": tmp_path_factory.mktemp("none")})

    @app.post("/api/v1/test-echo")
    def echo():  # type: ignore[no-untyped-def]
        return {"length": len(request.get_data())}

    return app


def test_a_chunked_body_over_the_limit_is_refused_not_cut_off(echo_app):
    client = echo_app.test_client()
    client.get("/api/v1/health")
    csrf = client.get_cookie("tb_csrf").value
    resp = _chunked_post(client, "/api/v1/test-echo", b"x" * (LIMIT + 1024), "application/octet-stream", csrf)
    assert resp.status_code == 413, resp.get_json()   # was 200 {"length": 20971520}: cut off and processed
    body = resp.get_json()
    assert resp.content_type == "application/problem+json" and body["code"] == "payload_too_large"
    assert body["type"] == "https://tongban.example/problems/payload-too-large"
    # A chunked body within the limit is read whole, as one with Content-Length would be.
    ok = _chunked_post(client, "/api/v1/test-echo", b"x" * (LIMIT - 10), "application/octet-stream", csrf)
    assert ok.status_code == 200 and ok.get_json() == {"length": LIMIT - 10}


def test_a_declared_length_over_the_limit_is_refused_on_any_path(client):
    resp = client.post("/", input_stream=io.BytesIO(b""), environ_overrides={"CONTENT_LENGTH": str(LIMIT + 1)})
    assert resp.status_code == 413 and resp.get_json()["code"] == "payload_too_large"


# ---- a real gunicorn ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def base(app, database_url, tmp_path_factory):  # app: the database is migrated and loaded
    with live_server(database_url, tmp_path_factory.mktemp("live-sec") / "gunicorn.log") as url:
        yield url


def _raw(base: str, data: bytes) -> tuple[int, dict[str, str], bytes]:
    """Send raw bytes, read one HTTP/1.1 answer (gunicorn closes after its own errors)."""
    port = urlsplit(base).port
    with socket.create_connection(("127.0.0.1", port), timeout=15) as s:
        s.sendall(data)
        s.shutdown(socket.SHUT_WR)
        chunks = []
        while chunk := s.recv(65536):
            chunks.append(chunk)
    head, _, body = b"".join(chunks).partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:])
    return int(lines[0].split()[1]), headers, body


def _problem(status: int, headers: dict[str, str], body: bytes, expected: int, code: str) -> dict[str, object]:
    assert status == expected, body[:300]
    assert headers["Content-Type"].startswith("application/problem+json"), headers
    doc = json.loads(body)
    assert doc["status"] == expected and doc["code"] == code and doc["title"]
    assert doc["type"] == "https://tongban.example/problems/" + code.replace("_", "-")
    assert _security(headers) == security.headers(https=False), headers
    assert "html" not in body.decode().lower()
    return doc


def test_gunicorn_serves_the_same_headers_and_no_store(base):
    conn = http.client.HTTPConnection("127.0.0.1", urlsplit(base).port, timeout=15)
    try:
        for path in ("/api/v1/me", "/api/v1/health", "/"):
            conn.request("GET", path)
            resp = conn.getresponse()
            resp.read()
            assert _security(resp.headers) == security.headers(https=False), path
            if path.startswith("/api/"):
                assert resp.headers["Cache-Control"] == "no-store", path
    finally:
        conn.close()


def test_gunicorn_refuses_a_chunked_body_over_the_limit(base):
    port = urlsplit(base).port
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", "/api/v1/health")
        first = conn.getresponse()
        first.read()
        csrf = first.headers["Set-Cookie"].split("tb_csrf=", 1)[1].split(";", 1)[0]
        body = b"x" * (LIMIT + 1024 * 1024)
        chunks = (body[i:i + 1024 * 1024] for i in range(0, len(body), 1024 * 1024))
        conn.request("POST", "/api/v1/auth/codes", body=chunks, encode_chunked=True,
                     headers={"Content-Type": "application/octet-stream", "X-CSRF-Token": csrf,
                              "Cookie": f"tb_csrf={csrf}"})
        resp = conn.getresponse()
        doc = json.loads(resp.read())
        assert resp.status == 413 and resp.headers["Content-Type"] == "application/problem+json", doc
        assert doc["code"] == "payload_too_large"
    finally:
        conn.close()


def test_gunicorn_own_errors_are_problems(base):
    status, headers, body = _raw(base, b"GET /api/v1/matters?q=" + b"x" * 10_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
    _problem(status, headers, body, 414, "uri_too_long")
    many = b"".join(b"X-H%d: 1\r\n" % i for i in range(120))
    status, headers, body = _raw(base, b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n" + many + b"\r\n")
    _problem(status, headers, body, 431, "headers_too_large")
    status, headers, body = _raw(base, b"NOT A REQUEST LINE\r\n\r\n")
    _problem(status, headers, body, 400, "bad_request")
