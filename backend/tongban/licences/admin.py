"""What an administrator does with licences: import one, change its status, and keep the trust list
(add a partner region's key, remove any key, rotate an issuer's seal key)."""

from __future__ import annotations

import base64
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from tongban import policy
from tongban.audit import service as audit
from tongban.core.crypto import blind_index
from tongban.core.db import utcnow
from tongban.core.errors import NotFound, Problem
from tongban.directory.models import Department
from tongban.extensions import db
from tongban.identity.models import Organisation, Person
from tongban.licences import issue, seals, types
from tongban.licences.models import Licence, LicenceEvent, TrustedKey


def _invalid(field: str, message: str) -> Problem:
    return Problem(400, "validation_error", _("Check the fields named in errors."), errors={field: [message]})


def import_licence(data: dict[str, Any]) -> Licence:
    actor = policy.require("licence.manage")
    licence_type = types.BY_CODE.get(data["type"])
    if licence_type is None:
        raise _invalid("type", _("Unknown licence type."))
    dept = db.session.scalars(select(Department).where(Department.code == data["issuer"])).first()
    if dept is None:
        raise _invalid("issuer", _("No department has this code."))
    person = org = None
    if licence_type.audience == "enterprise":
        org = db.session.scalars(select(Organisation).where(
            Organisation.uscc == (data.get("holder_uscc") or "").upper())).first()
        if org is None:
            raise _invalid("holder_uscc", _("No enterprise with this credit code is registered on Tongban."))
    else:
        number = (data.get("holder_id_number") or "").upper()
        person = db.session.scalars(select(Person).where(Person.id_number_bidx == blind_index(number, "id"))).first()
        if person is None:
            raise _invalid("holder_id_number", _("No Tongban user has this ID number."))
    row = issue.issue(licence_type, issuer=dept.code, issuer_name=dept.name, region=dept.region_code, person=person,
                      org=org, fields=data.get("fields") or {}, source="import", actor=actor.label)
    # The audit's object id holds 64 characters; an identifier has 76: the row id, and the identifier in data.
    audit.record("licence.import", actor=actor.label, object_type="licence", object_id=row.id,
                 data={"identifier": row.identifier})
    return row


def set_status(licence_id: int, data: dict[str, Any]) -> Licence:
    actor = policy.require("licence.manage")
    licence = db.session.get(Licence, licence_id)
    if licence is None:
        raise NotFound(_("No licence has this number."))
    new = data["status"]
    if licence.status == new:
        raise Problem(409, "conflict", _("The licence already has this status."))
    if licence.status == "revoked":
        raise Problem(409, "conflict", _("A revoked licence stays revoked; issue a new one."))
    kind = {"valid": "reinstated", "suspended": "suspended", "revoked": "revoked"}[new]
    licence.status = new
    db.session.add(LicenceEvent(licence=licence, kind=kind, actor=actor.label, note=data["note"].strip()))
    audit.record(f"licence.{kind}", actor=actor.label, object_type="licence", object_id=licence.id,
                 data={"identifier": licence.identifier, "note": data["note"].strip()})
    if licence.holder_account_id:
        from tongban.licences import views
        from tongban.notify import service as notify

        with notify.platform_language():
            licence_type = types.BY_CODE.get(licence.type_code)
            notify.tell(licence.holder_account_id, _("Licence status changed"),
                        _("%(licence)s (%(identifier)s) is now: %(status)s. Reason: %(note)s",
                          licence=str(licence_type.name) if licence_type else licence.type_code,
                          identifier=licence.identifier, status=str(views.STATUS.get(new, new)),
                          note=data["note"].strip()),
                        link=f"/wallet/{licence.id}", key=f"licence:{licence.id}:{kind}:{utcnow().isoformat()}")
    return licence


def add_partner_key(data: dict[str, Any]) -> TrustedKey:
    actor = policy.require("licence.manage")
    raw = base64.urlsafe_b64decode(data["public_key"] + "=")
    kid = seals.kid_of(raw)
    if db.session.scalars(select(TrustedKey).where(TrustedKey.kid == kid, TrustedKey.removed_at.is_(None))).first():
        raise Problem(409, "conflict", _("This key is already on the trust list."))
    entry = TrustedKey(kid=kid, issuer=data["issuer"], issuer_name=data["issuer_name"].strip(),
                       issuer_uscc=types.demo_uscc(data["issuer"]), region_code=data["region"], algorithm="Ed25519",
                       public_key=raw, source="partner", added_by=actor.label)
    db.session.add(entry)
    db.session.flush()
    audit.record("trust.add", actor=actor.label, object_type="trusted_key", object_id=kid,
                 data={"issuer": entry.issuer, "region": entry.region_code})
    return entry


def remove_key(kid: str) -> TrustedKey:
    actor = policy.require("licence.manage")
    entry = db.session.scalars(select(TrustedKey).where(TrustedKey.kid == kid, TrustedKey.removed_at.is_(None))).first()
    if entry is None:
        raise NotFound(_("No key with this id is on the trust list."))
    entry.removed_at, entry.removed_by = utcnow(), actor.label
    audit.record("trust.remove", actor=actor.label, object_type="trusted_key", object_id=kid)
    return entry


def rotate(issuer: str) -> TrustedKey:
    actor = policy.require("licence.manage")
    if db.session.scalars(select(Department.id).where(Department.code == issuer)).first() is None:
        raise NotFound(_("No department has this code."))
    key = seals.rotate(issuer, by=actor.label)
    audit.record("seal.rotate", actor=actor.label, object_type="seal_key", object_id=key.kid, data={"issuer": issuer})
    entry = db.session.scalars(select(TrustedKey).where(TrustedKey.kid == key.kid)).first()
    assert entry is not None
    return entry
