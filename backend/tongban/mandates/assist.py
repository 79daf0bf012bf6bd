"""帮办: a resident asks for help, a helper drafts, the resident confirms.

The resident taps "ask someone to help" and shows a 6-digit code and its QR (valid 10 minutes). A
clerk or a relative, signed in, joins with the code: they get a short mandate of kind "assisted" (view
and apply, only for what they draft in this session, for an hour) and draft the application acting
for the resident. Nothing is submitted until the resident confirms: on their own phone, signing it
with their passkey or a code, or, at the window, in person with the clerk recording it. Confirming,
cancelling or the time running out ends the session and its mandate: the helper keeps no access.

Joining with a wrong code counts against the helper's account (10 an hour) and, more loosely, the
address (a service hall shares one), so a code cannot be guessed in ten minutes.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from flask import request
from flask_babel import gettext as _
from sqlalchemy import select

from tongban import policy
from tongban.audit import service as audit
from tongban.cases import lifecycle, receipt, receipt_pdf
from tongban.cases import submit as submission
from tongban.cases.models import Case
from tongban.core import ratelimit
from tongban.core.crypto import blind_index, mask_name
from tongban.core.db import utcnow
from tongban.core.errors import NotFound, Problem
from tongban.extensions import db
from tongban.mandates import service
from tongban.mandates.models import AssistSession, Mandate

CODE_TTL = timedelta(minutes=10)
HELP_TTL = timedelta(minutes=60)
JOIN_FAIL_PER_ACCOUNT = ratelimit.Limit("assist-fail-account", 10, 3600)
JOIN_FAIL_PER_ADDRESS = ratelimit.Limit("assist-fail-ip", 60, 600)
START_PER_ACCOUNT = ratelimit.Limit("assist-start", 10, 3600)
QR_PREFIX = "TBA1:"  # the QR carries the code, nothing personal


def _hash(code: str) -> str:
    return blind_index(code, "assist-code")


def qr_svg(code: str) -> str:
    return receipt.matrix_svg(receipt_pdf.qr_matrix(QR_PREFIX + code))


def start() -> tuple[AssistSession, str]:
    actor = service.signed_in()
    assert actor.account is not None
    ratelimit.check(START_PER_ACCOUNT, str(actor.account.id))
    now = utcnow()
    for old in db.session.scalars(select(AssistSession).where(
            AssistSession.resident_account_id == actor.account.id, AssistSession.status.in_(("open", "joined")))):
        _end(old, "cancelled")  # one session at a time
    for _attempt in range(20):
        code = f"{secrets.randbelow(1_000_000):06d}"
        clash = db.session.scalars(select(AssistSession.id).where(
            AssistSession.code_hash == _hash(code), AssistSession.status.in_(("open", "joined")),
            AssistSession.expires_at > now)).first()
        if clash is None:
            break
    else:
        raise Problem(503, "service_unavailable", _("Please try again in a moment."))
    row = AssistSession(code_hash=_hash(code), resident_account_id=actor.account.id, status="open",
                        expires_at=now + CODE_TTL, created_at=now)
    db.session.add(row)
    db.session.flush()
    audit.record("assist.start", actor=actor.label, object_type="assist_session", object_id=row.id)
    return row, code


def _find(code: str) -> AssistSession | None:
    if not (len(code) == 6 and code.isdigit()):
        return None
    return db.session.scalars(select(AssistSession).where(
        AssistSession.code_hash == _hash(code), AssistSession.expires_at > utcnow())
        .order_by(AssistSession.id.desc()).limit(1)).first()


def _mine(code: str) -> tuple[AssistSession, policy.Actor, str]:
    """The session for its resident or its helper (404 for anyone else)."""
    actor = service.signed_in()
    assert actor.account is not None
    row = _find(code)
    if row is None or actor.account.id not in {row.resident_account_id, row.helper_account_id}:
        raise NotFound(_("No help session has this code, or it has ended."))
    return row, actor, "resident" if actor.account.id == row.resident_account_id else "helper"


def view(code: str) -> AssistSession:
    return _mine(code)[0]


def join(code: str) -> AssistSession:
    actor = service.signed_in()
    assert actor.account is not None
    address = request.remote_addr or "-"
    ratelimit.ensure(JOIN_FAIL_PER_ACCOUNT, str(actor.account.id))
    ratelimit.ensure(JOIN_FAIL_PER_ADDRESS, address)
    row = _find(code)
    if row is None or row.status != "open" or row.resident_account_id == actor.account.id:
        ratelimit.charge(JOIN_FAIL_PER_ACCOUNT, str(actor.account.id))
        ratelimit.charge(JOIN_FAIL_PER_ADDRESS, address)
        raise NotFound(_("No help session has this code, or it has ended. Ask the resident for a new code."))
    now = utcnow()
    resident = row.resident.person
    clerk = next((p for p in actor.posts if p.role == "clerk"), None)  # a clerk's post counts in a staff session only
    mandate = Mandate(public_id=service.new_public_id(), principal_person_id=resident.id,
                      principal_account_id=row.resident_account_id, agent_person_id=actor.account.person_id,
                      kind="assisted", scope="all", scope_items=[], permissions=["view", "apply"], valid_from=now,
                      valid_until=now + HELP_TTL, status="active", consent="assist", requested_by=actor.label,
                      activated_at=now)
    db.session.add(mandate)
    db.session.flush()
    row.helper_account_id, row.mandate_id, row.status = actor.account.id, mandate.id, "joined"
    row.helper_kind = "clerk" if clerk else "relative"
    row.helper_place = clerk.unit_code if clerk else None
    row.expires_at = mandate.valid_until
    service.event(mandate, "assist_joined", actor.label)
    audit.record("assist.join", actor=actor.label, object_type="assist_session", object_id=row.id,
                 data={"mandate": mandate.public_id, "helper_kind": row.helper_kind})
    return row


def drafted(row: AssistSession) -> Case | None:
    if row.mandate_id is None:
        return None
    return db.session.scalars(select(Case).where(Case.mandate_id == row.mandate_id)
                              .order_by(Case.id.desc()).limit(1)).first()


def confirm(code: str, data: dict[str, Any]) -> tuple[AssistSession, dict[str, Any]]:
    """The resident signs and submits what was drafted; or the clerk records the resident's confirmation
    in person. Either way the session ends."""
    row, actor, role = _mine(code)
    if row.status != "joined":
        raise Problem(409, "conflict", _("Nothing has been drafted in this session yet."))
    case = drafted(row)
    if case is None or case.status != "draft":
        raise Problem(409, "conflict", _("Nothing has been drafted in this session yet."))
    if role == "resident":
        answer = submission.submit(case.number, data)
        row.confirmed_via = (data.get("signature") or {}).get("method")
    else:
        answer = _in_person(row, case, actor, data)
        row.confirmed_via = "in_person"
    if row.status != "confirmed":  # submitting the resident's draft already ended it (submitted below)
        _end(row, "confirmed")
    row.case_number = case.number
    return row, answer


def _in_person(row: AssistSession, case: Case, actor: policy.Actor, data: dict[str, Any]) -> dict[str, Any]:
    """At the window the clerk who helped records that the resident, present with their ID card,
    confirmed the application (the ID number typed from the card must be the resident's)."""
    from tongban.cases import reception

    if not (data.get("in_person") and policy.may(actor, "assist.witness", row)):
        raise Problem(403, "assist_confirm_needed", _("The resident confirms this application on their own phone, "
                                                      "or in person at the window; a helper cannot submit it."))
    resident = row.resident.person
    given = str(data.get("id_number") or "").strip().upper()
    if not resident.id_number or given != resident.id_number.upper():
        raise Problem(400, "validation_error", _("Check the fields named in errors."), errors={
            "id_number": [_("This is not the ID number of the resident who asked for help.")]})
    errors = submission.full_errors(case)
    if errors:
        raise Problem(400, "validation_error", _("Check the fields named in errors."), errors=errors)
    where = reception.place(row.helper_place) if row.helper_place else None
    place = (where.code, where.name) if where else ("online", "")
    code = submission.new_query_code()
    case.query_code_hash = submission.query_hash(case.number, code)
    case.submitted_at = utcnow()
    lifecycle.conclude(case, "submit", actor, "clerk", note=_("Confirmed in person by the applicant at the window."),
                       data={"confirmed": "in_person"}, place=place)
    return {"number": case.number, "query_code": code, "status": case.status, "submitted_at": case.submitted_at,
            "matter": case.matter, "department": case.department, "signature": None}


def submitted(case: Case, method: str | None) -> None:
    """The resident submitted the session's draft themselves (signed, on the case page): that is their
    confirmation, and the session and the helper's access end as with confirm."""
    row = db.session.scalars(select(AssistSession).where(AssistSession.mandate_id == case.mandate_id,
                                                         AssistSession.status == "joined")).first()
    if row is not None:
        row.confirmed_via, row.case_number = method, case.number
        _end(row, "confirmed")


def cancel(code: str) -> AssistSession:
    row, _actor, _role = _mine(code)
    if row.status not in {"open", "joined"}:
        raise Problem(409, "conflict", _("This help session has already ended."))
    _end(row, "cancelled")
    return row


def _end(row: AssistSession, status: str) -> None:
    row.status, row.ended_at = status, utcnow()
    if row.mandate is not None and row.mandate.status == "active":
        row.mandate.status, row.mandate.ended_at, row.mandate.end_reason = "revoked", row.ended_at, f"assist_{status}"
        service.event(row.mandate, "assist_" + status, policy.current_actor().label if status != "expired"
                      else "system", via="system" if status == "expired" else "app")
    audit.record(f"assist.{status}", actor="system" if status == "expired" else policy.current_actor().label,
                 object_type="assist_session", object_id=row.id)


def end_due() -> int:
    rows = db.session.scalars(select(AssistSession).where(AssistSession.status.in_(("open", "joined")),
                                                          AssistSession.expires_at <= utcnow())).all()
    for row in rows:
        _end(row, "expired")
    return len(rows)


def public(row: AssistSession) -> dict[str, Any]:
    case = drafted(row)
    helper = row.helper.person.name if row.helper is not None else None
    return {"status": row.status, "expires_at": row.expires_at, "helper_kind": row.helper_kind,
            "helper_name": mask_name(helper) if helper else None, "resident_name": mask_name(row.resident.person.name),
            "mandate": row.mandate.public_id if row.mandate is not None and row.mandate.status == "active" else None,
            "case": case.number if case is not None else row.case_number, "confirmed_via": row.confirmed_via}
