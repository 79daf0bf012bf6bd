"""Passkeys (指尖办) with py_webauthn 3.x, following duo-labs/webauthn.io:
the whole options object is stored server-side under a random handle, deleted before verifying
(single use) and valid for twice the ceremony timeout; the expected origin is checked against our
configured origins; sign counts must grow when an authenticator keeps one.
"""

from __future__ import annotations

import re
import secrets
from datetime import timedelta
from typing import Any

from flask import current_app, request
from flask_babel import gettext as _
from sqlalchemy import select
from webauthn import (
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import (
    base64url_to_bytes,
    bytes_to_base64url,
    options_to_json_dict,
    parse_authentication_options_json,
    parse_registration_options_json,
)
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    AuthenticatorTransport,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from tongban.core.crypto import token_hash
from tongban.core.db import utcnow
from tongban.core.errors import NotFound, Problem
from tongban.extensions import db
from tongban.identity.models import Account, Challenge, Passkey

TIMEOUT_MS = 120_000
MAX_PASSKEYS = 10
_LOCAL_ORIGIN = re.compile(r"^https?://localhost(:\d{1,5})?$")


def relying_party() -> tuple[str, list[str]]:
    """(RP ID, allowed origins). Production: from TONGBAN_PUBLIC_URL. Elsewhere: localhost, any port.

    WebAuthn needs a domain name: an IP address such as 127.0.0.1 cannot be an RP ID.
    """
    settings = current_app.config["TONGBAN"]
    public = settings.extra.get("public_url", "")
    if public:
        host = re.sub(r"^https?://", "", public).split("/")[0].split(":")[0]
        return host, [public.rstrip("/")]
    origin = request.headers.get("Origin", "")
    return "localhost", [origin] if _LOCAL_ORIGIN.match(origin) else ["http://localhost"]


def _bad(detail: str | None = None) -> Problem:
    return Problem(400, "passkey_failed", detail or _("The passkey could not be verified. Please try again."))


def _store(purpose: str, options_json: str, account: Account | None) -> str:
    handle = secrets.token_urlsafe(24)
    db.session.add(Challenge(id=token_hash(handle), purpose=purpose, account_id=account.id if account else None,
                             options=options_json, expires_at=utcnow() + timedelta(milliseconds=2 * TIMEOUT_MS)))
    db.session.flush()
    return handle


def _take(handle: str, purpose: str) -> Challenge:
    """Fetch and delete in one go: a challenge is used once, whatever the outcome."""
    row = db.session.get(Challenge, token_hash(handle or ""))
    if row is None or row.purpose != purpose:
        raise _bad(_("This sign-in attempt has expired or was already used. Please start again."))
    db.session.delete(row)
    db.session.commit()
    if row.expires_at <= utcnow():
        raise _bad(_("This sign-in attempt has expired or was already used. Please start again."))
    return row


def registration_options(account: Account) -> dict[str, Any]:
    if len(account.passkeys) >= MAX_PASSKEYS:
        raise Problem(409, "conflict", _("You already have %(n)s passkeys. Remove one first.", n=MAX_PASSKEYS))
    rp_id, _origins = relying_party()
    person = account.person
    options = generate_registration_options(
        rp_id=rp_id, rp_name="通办 Tongban", user_id=account.user_handle,
        user_name=f"tongban-{account.id}", user_display_name=person.name or _("Tongban user"),
        timeout=TIMEOUT_MS,
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.REQUIRED, user_verification=UserVerificationRequirement.REQUIRED),
        exclude_credentials=[PublicKeyCredentialDescriptor(id=base64url_to_bytes(p.credential_id),
                                                           transports=[AuthenticatorTransport(t) for t in p.transports
                                                                       if t in _TRANSPORTS])
                             for p in account.passkeys])
    handle = _store("register", options_to_json(options), account)
    return {"handle": handle, "publicKey": options_to_json_dict(options)}


_TRANSPORTS = {t.value for t in AuthenticatorTransport}


def register(account: Account, handle: str, credential: dict[str, Any], name: str) -> Passkey:
    from tongban import policy

    row = _take(handle, "register")
    if not policy.may(policy.current_actor(), "account.self", row.account_id):
        raise _bad()  # a ceremony another account started
    options = parse_registration_options_json(row.options)
    rp_id, origins = relying_party()
    try:
        verified = verify_registration_response(
            credential=credential, expected_challenge=options.challenge, expected_rp_id=rp_id,
            expected_origin=origins, require_user_verification=True)
    except WebAuthnException as exc:
        raise _bad() from exc
    cred_id = bytes_to_base64url(verified.credential_id)
    if db.session.scalars(select(Passkey).where(Passkey.credential_id == cred_id)).first():
        raise _bad(_("This passkey is already registered."))
    transports = [t for t in (credential.get("response", {}).get("transports") or []) if t in _TRANSPORTS]
    passkey = Passkey(account=account, credential_id=cred_id, public_key=verified.credential_public_key,
                      sign_count=verified.sign_count, transports=transports, aaguid=str(verified.aaguid),
                      device_type=verified.credential_device_type.value, backed_up=verified.credential_backed_up,
                      user_verified=verified.user_verified, name=(name or _("Passkey"))[:64])
    db.session.add(passkey)
    db.session.flush()
    return passkey


def authentication_options(*, staff: bool) -> dict[str, Any]:
    """Discoverable credentials: no allow list, so the browser offers the user's passkeys (conditional UI)."""
    rp_id, _origins = relying_party()
    options = generate_authentication_options(
        rp_id=rp_id, timeout=TIMEOUT_MS,
        user_verification=UserVerificationRequirement.REQUIRED if staff else UserVerificationRequirement.PREFERRED)
    handle = _store("authenticate", options_to_json(options), None)
    return {"handle": handle, "publicKey": options_to_json_dict(options)}


def authenticate(handle: str, credential: dict[str, Any]) -> tuple[Passkey, bool]:
    """Verify an assertion; return the passkey and whether the user was verified (PIN/biometric)."""
    row = _take(handle, "authenticate")
    options = parse_authentication_options_json(row.options)
    passkey = db.session.scalars(select(Passkey).where(Passkey.credential_id == str(credential.get("id", "")))).first()
    if passkey is None or passkey.account.disabled:
        raise _bad()
    rp_id, origins = relying_party()
    try:
        verified = verify_authentication_response(
            credential=credential, expected_challenge=options.challenge, expected_rp_id=rp_id,
            expected_origin=origins, credential_public_key=passkey.public_key,
            credential_current_sign_count=passkey.sign_count,
            require_user_verification=options.user_verification == UserVerificationRequirement.REQUIRED)
    except WebAuthnException as exc:
        raise _bad() from exc
    handle_bytes = credential.get("response", {}).get("userHandle")
    if handle_bytes and base64url_to_bytes(handle_bytes) != passkey.account.user_handle:
        raise _bad()
    passkey.sign_count = verified.new_sign_count
    passkey.last_used_at = utcnow()
    return passkey, verified.user_verified


def get(passkey_id: int) -> Passkey:
    passkey = db.session.get(Passkey, passkey_id)
    if passkey is None:
        raise NotFound(_("No such passkey."))
    return passkey


def signing_options(account: Account, challenge: bytes) -> dict[str, Any]:
    """An assertion request whose challenge is the caller's digest, so the assertion is a signature
    over it (WebAuthn §6.3.3: the authenticator signs authenticatorData ‖ SHA-256(clientDataJSON), and
    clientDataJSON carries the challenge). Only this account's passkeys; user verification required."""
    rp_id, _origins = relying_party()
    options = generate_authentication_options(
        rp_id=rp_id, challenge=challenge, timeout=TIMEOUT_MS,
        allow_credentials=[PublicKeyCredentialDescriptor(id=base64url_to_bytes(p.credential_id))
                           for p in account.passkeys],
        user_verification=UserVerificationRequirement.REQUIRED)
    handle = _store("sign", options_to_json(options), account)
    return {"handle": handle, "publicKey": options_to_json_dict(options)}


def verify_signing(account: Account, handle: str, credential: dict[str, Any]) -> tuple[Passkey, bytes]:
    """Verify a signing assertion by one of the account's passkeys; return the passkey and the challenge.

    Unlike sign-in, the ceremony row is deleted in the caller's transaction, not committed at once: a
    submission that fails rolls back whole. Retrying it can only sign the same challenge again."""
    row = db.session.get(Challenge, token_hash(handle or ""))
    if row is None or row.purpose != "sign" or row.account_id != account.id or row.expires_at <= utcnow():
        raise _bad(_("This signing request has expired or was already used. Please sign again."))
    db.session.delete(row)
    options = parse_authentication_options_json(row.options)
    passkey = next((p for p in account.passkeys if p.credential_id == str(credential.get("id", ""))), None)
    if passkey is None:
        raise _bad()
    rp_id, origins = relying_party()
    try:
        verified = verify_authentication_response(
            credential=credential, expected_challenge=options.challenge, expected_rp_id=rp_id,
            expected_origin=origins, credential_public_key=passkey.public_key,
            credential_current_sign_count=passkey.sign_count, require_user_verification=True)
    except WebAuthnException as exc:
        raise _bad() from exc
    passkey.sign_count = verified.new_sign_count
    passkey.last_used_at = utcnow()
    return passkey, options.challenge
