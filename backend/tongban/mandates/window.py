"""At a window: the clerk sees both people's ID cards, records the mandate with a photograph of the
signed paper form as evidence, and is its witness; and, for a principal standing at the window, looks
up their authorisations and revokes one. Both people are verified in person (L3), as a walk-in
applicant is, and given an account if they have none, so the principal can follow what is done.
"""

from __future__ import annotations

import hashlib
from typing import IO, Any

from flask_babel import gettext as _
from sqlalchemy import select

from tongban import policy
from tongban.cases import images, materials, reception, storage, walkin
from tongban.core import ids
from tongban.core.crypto import blind_index
from tongban.core.errors import NotFound, Problem
from tongban.extensions import db
from tongban.identity.models import Person
from tongban.mandates import consent, people, service
from tongban.mandates.models import Mandate


def store_evidence(mandate: Mandate, stream: IO[bytes], filename: str | None, declared: str | None) -> None:
    data, _name, kind = materials.read_checked(stream, filename, declared)
    if kind in images.FORMATS:
        data = images.reencode(data, kind)
    if mandate.evidence_key:
        storage.delete(mandate.evidence_key)
    mandate.evidence_key, mandate.evidence_type = storage.put(data), kind
    mandate.evidence_sha256 = hashlib.sha256(data).hexdigest()


def _verified(role: str, data: dict[str, Any], place_code: str, actor: policy.Actor) -> Person:
    given = {"name": data.get(f"{role}_name") or "", "id_number": data.get(f"{role}_id_number") or "",
             "phone": data.get(f"{role}_phone") or ""}
    try:
        return walkin.applicant(given, place_code, actor).person
    except Problem as exc:  # the walk-in check names fields applicant.*: name them for this person
        if exc.errors:
            exc.errors = {k.replace("applicant.", f"{role}_"): v for k, v in exc.errors.items()}
        raise


def _place(code: str) -> reception.Place:
    policy.require("account.self")  # 401 before anything is looked up
    return reception.place(code)


def record(data: dict[str, Any], evidence: Any) -> Mandate:
    where = _place(data["window"])
    actor = policy.require("mandate.witness", region=where.region, hide=True, detail=_("No such window."))
    if evidence is None:
        raise people.invalid("file", _("Photograph the paper form both people signed."))
    principal = _verified("principal", data, where.code, actor)
    agent = _verified("agent", data, where.code, actor)
    org = None
    if data["kind"] == "enterprise_agent":
        org = people.organisation("organisation", data.get("organisation"))
        if org.legal_rep_id != principal.id:
            raise people.invalid("organisation", _("The principal must be the enterprise's legal representative."))
    elif data["kind"] == "guardian":
        raise people.invalid("kind", _("Guardianship is recorded from the court or civil-affairs document, "
                                       "reviewed by the civil-affairs office."))
    mandate = service.build(principal=None if org else principal, org=org, agent=agent, data=data,
                            consent="window", status="active", awaiting=None, requested_by=actor.label)
    mandate.witness, mandate.witness_place, mandate.activated_at = actor.label, where.name, mandate.created_at
    store_evidence(mandate, evidence.stream, evidence.filename, evidence.mimetype)
    service.event(mandate, "witnessed", actor.label, via="window", note=where.name)
    consent.announce_active(mandate)
    return mandate


def _principal_at_window(data: dict[str, Any]) -> tuple[Person, Any, policy.Actor]:
    where = _place(data["window"])
    actor = policy.require("mandate.witness", region=where.region, hide=True, detail=_("No such window."))
    id_number = (data.get("id_number") or "").strip().upper()
    if ids.id_number_problem(id_number):
        raise people.invalid("id_number", _("The ID number is not valid (GB 11643 check digit)."))
    person = db.session.scalars(select(Person).where(Person.id_number_bidx == blind_index(id_number, "id"))).first()
    if person is None or person.name != (data.get("name") or "").strip():
        raise NotFound(_("No Tongban user has this name and ID number."))
    return person, where, actor


def lookup(data: dict[str, Any]) -> list[Mandate]:
    """A principal's open authorisations, for the clerk who has their ID card in hand."""
    person, _where, _actor = _principal_at_window(data)
    if person.account is None:
        return []
    return list(db.session.scalars(select(Mandate).where(
        Mandate.principal_account_id == person.account.id, Mandate.status.in_(service.OPEN),
        Mandate.kind != "assisted").order_by(Mandate.created_at.desc())).unique())


def revoke(public_id: str, data: dict[str, Any]) -> Mandate:
    person, where, actor = _principal_at_window(data)
    mandate = service.get(public_id)
    if mandate.principal_account_id != (person.account.id if person.account else None):
        raise NotFound(_("No authorisation has this number."))
    consent.revoke(mandate, "window", {"note": where.name}, via="window", by=actor.label)
    return mandate
