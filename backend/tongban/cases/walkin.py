"""The applicant who walks in: the clerk checks the ID card face to face (L3, as identity's in-person
verification does), and the person is found, or given an account, by ID number and phone.

The account lets the applicant follow the case later (sign in with the phone's code) and receive
its notices; nothing else is needed of them. A phone that already belongs to someone with another
ID number is refused (409), never re-assigned.
"""

from __future__ import annotations

import secrets
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from tongban import policy
from tongban.audit import service as audit
from tongban.core import ids
from tongban.core.crypto import blind_index
from tongban.core.db import utcnow
from tongban.core.errors import Problem
from tongban.extensions import db
from tongban.identity import verifier
from tongban.identity.models import Account, Person
from tongban.identity.service import person_by_phone


def _invalid(field: str, message: str) -> Problem:
    return Problem(400, "validation_error", _("Check the fields named in errors."),
                   errors={f"applicant.{field}": [message]})


def _checked(name: str, id_number: str) -> None:
    if ids.id_number_problem(id_number):
        raise _invalid("id_number", _("The ID number is not valid (GB 11643 check digit)."))
    if not verifier.verifier().verify(name, id_number).ok:
        raise _invalid("name", _("The real-name registry (sandbox) does not confirm this name with this ID "
                                 "number."))


def applicant(data: dict[str, Any], place_code: str, actor: policy.Actor) -> Account:
    """The walk-in applicant's account, verified in person at `place_code` by the clerk `actor`."""
    name, id_number, phone = data["name"].strip(), data["id_number"].strip().upper(), data["phone"].strip()
    _checked(name, id_number)
    bidx = blind_index(id_number, "id")
    by_id = db.session.scalars(select(Person).where(Person.id_number_bidx == bidx)).first()
    by_phone = person_by_phone(phone)
    if by_phone is not None and by_phone is not by_id and (by_id is not None or by_phone.id_number_bidx):
        raise Problem(409, "conflict", _("This phone number belongs to another person's account. Ask for the "
                                         "applicant's own phone number."))
    person = by_id or by_phone
    if person is None:
        person = Person(phone=phone, phone_bidx=blind_index(phone, "phone"), assurance="L1")
        db.session.add(person)
    person.name, person.id_number, person.id_number_bidx = name, id_number, bidx
    person.assurance, person.verified_at, person.verified_by = "L3", utcnow(), actor.label
    account = person.account
    if account is None:
        account = Account(person=person, user_handle=secrets.token_bytes(32))
        db.session.add(account)
    db.session.flush()
    audit.record("person.verify_in_person", actor=actor.label, object_type="person", object_id=person.id,
                 data={"window": place_code, "walk_in": True})
    return account
