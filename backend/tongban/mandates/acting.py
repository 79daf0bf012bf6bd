"""Acting for someone: the `Acting-For: <mandate id>` header names the mandate on every request an
agent makes for a principal. It is checked once per request (policy.current_actor): the mandate must
exist, name the signed-in person as its agent, and be in force now; otherwise 403 says which, and
nothing is done. Whether the mandate covers the object and the action is the policy's question; the
words for its refusals come from here.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from flask import has_request_context, request
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import lazyload

from tongban.core.errors import Problem
from tongban.extensions import db
from tongban.identity.models import Account
from tongban.mandates import scope
from tongban.mandates.models import Mandate, MandateAct

if TYPE_CHECKING:
    from tongban.policy import Actor

HEADER = "Acting-For"
PUBLIC_ID = re.compile(r"^MD[0-9A-Z]{10}$")


def requested() -> str | None:
    if not has_request_context():
        return None
    value = request.headers.get(HEADER)
    return value.strip() if value is not None else None


def resolve(account: Account, value: str) -> Mandate:
    """The mandate named in the header, if this account may act under it now; else a 403 saying why."""
    mandate = None
    if PUBLIC_ID.match(value):  # one indexed row; the people it names load only if a view needs them
        mandate = db.session.scalars(select(Mandate).where(Mandate.public_id == value).options(
            lazyload(Mandate.principal_person), lazyload(Mandate.principal_org), lazyload(Mandate.agent))).first()
    if mandate is None or mandate.agent_person_id != account.person_id:
        raise Problem(403, "mandate_unknown", _("You hold no authorisation with this number. Choose the person "
                                                "again under “Acting for family”."))
    refusal = scope.validity_refusal(mandate)
    if refusal is not None:
        raise Problem(403, *refusal)
    return mandate


def refusal(actor: Actor, action: str, obj: Any) -> tuple[str, str] | None:
    """Why the acting actor may not do `action` to `obj`, when the object is the principal's (else None,
    and the caller answers as for anyone else: 404 for another person's case)."""
    from tongban.cases.models import Case
    from tongban.catalogue.models import Matter
    from tongban.licences.models import Licence

    mandate = actor.mandate
    permission = scope.PERMISSION_FOR.get(action)
    if mandate is None or permission is None:
        return None
    if isinstance(obj, Licence):
        return _licence_refusal(mandate, action, obj)
    if isinstance(obj, Case):
        if not principal_owns(mandate, obj):
            return None
        matter = obj.matter
        if mandate.kind == "assisted" and obj.mandate_id != mandate.id:
            return None
    elif isinstance(obj, Matter):
        matter = obj
    else:
        return "mandate_scope", _("Applying for someone else is not possible here. Apply for each service on "
                                  "its own.")
    if mandate.kind != "assisted" and not scope.covers(mandate, matter):
        return "mandate_scope", scope.scope_refusal(mandate, matter)
    if permission not in mandate.permissions:
        return "mandate_permission", scope.permission_refusal(permission)
    if action == "case.apply":
        return "mandate_level", _("The person you act for needs a higher level of identity check for this "
                                  "service; they can be verified at a service window.")
    return None


def _licence_refusal(mandate: Mandate, action: str, licence: Any) -> tuple[str, str] | None:
    if licence.holder_account_id != mandate.principal_account_id or licence.holder_org_id != mandate.principal_org_id:
        return None
    if not covers_licence(mandate, licence):
        return "mandate_scope", _("This authorisation does not cover this licence.")
    needed = ("view", "sign") if action == "licence.present" else ("view",)
    missing = next((p for p in needed if p not in mandate.permissions), None)
    return ("mandate_permission", scope.permission_refusal(missing)) if missing else None


def principal_owns(mandate: Mandate, case: Any) -> bool:
    return bool(case.applicant_account_id == mandate.principal_account_id
                and case.organisation_id == mandate.principal_org_id)


def allows(mandate: Mandate, action: str, case: Any) -> bool:
    """The policy's test for a case: the principal's, in scope, with the permission the action needs."""
    permission = scope.PERMISSION_FOR.get(action)
    return permission is not None and permission in mandate.permissions and covers_case(mandate, case)


def covers_licence(mandate: Mandate, licence: Any) -> bool:
    """The principal's licence (the enterprise's, for an enterprise mandate), in the mandate's scope: all
    of them, or those whose sector is a category it names. A 帮办 helper sees none."""
    from tongban.licences import types

    if licence.holder_account_id != mandate.principal_account_id or licence.holder_org_id != mandate.principal_org_id:
        return False
    if mandate.kind == "assisted" or mandate.scope == "matters":
        return False
    return mandate.scope == "all" or types.SECTOR.get(licence.type_code) in mandate.scope_items


def allows_licence(mandate: Mandate, action: str, licence: Any) -> bool:
    needed = {"licence.view": ("view",), "licence.present": ("view", "sign")}.get(action)
    return needed is not None and all(p in mandate.permissions for p in needed) and covers_licence(mandate, licence)


def covers_case(mandate: Mandate, case: Any) -> bool:
    if not principal_owns(mandate, case):
        return False
    if mandate.kind == "assisted":  # a helper sees only what they drafted in the session
        return bool(case.mandate_id == mandate.id)
    return scope.covers(mandate, case.matter)


def note(mandate: Mandate, action: str, object_id: str) -> None:
    """Put an action on the principal's activity list (in the caller's transaction)."""
    db.session.add(MandateAct(mandate_id=mandate.id, principal_account_id=mandate.principal_account_id,
                              action=action, object_id=object_id))


def label(mandate: Mandate | None) -> str | None:
    return f"mandate:{mandate.public_id}" if mandate is not None else None


def allows_matter(mandate: Mandate, matter: Any) -> bool:
    """May start an application for this matter for the principal."""
    return "apply" in mandate.permissions and (mandate.kind == "assisted" or scope.covers(mandate, matter))


def validity_ok(mandate: Mandate) -> bool:
    return scope.validity_refusal(mandate) is None


def receiving_agents(case: Any) -> list[tuple[int, str]]:
    """(account, principal's name) of each agent whose mandate is in force, covers this case and has
    the `receive` permission: they get a copy of the case's notices."""
    found = []
    for m in db.session.scalars(select(Mandate).where(Mandate.principal_account_id == case.applicant_account_id,
                                                      Mandate.status == "active")):
        if validity_ok(m) and "receive" in m.permissions and covers_case(m, case) and m.agent.account is not None:
            who = m.principal_org.name if m.principal_org else (m.principal_person.name if m.principal_person else "")
            found.append((m.agent.account.id, who))
    return found
