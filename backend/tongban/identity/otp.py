"""Phone one-time codes: 6 digits, 5 minutes, 5 attempts, single use, stored as keyed hashes.

Sending is limited per phone (1 a minute, 5 an hour) and per client address (20 an hour); checking
is limited per phone (10 an hour) so a code cannot be guessed across many fresh codes either.
"""

from __future__ import annotations

import hmac
import secrets
from datetime import timedelta

from flask import request
from flask_babel import gettext as _
from sqlalchemy import select

from tongban.core import ratelimit
from tongban.core.crypto import blind_index
from tongban.core.db import utcnow
from tongban.core.errors import Problem
from tongban.extensions import db
from tongban.identity.models import OneTimeCode
from tongban.notify import sms

TTL = timedelta(minutes=5)
MAX_ATTEMPTS = 5
PURPOSES = ("signup", "signin")
SEND_PER_PHONE_MINUTE = ratelimit.Limit("otp-phone-1m", 1, 60)
SEND_PER_PHONE_HOUR = ratelimit.Limit("otp-phone-1h", 5, 3600)
SEND_PER_ADDRESS = ratelimit.Limit("otp-ip-1h", 20, 3600)
CHECK_PER_PHONE = ratelimit.Limit("otp-check-1h", 10, 3600)


def _hash(phone_bidx: str, code: str) -> str:
    return blind_index(f"{phone_bidx}:{code}", "otp")


def send(phone: str, purpose: str) -> None:
    bidx = blind_index(phone, "phone")
    ratelimit.check(SEND_PER_ADDRESS, request.remote_addr or "-")
    ratelimit.check(SEND_PER_PHONE_MINUTE, bidx)
    ratelimit.check(SEND_PER_PHONE_HOUR, bidx)
    code = f"{secrets.randbelow(1_000_000):06d}"
    # A new code replaces earlier unused ones for the same purpose.
    for old in db.session.scalars(select(OneTimeCode).where(OneTimeCode.phone_bidx == bidx,
                                                            OneTimeCode.purpose == purpose,
                                                            OneTimeCode.used_at.is_(None))):
        old.used_at = utcnow()
    db.session.add(OneTimeCode(phone_bidx=bidx, purpose=purpose, code_hash=_hash(bidx, code),
                               expires_at=utcnow() + TTL))
    body = _("Your Tongban code is %(code)s. It is valid for 5 minutes. Never tell anyone this code.", code=code)
    sms.provider().send(phone, body, purpose)


def invalid() -> Problem:
    """The one answer for every failed code, so it never tells whether the phone has an account."""
    return Problem(400, "code_invalid", _("The code is wrong or no longer valid. Ask for a new code."),
                   errors={"code": [_("The code is wrong or no longer valid.")]})


def check(phone: str, purpose: str, code: str) -> None:
    """Consume a valid code, or raise a 400 that says what is wrong (nothing else changes)."""
    bidx = blind_index(phone, "phone")
    ratelimit.check(CHECK_PER_PHONE, bidx)
    row = db.session.scalars(select(OneTimeCode).where(OneTimeCode.phone_bidx == bidx,
                                                       OneTimeCode.purpose == purpose)
                             .order_by(OneTimeCode.id.desc()).limit(1)).first()
    bad = invalid()
    if row is None or row.used_at is not None or row.expires_at <= utcnow() or row.attempts >= MAX_ATTEMPTS:
        raise bad
    if not hmac.compare_digest(row.code_hash, _hash(bidx, code.strip())):
        row.attempts += 1
        db.session.commit()  # the failed attempt counts even though the request fails
        raise bad
    row.used_at = utcnow()
