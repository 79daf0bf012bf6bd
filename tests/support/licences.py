"""Helpers for the licences tests: the wallet, verifying a QR, who checked my licence, licences an admin
imports for a new resident, and QR texts made in the test (sealed with a key of our own, or altered)."""

from __future__ import annotations

import base64
from datetime import date
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from flask import Flask

from tests.support.api import Api
from tests.support.mandates import PEOPLE, person, set_row

ENTERPRISE = "阜阳通办示范科技有限公司（演示）"
VERIFY = "/api/v1/verifications"


def items(api: Api) -> list[dict[str, Any]]:
    resp = api.get("/api/v1/me/licences")
    assert resp.status_code == 200, resp.get_json()
    return list(resp.get_json()["items"])


def of_type(api: Api, type_code: str) -> dict[str, Any]:
    """The caller's licence of this type (the newest), in full."""
    found = [x for x in items(api) if x["type"] == type_code]
    assert found, (type_code, items(api))
    return detail(api, found[-1]["id"])


def detail(api: Api, licence_id: int) -> dict[str, Any]:
    resp = api.get(f"/api/v1/me/licences/{licence_id}")
    assert resp.status_code == 200, resp.get_json()
    return dict(resp.get_json())


def verify(api: Api, qr: str, **body: Any) -> Any:
    return api.post(VERIFY, {"qr": qr, **body})


def verdict(api: Api, qr: str, **body: Any) -> dict[str, Any]:
    """POST /verifications that must answer 200: its body."""
    resp = verify(api, qr, **body)
    assert resp.status_code == 200, resp.get_json()
    return dict(resp.get_json())


def checks(api: Api, licence_id: int) -> list[dict[str, Any]]:
    """Who checked my licence, newest first."""
    resp = api.get(f"/api/v1/me/licences/{licence_id}/checks?per_page=50")
    assert resp.status_code == 200, resp.get_json()
    return list(resp.get_json()["items"])


def present(api: Api, licence_id: int) -> str:
    resp = api.post(f"/api/v1/me/licences/{licence_id}/presentations")
    assert resp.status_code == 201, resp.get_json()
    return str(resp.get_json()["qr"])


def imported(admin: Api, holder: Api, type_code: str = "id_card", issuer: str = "341200-GA",
             **fields: str) -> dict[str, Any]:
    """A licence the admin imports for a new resident (a `person`): its detail as the admin's answer."""
    resp = admin.post("/api/v1/admin/licences", {"type": type_code, "issuer": issuer, "fields": fields,
                                                 "holder_id_number": holder.id_number})  # type: ignore[attr-defined]
    assert resp.status_code == 201, resp.get_json()
    return dict(resp.get_json())


def holder_with(app: Flask, admin: Api, *types: str) -> tuple[Api, list[dict[str, Any]]]:
    """A new resident holding the licences the admin imported for them."""
    api = person(app)
    return api, [imported(admin, api, t) for t in types]


def set_status(admin: Api, licence_id: int, status: str, note: str = "测试") -> Any:
    return admin.post(f"/api/v1/admin/licences/{licence_id}/status", {"status": status, "note": note})


def new_key() -> tuple[Ed25519PrivateKey, bytes, str]:
    """A fresh Ed25519 key: (private key, raw public key, kid as the trust list writes it)."""
    import hashlib

    key = Ed25519PrivateKey.generate()
    raw = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return key, raw, hashlib.sha256(raw).digest()[:8].hex()


def b64u(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def claims_of(qr: str) -> Any:
    from tongban.licences import codec

    return codec.open_qr(qr).claims


def sealed(claims: Any, key: Ed25519PrivateKey, kid: str) -> str:
    """Claims sealed with any key, under any kid: what a forger, or a partner region, would print."""
    from tongban.licences import codec

    return codec.seal(claims, bytes.fromhex(kid), key.sign)


def flip_bit(qr: str, byte: int, bit: int = 0) -> str:
    """The QR with one bit flipped in its decoded bytes (negative `byte`: from the end, the signature)."""
    from tongban.licences import codec

    raw = bytearray(codec.b45decode(qr[len(codec.PREFIX):]))
    raw[byte] ^= 1 << bit
    return codec.PREFIX + codec.b45encode(bytes(raw))


def expire(app: Flask, licence_id: int, on: date = date(2020, 1, 1)) -> None:
    from tongban.licences.models import Licence

    set_row(app, Licence, Licence.id == licence_id, valid_until=on)


def trust_entry(api: Api, issuer: str) -> dict[str, Any]:
    keys = [k for k in api.get("/api/v1/trust-list").get_json()["keys"] if k["issuer"] == issuer]
    assert len(keys) == 1, keys
    return dict(keys[0])


__all__ = ["ENTERPRISE", "PEOPLE", "VERIFY", "b64u", "checks", "claims_of", "detail", "expire", "flip_bit",
           "holder_with", "imported", "items", "new_key", "of_type", "present", "sealed", "set_status", "trust_entry",
           "verdict", "verify"]
