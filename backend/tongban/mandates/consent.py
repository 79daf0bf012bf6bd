"""How a mandate comes into force, and how it ends.

- The principal grants it in the app to a named agent, who accepts (consent "online").
- The agent asks; a code goes to the principal's own phone, and the principal confirms: signed in, or
  by reading the code to the agent, who types it (consent "code": single use, 5 minutes, rate-limited).
- At a window, the clerk witnesses both people and keeps the signed paper form (window.py).
- A guardian asks with the court or civil-affairs document; a reviewer accepts or refuses it.
The principal may revoke at any time (in the app, by a code to their phone, at a window); the agent may
give a mandate up; a mandate ends by itself at its end date (expire_due, run by the housekeeping job).
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from tongban import policy
from tongban.audit import service as audit
from tongban.core import ratelimit
from tongban.core.crypto import mask_phone
from tongban.core.db import utcnow
from tongban.core.errors import Problem
from tongban.extensions import db
from tongban.identity import otp
from tongban.mandates import people, scope, service
from tongban.mandates.models import Mandate
from tongban.notify import service as notify

CODE_PER_PHONE_MINUTE = ratelimit.Limit("mandate-code-1m", 1, 60)
CODE_PER_PHONE_DAY = ratelimit.Limit("mandate-code-1d", 6, 86400)
# Revocation codes have buckets of their own: asking for mandates cannot use up the principal's way out.
REVOKE_PER_PHONE_MINUTE = ratelimit.Limit("mandate-revoke-1m", 1, 60)
REVOKE_PER_PHONE_DAY = ratelimit.Limit("mandate-revoke-1d", 6, 86400)
ACTIONS = ("accept", "confirm", "refuse", "revoke", "resend")


def _purpose(mandate: Mandate) -> str:
    return "md:" + mandate.public_id  # a code confirms this one mandate only


def summary(mandate: Mandate) -> str:
    what = "、".join(scope.permission_label(p) for p in mandate.permissions)
    if mandate.scope == "all":
        covered = _("all services")
    elif mandate.scope == "categories":
        covered = "、".join(str(scope.CATEGORIES.get(c, c)) for c in mandate.scope_items)
    else:
        covered = _("%(n)d services", n=len(mandate.scope_items))
    return _("%(what)s; %(covered)s; until %(day)s", what=what, covered=covered,
             day=mandate.valid_until.date().isoformat())


def principal_name(mandate: Mandate) -> str:
    if mandate.principal_org is not None:
        return mandate.principal_org.name
    return mandate.principal_person.name if mandate.principal_person else ""


def _tell(account_id: int | None, title: str, body: str, mandate: Mandate, step: str) -> None:
    if account_id is not None:
        notify.tell(account_id, title, body, link="/family", key=f"mandate:{mandate.public_id}:{step}:{account_id}")


def send_code(mandate: Mandate) -> str:
    """Text the principal a code that confirms this mandate; the masked phone it went to."""
    principal = mandate.principal_person
    assert principal is not None
    agent, terms = mandate.agent.name, summary(mandate)
    otp.send(principal.phone, _purpose(mandate), limits=(CODE_PER_PHONE_MINUTE, CODE_PER_PHONE_DAY),
             message=lambda c: _(
                 "%(agent)s asks to act for you on Tongban (%(terms)s). If you agree, tell %(agent)s the code "
                 "%(code)s (valid for 5 minutes). If you do not know about this, do not give the code to anyone.",
                 agent=agent, terms=terms, code=c))
    return mask_phone(principal.phone)


def create(data: dict[str, Any]) -> tuple[Mandate, str | None]:
    """A new mandate from the app: granted by the principal, or asked for by the agent (a code goes to
    the principal's phone) or by a guardian (a reviewer checks the document). Returns the mandate and,
    when a code was sent, the masked phone."""
    actor = service.signed_in()
    assert actor.account is not None
    me = actor.account.person
    kind, role = data["kind"], data["role"]
    label = actor.label
    if kind == "enterprise_agent":
        if role != "principal":
            raise people.invalid("role", _("An enterprise's legal representative grants this authorisation."))
        org = people.organisation("organisation", data.get("organisation"))
        if org.legal_rep_id != me.id:
            raise Problem(403, "forbidden", _("Only the enterprise's legal representative may authorise its agents."))
        agent = people.named("agent", data.get("agent"))
        mandate = service.build(principal=None, org=org, agent=agent, data=data, consent="online",
                                status="pending", awaiting="agent", requested_by=label)
    elif role == "principal":
        if kind == "guardian":
            raise people.invalid("kind", _("A guardian asks for guardianship with the court or civil-affairs "
                                           "document; it is not granted in the app."))
        agent = people.named("agent", data.get("agent"))
        mandate = service.build(principal=me, org=None, agent=agent, data=data, consent="online",
                                status="pending", awaiting="agent", requested_by=label)
    else:
        principal = people.named("principal", data.get("principal"))
        consent, awaiting = ("guardianship", "reviewer") if kind == "guardian" else ("code", "principal")
        mandate = service.build(principal=principal, org=None, agent=me, data=data, consent=consent,
                                status="pending", awaiting=awaiting, requested_by=label)
    service.event(mandate, "granted" if role == "principal" else "asked", label)
    phone = None
    if mandate.awaiting == "agent":
        assert mandate.agent.account is not None
        _tell(mandate.agent.account.id, _("An authorisation for you"), _(
            "%(principal)s authorised you to act for them (%(terms)s). Accept it under Family on Tongban.",
            principal=principal_name(mandate), terms=summary(mandate)), mandate, "granted")
    elif mandate.awaiting == "principal":
        phone = send_code(mandate)
        _tell(mandate.principal_account_id, _("Someone asks to act for you"), _(
            "%(agent)s asks to act for you (%(terms)s). Confirm or refuse under Family on Tongban.",
            agent=mandate.agent.name, terms=summary(mandate)), mandate, "asked")
    return mandate, phone


def act(public_id: str, action: str, data: dict[str, Any]) -> tuple[Mandate, str]:
    """Take one step on a mandate; the mandate and how the actor stands to it."""
    mandate, role = service.visible(public_id)
    if action == "revoke":
        revoke(mandate, role, data)
    elif scope.state(mandate) != "pending":  # answered, or past its end date (before the job marks it)
        raise Problem(409, "conflict", _("This authorisation is no longer waiting for an answer."))
    elif action == "accept":
        _accept(mandate, role)
    elif action == "confirm":
        _confirm(mandate, role, data)
    elif action == "refuse":
        _refuse(mandate, role, data)
    else:
        if role != "agent" or mandate.awaiting != "principal":
            raise Problem(403, "forbidden", _("Only the person who asked can have the code sent again."))
        send_code(mandate)
        service.event(mandate, "code_sent", policy.current_actor().label)
    return mandate, role

def _activate(mandate: Mandate, by: str, via: str) -> None:
    mandate.status, mandate.awaiting, mandate.activated_at = "active", None, utcnow()
    service.event(mandate, "activated", by, via=via)
    audit.record("mandate.activate", actor=by, object_type="mandate", object_id=mandate.public_id, data={"via": via})
    announce_active(mandate)


def announce_active(mandate: Mandate) -> None:
    body = _("%(agent)s may now act for %(principal)s (%(terms)s). The authorisation can be revoked at any time "
             "in the app, at a service window, or with a code sent to the principal's phone.",
             agent=mandate.agent.name, principal=principal_name(mandate), terms=summary(mandate))
    _tell(mandate.principal_account_id, _("Authorisation in force"), body, mandate, "active")
    _tell(mandate.agent.account.id if mandate.agent.account else None, _("Authorisation in force"), body, mandate,
          "active")


def _accept(mandate: Mandate, role: str) -> None:
    if role != "agent" or mandate.awaiting != "agent":
        raise Problem(403, "forbidden", _("Only the person authorised can accept this authorisation."))
    _activate(mandate, policy.current_actor().label, "app")


def _confirm(mandate: Mandate, role: str, data: dict[str, Any]) -> None:
    actor = policy.current_actor()
    if mandate.awaiting == "principal" and role == "principal":
        _activate(mandate, actor.label, "app")
    elif mandate.awaiting == "principal" and role == "agent":
        code = str(data.get("code") or "")
        if not code:
            raise people.invalid("code", _("Type the code the person you act for received."))
        assert mandate.principal_person is not None
        otp.check(mandate.principal_person.phone, _purpose(mandate), code)
        _activate(mandate, actor.label, "code")
    elif mandate.awaiting == "reviewer" and role == "reviewer":
        if not mandate.evidence_key:
            raise Problem(409, "conflict", _("The guardianship document has not been uploaded yet."))
        _activate(mandate, actor.label, "review")
    else:
        raise Problem(403, "forbidden", _("This authorisation waits for someone else's answer."))


def _refuse(mandate: Mandate, role: str, data: dict[str, Any]) -> None:
    if role != mandate.awaiting:
        raise Problem(403, "forbidden", _("This authorisation waits for someone else's answer."))
    actor = policy.current_actor()
    note = str(data.get("note") or "").strip()[:500]
    if role == "reviewer" and not note:
        raise people.invalid("note", _("Give the reason: the applicant will read it."))
    mandate.status, mandate.awaiting, mandate.ended_at, mandate.end_reason = "refused", None, utcnow(), role
    service.event(mandate, "refused", actor.label, via="review" if role == "reviewer" else "app", note=note)
    audit.record("mandate.refuse", actor=actor.label, object_type="mandate", object_id=mandate.public_id)
    body = _("The authorisation for %(agent)s to act for %(principal)s was refused.", agent=mandate.agent.name,
             principal=principal_name(mandate))
    if note:
        body = _("%(sentence)s Reason: %(note)s", sentence=body, note=note)
    _tell(mandate.principal_account_id, _("Authorisation refused"), body, mandate, "refused")
    _tell(mandate.agent.account.id if mandate.agent.account else None, _("Authorisation refused"), body, mandate,
          "refused")


def revoke(mandate: Mandate, role: str, data: dict[str, Any], *, via: str = "app", by: str | None = None) -> None:
    """The principal revokes, the agent gives it up, or a clerk records it for the principal in person."""
    actor = policy.current_actor()
    if role not in {"principal", "agent", "by_code", "window"}:
        raise Problem(403, "forbidden", _("Only the principal or the agent can end this authorisation."))
    if scope.state(mandate) not in service.OPEN:  # past its end date counts as ended, job or no job
        raise Problem(409, "conflict", _("This authorisation has already ended."))
    mandate.status, mandate.awaiting, mandate.ended_at = "revoked", None, utcnow()
    mandate.end_reason = {"principal": "revoked", "agent": "given_up", "by_code": "revoked_by_code",
                          "window": "revoked_at_window"}[role]
    label = by or actor.label
    note = str(data.get("note") or "").strip()[:500]
    service.event(mandate, "revoked" if role != "agent" else "given_up", label, via=via, note=note)
    audit.record("mandate.revoke", actor=label, object_type="mandate", object_id=mandate.public_id,
                 data={"reason": mandate.end_reason})
    body = _("The authorisation for %(agent)s to act for %(principal)s has ended. Nothing more can be done "
             "under it.", agent=mandate.agent.name, principal=principal_name(mandate))
    _tell(mandate.principal_account_id, _("Authorisation ended"), body, mandate, "revoked")
    _tell(mandate.agent.account.id if mandate.agent.account else None, _("Authorisation ended"), body, mandate,
          "revoked")


def expire_due() -> int:
    """Mark mandates past their end as expired and tell both people (the housekeeping job)."""
    now = utcnow()
    rows = db.session.scalars(select(Mandate).where(Mandate.status.in_(("active", "pending")),
                                                    Mandate.valid_until <= now)).unique().all()
    for mandate in rows:
        mandate.status, mandate.awaiting, mandate.ended_at, mandate.end_reason = "expired", None, now, "expired"
        service.event(mandate, "expired", "system", via="system")
        if mandate.kind == "assisted":
            continue
        body = _("The authorisation for %(agent)s to act for %(principal)s reached its end date and has ended.",
                 agent=mandate.agent.name, principal=principal_name(mandate))
        _tell(mandate.principal_account_id, _("Authorisation ended"), body, mandate, "expired")
        _tell(mandate.agent.account.id if mandate.agent.account else None, _("Authorisation ended"), body,
              mandate, "expired")
    return len(rows)


REVOKE_PURPOSE = "md-revoke"


def _open_as_principal(person_id: int) -> list[Mandate]:
    rows = db.session.scalars(select(Mandate).where(
        Mandate.principal_person_id == person_id, Mandate.status.in_(service.OPEN),
        Mandate.kind != "assisted")).unique()
    return [m for m in rows if scope.state(m) in service.OPEN]


def revocation_code(phone: str) -> None:
    """Text a code that ends every authorisation given by this phone's owner. The answer is the same
    whether or not the phone is known, so it tells nobody who uses Tongban."""
    from tongban.identity.service import person_by_phone

    person = person_by_phone(phone)
    ratelimit.check(REVOKE_PER_PHONE_MINUTE, phone)
    if person is None or not _open_as_principal(person.id):
        return
    otp.send(phone, REVOKE_PURPOSE, limits=(REVOKE_PER_PHONE_DAY,), message=lambda c: _(
        "Your code to end the authorisations you gave on Tongban is %(code)s (valid for 5 minutes). Entering it "
        "ends all of them.", code=c))


def revoke_by_code(phone: str, code: str) -> list[Mandate]:
    from tongban.identity.service import person_by_phone

    otp.check(phone, REVOKE_PURPOSE, code)
    person = person_by_phone(phone)
    assert person is not None  # a code was sent, so the phone is known
    ended = _open_as_principal(person.id)
    for mandate in ended:
        revoke(mandate, "by_code", {}, via="code", by=f"phone-code:person:{person.id}")
    return ended


def upload_evidence(public_id: str, upload: Any) -> Mandate:
    """The guardian's court or civil-affairs document, for the reviewer."""
    from tongban.mandates import window

    mandate, role = service.visible(public_id)
    if role != "agent" or mandate.status != "pending" or mandate.awaiting != "reviewer":
        raise Problem(409, "conflict", _("A document can be added only to a guardianship waiting for review."))
    window.store_evidence(mandate, upload.stream, upload.filename, upload.mimetype)
    service.event(mandate, "evidence_added", policy.current_actor().label)
    audit.record("mandate.evidence", actor=policy.current_actor().label, object_type="mandate",
                 object_id=mandate.public_id, data={"sha256": mandate.evidence_sha256})
    return mandate


def evidence(public_id: str) -> tuple[Mandate, bytes]:
    from tongban.cases import storage

    mandate, _role = service.visible(public_id)
    if not mandate.evidence_key:
        raise Problem(404, "not_found", _("This authorisation has no document."))
    audit.record("mandate.evidence.download", actor=policy.current_actor().label, object_type="mandate",
                 object_id=mandate.public_id)
    return mandate, storage.get(mandate.evidence_key)
