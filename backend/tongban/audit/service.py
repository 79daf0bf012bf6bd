"""Append to and verify the hash-chained audit log.

hash_n = SHA-256(prev_hash ‖ canonical JSON of entry n). Changing, inserting or deleting any entry
breaks every later hash; `verify()` names the first entry whose stored hash no longer matches.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from flask import g, has_request_context, request
from sqlalchemy import select, text

from tongban.audit.models import AuditEntry
from tongban.core.db import utcnow
from tongban.extensions import db

GENESIS = "0" * 64
_PG_LOCK = 0x7B0A_0D17  # one advisory-lock key for the chain's tail


def _digest(entry: AuditEntry) -> str:
    body = {"seq": entry.seq, "at": entry.at.isoformat(), "actor": entry.actor,
            "acting_for": entry.acting_for, "action": entry.action, "object_type": entry.object_type,
            "object_id": entry.object_id, "ip": entry.ip, "data": entry.data}
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256((entry.prev_hash + canonical).encode()).hexdigest()


def record(action: str, *, actor: str, acting_for: str | None = None, object_type: str = "",
           object_id: str | int = "", data: dict[str, Any] | None = None) -> AuditEntry:
    """Append an entry in the caller's transaction (it commits with the change it records). An agent's
    action names the mandate it was done under, and goes on the principal's activity list."""
    mandate = _acting_mandate()
    if mandate is not None:
        acting_for = acting_for or f"mandate:{mandate.public_id}"
        from tongban.mandates.acting import note

        note(mandate, action, str(object_id))
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK})
    tail = db.session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1)).first()
    entry = AuditEntry(seq=(tail.seq + 1) if tail else 1, at=utcnow().replace(microsecond=0), actor=actor,
                       acting_for=acting_for, action=action, object_type=object_type, object_id=str(object_id),
                       ip=(request.remote_addr or "") if has_request_context() else "", data=data or {},
                       prev_hash=tail.hash if tail else GENESIS)
    entry.hash = _digest(entry)
    db.session.add(entry)
    db.session.flush()
    return entry


def _acting_mandate() -> Any:
    if not has_request_context():
        return None
    actor = g.get("tb_actor")
    return getattr(actor, "mandate", None)


@dataclass
class Verdict:
    ok: bool
    checked: int
    first_broken: int | None = None
    reason: str = ""


def verify(batch: int = 1000) -> Verdict:
    """Walk the chain in order; the first entry that breaks it is named."""
    prev, expected_seq = GENESIS, 1
    while True:
        rows = db.session.scalars(select(AuditEntry).where(AuditEntry.seq >= expected_seq)
                                  .order_by(AuditEntry.seq).limit(batch)).all()
        if not rows:
            return Verdict(True, expected_seq - 1)
        for entry in rows:
            checked = expected_seq - 1
            if entry.seq != expected_seq:
                return Verdict(False, checked, expected_seq, "missing entry")
            if entry.prev_hash != prev:
                return Verdict(False, checked, entry.seq, "previous hash does not match")
            if _digest(entry) != entry.hash:
                return Verdict(False, checked, entry.seq, "content changed")
            prev, expected_seq = entry.hash, expected_seq + 1


def entry_at(seq: int) -> AuditEntry | None:
    return db.session.scalars(select(AuditEntry).where(AuditEntry.seq == seq)).first()


def intact(entry: AuditEntry) -> bool:
    """The entry's own hash still covers its content and the previous hash it names."""
    return _digest(entry) == entry.hash
