"""Identity operations: sign-up, sign-in, real-name checks, profile (staff posts: posts.py). Every change is audited."""

from __future__ import annotations

import secrets
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from tongban import policy
from tongban.audit import service as audit
from tongban.core import ids, ratelimit
from tongban.core.crypto import blind_index, mask_id_number, mask_name, mask_phone
from tongban.core.db import utcnow
from tongban.core.errors import NotFound, Problem
from tongban.directory.models import Window
from tongban.extensions import db
from tongban.identity import otp, passkeys, sessions, verifier
from tongban.identity.models import Account, Organisation, Person, Session, StaffPost

# Sign-in attempts per address: 60 at once, refilled at 6 a minute (a service hall signs in hundreds
# of people an hour; see docs/design.md, "Rate limits").
SIGNIN_PER_ADDRESS = ratelimit.Limit("signin-ip", 60, 600)


def _id_problem(reason: str) -> Problem:
    messages = {
        "format": _("An ID number has 17 digits and a final digit or X."),
        "birth_date": _("The birth date in the ID number is not a real date."),
        "check_digit": _("The last character does not match the ID number (GB 11643 check digit)."),
        "not_found": _("The real-name registry (sandbox) has no person with this ID number."),
        "name_mismatch": _("The name does not match the ID number in the real-name registry (sandbox)."),
    }
    return Problem(400, "validation_error", messages[reason], errors={"id_number": [messages[reason]]})


def person_by_phone(phone: str) -> Person | None:
    return db.session.scalars(select(Person).where(Person.phone_bidx == blind_index(phone, "phone"))).first()


def _new_account(person: Person) -> Account:
    account = Account(person=person, user_handle=secrets.token_bytes(32))
    db.session.add(account)
    db.session.flush()
    return account


def signup(phone: str, code: str, name: str | None, id_number: str | None, *, kiosk: bool) -> Session:
    if name or id_number:  # check the ID before consuming the code, so a typo costs no new SMS
        problem = ids.id_number_problem(id_number or "")
        if problem:
            raise _id_problem(problem)
    otp.check(phone, "signup", code)
    if person_by_phone(phone):
        raise Problem(409, "conflict", _("This phone number already has an account. Please sign in."))
    person = Person(phone=phone, phone_bidx=blind_index(phone, "phone"), assurance="L1")
    db.session.add(person)
    account = _new_account(person)
    audit.record("account.signup", actor=f"account:{account.id}", object_type="account", object_id=account.id)
    if name and id_number:
        verify_real_name(account, name, id_number)
    sess, _raw = sessions.create(account, ["otp", "sms"], kiosk=kiosk)
    audit.record("signin.otp", actor=f"account:{account.id}", object_type="session", object_id=sess.public_id)
    return sess


def verify_real_name(account: Account, name: str, id_number: str) -> Person:
    verdict = verifier.verifier().verify(name, id_number)
    if not verdict.ok:
        raise _id_problem(verdict.reason)
    person = account.person
    bidx = blind_index(id_number, "id")
    other = db.session.scalars(select(Person).where(Person.id_number_bidx == bidx, Person.id != person.id)).first()
    if other is not None:
        raise Problem(409, "conflict", _("This ID number belongs to another account. Please contact a service window."))
    person.name, person.id_number, person.id_number_bidx = name.strip(), id_number.upper(), bidx
    if person.assurance == "L1":
        person.assurance = "L2"
    person.verified_at, person.verified_by = utcnow(), "sandbox-registry"
    audit.record("person.real_name", actor=f"account:{account.id}", object_type="person", object_id=person.id,
                 data={"assurance": person.assurance, "provider": verifier.verifier().name})
    return person


def signin_otp(phone: str, code: str, *, kiosk: bool) -> Session:
    from flask import request

    ratelimit.check(SIGNIN_PER_ADDRESS, request.remote_addr or "-")
    otp.check(phone, "signin", code)
    person = person_by_phone(phone)
    if person is None or person.account is None or person.account.disabled:
        raise otp.invalid()
    sess, _raw = sessions.create(person.account, ["otp", "sms"], kiosk=kiosk)
    audit.record("signin.otp", actor=f"account:{person.account.id}", object_type="session",
                 object_id=sess.public_id)
    return sess


def signin_passkey(handle: str, credential: dict[str, Any], *, staff: bool, kiosk: bool) -> Session:
    from flask import request

    ratelimit.check(SIGNIN_PER_ADDRESS, request.remote_addr or "-")
    passkey, user_verified = passkeys.authenticate(handle, credential)
    account = passkey.account
    if staff and not policy.holds_staff_post(account):
        raise Problem(403, "forbidden", _("This passkey does not belong to a staff member."))
    if staff and not user_verified:
        raise Problem(400, "passkey_failed", _("Staff must confirm with a PIN, fingerprint or face."))
    amr = ["hwk", "user"] if user_verified else ["hwk"]
    sess, _raw = sessions.create(account, amr, kiosk=kiosk)
    audit.record("signin.passkey", actor=f"account:{account.id}", object_type="session", object_id=sess.public_id,
                 data={"passkey": passkey.id, "user_verified": user_verified})
    return sess


def profile(account: Account, sess: Session) -> dict[str, Any]:
    """What a person sees of themselves: numbers masked (the full value only on a window clerk's screen)."""
    p = account.person
    actor = policy.current_actor()
    return {"account_id": account.id, "name": p.name, "name_masked": mask_name(p.name) if p.name else "",
            "phone_masked": mask_phone(p.phone),
            "id_number_masked": mask_id_number(p.id_number) if p.id_number else None,
            "assurance": p.assurance, "verified_at": p.verified_at, "address": p.address,
            "staff": [{"role": s.role, "unit_type": s.unit_type, "unit_code": s.unit_code,
                       "jurisdiction": s.jurisdiction, "active": bool(actor.posts)} for s in account.posts if s.active],
            "session": {"id": sess.public_id, "kiosk": sess.kiosk, "amr": sess.amr, "expires_at": sess.expires_at},
            "passkey_count": len(account.passkeys)}


def verify_in_person(window_code: str, phone: str, name: str, id_number: str) -> Person:
    """A clerk at a window checks the person's ID card face to face: L3."""
    window = db.session.scalars(select(Window).where(Window.code == window_code)).first()
    if window is None:
        raise NotFound(_("No such window."))
    actor = policy.require("person.verify", region=window.centre.region_code, hide=True)
    person = person_by_phone(phone)
    if person is None or person.account is None:
        raise NotFound(_("No account has this phone number."))
    verify_real_name(person.account, name, id_number)
    person.assurance, person.verified_by = "L3", actor.label
    audit.record("person.verify_in_person", actor=actor.label, object_type="person", object_id=person.id,
                 data={"window": window.code, "region": window.centre.region_code})
    return person


def upsert_demo_person(data: dict[str, Any]) -> Account:
    """Demo accounts (development only): verified people, with a staff post where given. Idempotent."""
    person = person_by_phone(data["phone"])
    if person is None:
        person = Person(phone=data["phone"], phone_bidx=blind_index(data["phone"], "phone"), demo=True)
        db.session.add(person)
        db.session.flush()
    person.name, person.id_number = data["name"], data["id_number"]
    person.id_number_bidx = blind_index(data["id_number"], "id")
    person.assurance, person.verified_by, person.demo = "L2", "demo", True
    person.verified_at = person.verified_at or utcnow()
    account = person.account or _new_account(person)
    post = data.get("post")
    if post and not any(p.role == post["role"] and p.unit_code == post["unit_code"] for p in account.posts):
        db.session.add(StaffPost(account=account, **post))
    db.session.flush()
    return account


def upsert_organisation(name: str, uscc: str, legal_rep: Person | None, *, demo: bool) -> Organisation:
    problem = ids.uscc_problem(uscc)
    if problem:
        raise Problem(400, "validation_error", errors={"uscc": [_("The credit code does not pass the GB 32100 "
                                                                  "check.")]})
    org = db.session.scalars(select(Organisation).where(Organisation.uscc == uscc)).first() or Organisation(uscc=uscc)
    org.name, org.legal_rep, org.demo = name, legal_rep, demo
    db.session.add(org)
    db.session.flush()
    return org


def register_organisation(account: Account, name: str, uscc: str) -> Organisation:
    """A person registers an enterprise they legally represent (checked against the registry, sandbox)."""
    policy.require("organisation.register", detail=_("Complete the real-name check (level L2) first."))
    person = account.person
    assert person.id_number is not None  # the policy requires a verified real name
    verdict = verifier.enterprise_registry().verify(uscc, name, person.id_number)
    if not verdict.ok:
        messages = {
            "uscc_format": _("A credit code has 18 characters: digits and capital letters except I, O, S, V, Z."),
            "uscc_check_digit": _("The last character does not match the credit code (GB 32100 check)."),
            "uscc_not_found": _("The enterprise registry (sandbox) has no enterprise with this credit code."),
            "uscc_name_mismatch": _("The name does not match the credit code in the enterprise registry (sandbox)."),
            "not_legal_rep": _("The registry (sandbox) names another person as this enterprise's legal "
                               "representative."),
        }
        field = "name" if verdict.reason == "uscc_name_mismatch" else "uscc"
        status = 403 if verdict.reason == "not_legal_rep" else 400
        raise Problem(status, "validation_error" if status == 400 else "forbidden", messages[verdict.reason],
                      errors={field: [messages[verdict.reason]]})
    existing = db.session.scalars(select(Organisation).where(Organisation.uscc == uscc.upper())).first()
    if existing is not None and existing.legal_rep_id not in (None, person.id):
        raise Problem(409, "conflict", _("This enterprise is already registered by another person."))
    org = existing or Organisation(uscc=uscc.upper())
    org.name, org.legal_rep = name.strip(), person
    db.session.add(org)
    db.session.flush()
    audit.record("organisation.register", actor=f"account:{account.id}", object_type="organisation",
                 object_id=org.uscc)
    return org


def my_organisations(account: Account) -> list[Organisation]:
    return list(db.session.scalars(select(Organisation).where(Organisation.legal_rep_id == account.person_id)))


def signout(sess: Session | None) -> None:
    if sess is not None:
        sessions.end(sess)
        audit.record("signout", actor=f"account:{sess.account_id}", object_type="session", object_id=sess.public_id)


def add_passkey(account: Account, handle: str, credential: dict[str, Any], name: str) -> Any:
    passkey = passkeys.register(account, handle, credential, name)
    audit.record("passkey.add", actor=f"account:{account.id}", object_type="passkey", object_id=passkey.id)
    return passkey


def remove_passkey(account: Account, passkey_id: int) -> None:
    passkey = passkeys.get(passkey_id)
    policy.require("account.self", passkey.account_id, hide=True)  # another person's passkey: 404
    db.session.delete(passkey)
    audit.record("passkey.remove", actor=f"account:{account.id}", object_type="passkey", object_id=passkey_id)


def revoke_session(sess: Session, public_id: str) -> None:
    target = sessions.find(public_id)
    policy.require("account.self", target.account_id, hide=True)  # another person's session: 404
    target.revoked_at = utcnow()
    audit.record("session.revoke", actor=f"account:{sess.account_id}", object_type="session", object_id=public_id)
    if public_id == sess.public_id:
        sessions.end(sess)


def revoke_all_sessions(sess: Session) -> None:
    sessions.revoke_all(sess.account)
    sessions.end(sess)
    audit.record("session.revoke_all", actor=f"account:{sess.account_id}", object_type="account",
                 object_id=sess.account_id)
