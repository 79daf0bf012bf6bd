"""Case materials through real nginx (the production template) in front of gunicorn: the limits agree.

Three limits stand between a resident's file and the disk, and they must nest:
- `TONGBAN_UPLOAD_MAX_BYTES` (10 MiB): the largest material the app keeps (its own 413, naming the size);
- the app's request cap `MAX_CONTENT_LENGTH` (20 MiB, `core/security.py`);
- nginx's `client_max_body_size` on /api/ (`MAX_BODY`, 20m in nginx/render.py), which must be the app's cap.
So a file just under 10 MiB (multipart overhead and all) reaches the app and is stored; a 12 MiB file passes
nginx and is refused by the app in its words; a body over 20 MiB never reaches the app: nginx answers its
own 413 problem+json.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
import requests
from opsutil import load_render

RESIDENT = "13800000001"   # 张伟, demo resident (real name verified: L2)
MATTER = "FY-GA-0010"      # 死亡注销户口: online, L2, asks for a file no e-licence replaces
MATERIAL = "居民死亡医学证明（推断）书"
MIB = 1024 * 1024
NGINX_413_DETAIL = "请求内容超过了允许的大小。"   # nginx's own words (the template's $tb_413_detail)


class Client:
    """A resident's session through nginx. The app's cookies are Secure and this rig is plain HTTP, so
    they are carried by hand (requests would keep them back), with the CSRF token the PWA sends."""

    def __init__(self, port: int) -> None:
        self.base = f"http://127.0.0.1:{port}"
        self.cookies: dict[str, str] = {}
        self.http = requests.Session()

    def call(self, method: str, path: str, **kw: Any) -> requests.Response:
        headers = {"Accept": "application/json", **kw.pop("headers", {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method != "GET" and "tb_csrf" in self.cookies:
            headers["X-CSRF-Token"] = requests.utils.unquote(self.cookies["tb_csrf"])
        r = self.http.request(method, self.base + path, headers=headers, timeout=60, **kw)
        for name, value in re.findall(r"(?:^|,\s*)(tb_[a-z_]+)=([^;]*)", r.headers.get("Set-Cookie", "")):
            self.cookies[name] = value
        self.http.cookies.clear()
        return r


@pytest.fixture(scope="module")
def resident(nginx_front: int) -> Client:
    c = Client(nginx_front)
    assert c.call("GET", "/api/v1/health").status_code == 200 and "tb_csrf" in c.cookies
    sent = c.call("POST", "/api/v1/auth/codes", json={"phone": RESIDENT, "purpose": "signin"})
    assert sent.status_code == 202, sent.text
    box = [m for m in c.call("GET", "/api/v1/dev/outbox").json()["items"] if m["phone"] == RESIDENT]
    code = re.search(r"\b(\d{6})\b", box[0]["body"])
    assert code, box[0]
    done = c.call("POST", "/api/v1/auth/signin/code", json={"phone": RESIDENT, "code": code.group(1)})
    assert done.status_code == 200, done.text
    return c


@pytest.fixture(scope="module")
def draft(resident: Client) -> str:
    created = resident.call("POST", "/api/v1/cases", json={"matter": MATTER, "mode": "online"})
    assert created.status_code == 201, created.text
    return str(created.json()["number"])


def _pdf(size: int) -> bytes:
    """A file the app types as PDF by its signature, `size` bytes long."""
    head = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
    return head + b"0" * (size - len(head) - 6) + b"%%EOF\n"


def _upload(resident: Client, number: str, data: bytes) -> requests.Response:
    return resident.call("POST", f"/api/v1/cases/{number}/materials", data={"material": MATERIAL},
                         files={"file": ("证明.pdf", data, "application/pdf")})


def test_the_limits_nest() -> None:
    from tongban.app import create_app
    from tongban.cases import storage

    app = create_app()
    with app.app_context():
        per_file = storage.max_bytes()
    body_cap = app.config["MAX_CONTENT_LENGTH"]
    nginx = load_render().DEFAULTS["MAX_BODY"]
    assert nginx.endswith("m") and int(nginx[:-1]) * MIB == body_cap, "nginx's /api/ body limit is the app's cap"
    assert per_file + 64 * 1024 < body_cap, "a largest file and its multipart wrapping fit in one request"


def test_a_material_just_under_the_limit_passes_nginx(resident: Client, draft: str) -> None:
    data = _pdf(10 * MIB - 4096)   # the app's limit less room for nothing: the file itself is ~10 MiB
    r = _upload(resident, draft, data)
    assert r.status_code == 201, r.text[:300]
    assert r.headers["Server"] == "nginx"
    body = r.json()
    assert body["size"] == len(data) and body["content_type"] == "application/pdf"
    listed = resident.call("GET", f"/api/v1/cases/{draft}/materials").json()
    items = listed["items"] if isinstance(listed, dict) else listed
    assert any(f["id"] == body["id"] for f in items), listed


def test_a_file_over_the_apps_limit_is_the_apps_413(resident: Client, draft: str) -> None:
    # 12 MiB: nginx lets it through (under 20m); the app refuses it and says how large a file may be.
    r = _upload(resident, draft, _pdf(12 * MIB))
    assert r.status_code == 413, r.text[:300]
    problem = r.json()
    assert r.headers["Content-Type"].startswith("application/problem+json")
    assert problem["code"] == "payload_too_large" and "10" in problem["detail"], problem
    assert problem["detail"] != NGINX_413_DETAIL, "this one must come from the app, not nginx"


def test_a_body_over_nginxs_limit_is_nginxs_413(resident: Client, draft: str) -> None:
    r = _upload(resident, draft, _pdf(21 * MIB))
    assert r.status_code == 413, r.text[:300]
    assert r.headers["Content-Type"].startswith("application/problem+json")
    problem = json.loads(r.content)
    assert problem["code"] == "payload_too_large" and problem["status"] == 413
    assert problem["detail"] == NGINX_413_DETAIL, f"not nginx's answer: {problem}"
    assert len(r.headers.get("Content-Security-Policy", "").split("default-src")) == 2
