"""Shapes for the mandates schemas: a mandate as one of its parties (or its reviewer) sees it."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from tongban.catalogue.models import Matter
from tongban.core.crypto import mask_id_number
from tongban.extensions import db
from tongban.mandates import scope
from tongban.mandates.models import Mandate, MandateAct

KIND = {"family": _l("Family member"), "guardian": _l("Legal guardian"), "enterprise_agent": _l("Enterprise agent"),
        "assisted": _l("Help session")}
STATUS = {"pending": _l("Waiting for confirmation"), "active": _l("In force"), "revoked": _l("Ended"),
          "expired": _l("Expired"), "refused": _l("Refused")}
CONSENT = {"online": _l("Granted in the app"), "code": _l("Confirmed with a code to the principal's phone"),
           "window": _l("Signed at a service window"), "guardianship": _l("Guardianship document reviewed"),
           "assist": _l("Help session")}
EVENT = {"granted": _l("Granted"), "asked": _l("Asked for"), "code_sent": _l("Code sent again"),
         "activated": _l("In force"), "witnessed": _l("Signed before a window clerk"),
         "evidence_added": _l("Document uploaded"), "refused": _l("Refused"), "revoked": _l("Revoked"),
         "given_up": _l("Given up by the agent"), "expired": _l("Reached its end date"),
         "assist_joined": _l("Helper joined"), "assist_confirmed": _l("Confirmed by the resident"),
         "assist_cancelled": _l("Cancelled"), "assist_expired": _l("Timed out")}
ACT = {"case.create": _l("Started an application"), "case.submit": _l("Submitted an application"),
       "case.file.upload": _l("Uploaded a material"), "case.file.remove": _l("Removed a material"),
       "case.file.download": _l("Downloaded a material"), "case.withdraw": _l("Withdrew an application"),
       "case.supplement": _l("Provided a supplement"), "rating.case": _l("Rated a case"),
       "payment.create": _l("Started a payment")}


def _items(mandate: Mandate) -> list[dict[str, str]]:
    if mandate.scope == "categories":
        return [{"code": c, "name": str(scope.CATEGORIES.get(c, c))} for c in mandate.scope_items]
    if mandate.scope == "matters":
        names = {code: name for code, name in db.session.execute(select(Matter.code, Matter.name).where(
            Matter.code.in_(mandate.scope_items)))}
        return [{"code": c, "name": names.get(c, c)} for c in mandate.scope_items]
    return []


def _principal(mandate: Mandate) -> dict[str, Any]:
    if mandate.principal_org is not None:
        org = mandate.principal_org
        return {"type": "organisation", "name": org.name, "id_masked": org.uscc[:6] + "********" + org.uscc[-4:]}
    person = mandate.principal_person
    return {"type": "person", "name": person.name if person else "",
            "id_masked": mask_id_number(person.id_number) if person and person.id_number else None}


def allowed(mandate: Mandate, role: str) -> list[str]:
    status = scope.state(mandate)
    if status == "active":
        return ["revoke"] if role in {"principal", "agent"} else []
    if status != "pending":
        return []
    if role == "principal":
        return ["confirm", "refuse", "revoke"] if mandate.awaiting == "principal" else ["revoke"]
    if role == "agent":
        if mandate.awaiting == "agent":
            return ["accept", "refuse"]
        return ["confirm", "resend", "revoke"] if mandate.awaiting == "principal" else ["revoke"]
    if role == "reviewer" and mandate.awaiting == "reviewer":
        return ["confirm", "refuse"]
    return []


def mandate(m: Mandate, role: str, **extra: Any) -> dict[str, Any]:
    status = scope.state(m)
    return {"id": m.public_id, "kind": m.kind, "kind_label": str(KIND.get(m.kind, m.kind)),
            "principal": _principal(m),
            "agent": {"type": "person", "name": m.agent.name,
                      "id_masked": mask_id_number(m.agent.id_number) if m.agent.id_number else None},
            "scope": m.scope, "scope_items": _items(m), "permissions": m.permissions,
            "permission_labels": [scope.permission_label(p) for p in m.permissions],
            "valid_from": m.valid_from, "valid_until": m.valid_until, "status": status,
            "status_label": str(STATUS.get(status, status)), "awaiting": m.awaiting if status == "pending" else None,
            "consent": m.consent, "consent_label": str(CONSENT.get(m.consent, m.consent)),
            "witness_place": m.witness_place, "has_evidence": bool(m.evidence_key), "my_role": role,
            "allowed_actions": allowed(m, role), "created_at": m.created_at, "activated_at": m.activated_at,
            "ended_at": m.ended_at,
            "history": [{"kind": e.kind, "label": str(EVENT.get(e.kind, e.kind)), "via": e.via, "note": e.note,
                         "at": e.at} for e in m.events], **extra}


def act(row: MandateAct) -> dict[str, Any]:
    return {"agent": row.mandate.agent.name, "mandate": row.mandate.public_id, "action": row.action,
            "label": str(ACT.get(row.action, _("Other action"))), "object_id": row.object_id, "at": row.at}


def categories() -> list[dict[str, str]]:
    return [{"code": code, "name": str(name)} for code, name in scope.CATEGORIES.items()]
