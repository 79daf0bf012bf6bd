"""Personal data at rest: AES-256-GCM encryption and a keyed blind index for exact look-up.

Keys are derived (HKDF-SHA256) from TONGBAN_PII_KEY, or from the secret key when that is unset, with
distinct `info` labels, so the encryption key and the index key are independent. Ciphertexts carry
a version prefix for key rotation. Masking follows common practice on government platforms:
ID numbers keep the region (first 4) and the check block (last 4), phones the first 3 and last 4.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from functools import cache

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app
from sqlalchemy import String, Text
from sqlalchemy.types import TypeDecorator

VERSION = "v1"


@cache
def _derive(master: str, label: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"tongban", info=label).derive(master.encode())


def _master() -> str:
    settings = current_app.config["TONGBAN"]
    return settings.extra.get("pii_key") or os.environ.get("TONGBAN_PII_KEY") or settings.secret_key


def encrypt(plain: str) -> str:
    nonce = os.urandom(12)
    ct = AESGCM(_derive(_master(), b"pii-encryption-v1")).encrypt(nonce, plain.encode(), VERSION.encode())
    return VERSION + ":" + base64.urlsafe_b64encode(nonce + ct).decode()


def decrypt(token: str) -> str:
    version, _, data = token.partition(":")
    raw = base64.urlsafe_b64decode(data)
    key = _derive(_master(), b"pii-encryption-v1")
    return AESGCM(key).decrypt(raw[:12], raw[12:], version.encode()).decode()


def encrypt_bytes(plain: bytes, context: str) -> bytes:
    """Files at rest (uploaded case materials), under a key of their own. `context` (the file's storage
    key) is bound as associated data, so a stored file cannot be swapped for another one."""
    nonce = os.urandom(12)
    key = _derive(_master(), b"file-encryption-v1")
    return VERSION.encode() + b":" + nonce + AESGCM(key).encrypt(nonce, plain, context.encode())


def decrypt_bytes(blob: bytes, context: str) -> bytes:
    version, _, data = blob.partition(b":")
    if version != VERSION.encode():
        raise ValueError("unknown file encryption version")
    return AESGCM(_derive(_master(), b"file-encryption-v1")).decrypt(data[:12], data[12:], context.encode())


def blind_index(value: str, kind: str) -> str:
    """HMAC of the normalised value: equal values match, the value cannot be read back."""
    key = _derive(_master(), b"pii-blind-index-v1")
    return hmac.new(key, f"{kind}:{value.strip().upper()}".encode(), hashlib.sha256).hexdigest()


def token_hash(token: str) -> str:
    """Bearer secrets (session ids, OAuth tokens, codes) are stored only as this hash."""
    return hashlib.sha256(token.encode()).hexdigest()


class Encrypted(TypeDecorator[str]):
    """A string column stored encrypted; reads give the plain value."""

    impl = String(512)
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: object) -> str | None:
        return None if value is None else encrypt(value)

    def process_result_value(self, value: str | None, dialect: object) -> str | None:
        return None if value is None else decrypt(value)


def mask_id_number(value: str) -> str:
    return value[:4] + "*" * (len(value) - 8) + value[-4:] if len(value) > 8 else "*" * len(value)


def mask_phone(value: str) -> str:
    return value[:3] + "****" + value[-4:] if len(value) >= 7 else "*" * len(value)


def mask_name(value: str) -> str:
    return value[0] + "*" * (len(value) - 1) if len(value) > 1 else value


class EncryptedText(Encrypted):
    """Encrypted, for values longer than a short string (keys, addresses with notes)."""

    impl = Text()
    cache_ok = True
