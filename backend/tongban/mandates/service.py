"""Creating and listing mandates, and the checks every new one passes: not for oneself, no loop, no
duplicate, within the per-agent limit, a term that has not ended, a scope that names real things.

How each one comes into force is consent.py; at a window, window.py; the 帮办 sessions, assist.py.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, or_, select

from tongban import policy
from tongban.audit import service as audit
from tongban.catalogue.models import Matter
from tongban.core.db import utcnow
from tongban.core.errors import NotFound, Problem
from tongban.extensions import db
from tongban.identity.models import Account, Organisation, Person
from tongban.mandates import people, scope
from tongban.mandates.models import PERMISSIONS, Mandate, MandateAct, MandateEvent

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
OPEN = ("pending", "active")


def new_public_id() -> str:
    return "MD" + "".join(secrets.choice(ALPHABET) for _i in range(10))


def setting(name: str, default: int) -> int:
    return int(current_app.config["TONGBAN"].extra.get(name) or default)


def refuse(code: str, message: str, status: int = 409) -> Problem:
    return Problem(status, code, message)


def signed_in() -> policy.Actor:
    actor = policy.require("account.self")
    if actor.mandate is not None:
        raise refuse("mandate_onward", _("An agent cannot pass an authorisation on: stop acting for someone, "
                                         "then manage your own authorisations."), 403)
    return actor


def event(mandate: Mandate, kind: str, actor: str, *, via: str = "app", note: str = "") -> None:
    db.session.add(MandateEvent(mandate=mandate, kind=kind, actor=actor, via=via, note=note, at=utcnow()))


def _term(data: dict[str, Any]) -> tuple[datetime, datetime]:
    now = utcnow()
    start = data.get("valid_from") or now
    until = data.get("valid_until")
    if until is None:
        raise people.invalid("valid_until", _("Give the last day the authorisation is valid."))
    years = setting("mandate_max_years", 5)
    if until <= max(start, now):
        raise people.invalid("valid_until", _("The end must be after the start and in the future."))
    if until > now + timedelta(days=366 * years):
        raise people.invalid("valid_until", _("An authorisation may last at most %(years)d years.", years=years))
    return start, until


def _scope(data: dict[str, Any]) -> tuple[str, list[str]]:
    kind, items = data.get("scope") or "all", sorted(set(data.get("scope_items") or []))
    if kind == "all":
        return kind, []
    if not items:
        raise people.invalid("scope_items", _("Name the categories or services the authorisation covers."))
    if kind == "categories":
        unknown = [i for i in items if i not in scope.CATEGORIES]
    else:
        known = set(db.session.scalars(select(Matter.code).where(Matter.code.in_(items))))
        unknown = [i for i in items if i not in known]
    if unknown:
        raise people.invalid("scope_items", _("Unknown: %(items)s.", items="、".join(unknown[:5])))
    return kind, items


def _permissions(data: dict[str, Any]) -> list[str]:
    """The permissions asked for; applying and signing for someone need seeing their cases, so `apply` and
    `sign` bring `view` with them (an agent could otherwise start a draft it can never open)."""
    given = set(data.get("permissions") or [])
    if not given:
        raise people.invalid("permissions", _("Choose at least one thing the agent may do."))
    if given & {"apply", "sign"}:
        given.add("view")
    return [p for p in PERMISSIONS if p in given]


def check_new(principal_account: Account, org: Organisation | None, agent: Person) -> None:
    """Refuse a mandate for oneself, a loop, a duplicate, or one past the agent's limit."""
    if agent.id == principal_account.person_id and org is None:
        raise refuse("mandate_self", _("You cannot authorise yourself."), 400)
    org_id = org.id if org else None
    same = select(func.count()).select_from(Mandate).where(
        Mandate.principal_account_id == principal_account.id, Mandate.agent_person_id == agent.id,
        Mandate.status.in_(OPEN), Mandate.kind != "assisted",
        Mandate.principal_org_id == org_id if org_id else Mandate.principal_org_id.is_(None))
    if db.session.scalar(same):
        raise refuse("mandate_duplicate", _("This person already has an authorisation from you, in force or "
                                            "waiting. Revoke it first to change it."))
    if org is None and agent.account is not None:
        back = select(func.count()).select_from(Mandate).where(
            Mandate.principal_account_id == agent.account.id, Mandate.agent_person_id == principal_account.person_id,
            Mandate.principal_org_id.is_(None), Mandate.status.in_(OPEN), Mandate.kind != "assisted")
        if db.session.scalar(back):
            raise refuse("mandate_loop", _("This person already acts for you the other way round: an authorisation "
                                           "cannot go in a loop."))
    limit = setting("mandate_max_principals", 6)
    serving = db.session.scalar(select(func.count(func.distinct(Mandate.principal_account_id))).where(
        Mandate.agent_person_id == agent.id, Mandate.status.in_(OPEN), Mandate.kind != "assisted"))
    if (serving or 0) >= limit:
        raise refuse("mandate_limit", _("One person may act for at most %(n)d people or enterprises; this agent "
                                        "already does.", n=limit))


def build(*, principal: Person | None, org: Organisation | None, agent: Person, data: dict[str, Any],
          consent: str, status: str, awaiting: str | None, requested_by: str) -> Mandate:
    principal_account = (org.legal_rep.account if org and org.legal_rep else principal.account if principal
                         else None)
    if principal_account is None:
        raise people.invalid("principal", _("The person you act for needs a Tongban account first."))
    if agent.assurance not in {"L2", "L3"}:
        raise refuse("mandate_agent_level", _("The agent must have their real name verified (level L2) first."),
                     403)
    check_new(principal_account, org, agent)
    start, until = _term(data)
    kind, items = _scope(data)
    mandate = Mandate(public_id=new_public_id(), principal_person_id=principal.id if principal else None,
                      principal_org_id=org.id if org else None, principal_account_id=principal_account.id,
                      agent_person_id=agent.id, kind=data["kind"], scope=kind, scope_items=items,
                      permissions=_permissions(data), valid_from=start, valid_until=until, status=status,
                      awaiting=awaiting, consent=consent, requested_by=requested_by, note=data.get("note") or "",
                      activated_at=utcnow() if status == "active" else None)
    db.session.add(mandate)
    db.session.flush()
    audit.record("mandate.create", actor=requested_by, object_type="mandate", object_id=mandate.public_id,
                 data={"kind": mandate.kind, "consent": consent, "scope": kind, "permissions": mandate.permissions})
    return mandate


def get(public_id: str) -> Mandate:
    from tongban.mandates.acting import PUBLIC_ID

    mandate = db.session.scalars(select(Mandate).where(Mandate.public_id == public_id)).first() \
        if PUBLIC_ID.match(public_id) else None
    if mandate is None:
        raise NotFound(_("No authorisation has this number."))
    return mandate


def visible(public_id: str) -> tuple[Mandate, str]:
    """The mandate and how the actor stands to it (policy.mandate_role), if they may see it (else 404)."""
    actor = policy.current_actor()
    if actor.account is None:
        raise Problem(401, "unauthenticated", _("Please sign in first."))
    mandate = get(public_id)
    policy.require("mandate.view", mandate, region=home_region(), hide=True,
                   detail=_("No authorisation has this number."))
    role = policy.mandate_role(actor, mandate, region=home_region())
    assert role is not None
    return mandate, role


def home_region() -> str:
    """Guardianship documents are reviewed in the home city (the platform's region)."""
    from tongban.directory.models import Region

    return db.session.scalars(select(Region.code).where(Region.role == "home-city")).first() or "341200"


def mine() -> dict[str, list[Mandate]]:
    actor = signed_in()
    assert actor.account is not None
    orgs = select(Organisation.id).where(Organisation.legal_rep_id == actor.account.person_id)
    as_principal = db.session.scalars(select(Mandate).where(
        or_(Mandate.principal_account_id == actor.account.id, Mandate.principal_org_id.in_(orgs)),
        Mandate.kind != "assisted").order_by(Mandate.created_at.desc(), Mandate.id.desc())).unique().all()
    as_agent = db.session.scalars(select(Mandate).where(
        Mandate.agent_person_id == actor.account.person_id, Mandate.kind != "assisted")
        .order_by(Mandate.created_at.desc(), Mandate.id.desc())).unique().all()
    return {"as_principal": list(as_principal), "as_agent": list(as_agent)}


def activity(page: int, per_page: int) -> tuple[list[MandateAct], int]:
    """What agents did in my name, newest first."""
    actor = signed_in()
    assert actor.account is not None
    stmt = select(MandateAct).where(MandateAct.principal_account_id == actor.account.id)
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = db.session.scalars(stmt.order_by(MandateAct.at.desc(), MandateAct.id.desc())
                              .limit(per_page).offset((page - 1) * per_page)).all()
    return list(rows), total


def pending_review() -> list[Mandate]:
    policy.require("mandate.review", region=home_region())
    return list(db.session.scalars(select(Mandate).where(Mandate.status == "pending", Mandate.awaiting == "reviewer")
                                   .order_by(Mandate.created_at)).unique())

