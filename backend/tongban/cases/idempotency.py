"""The Idempotency-Key header (draft-ietf-httpapi-idempotency-key-header): a retried request gets the
first answer again instead of acting twice; the same key with another request is refused (422).

Keys are per account and kept 24 hours. The stored answer is encrypted: a receipt holds the query
code, which a retry must be able to show again (the first answer may never have arrived).
Failed requests are not stored: their transaction is rolled back with everything else.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from tongban import policy
from tongban.cases.models import IdempotencyKey
from tongban.core.db import utcnow
from tongban.core.errors import Problem
from tongban.extensions import db

TTL = timedelta(hours=24)
HEADER = "Idempotency-Key"


def _fingerprint(scope: str, payload: dict[str, Any]) -> str:
    canonical = json.dumps([scope, payload], sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def run(scope: str, key: str | None, payload: dict[str, Any],
        produce: Callable[[], tuple[int, dict[str, Any]]]) -> tuple[int, dict[str, Any]]:
    """Answer `produce()` once per key; the same key and request again → the same (status, body)."""
    if not key:
        return produce()
    actor = policy.current_actor()
    if actor.account is None:
        raise Problem(401, "unauthenticated", _("Please sign in first."))
    fingerprint = _fingerprint(scope, payload)
    found = db.session.scalars(select(IdempotencyKey).where(IdempotencyKey.account_id == actor.account.id,
                                                            IdempotencyKey.key == key)).first()
    if found is not None and found.created_at < utcnow() - TTL:
        db.session.delete(found)
        db.session.flush()
        found = None
    if found is not None:
        if found.request_hash != fingerprint:
            message = _("This Idempotency-Key was used for a different request. Use a new key for a new request.")
            raise Problem(422, "validation_error", message, errors={HEADER: [message]})
        if found.status == 0:
            raise Problem(409, "conflict", _("The same request is still being processed. Try again in a moment."))
        return found.status, json.loads(found.body)
    record = IdempotencyKey(account_id=actor.account.id, key=key, scope=scope, request_hash=fingerprint, status=0)
    db.session.add(record)
    try:
        db.session.flush()  # a concurrent request with this key waits here, then fails the unique index
    except IntegrityError:
        db.session.rollback()
        raise Problem(409, "conflict", _("The same request is still being processed. Try again in a moment.")) from None
    status, body = produce()
    record.status, record.body = status, json.dumps(body, ensure_ascii=False)
    return status, body
