"""Seal keys and the trust list.

Each issuing department has an Ed25519 seal key, made on first use; rotating makes a new active key
and retires the old one, which stays on the trust list so licences it sealed keep verifying. The
platform's own key (issuer TONGBAN) signs the trust list. Private keys are stored encrypted (core.
crypto) and only ever used here.

The trust list holds our issuers' keys and partner regions' keys that an administrator added;
removing an entry stops everything it sealed from verifying (the verdict is "unknown issuer").
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, cast

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat
from flask import current_app, has_app_context
from nacl.exceptions import CryptoError
from nacl.signing import VerifyKey
from sqlalchemy import ScalarSelect, String, event, func, select
from sqlalchemy import cast as cast_sql
from sqlalchemy.orm import Session, object_session

from tongban.core.db import utcnow
from tongban.extensions import db
from tongban.licences import types
from tongban.licences.models import SealKey, TrustedKey

PLATFORM = "TONGBAN"


def kid_of(public_key: bytes) -> str:
    return hashlib.sha256(public_key).digest()[:8].hex()


def _raw_public(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def new_key(issuer: str) -> SealKey:
    private = Ed25519PrivateKey.generate()
    public = _raw_public(private)
    raw = private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    row = SealKey(kid=kid_of(public), issuer=issuer, algorithm="Ed25519", public_key=public,
                  private_key=base64.b64encode(raw).decode(), status="active")
    db.session.add(row)
    db.session.flush()
    return row


def active_key(issuer: str, *, name: str = "", region: str = "") -> SealKey:
    """The issuer's active key, made (and put on the trust list) the first time it seals."""
    row = db.session.scalars(select(SealKey).where(SealKey.issuer == issuer, SealKey.status == "active")
                             .order_by(SealKey.id.desc()).limit(1)).first()
    if row is None:
        row = new_key(issuer)
        if issuer != PLATFORM:
            trust(row, name=name or issuer, region=region or issuer.split("-", 1)[0][:6], source="own",
                  by="system")
    return row


def rotate(issuer: str, *, by: str) -> SealKey:
    old = active_key(issuer)
    entry = db.session.scalars(select(TrustedKey).where(TrustedKey.kid == old.kid)).first()
    old.status, old.retired_at = "retired", utcnow()
    row = new_key(issuer)
    if issuer != PLATFORM:
        trust(row, name=entry.issuer_name if entry else issuer, region=entry.region_code if entry else "",
              source="own", by=by)
    return row


def trust(key: SealKey, *, name: str, region: str, source: str, by: str) -> TrustedKey:
    entry = TrustedKey(kid=key.kid, issuer=key.issuer, issuer_name=name, issuer_uscc=types.demo_uscc(key.issuer),
                       region_code=region, algorithm=key.algorithm, public_key=key.public_key, source=source,
                       added_by=by)
    db.session.add(entry)
    db.session.flush()
    return entry


def sign(key: SealKey, message: bytes) -> bytes:
    return _private(key.id, key.private_key).sign(message)


@lru_cache(maxsize=256)
def _private(key_id: int, encoded: str) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(base64.b64decode(encoded))


@lru_cache(maxsize=1024)
def _public(raw: bytes) -> VerifyKey:
    return VerifyKey(raw)


def verify(public_key: bytes, signature: bytes, message: bytes) -> bool:
    """Ed25519 (RFC 8032) through libsodium: on this platform's CPUs its verification takes about half the time
    of OpenSSL's (bench/bench_licences.py prints both), and every scan at a window waits on it. Sealing stays
    with `cryptography`; a signature either library makes, the other verifies."""
    try:
        _public(bytes(public_key)).verify(message, signature)
        return True
    except (CryptoError, ValueError, TypeError):
        return False


@dataclass(frozen=True)
class Entry:
    """A trust-list entry as the verifier needs it (a snapshot, kept between requests)."""

    id: int
    kid: str
    issuer: str
    issuer_name: str
    issuer_uscc: str
    region_code: str
    public_key: bytes


_CACHE = "tongban.trust_list"


def trusted(kid: str) -> list[Entry]:
    """The trust list's entries in force with this kid (a truncated kid may be shared: try each).

    Every scan asks, so each worker keeps the list (a few dozen keys) instead of a SELECT per scan, and every
    check then reads the list's ids in force in the same statement as its licence (`in_force`, `in_step`): when
    another worker has changed the list since, the copy is dropped and the check runs again on the list as it
    is, so a removal stops verifying with the very next scan in every worker. A change in this process drops
    the copy at once, and while this session holds an uncommitted change the database is asked directly
    (nothing uncommitted is ever kept). A change not flushed yet is flushed first, as the check's next query
    would: else it would be flushed there, and `in_step` would take the copy for the database."""
    db.session.flush()
    if db.session.info.get(_CACHE):
        return [_entry(e) for e in db.session.scalars(
            select(TrustedKey).where(TrustedKey.kid == kid, TrustedKey.removed_at.is_(None)))]
    return list(_kept()[1].get(kid, ()))


def _kept() -> tuple[frozenset[int], dict[str, list[Entry]]]:
    kept = current_app.extensions.get(_CACHE)
    if kept is None:
        by_kid: dict[str, list[Entry]] = {}
        columns = (TrustedKey.id, TrustedKey.kid, TrustedKey.issuer, TrustedKey.issuer_name, TrustedKey.issuer_uscc,
                   TrustedKey.region_code, TrustedKey.public_key)  # rows, not ORM objects: a reload is ~1 ms less
        for row in db.session.execute(select(*columns).where(TrustedKey.removed_at.is_(None)).order_by(TrustedKey.id)):
            by_kid.setdefault(row.kid, []).append(Entry(*row[:-1], bytes(row.public_key)))
        kept = current_app.extensions[_CACHE] = (frozenset(e.id for es in by_kid.values() for e in es), by_kid)
    return cast(tuple[frozenset[int], dict[str, list[Entry]]], kept)


def in_force() -> ScalarSelect[Any]:
    """The ids of the entries in force, as one string ("3,1,7"; NULL for none): a check selects it alongside
    its licence's row, in the same statement, and hands it to `in_step`. Entries are only ever added or
    removed (removed_at set, or cleared again), never edited, so the ids in force say which list is in force."""
    return (select(func.aggregate_strings(cast_sql(TrustedKey.id, String), ","))
            .where(TrustedKey.removed_at.is_(None)).scalar_subquery())


def in_step(seen: str | None) -> bool:
    """Whether this worker's copy is the list the database had when `seen` (read through `in_force`) was read.
    When not, the copy is dropped and the next `trusted` loads the list again."""
    if db.session.info.get(_CACHE):
        return True  # the database itself was asked
    kept = current_app.extensions.get(_CACHE)
    if kept is not None and kept[0] == frozenset(int(i) for i in (seen or "").split(",") if i):
        return True
    forget()
    return False


def in_step_now() -> bool:
    """`in_step` for a check that reads no licence row: the ids in force asked for on their own."""
    return in_step(db.session.scalar(select(in_force())))


def _entry(e: TrustedKey) -> Entry:
    return Entry(e.id, e.kid, e.issuer, e.issuer_name, e.issuer_uscc, e.region_code, bytes(e.public_key))


@event.listens_for(TrustedKey, "after_insert")
@event.listens_for(TrustedKey, "after_update")
@event.listens_for(TrustedKey, "after_delete")
def _changed(_mapper: Any, _connection: Any, target: TrustedKey) -> None:
    session = object_session(target)
    if session is not None:
        session.info[_CACHE] = True
    forget()


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _ended(session: Session) -> None:
    if session.info.pop(_CACHE, None):
        forget()


def forget() -> None:
    if has_app_context():
        current_app.extensions.pop(_CACHE, None)


def with_kid(kid: str) -> list[TrustedKey]:
    """Every entry with this kid, in force or removed, as the database has them now."""
    return list(db.session.scalars(select(TrustedKey).where(TrustedKey.kid == kid).order_by(TrustedKey.id)))


def b64u(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def trust_list() -> dict[str, Any]:
    """The signed trust list: every key in force and the licence types, signed by the platform key over
    the canonical JSON of everything but the signature (sorted keys, no spaces, UTF-8)."""
    entries = db.session.scalars(select(TrustedKey).where(TrustedKey.removed_at.is_(None))
                                 .order_by(TrustedKey.id)).all()
    body: dict[str, Any] = {
        "version": 1, "issued_at": utcnow().replace(microsecond=0).isoformat(),
        "keys": [{"kid": e.kid, "issuer": e.issuer, "issuer_name": e.issuer_name, "issuer_uscc": e.issuer_uscc,
                  "region": e.region_code, "alg": e.algorithm, "public_key": b64u(e.public_key),
                  "source": e.source} for e in entries],
        "licence_types": [{"no": t.no, "code": t.code, "name": str(t.name), "national_code": t.national}
                          for t in types.TYPES],
    }
    platform = active_key(PLATFORM)
    body["signer"] = {"kid": platform.kid, "alg": "Ed25519", "public_key": b64u(platform.public_key)}
    body["signature"] = b64u(sign(platform, canonical(body)))
    return body


def canonical(body: dict[str, Any]) -> bytes:
    return json.dumps({k: v for k, v in body.items() if k != "signature"}, sort_keys=True, ensure_ascii=False,
                      separators=(",", ":")).encode()

