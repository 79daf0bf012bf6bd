"""Finding the people a mandate names: by ID number and name, as they told us; never by guessing.

A person named online must already be known to Tongban (signed up, or verified at a window): the
answer for an unknown person and for a wrong name is the same, so the form cannot be used to learn
who has an account.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from tongban.core import ids, ratelimit
from tongban.core.crypto import blind_index
from tongban.core.errors import Problem
from tongban.extensions import db
from tongban.identity.models import Organisation, Person


def invalid(field: str, message: str) -> Problem:
    return Problem(400, "validation_error", _("Check the fields named in errors."), errors={field: [message]})


LOOKUP_FAILURES = ratelimit.Limit("mandate-person-miss", 10, 3600)  # per account: no probing who has an account


def named(field: str, data: dict[str, Any] | None) -> Person:
    """The person with this ID number and name, with an account. Names that find nobody count against
    the caller (10 an hour), so the form cannot be used to test who uses Tongban."""
    from tongban import policy

    if not data:
        raise invalid(field, _("Give the person's name and ID number."))
    caller = policy.current_actor().label
    ratelimit.ensure(LOOKUP_FAILURES, caller)
    id_number = str(data.get("id_number") or "").strip().upper()
    name = str(data.get("name") or "").strip()
    if ids.id_number_problem(id_number):
        raise invalid(f"{field}.id_number", _("The ID number is not valid (GB 11643 check digit)."))
    person = db.session.scalars(select(Person).where(Person.id_number_bidx == blind_index(id_number, "id"))).first()
    if person is None or person.name != name or person.account is None:
        ratelimit.charge(LOOKUP_FAILURES, caller)
        raise invalid(f"{field}.id_number", _("No Tongban user has this name and ID number. They can sign up on "
                                              "Tongban, or both of you can go to a service window."))
    return person


def organisation(field: str, uscc: str | None) -> Organisation:
    org = db.session.scalars(select(Organisation).where(Organisation.uscc == (uscc or "").strip().upper())).first()
    if org is None:
        raise invalid(field, _("No enterprise with this unified social credit code is registered on Tongban."))
    return org
