"""Helpers for the cases tests: residents who pass the real-name check, staff sessions, files."""

from __future__ import annotations

import io
import itertools
import json
import random
import re
from typing import Any

import pytest
from flask import Flask

from tests.support.api import ORIGIN, Api
from tests.support.soft_authenticator import SoftAuthenticator

DEMO = json.loads(open("backend/tongban/demo/data/accounts.json", encoding="utf-8").read())
PHONES = {p["key"]: p["phone"] for p in DEMO["people"]}
_serial = itertools.count(random.randint(0, 900))

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def image(kind: str = "PNG", size: tuple[int, int] = (24, 16), **save: Any) -> bytes:
    """A real little image (uploads are decoded and re-encoded, so they must be images)."""
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", size, (30, 120, 200)).save(buf, kind, **save)
    return buf.getvalue()


PNG = image("PNG")
JPEG = image("JPEG")


def registry_person() -> tuple[str, str]:
    """A made-up person added to the sandbox registry, with a valid GB 11643 number (unused so far)."""
    from tongban.core.ids import ID_CHECK, ID_WEIGHTS
    from tongban.identity.verifier import demo_registry

    n = next(_serial)
    body = f"341202{1960 + n % 40}{1 + n % 12:02d}{1 + n % 28:02d}{n % 1000:03d}"
    number = body + ID_CHECK[sum(int(c) * w for c, w in zip(body, ID_WEIGHTS, strict=True)) % 11]
    name = f"案件测试{n}"
    demo_registry()[number] = name
    return number, name


def resident(app: Flask, *, real_name: bool = True) -> Api:
    """A new resident signed in: L2 after the sandbox real-name check, else L1."""
    api = Api(app.test_client())
    extra: dict[str, Any] = {}
    if real_name:
        number, name = registry_person()
        extra = {"name": name, "id_number": number}
    phone, resp = api.signup(**extra)
    assert resp.status_code == 201, resp.get_json()
    api.phone = phone  # type: ignore[attr-defined]
    assert resp.get_json()["assurance"] == ("L2" if real_name else "L1")
    return api


_PASSKEYS: dict[tuple[int, str], SoftAuthenticator] = {}


def staff_session(app: Flask, phone: str) -> Api:
    """Sign in with the phone code, add a passkey, sign out, sign in again as staff with it. The passkey is
    kept per phone for the test session: demo staff are signed in by many modules, and an account holds
    at most 10 passkeys."""
    api = Api(app.test_client())
    auth = _PASSKEYS.get((id(app), phone))
    if auth is None:
        assert api.signin_code(phone).status_code == 200
        auth = SoftAuthenticator()
        opts = api.post("/api/v1/me/passkeys/options").get_json()
        assert api.post("/api/v1/me/passkeys", {"handle": opts["handle"],
                                                "credential": auth.create(opts["publicKey"])}).status_code == 201
        api.post("/api/v1/auth/signout")
        _PASSKEYS[(id(app), phone)] = auth
    opts = api.post("/api/v1/auth/passkey/options", {"staff": True}).get_json()
    resp = api.post("/api/v1/auth/passkey", {"handle": opts["handle"], "credential": auth.get(opts["publicKey"]),
                                             "staff": True})
    assert resp.status_code == 200, resp.get_json()
    return api


def demo_staff(app: Flask, key: str) -> Api:
    return staff_session(app, PHONES[key])


def new_reviewer(app: Flask, admin: Api, unit_code: str, jurisdiction: str) -> Api:
    """A new person given a reviewer post by the admin, then signed in as staff."""
    person = resident(app)
    account_id = person.get("/api/v1/me").get_json()["account_id"]
    phone = person.phone  # type: ignore[attr-defined]
    resp = admin.post("/api/v1/admin/staff-posts", {"account_id": account_id, "role": "reviewer",
                                                    "unit_type": "department", "unit_code": unit_code,
                                                    "jurisdiction": jurisdiction})
    assert resp.status_code == 201, resp.get_json()
    return staff_session(app, phone)


def upload(api: Api, number: str, material: str, data: bytes, filename: str = "scan.pdf",
           content_type: str = "application/pdf") -> Any:
    return api.c.post(f"/api/v1/cases/{number}/materials",
                      data={"material": material, "file": (io.BytesIO(data), filename, content_type)},
                      headers={"X-CSRF-Token": api.csrf(), "Origin": ORIGIN, **api.extra()},
                      content_type="multipart/form-data")


def post(api: Api, url: str, body: dict[str, Any] | None = None, key: str | None = None) -> Any:
    """POST JSON with an optional Idempotency-Key."""
    headers = {"Origin": ORIGIN, "X-CSRF-Token": api.csrf(), **api.extra()}
    if key:
        headers["Idempotency-Key"] = key
    return api.c.post(url, json=body if body is not None else {}, headers=headers)


def signing_code() -> str:
    """The code of the newest signing text in the sandbox outbox (a standalone 6-digit run: not the case
    number's digits, not the digest's)."""
    from sqlalchemy import select
    from tongban.extensions import db
    from tongban.notify.models import SandboxMessage

    body = db.session.scalars(select(SandboxMessage.body).where(SandboxMessage.purpose == "case-sign")
                              .order_by(SandboxMessage.id.desc()).limit(1)).first()
    found = re.search(r"(?<![0-9A-Za-z])[0-9]{6}(?![0-9A-Za-z])", body or "")
    assert found, body
    return found.group(0)


def sign(api: Api, number: str, authenticator: SoftAuthenticator | None = None,
         method: str | None = None) -> dict[str, Any]:
    """Ask to sign the case as it is saved, and sign: with the passkey when given, else the texted code."""
    resp = post(api, f"/api/v1/cases/{number}/signature/options", {"method": method} if method else {})
    assert resp.status_code == 200, resp.get_json()
    opts = resp.get_json()
    if opts["method"] == "passkey":
        assert authenticator is not None
        return {"method": "passkey", "handle": opts["handle"], "credential": authenticator.get(opts["publicKey"])}
    with api.c.application.app_context():
        return {"method": "sms_code", "code": signing_code()}


def submit(api: Api, number: str, body: dict[str, Any] | None = None, key: str | None = None,
           authenticator: SoftAuthenticator | None = None) -> Any:
    """Submit as the PWA does: save what the body changes, sign the application, submit with the signature."""
    body = dict(body or {})
    changes = {k: body[k] for k in ("form", "delivery", "delivery_address") if k in body}
    if changes:
        saved = post(api, f"/api/v1/cases/{number}", changes)
        assert saved.status_code == 200, saved.get_json()
    return post(api, f"/api/v1/cases/{number}/submit", {**body, "signature": sign(api, number, authenticator)}, key)


@pytest.fixture(autouse=True)
def jobs_run(app: Flask) -> Any:
    """Import into a test module: after each test, the jobs it queued (notices, the e-archive, refunds,
    flags) run, so none is left pending for a later module's relay to find."""
    yield
    from tongban.jobs import queue

    with app.app_context():
        queue.drain()
