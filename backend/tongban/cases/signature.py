"""The applicant's electronic signature (电子签名) on an application, made at submission.

What is signed is the application's digest: SHA-256 over its canonical JSON (keys sorted, no spaces,
UTF-8, as `audit` hashes its entries) of

    {"v": 1, "case": number, "matter": code, "form": {...}, "delivery": ..., "delivery_address": ...,
     "materials": [{"material": name, "sha256": digest of the stored file}, ...sorted]}

The applicant asks to sign (`POST /cases/{number}/signature/options`) once the application is
complete, and signs

- with a passkey when they have one: a WebAuthn assertion whose challenge *is* the digest, so the
  assertion (kept as evidence) is a signature over the application that anyone with the passkey's
  public key can check again; user verification (PIN, fingerprint, face) is required;
- otherwise with a code texted to their own phone (sandbox SMS here), the text naming the case and
  the digest's first characters.

The submission carries the signature; it is accepted only if the application still has the digest
that was asked for (a change after asking means signing again). Signed: method, credential id or
code id, digest and time, shown on the case and written to the audit log with the submission.
"""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import delete, select

from tongban.cases import access, drafts, lifecycle, materials
from tongban.cases.models import Case, form_of
from tongban.cases.records import CaseSignature
from tongban.core import ratelimit
from tongban.core.crypto import mask_phone, token_hash
from tongban.core.db import utcnow
from tongban.core.errors import Problem
from tongban.extensions import db
from tongban.identity import otp, passkeys
from tongban.identity.models import Account

METHODS = ("passkey", "sms_code")
TTL = timedelta(minutes=5)  # as long as a texted code lives; a passkey ceremony lives 4 minutes
PURPOSE = "case-sign"
# Codes to sign go only to the signed-in applicant's own phone: they cannot bomb anyone else, so they
# have buckets of their own instead of sharing the sign-in codes' 1 a minute.
SEND_PER_PHONE_MINUTE = ratelimit.Limit("sign-phone-1m", 1, 60)
SEND_PER_PHONE_HOUR = ratelimit.Limit("sign-phone-1h", 10, 3600)


def canonical(case: Case) -> bytes:
    files = sorted(({"material": f.material, "sha256": f.sha256} for f in materials.active(case)),
                   key=lambda m: (m["material"], m["sha256"]))
    body = {"v": 1, "case": case.number, "matter": case.matter.code, "form": form_of(case),
            "delivery": case.delivery, "delivery_address": case.delivery_address, "materials": files}
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def digest(case: Case) -> str:
    return hashlib.sha256(canonical(case)).hexdigest()


def _invalid(message: str) -> Problem:
    return Problem(400, "validation_error", _("Check the fields named in errors."), errors={"signature": [message]})


def options(number: str, method: str | None) -> dict[str, Any]:
    """Ask to sign a complete draft: WebAuthn options for a passkey, or a code texted to the applicant."""
    from tongban.cases import submit

    case, actor = access.get(number, "case.own", lock=True)
    lifecycle.check(case, "submit", actor)
    drafts.require_level(case.matter)
    errors = submit.full_errors(case)
    if errors:
        raise Problem(400, "validation_error", _("Complete the application before signing it."), errors=errors)
    account = actor.account
    assert account is not None
    method = method or ("passkey" if account.passkeys else "sms_code")
    if method == "passkey" and not account.passkeys:
        raise Problem(409, "conflict", _("You have no passkey yet. Sign with a code sent to your phone instead."))
    value = digest(case)
    db.session.execute(delete(CaseSignature).where(CaseSignature.case_id == case.id,
                                                   CaseSignature.signed_at.is_(None)))
    pending = CaseSignature(case_id=case.id, method=method, digest=value, expires_at=utcnow() + TTL, evidence="")
    answer: dict[str, Any] = {"method": method, "digest": value, "expires_at": pending.expires_at,
                              "handle": None, "publicKey": None, "phone_masked": None}
    if method == "passkey":
        ceremony = passkeys.signing_options(account, bytes.fromhex(value))
        pending.challenge_id = token_hash(ceremony["handle"])
        answer.update(ceremony)
    else:
        phone = account.person.phone
        code = otp.send(phone, PURPOSE, limits=(SEND_PER_PHONE_MINUTE, SEND_PER_PHONE_HOUR),
                        message=lambda c: _(
                            "You are signing application %(number)s (%(matter)s, digest %(digest)s). Your code is "
                            "%(code)s, valid for 5 minutes. Entering it signs the application; never tell anyone "
                            "this code.", number=case.number, matter=case.matter.name, digest=value[:8], code=c))
        pending.code_id = code.id
        answer["phone_masked"] = mask_phone(phone)
    db.session.add(pending)
    db.session.flush()
    return answer


def sign(case: Case, account: Account, given: dict[str, Any] | None) -> CaseSignature:
    """Check the submission's signature against the pending request and the application as it is now."""
    if not given:
        raise _invalid(_("Sign the application before submitting it."))
    pending = db.session.scalars(select(CaseSignature).where(
        CaseSignature.case_id == case.id, CaseSignature.signed_at.is_(None), CaseSignature.method == given["method"])
        .order_by(CaseSignature.id.desc()).limit(1)).first()
    if pending is None or pending.expires_at <= utcnow():
        raise _invalid(_("Signing has expired or was not started. Ask to sign again."))
    if pending.digest != digest(case):
        raise _invalid(_("The application changed after you asked to sign it. Sign it again."))
    if given["method"] == "passkey":
        handle, credential = given.get("handle") or "", given.get("credential") or {}
        if token_hash(handle) != pending.challenge_id:
            raise _invalid(_("Signing has expired or was not started. Ask to sign again."))
        passkey, challenge = passkeys.verify_signing(account, handle, credential)
        if challenge != bytes.fromhex(pending.digest):
            raise _invalid(_("The signature does not match the application. Sign it again."))
        pending.credential_id = passkey.credential_id
        pending.evidence = json.dumps(credential, sort_keys=True, separators=(",", ":"))
    else:
        try:
            code = otp.check(account.person.phone, PURPOSE, given.get("code") or "", commit_failure=False)
            if code.id != pending.code_id:
                raise otp.invalid()
        except Problem as exc:
            if exc.status != 400:
                raise  # 429: too many wrong codes
            raise Problem(400, exc.code, exc.detail, errors={"signature.code": [_(
                "The code is wrong or no longer valid.")]}) from None
    pending.signed_at = utcnow()
    return pending


def of(case: Case) -> CaseSignature | None:
    return db.session.scalars(select(CaseSignature).where(CaseSignature.case_id == case.id,
                                                          CaseSignature.signed_at.is_not(None))
                              .order_by(CaseSignature.id.desc()).limit(1)).first()


def view(row: CaseSignature | None) -> dict[str, Any] | None:
    if row is None:
        return None
    return {"method": row.method, "credential_id": row.credential_id, "code_id": row.code_id, "digest": row.digest,
            "signed_at": row.signed_at}


def audit_data(row: CaseSignature) -> dict[str, Any]:
    return {"signature": {"method": row.method, "digest": row.digest, "credential_id": row.credential_id,
                          "code_id": row.code_id}}
