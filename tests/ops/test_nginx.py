"""Through real nginx running the production template: what a browser would get from the front end."""

from __future__ import annotations

import gzip
import http.client
import io
import json
import re
import socket
import ssl
import time
from pathlib import Path

import pytest
from opsutil import REPO, Response, free_ports, load_render, request, start_nginx

CSP = {  # the policy, directive by directive (order and spacing do not matter to browsers)
    "default-src": "'self'", "script-src": "'self' 'wasm-unsafe-eval'", "style-src": "'self'",
    "img-src": "'self' data: blob:", "connect-src": "'self'", "worker-src": "'self'",
    "manifest-src": "'self'", "frame-ancestors": "'none'", "base-uri": "'self'",
    "form-action": "'self'", "object-src": "'none'",
}
SECURITY_HEADERS = ("Strict-Transport-Security", "X-Content-Type-Options", "Referrer-Policy",
                    "Permissions-Policy", "Content-Security-Policy")
SPA_ROUTE = "/cases/FY2024000123/timeline"
PROBLEM_BASE = "https://tongban.example/problems/"


def _asset(root: Path) -> Path:
    """The largest hashed JS file: big enough that gzip applies (gzip_min_length 1024)."""
    return max((root / "assets").glob("*.js"), key=lambda p: p.stat().st_size)


def _csp(value: str) -> dict[str, str]:
    parts = (d.strip().split(None, 1) for d in value.split(";") if d.strip())
    return {p[0]: (p[1] if len(p) > 1 else "") for p in parts}


def test_health_is_proxied_to_the_app(nginx_front: int) -> None:
    r = request(nginx_front, "GET", "/api/v1/health")
    assert r.status == 200
    assert r.header("Content-Type").startswith("application/json")
    assert json.loads(r.body)["status"] == "ok"


@pytest.mark.parametrize("path", ["/", "/api/v1/health", SPA_ROUTE, "/assets/missing-00000000.js",
                                  "/api/v1/matters/NO-SUCH-MATTER"])
def test_security_headers_on_every_kind_of_answer(nginx_front: int, path: str) -> None:
    r = request(nginx_front, "GET", path)
    for name in SECURITY_HEADERS:
        assert len(r.headers.get_all(name) or []) == 1, f"{path}: {name} should appear exactly once"
    assert "max-age=" in r.header("Strict-Transport-Security")
    assert r.header("X-Content-Type-Options") == "nosniff"
    assert r.header("Referrer-Policy") == "strict-origin-when-cross-origin"
    policy = r.header("Permissions-Policy")
    assert "camera=(self)" in policy and "publickey-credentials-get=(self)" in policy
    csp = _csp(r.header("Content-Security-Policy"))
    for directive, value in CSP.items():
        assert csp.get(directive) == value, f"{path}: CSP {directive} is {csp.get(directive)!r}"
    assert "unsafe-inline" not in r.header("Content-Security-Policy")
    assert r.header("Server") == "nginx", "server_tokens off: no version in the Server header"


def test_the_shell_can_run_under_the_csp(pwa_root: Path) -> None:
    # script-src 'self' and style-src 'self' forbid inline code: the build must not emit any.
    html = (pwa_root / "index.html").read_text(encoding="utf-8")
    inline_scripts = [m for m in re.findall(r"<script\b([^>]*)>", html, re.I)
                      if "src=" not in m and "json" not in m]
    assert not inline_scripts, "inline <script> in index.html is blocked by the CSP"
    assert not re.search(r"<style\b|\sstyle\s*=", html, re.I), "inline styles are blocked by the CSP"


def test_hashed_assets_are_immutable(nginx_front: int, pwa_root: Path) -> None:
    r = request(nginx_front, "GET", f"/assets/{_asset(pwa_root).name}")
    assert r.status == 200
    cache = r.header("Cache-Control")
    assert "immutable" in cache and "max-age=31536000" in cache


@pytest.mark.parametrize("path", ["/", "/index.html", "/sw.js", "/manifest.webmanifest"])
def test_shell_worker_and_manifest_are_revalidated(nginx_front: int, pwa_root: Path, path: str) -> None:
    if path != "/" and not (pwa_root / path.lstrip("/")).exists():
        pytest.skip(f"the build has no {path}")
    r = request(nginx_front, "GET", path)
    assert r.status == 200
    assert r.header("Cache-Control") == "no-cache"
    if path.endswith(".webmanifest"):
        assert r.header("Content-Type").startswith("application/manifest+json")


def test_unknown_app_route_gets_the_shell(nginx_front: int, pwa_root: Path) -> None:
    r = request(nginx_front, "GET", SPA_ROUTE)
    assert r.status == 200
    assert r.body == (pwa_root / "index.html").read_bytes()
    assert r.header("Cache-Control") == "no-cache"


def test_missing_asset_is_404_not_the_shell(nginx_front: int) -> None:
    # A stale service worker asking for an old hash must not be handed HTML as JavaScript.
    assert request(nginx_front, "GET", "/assets/index-00000000.js").status == 404


def test_api_404_stays_an_api_problem(nginx_front: int) -> None:
    for path in ("/api/v1/no-such-thing", "/.well-known/no-such-thing"):
        r = request(nginx_front, "GET", path)
        assert r.status == 404, path
        assert "html" not in r.header("Content-Type"), f"{path} fell through to the PWA shell"


def test_dotfiles_are_not_served(nginx_front: int) -> None:
    assert request(nginx_front, "GET", "/.env").status in (403, 404)


def test_gzip_for_assets_and_api(nginx_front: int, pwa_root: Path) -> None:
    asset = _asset(pwa_root)
    r = request(nginx_front, "GET", f"/assets/{asset.name}", {"Accept-Encoding": "gzip"})
    assert r.header("Content-Encoding") == "gzip"
    assert "Accept-Encoding" in r.header("Vary")
    assert gzip.decompress(r.body) == asset.read_bytes()
    # gzip_static: the build's own .gz (level 9) is sent as it is, not compressed again per request
    prebuilt = asset.with_name(asset.name + ".gz")
    assert prebuilt.is_file(), "the PWA build writes a .gz beside every text file (pwa/scripts/paint-plugin.mjs)"
    assert r.body == prebuilt.read_bytes()
    r = request(nginx_front, "GET", "/api/v1/openapi.json", {"Accept-Encoding": "gzip"})
    assert r.status == 200 and r.header("Content-Encoding") == "gzip"
    assert "paths" in json.loads(gzip.decompress(r.body))
    r = request(nginx_front, "GET", f"/assets/{asset.name}")  # a client that did not ask
    assert r.header("Content-Encoding") == ""


def _problem(r: Response, status: int, code: str) -> dict[str, object]:
    """nginx's own errors have the app's RFC 9457 shape and codes, so the PWA shows them like any other."""
    assert r.status == status, r.body[:300]
    assert r.header("Content-Type").startswith("application/problem+json"), r.body[:300]
    body = json.loads(r.body)
    assert body["status"] == status and body["code"] == code and body["title"] and body["detail"]
    assert body["type"] == PROBLEM_BASE + code.replace("_", "-")   # core/errors.py: one vocabulary
    assert len(r.headers.get_all("Content-Security-Policy") or []) == 1
    return body


def test_body_over_the_limit_is_refused_before_the_app(nginx_front: int) -> None:
    # nginx refuses on the Content-Length header alone, so no 21 MB need be sent.
    conn = http.client.HTTPConnection("127.0.0.1", nginx_front, timeout=15)
    try:
        conn.putrequest("POST", "/api/v1/health")
        conn.putheader("Content-Type", "application/octet-stream")
        conn.putheader("Content-Length", str(21 * 1024 * 1024))
        conn.endheaders()
        resp = conn.getresponse()
        body = _problem(Response(resp.status, resp.headers, resp.read()), 413, "payload_too_large")
        assert body["title"] == "请求内容过大"   # zh_Hans when the client states no language
    finally:
        conn.close()


def test_uploads_under_the_limit_reach_the_app(nginx_front: int) -> None:
    # 2 MB is over nginx's 1 MB default: passing proves /api/ really has the larger upload limit.
    r = request(nginx_front, "POST", "/api/v1/health", {"Content-Type": "application/octet-stream"},
                body=b"\0" * (2 * 1024 * 1024))
    assert r.status not in (413, 429) and r.status < 500


def test_api_is_rate_limited(nginx_front: int) -> None:
    answers = [request(nginx_front, "GET", "/api/v1/health", {"Accept-Language": "en-GB,en;q=0.8"})
               for _ in range(150)]
    try:
        assert answers[0].status == 200
        limited = [r for r in answers if r.status == 429]
        assert limited, "150 quick requests should exceed rate + burst"
        assert _problem(limited[0], 429, "too_many_requests")["title"] == "Too many requests"
        assert limited[0].header("Retry-After") == "1"
        assert answers[0].header("Retry-After") == "", "only 429s say when to come back"
    finally:
        time.sleep(2.5)  # let the leaky bucket drain (burst 60 at 30 r/s) for the tests after this


def test_app_down_is_a_503_problem(tmp_path: Path, pwa_root: Path) -> None:
    (port, dead) = free_ports(2)    # nothing listens on `dead`: like the app during a restart
    proc = start_nginx(tmp_path, {"APP_UPSTREAM": f"127.0.0.1:{dead}", "PWA_ROOT": str(pwa_root),
                                  "PORT": str(port)}, tls=False, ready_port=port)
    try:
        r = request(port, "GET", "/api/v1/health?lang=zh_Hant")
        assert _problem(r, 503, "service_unavailable")["title"] == "服務暫時無法使用"
        r = request(port, "GET", "/api/v1/health", {"Cookie": "tb_lang=en", "Accept-Language": "zh-CN"})
        assert _problem(r, 503, "service_unavailable")["title"] == "The service is temporarily unavailable"
        assert request(port, "GET", "/").status == 200   # the shell still loads and can say so
    finally:
        proc.stop()


# --- the TLS variant: same template, as production runs it (fixture tls_front) ---------------------

def test_http_redirects_to_https(tls_front: tuple[int, int]) -> None:
    _, http_port = tls_front
    r = request(http_port, "GET", "/cases/FY1?tab=timeline", {"Host": "tongban.example"})
    assert r.status == 301
    assert r.header("Location") == "https://tongban.example/cases/FY1?tab=timeline"
    assert request(http_port, "GET", "/nginx-health").status == 200


def test_https_serves_the_app_over_tls12_plus_with_h2(tls_front: tuple[int, int]) -> None:
    https, _ = tls_front
    ctx = ssl.create_default_context()
    ctx.check_hostname, ctx.verify_mode = False, ssl.CERT_NONE   # a throw-away self-signed cert
    ctx.set_alpn_protocols(["h2", "http/1.1"])
    with socket.create_connection(("127.0.0.1", https), timeout=10) as raw, \
            ctx.wrap_socket(raw, server_hostname="localhost") as tls:
        assert tls.version() in ("TLSv1.2", "TLSv1.3")
        assert tls.selected_alpn_protocol() == "h2"
    ctx.set_alpn_protocols(["http/1.1"])
    conn = http.client.HTTPSConnection("127.0.0.1", https, context=ctx, timeout=15)
    try:
        conn.request("GET", "/api/v1/health")
        resp = conn.getresponse()
        assert resp.status == 200 and json.loads(resp.read())["status"] == "ok"
        assert "max-age=63072000" in resp.headers["Strict-Transport-Security"]
    finally:
        conn.close()


def test_production_render_is_what_the_image_uses() -> None:
    # The Dockerfile renders with these arguments; keep them loadable by nginx (-t with the TLS run above).
    dockerfile = (REPO / "Dockerfile").read_text(encoding="utf-8")
    assert "nginx/render.py --tls --app-upstream app:8000" in dockerfile


# --- one set of security headers, one error vocabulary: nginx, gunicorn and the app (issue 6) -----

HEADER_NAMES = ("Strict-Transport-Security", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy",
                "Cross-Origin-Opener-Policy", "Permissions-Policy", "Content-Security-Policy")
LOCALES = ("zh_Hans", "zh_Hant", "en")


def _template_headers(tls: bool) -> dict[str, str]:
    """The literal security headers of the rendered template (Cache-Control and Retry-After are variables)."""
    text = load_render().render({"APP_UPSTREAM": "app:8000", "PWA_ROOT": "/srv/pwa", "PORT": "443"}, tls=tls)
    return dict(re.findall(r'^\s*add_header\s+(\S+)\s+"([^"]*)"\s+always;', text, re.M))


def test_template_headers_are_the_apps() -> None:
    from tongban.core import security

    assert _template_headers(tls=True) == security.headers(https=True)
    assert _template_headers(tls=False) == security.headers(https=True)   # shared text (HSTS ignored on http)


@pytest.mark.parametrize("path", ["/", "/api/v1/health", "/api/v1/me", "/api/v1/no-such-thing"])
def test_nginx_and_the_bare_app_send_the_same_headers(nginx_front: int, gunicorn_app: int, path: str) -> None:
    front, bare = request(nginx_front, "GET", path), request(gunicorn_app, "GET", path)
    for name in HEADER_NAMES[1:]:
        assert bare.header(name) and front.header(name) == bare.header(name), f"{path}: {name}"
    # no https public URL in this rig: the bare app sends no HSTS (nginx always does; http ignores it)
    assert bare.header("Strict-Transport-Security") == ""
    if path.startswith("/api/"):
        assert front.header("Cache-Control") == bare.header("Cache-Control") == "no-store", path


def test_static_files_carry_no_cookie(nginx_front: int, gunicorn_app: int, pwa_root: Path) -> None:
    for port in (nginx_front, gunicorn_app):
        for path in (f"/assets/{_asset(pwa_root).name}", "/", SPA_ROUTE):
            r = request(port, "GET", path)
            assert r.status == 200 and r.header("Set-Cookie") == "", f"{port}{path}: {r.header('Set-Cookie')}"
    assert "tb_csrf=" in request(nginx_front, "GET", "/api/v1/health").header("Set-Cookie")


def test_long_addresses_are_414_problems(nginx_front: int, gunicorn_app: int) -> None:
    # 10,000 characters: over nginx's request-line buffers (8k), nginx answers itself.
    _problem(request(nginx_front, "GET", "/api/v1/matters?q=" + "x" * 10_000), 414, "uri_too_long")
    # 5,000: nginx passes it on and gunicorn (limit_request_line 4094) refuses it, in the same words.
    body = _problem(request(nginx_front, "GET", "/api/v1/matters?q=" + "x" * 5_000), 414, "uri_too_long")
    # gunicorn's problem is the app's own (core/errors.py, translated by the app's catalogue)
    assert body["title"] == _catalogue(pending=False).get("The address is too long", {}).get(
        "zh_Hans", "The address is too long")
    _problem(request(gunicorn_app, "GET", "/api/v1/matters?q=" + "x" * 10_000), 414, "uri_too_long")


def _raw(port: int, data: bytes) -> Response:
    """Bytes no HTTP client would send; one answer read back (both servers close after their errors)."""
    with socket.create_connection(("127.0.0.1", port), timeout=15) as s:
        s.sendall(data)
        chunks = []
        while chunk := s.recv(65536):
            chunks.append(chunk)
    raw = b"".join(chunks)
    head, _, body = raw.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    msg = http.client.parse_headers(io.BytesIO(head.split(b"\r\n", 1)[1] + b"\r\n\r\n"))
    return Response(status, msg, body)


def test_unreadable_requests_are_problems(nginx_front: int, gunicorn_app: int) -> None:
    for port in (nginx_front, gunicorn_app):
        _problem(_raw(port, b"NOT A REQUEST\r\n\r\n"), 400, "bad_request")
    # More headers than gunicorn takes (limit_request_fields 100): nginx passes them, gunicorn refuses.
    many = {f"X-Extra-{i}": "1" for i in range(120)}
    _problem(request(nginx_front, "GET", "/api/v1/health", many), 431, "headers_too_large")
    _problem(request(gunicorn_app, "GET", "/api/v1/health", many), 431, "headers_too_large")
    # One header over nginx's buffers: nginx's own "Request Header Or Cookie Too Large".
    _problem(request(nginx_front, "GET", "/api/v1/health", {"X-Big": "x" * 9000}), 431, "headers_too_large")


def test_a_chunked_body_over_the_limit_is_refused(nginx_front: int, gunicorn_app: int) -> None:
    for port in (nginx_front, gunicorn_app):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        try:
            mb = b"\0" * (1024 * 1024)
            conn.request("POST", "/api/v1/health", body=(mb for _ in range(21)), encode_chunked=True,
                         headers={"Content-Type": "application/octet-stream"})
            resp = conn.getresponse()
            _problem(Response(resp.status, resp.headers, resp.read()), 413, "payload_too_large")
        finally:
            conn.close()


def _catalogue(pending: bool = True) -> dict[str, dict[str, str]]:
    """msgid → {locale: text}, from the backend catalogues (and the messages waiting in i18n/pending)."""
    from babel.messages.pofile import read_po

    out: dict[str, dict[str, str]] = {}
    for locale in LOCALES:
        with (REPO / "i18n" / locale / "LC_MESSAGES" / "messages.po").open("rb") as fh:
            for m in read_po(fh, locale=None):
                if m.id and m.string:
                    out.setdefault(str(m.id), {})[locale] = str(m.string)
    for tsv in sorted((REPO / "i18n" / "pending").glob("*.tsv")) if pending else ():   # merged by `make i18n`
        for line in tsv.read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) == 4:
                for locale, text in zip(LOCALES, parts[1:], strict=True):
                    out.setdefault(parts[0], {}).setdefault(locale, text)
    return out


def test_nginx_errors_speak_the_apps_words() -> None:
    """Every problem nginx writes has the app's code, type and title (and a detail the app has too)."""
    from tongban.core.errors import HTTP_CODES, TITLES

    text = load_render().render({"APP_UPSTREAM": "app:8000", "PWA_ROOT": "/srv/pwa", "PORT": "443"}, tls=True)
    maps = {name: dict(re.findall(r'(default|zh_Hant|en)\s+"([^"]*)";', body))
            for name, body in re.findall(r"map \$tb_lang \$(tb_\w+)\s*\{(.*?)\}", text, re.S)}
    found = re.findall(r"location = /_tb/error/(\d+) \{[^}]*?default_type application/problem\+json;"
                       r"\s*return (\d+) '(.*?)';", text, re.S)
    assert {int(status) for _, status, _ in found} >= {400, 413, 414, 429, 431, 500, 503}
    words = _catalogue()
    for _, status, payload in found:
        body = json.loads(payload)
        code = body["code"]
        assert body["status"] == int(status) and HTTP_CODES[int(status)] == code
        assert body["type"] == PROBLEM_BASE + code.replace("_", "-")
        for field, msgid in (("title", str(TITLES[code])), ("detail", maps[body["detail"][1:]]["en"])):
            nginx_says = maps[body[field][1:]]   # "$tb_413_title" → that map
            app_says = words.get(msgid, {})
            assert {"zh_Hans": nginx_says["default"], "zh_Hant": nginx_says["zh_Hant"], "en": nginx_says["en"]} \
                == app_says, f"{status} {field}: nginx {nginx_says} vs the app's {msgid!r}: {app_says}"
    # every status nginx may answer itself is routed to one of these pages
    pages = dict(re.findall(r"error_page ([\d ]+) = /_tb/error/(\d+)\?\$args;", text))
    assert {s for k in pages for s in k.split()} >= {"400", "413", "414", "429", "494", "500", "502", "503", "504"}
