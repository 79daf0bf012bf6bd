"""Find a case by its number and ask the policy whether this actor may see it and act on it."""

from __future__ import annotations

import re

from flask_babel import gettext as _
from sqlalchemy import select

from tongban import policy
from tongban.cases.models import Case
from tongban.core.errors import NotFound, Problem
from tongban.extensions import db

NUMBER = re.compile(r"^TB[0-9]{14}$")


def find(number: str, *, lock: bool = False) -> Case | None:
    if not NUMBER.match(number):
        return None
    stmt = select(Case).where(Case.number == number)
    if lock and db.engine.dialect.name == "postgresql":
        stmt = stmt.with_for_update(of=Case)  # two actions on one case wait for each other
    return db.session.scalars(stmt).first()


def get(number: str, right: str = "case.view", *, lock: bool = False) -> tuple[Case, policy.Actor]:
    """The case, if the actor may see it (else 404, as if it did not exist) and has `right` (else 403)."""
    actor = policy.current_actor()
    if actor.account is None:
        raise Problem(401, "unauthenticated", _("Please sign in first."))
    case = find(number, lock=lock)
    if case is None:
        raise NotFound(_("No case has this number."))
    policy.require("case.view", case, hide=True, detail=_("No case has this number."))
    if right != "case.view":
        policy.require(right, case)
    return case, actor
