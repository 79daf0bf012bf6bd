"""Starting an application and saving it as you go: drafts may be incomplete, never oversized."""

from __future__ import annotations

import json
import secrets
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select

from tongban import policy
from tongban.audit import service as audit
from tongban.cases import access, forms, joint, lifecycle
from tongban.cases.calendar import china_date
from tongban.cases.models import Case
from tongban.catalogue import service as catalogue
from tongban.catalogue.models import Matter
from tongban.core.db import utcnow
from tongban.core.errors import Problem
from tongban.core.pagination import Page
from tongban.extensions import db

# How the guide names its ways of issuing results, and ours.
ISSUING = {"电子证照": "e_licence", "邮寄送达": "post", "窗口领取": "pickup"}
DELIVERIES = ("e_licence", "post", "pickup")


def level_detail(level: str) -> str:
    """What a person must do to reach the level a matter needs."""
    if level == "L3":
        return _("This service needs your identity verified in person (level L3). Bring your ID card to a "
                 "service window; the clerk can verify you there.")
    return _("This service needs your real name verified (level L2). Complete the real-name check in My "
             "account first.")


def require_level(matter: Matter) -> policy.Actor:
    return policy.require("case.apply", matter, detail=level_detail(matter.min_assurance))


def deliveries(matter: Matter) -> list[str]:
    offered = [ISSUING[m] for m in matter.guide.get("issuing_method") or [] if m in ISSUING]
    return offered or list(DELIVERIES)


def new_number() -> str:
    """TB + the date in China + 6 random digits: readable, and with the query code not guessable."""
    prefix = "TB" + china_date(utcnow()).strftime("%Y%m%d")
    for _attempt in range(20):
        number = f"{prefix}{secrets.randbelow(1_000_000):06d}"
        if db.session.scalar(select(func.count()).where(Case.number == number)) == 0:
            return number
    raise Problem(503, "service_unavailable", _("Please try again in a moment."))


def apply_changes(case: Case, data: dict[str, Any], *, partial: bool) -> dict[str, list[str]]:
    """Put the given form and delivery on the case; return the field errors (nothing is applied then)."""
    matter = case.matter
    errors: dict[str, list[str]] = {}
    form = data.get("form")
    if form is not None:
        errors.update(forms.validate(forms.schema_for(matter), form, partial=partial))
    delivery = data.get("delivery")
    if delivery is not None and delivery not in deliveries(matter):
        errors["delivery"] = [_("This service does not deliver results that way.")]
    if errors:
        return errors
    if form is not None:
        case.form_json = json.dumps(form, ensure_ascii=False)
    if delivery is not None:
        case.delivery = delivery
    if "delivery_address" in data:
        case.delivery_address = (data["delivery_address"] or "").strip() or None
    return {}


def _raise(errors: dict[str, list[str]]) -> None:
    if errors:
        raise Problem(400, "validation_error", _("Check the fields named in errors."), errors=errors)


def create(data: dict[str, Any]) -> Case:
    """A new draft for a matter, in a mode the matter offers; refused below the matter's level."""
    actor = policy.current_actor()
    if actor.account is None:
        raise Problem(401, "unauthenticated", _("Please sign in first."))
    matter = catalogue.get_matter(data["matter"])
    if data.get("window") is not None or data.get("applicant") is not None:
        from tongban.cases import reception  # a clerk receiving at a window (reception imports this module)

        return reception.open_case(matter, data)
    if data["mode"] not in matter.modes:
        _raise({"mode": [_("This service cannot be applied for this way.")]})
    if data["mode"] == "proxy_window":
        _raise({"mode": [_("Applications at a window are received by the clerk there.")]})
    require_level(matter)
    mandate = actor.mandate  # an agent applies in the principal's name; the case records both
    case = Case(number=new_number(), matter=matter, department=matter.department,
                applicant=mandate.principal_account if mandate else actor.account,
                organisation_id=mandate.principal_org_id if mandate else None,
                agent=actor.account if mandate else None, mandate_id=mandate.id if mandate else None,
                mode=data["mode"], status="draft", form_json="{}", delivery=deliveries(matter)[0])
    db.session.add(case)
    _raise(apply_changes(case, data, partial=True))
    if case.mode == "joint":
        joint.create_parts(case)
    db.session.flush()
    created = lifecycle.record(case, "created", None, actor, lifecycle.role_of(case, "case.own", actor))
    created.to_status = "draft"
    audit.record("case.create", actor=actor.label, object_type="case", object_id=case.number,
                 data={"matter": matter.code})
    return case


def save(number: str, data: dict[str, Any]) -> Case:
    """Save a draft as it is (partial forms allowed; everything is checked at submission)."""
    case, _actor = access.get(number, "case.own", lock=True)
    if case.status != "draft":
        raise Problem(409, "conflict", _("Only a draft can be changed. To answer a supplement request, use "
                                         "“provide the supplement”."))
    _raise(apply_changes(case, data, partial=True))
    case.updated_at = utcnow()
    return case


def mine(page: int, per_page: int) -> Page:
    actor = policy.current_actor()
    if actor.account is None:
        raise Problem(401, "unauthenticated", _("Please sign in first."))
    if actor.mandate is not None:
        return _principals(actor, page, per_page)
    stmt = select(Case).where(Case.applicant_account_id == actor.account.id)  # with my enterprise's, if I am its rep
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = db.session.scalars(stmt.order_by(Case.created_at.desc(), Case.id.desc())
                              .limit(per_page).offset((page - 1) * per_page)).all()
    return Page(list(rows), page, per_page, total)


def _principals(actor: policy.Actor, page: int, per_page: int) -> Page:
    """The principal's cases the mandate lets the agent see (a person's few cases: filtered here)."""
    mandate = actor.mandate
    assert mandate is not None
    if "view" not in mandate.permissions:
        from tongban.mandates import scope

        raise Problem(403, "mandate_permission", scope.permission_refusal("view"))
    stmt = select(Case).where(Case.applicant_account_id == mandate.principal_account_id)
    stmt = stmt.where(Case.organisation_id == mandate.principal_org_id if mandate.principal_org_id
                      else Case.organisation_id.is_(None))
    rows = [c for c in db.session.scalars(stmt.order_by(Case.created_at.desc(), Case.id.desc()))
            if policy.may(actor, "case.view", c)]
    return Page(rows[(page - 1) * per_page:page * per_page], page, per_page, len(rows))
