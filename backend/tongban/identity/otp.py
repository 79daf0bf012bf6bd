"""Phone one-time codes: 6 digits, 5 minutes, 5 attempts, single use, stored as keyed hashes.

Limits (token buckets shared by every process; the reasons are in docs/design.md, "Rate limits"):
- sending, per phone: 1 a minute and 5 an hour (no SMS bombing of one number);
- sending, per address: 60 at once, refilled at 6 a minute (a service hall or a carrier's shared
  address serves hundreds of people an hour; one machine cannot pump thousands of texts);
- wrong codes, per phone: 10 an hour, across fresh codes too (a code cannot be guessed);
- wrong codes, per address: 60 at once, refilled at 6 a minute. Only failures count, so people who
  type their code right never use up a hall's allowance.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Callable
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
SEND_PER_ADDRESS = ratelimit.Limit("otp-send-ip", 60, 600)
FAIL_PER_PHONE = ratelimit.Limit("otp-fail-phone", 10, 3600)
FAIL_PER_ADDRESS = ratelimit.Limit("otp-fail-ip", 60, 600)


def _hash(phone_bidx: str, code: str) -> str:
    return blind_index(f"{phone_bidx}:{code}", "otp")


def send(phone: str, purpose: str, *, limits: tuple[ratelimit.Limit, ...] | None = None,
         message: Callable[[str], str] | None = None) -> OneTimeCode:
    """Text a new code. `limits` replace the per-phone buckets (signing codes go only to the signed-in
    person's own phone, so they have buckets of their own); `message` words the text around the code."""
    bidx = blind_index(phone, "phone")
    # The most specific bucket first: a refused send takes nothing from the buckets after it.
    for limit in limits or (SEND_PER_PHONE_MINUTE, SEND_PER_PHONE_HOUR):
        ratelimit.check(limit, bidx)
    ratelimit.check(SEND_PER_ADDRESS, request.remote_addr or "-")
    code = f"{secrets.randbelow(1_000_000):06d}"
    # A new code replaces earlier unused ones for the same purpose.
    for old in db.session.scalars(select(OneTimeCode).where(OneTimeCode.phone_bidx == bidx,
                                                            OneTimeCode.purpose == purpose,
                                                            OneTimeCode.used_at.is_(None))):
        old.used_at = utcnow()
    row = OneTimeCode(phone_bidx=bidx, purpose=purpose, code_hash=_hash(bidx, code), expires_at=utcnow() + TTL)
    db.session.add(row)
    db.session.flush()
    body = message(code) if message else _(
        "Your Tongban code is %(code)s. It is valid for 5 minutes. Never tell anyone this code.", code=code)
    sms.provider().send(phone, body, purpose)
    return row


def invalid() -> Problem:
    """The one answer for every failed code, so it never tells whether the phone has an account."""
    return Problem(400, "code_invalid", _("The code is wrong or no longer valid. Ask for a new code."),
                   errors={"code": [_("The code is wrong or no longer valid.")]})


def _failed(bidx: str, address: str) -> None:
    ratelimit.charge(FAIL_PER_PHONE, bidx)
    ratelimit.charge(FAIL_PER_ADDRESS, address)


def check(phone: str, purpose: str, code: str, *, commit_failure: bool = True) -> OneTimeCode:
    """Consume a valid code and return it, or raise a 400 that says what is wrong (nothing else changes).

    A wrong code counts against the code at once (a commit) unless `commit_failure` is false: a caller
    whose own transaction must roll back whole (a submission under an Idempotency-Key) relies on the
    failure buckets alone, which are kept on their own connection."""
    bidx = blind_index(phone, "phone")
    address = request.remote_addr or "-"
    ratelimit.ensure(FAIL_PER_PHONE, bidx)
    ratelimit.ensure(FAIL_PER_ADDRESS, address)
    row = db.session.scalars(select(OneTimeCode).where(OneTimeCode.phone_bidx == bidx,
                                                       OneTimeCode.purpose == purpose)
                             .order_by(OneTimeCode.id.desc()).limit(1)).first()
    bad = invalid()
    if row is None or row.used_at is not None or row.expires_at <= utcnow() or row.attempts >= MAX_ATTEMPTS:
        _failed(bidx, address)
        raise bad
    if not hmac.compare_digest(row.code_hash, _hash(bidx, code.strip())):
        row.attempts += 1
        if commit_failure:
            db.session.commit()  # the failed attempt counts even though the request fails
        _failed(bidx, address)
        raise bad
    row.used_at = utcnow()
    return row
