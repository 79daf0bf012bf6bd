"""Uploaded files at rest: encrypted (core.crypto, AES-256-GCM bound to the file's key), in the
instance directory (TONGBAN_UPLOADS_DIR), never under a web root; names are random, never the
uploader's. A file whose row was rolled back stays behind until housekeeping sweeps it (to come).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from flask import current_app

from tongban.config import REPO_ROOT
from tongban.core.crypto import decrypt_bytes, encrypt_bytes


def root() -> Path:
    return Path(current_app.config["TONGBAN"].extra.get("uploads_dir") or REPO_ROOT / "instance" / "uploads")


def max_bytes() -> int:
    return int(current_app.config["TONGBAN"].extra.get("upload_max_bytes") or 10 * 1024 * 1024)


def _path(key: str) -> Path:
    if not key.isalnum():  # keys are ours (hex); never let one walk out of the folder
        raise ValueError("bad storage key")
    return root() / key[:2] / key


def put(data: bytes) -> str:
    key = secrets.token_hex(16)
    path = _path(key)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_suffix(".part")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(encrypt_bytes(data, key))
    os.replace(tmp, path)
    return key


def get(key: str) -> bytes:
    return decrypt_bytes(_path(key).read_bytes(), key)


def delete(key: str) -> None:
    _path(key).unlink(missing_ok=True)
