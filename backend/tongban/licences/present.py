"""亮证: the holder (or an agent whose mandate allows it) asks for a presentation token; the phone
shows it as a QR and asks for a new one before it runs out. The token is 16 random bytes in Base32
(`TBP1:` + 26 characters, all in the QR alphanumeric set: version 2–3 at level Q), single use, valid
60 seconds; only its hash is stored.
"""

from __future__ import annotations

import base64
import secrets
from datetime import timedelta
from typing import Any, cast

from flask_babel import gettext as _
from sqlalchemy import CursorResult, update

from tongban.core import ratelimit
from tongban.core.crypto import token_hash
from tongban.core.db import utcnow
from tongban.core.errors import Problem
from tongban.extensions import db
from tongban.licences import wallet
from tongban.licences.models import Presentation

PREFIX = "TBP1:"
TTL = timedelta(seconds=60)
PER_ACCOUNT = ratelimit.Limit("presentations", 120, 3600)  # one a minute for two hours, and bursts


def new_token() -> str:
    return base64.b32encode(secrets.token_bytes(16)).decode().rstrip("=")


def create(licence_id: int) -> tuple[Presentation, str]:
    licence, actor = wallet.get(licence_id, "licence.present")
    if wallet.status_of(licence) != "valid":
        raise Problem(409, "conflict", _("This licence is not valid now, so it cannot be shown."))
    from tongban.licences import verify  # verify reads presentations: imported here, not at the top

    if not verify.seal_ok(licence):
        raise Problem(409, "conflict", _("The seal of this licence is no longer on the trust list, so it cannot be "
                                         "shown. Ask the department that issued it."))
    assert actor.account is not None
    ratelimit.check(PER_ACCOUNT, str(actor.account.id))
    token = new_token()
    row = Presentation(token_hash=token_hash(token), licence_id=licence.id, created_by=actor.label,
                       acting_for=actor.acting_for, expires_at=utcnow() + TTL)
    db.session.add(row)
    db.session.flush()
    return row, PREFIX + token


def spend(row: Presentation) -> bool:
    """Mark the token used unless another scan has: one conditional UPDATE, so of two scans at once only the
    first spends it (the second waits for its row or write lock, then finds it spent and changes nothing)."""
    spent = db.session.execute(update(Presentation).where(Presentation.id == row.id, Presentation.used_at.is_(None))
                               .values(used_at=utcnow()).execution_options(synchronize_session=False))
    return cast(CursorResult[Any], spent).rowcount == 1


def find(token: str) -> Presentation | None:
    from sqlalchemy import select

    return db.session.scalars(select(Presentation).where(Presentation.token_hash == token_hash(token))).first()

