"""Single sign-on through the production front end (issue 6, part 1).

Real nginx, rendered from nginx/tongban.conf.template exactly as tests/ops does (plain-HTTP
variant: the same headers, CSP and proxying as production), in front of the session's gunicorn
app; Debian's headless Chromium opens everything through nginx. A department system's sign-in:
/oauth/authorize → /signin → /consent → deny, then allow → back at the system's callback (a
route that answers for http://localhost:9/cb), and the code exchanged for an ID token through
nginx. The CSP keeps `form-action 'self'`, and no CSP violation may show in the console: Chromium
applies form-action to the redirect after a form post, which is how consent used to break.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import json
import os
import secrets
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import requests
from browser_support import MODES, PHONE, REPO, is_api, last_outbox_id, outbox_code, storage_state, wait_ready
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

NORMAL = MODES["normal"]
RESIDENT = "13800000002"  # 王建国, demo resident; no other browser test signs him in (1 SMS a minute)
MIME_TYPES = Path("/etc/nginx/mime.types")
IN_CI = os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def unavailable(reason: str) -> None:
    """As conftest's: skip locally, fail under CI (browser tests never skip there)."""
    if IN_CI:
        pytest.fail(f"browser tests cannot run: {reason}", pytrace=False)
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def nginx_url(tb_server: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """nginx with the production template (plain variant) in front of the session's gunicorn."""
    nginx = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None)
    if not nginx or not MIME_TYPES.exists():
        unavailable("nginx is not installed (apt-get install nginx-light)")
    assert nginx
    spec = importlib.util.spec_from_file_location("tongban_nginx_render", REPO / "nginx" / "render.py")
    assert spec and spec.loader
    render = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(render)
    prefix = tmp_path_factory.mktemp("nginx-sso")
    port = _free_port()
    upstream = tb_server.base_url.removeprefix("http://localhost:")
    conf = render.write_prefix(
        prefix,
        {"APP_UPSTREAM": f"127.0.0.1:{upstream}", "PWA_ROOT": tb_server.env["TONGBAN_PWA_DIST"], "PORT": str(port)},
        tls=False,
        nginx_version=render.local_nginx_version(nginx),
        mime_types=str(MIME_TYPES),
    )
    with (prefix / "nginx.out").open("wb") as out:
        proc = subprocess.Popen(
            [nginx, "-p", str(prefix), "-e", str(prefix / "error.log"), "-c", str(conf), "-g", "daemon off;"],
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 15
        while True:
            if proc.poll() is not None or time.monotonic() > deadline:
                log = (prefix / "error.log").read_text(errors="replace") if (prefix / "error.log").exists() else ""
                pytest.fail(f"nginx did not start ({proc.returncode}):\n{log[-3000:]}", pytrace=False)
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                time.sleep(0.1)
        # localhost, not 127.0.0.1: the app's cookies and passkeys expect a host name.
        yield f"http://localhost:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _authorize_path(client: Any) -> tuple[str, dict[str, str], str]:
    verifier = secrets.token_urlsafe(48)
    params = {
        "response_type": "code",
        "client_id": client.client_id,
        "redirect_uri": client.redirect_uri,
        "scope": "openid profile loa",
        "nonce": secrets.token_urlsafe(12),
        "state": secrets.token_urlsafe(12),
        "code_challenge": _b64url(hashlib.sha256(verifier.encode()).digest()),
        "code_challenge_method": "S256",
    }
    return "/oauth/authorize?" + urlencode(params), params, verifier


def _csp(value: str) -> dict[str, str]:
    parts = (d.strip().split(None, 1) for d in value.split(";") if d.strip())
    return {p[0]: (p[1] if len(p) > 1 else "") for p in parts}


def _back_at_client(page: Any, testid: str, client: Any, console: list[str]) -> dict[str, str]:
    """Press allow or deny on /consent; the browser must arrive at the system's callback."""
    page.get_by_test_id(testid).click()
    try:
        page.wait_for_url(lambda url: url.startswith(client.redirect_uri + "?"), wait_until="load", timeout=15_000)
    except PlaywrightTimeout:
        pytest.fail(f"{testid}: never got back to {client.redirect_uri} (at {page.url}); console:\n"
                    + "\n".join(console), pytrace=False)
    return {k: v[0] for k, v in parse_qs(urlsplit(page.url).query).items()}


@pytest.fixture
def front_context(tb_browser: Any, nginx_url: str) -> Iterator[Any]:
    """A fresh phone-sized context whose pages are opened through nginx."""
    context = tb_browser.new_context(**PHONE, base_url=nginx_url,
                                     storage_state=storage_state(nginx_url, NORMAL.settings))
    context.set_default_timeout(15_000)
    try:
        yield context
    finally:
        context.close()


def test_consent_through_nginx_returns_to_the_department_system(
    front_context: Any, tb_server: Any, nginx_url: str, oauth_client: Any
) -> None:
    context = front_context
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda msg: console.append(f"[{msg.type}] {msg.text}"))
    page.on("pageerror", lambda exc: console.append(f"[pageerror] {exc}"))
    # Every CSP violation in any document, whether or not Chromium also logs it to the console.
    context.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => console.error("
        "'CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));"
    )
    callbacks: list[str] = []

    def department_system(route: Any) -> None:
        callbacks.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body="<!doctype html><title>cb</title>")

    page.route("http://localhost:9/**", department_system)

    # 1. Signed out: /oauth/authorize (through nginx) sends the person to sign in, then to consent.
    path, params, _ = _authorize_path(oauth_client)
    page.goto(path, wait_until="load")
    page.wait_for_url(lambda url: urlsplit(url).path == "/signin")
    wait_ready(page, NORMAL)
    page.get_by_test_id("signin-phone").fill(RESIDENT)
    before = last_outbox_id(tb_server, RESIDENT)
    with page.expect_response(is_api("POST", "/auth/codes")) as sent:
        page.get_by_test_id("send-code").click()
    assert sent.value.status == 202, f"sending a code: {sent.value.status} {sent.value.text()[:300]}"
    page.get_by_test_id("code-input").fill(outbox_code(tb_server, RESIDENT, before))
    with page.expect_response(is_api("POST", "/auth/signin/code")) as done:
        page.get_by_test_id("signin-code-submit").click()
    assert done.value.status == 200, f"code sign-in: {done.value.status} {done.value.text()[:300]}"
    page.wait_for_url(lambda url: urlsplit(url).path == "/consent")
    wait_ready(page, NORMAL)
    expect(page.get_by_test_id("consent-client")).to_contain_text(oauth_client.name)

    # The fix keeps the strict policy: the front end still says form-action 'self'.
    direct = nginx_url.replace("localhost", "127.0.0.1")  # Python's own requests: no IPv6 detour
    shell = requests.get(direct + "/consent", timeout=10)
    assert shell.headers["Server"] == "nginx"
    assert _csp(shell.headers["Content-Security-Policy"]).get("form-action") == "'self'"

    # 2. Deny: back at the system with error=access_denied and its state.
    denied = _back_at_client(page, "consent-deny", oauth_client, console)
    assert denied.get("error") == "access_denied" and denied.get("state") == params["state"], denied

    # 3. Allow (a new request: a denial is not remembered): back with a code.
    path, params, verifier = _authorize_path(oauth_client)
    page.goto(path, wait_until="load")
    page.wait_for_url(lambda url: urlsplit(url).path == "/consent")
    wait_ready(page, NORMAL)
    allowed = _back_at_client(page, "consent-allow", oauth_client, console)
    assert allowed.get("code") and allowed.get("state") == params["state"], allowed
    assert len(callbacks) == 2, callbacks

    # The system exchanges the code through the same front end and gets an ID token for this nonce.
    token = requests.post(
        direct + "/oauth/token",
        data={"grant_type": "authorization_code", "code": allowed["code"], "redirect_uri": oauth_client.redirect_uri,
              "code_verifier": verifier},
        auth=(oauth_client.client_id, oauth_client.client_secret),
        timeout=10,
    )
    assert token.status_code == 200, f"/oauth/token through nginx: {token.status_code} {token.text[:300]}"
    claims = json.loads(base64.urlsafe_b64decode(token.json()["id_token"].split(".")[1] + "=="))
    assert claims["nonce"] == params["nonce"]

    violations = [m for m in console if "form-action" in m or "Content Security Policy" in m or "CSP violation" in m]
    assert not violations, "CSP violations in the console:\n" + "\n".join(violations)
    assert not [m for m in console if m.startswith("[pageerror]")], console
