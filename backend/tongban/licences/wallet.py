"""The holder's wallet: my licences (and, acting for someone, theirs that the mandate covers), one
licence with its static QR, and who checked it."""

from __future__ import annotations

import json
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, or_, select

from tongban import policy
from tongban.cases.calendar import china_date
from tongban.core.db import utcnow
from tongban.core.errors import NotFound, Problem
from tongban.extensions import db
from tongban.licences.models import Licence, Verification


def status_of(licence: Licence) -> str:
    """valid, suspended, revoked, or expired (by its date even before anyone marks it)."""
    if licence.status == "valid" and licence.valid_until is not None and licence.valid_until < china_date(utcnow()):
        return "expired"
    return licence.status


def data_of(licence: Licence) -> dict[str, Any]:
    value = json.loads(licence.data_json or "{}")
    return value if isinstance(value, dict) else {}


def shown_fields(licence: Licence) -> dict[str, Any]:
    """The fields as anyone sees them, the holder included: ID numbers masked (types.ID_FIELDS)."""
    from tongban.core.crypto import mask_id_number
    from tongban.licences import types

    return {k: (mask_id_number(str(v)) if k in types.ID_FIELDS else v) for k, v in data_of(licence).items()}


def mine() -> list[Licence]:
    actor = policy.require("account.self")
    assert actor.account is not None
    if actor.mandate is not None:
        m = actor.mandate
        if "view" not in m.permissions:
            from tongban.mandates import scope

            raise Problem(403, "mandate_permission", scope.permission_refusal("view"))
        stmt = select(Licence).where(Licence.holder_account_id == m.principal_account_id)
        stmt = stmt.where(Licence.holder_org_id == m.principal_org_id if m.principal_org_id
                          else Licence.holder_org_id.is_(None))
        rows = db.session.scalars(stmt.order_by(Licence.id)).all()
        return [r for r in rows if policy.may(actor, "licence.view", r)]
    stmt = select(Licence).where(or_(Licence.holder_account_id == actor.account.id,
                                     Licence.holder_person_id == actor.account.person_id))
    return list(db.session.scalars(stmt.order_by(Licence.holder_org_id.is_not(None), Licence.id)))


def get(licence_id: int, right: str = "licence.view") -> tuple[Licence, policy.Actor]:
    actor = policy.current_actor()
    if actor.account is None:
        raise Problem(401, "unauthenticated", _("Please sign in first."))
    licence = db.session.get(Licence, licence_id)
    if licence is None:
        raise NotFound(_("No licence has this number."))
    policy.require("licence.view", licence, hide=True, detail=_("No licence has this number."))
    if right != "licence.view":
        policy.require(right, licence)
    return licence, actor


def checks(licence_id: int, page: int, per_page: int) -> tuple[list[Verification], int]:
    licence, _actor = get(licence_id)
    stmt = select(Verification).where(Verification.licence_id == licence.id)
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = db.session.scalars(stmt.order_by(Verification.at.desc(), Verification.id.desc())
                              .limit(per_page).offset((page - 1) * per_page)).all()
    return list(rows), total
