"""The one authorisation policy: may this actor do this action to this object?

Every route asks here (through `require`); nothing else decides. Rules, in one table:

| action                 | who                                                                    |
|------------------------|------------------------------------------------------------------------|
| account.self           | any signed-in person, on their own account and what it owns (passkeys, |
|                        | sessions, ceremonies it started)                                       |
| organisation.register  | a person verified to L2 or L3 (real name known)                        |
| staff.workbench        | any active staff post, in a staff session                              |
| catalogue.edit         | admin; supervisor whose jurisdiction contains the department's region |
| list.publish           | admin; supervisor whose jurisdiction contains the list's region        |
| staff.view             | any staff post whose jurisdiction contains the object's region         |
| person.verify          | clerk whose window is in a jurisdiction containing the window's region |
| staff.manage           | admin                                                                  |
| oauth.manage           | admin                                                                  |
| audit.view             | supervisor or admin                                                    |
| jobs.view              | supervisor or admin (the background-job ledger, failed jobs)           |
| jobs.manage            | admin (send a failed job round again)                                  |
| case.apply             | a signed-in person whose level of assurance meets the matter's         |
| case.own               | the case's applicant (drafts, uploads, submit, withdraw, supplement);  |
|                        | a case opened at a window is the receiving clerk's until received      |
| case.view              | the applicant; the receiving clerk; once the case reached the          |
|                        | departments (submitted online, or forwarded from the window), the      |
|                        | handling department's reviewer, a joint part's reviewer, a supervisor  |
| case.receive           | clerk whose jurisdiction contains the receiving window's region (open  |
|                        | a case there, receive, forward; obj: a region code or a case)          |
| case.handle            | reviewer posted at the handling department, once the case reached it   |
| case.part              | reviewer posted at a joint part's department, once the case reached it |
| case.deliver           | the receiving clerk for a pick-up at the window, else as case.handle   |
| case.file              | the applicant, the receiving clerk, a reviewer of the case or a part   |
| case.queue             | any clerk, reviewer or supervisor post, in a staff session             |
| case.department        | its reviewer (as case.handle), or a supervisor over its region: whose  |
|                        | cases the queue lists                                                  |
| holiday.manage         | admin (the yearly working-day schedule)                                |
| case.archive           | staff who may see a case that reached the departments (its reviewer, a |
|                        | part's reviewer, a supervisor over it): the sealed e-archive record    |
| case.rate              | the case's applicant (好差评, once the case is completed)               |
| rectification.list     | any supervisor post: the bad reviews to follow up (整改)               |
| rectification.view     | supervisor whose jurisdiction contains the rated unit's region         |
| case.pay               | the applicant (fees of their case)                                     |
| licence.view           | the holder (a person; an enterprise's legal representative); an agent  |
|                        | whose mandate covers it (view)                                         |
| licence.present        | as licence.view, and an agent needs `sign` too (亮证 in their name)     |
| licence.verify         | any staff post, in a staff session (OAuth clients: scope licence:verify)|
| licence.manage         | admin (import, suspend, revoke licences; the trust list)               |
| mandate.review         | supervisor, or a reviewer at a civil-affairs (MZ) department, over the |
|                        | region: guardianship documents                                         |
| mandate.witness        | clerk whose jurisdiction contains the window's region (in-person       |
|                        | mandates; revocation at the window)                                    |
| mandate.view           | its principal (an enterprise's legal representative), its agent, the   |
|                        | clerk who witnessed it; a guardianship: also mandate.review over the   |
|                        | home city. `mandate_role` says which; what each may answer is consent's|
| assist.witness         | the clerk who joined the 帮办 session, in a staff session (records the   |
|                        | resident's confirmation in person)                                     |

Acting for someone (mandates slice): a request that names a mandate in `Acting-For` is checked once,
when the actor is built (the mandate must be the signed-in person's and in force, else 403 that says
why). While acting, staff posts do not count; the agent has the applicant's rights over the
principal's cases that the mandate covers, each right needing its permission (mandates/scope.py), and
a refusal of a principal's case says which of scope or permission was missing.

Staff powers need a staff session: signed in with a passkey and user verification (amr hwk+user).
An object outside the actor's reach is reported as 404 (its existence is not revealed); an action
the actor's role never allows is 403; no sign-in is 401.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from flask import g
from flask_babel import gettext as _
from sqlalchemy import select

from tongban.core.errors import NotFound, Problem
from tongban.directory.models import Department, Region
from tongban.extensions import db
from tongban.identity import sessions
from tongban.identity.models import Account, StaffPost
from tongban.mandates import acting
from tongban.mandates.models import Mandate


@dataclass(frozen=True)
class Actor:
    account: Account | None = None
    posts: tuple[StaffPost, ...] = field(default_factory=tuple)  # only with a staff-strength session
    mandate: Mandate | None = None  # the mandate named in Acting-For, checked to be in force

    @property
    def label(self) -> str:
        return f"account:{self.account.id}" if self.account else "anonymous"

    @property
    def acting_for(self) -> str | None:
        return acting.label(self.mandate)

    def roles(self) -> set[str]:
        return {p.role for p in self.posts}


def holds_staff_post(account: Account) -> bool:
    """May sign in as staff (and gets a staff session's shorter lifetime): an account with an active post."""
    return any(p.active for p in account.posts)


def current_actor() -> Actor:
    if "tb_actor" not in g:
        sess = sessions.current()
        if sess is None:
            g.tb_actor = Actor()
        elif (named := acting.requested()) is not None:
            g.tb_actor = Actor(sess.account, (), acting.resolve(sess.account, named))
        else:
            strong = {"hwk", "user"} <= set(sess.amr)  # passkey with user verification
            posts = tuple(p for p in sess.account.posts if p.active) if strong else ()
            g.tb_actor = Actor(sess.account, posts)
    return g.tb_actor


@cache
def _parents() -> dict[str, str | None]:
    return {r.code: r.parent_code for r in db.session.scalars(select(Region))}


def region_within(region: str | None, jurisdiction: str) -> bool:
    """True when `region` is `jurisdiction` or lies inside it (GB/T 2260 parent chain)."""
    parents = _parents()
    seen = 0
    while region is not None and seen < 10:
        if region == jurisdiction:
            return True
        region, seen = parents.get(region), seen + 1
    return False


def _posts_over(actor: Actor, region: str | None, roles: set[str]) -> bool:
    return any(p.role in roles and region_within(region, p.jurisdiction) for p in actor.posts)


LEVELS = {"L1": 1, "L2": 2, "L3": 3}


def _reviews(actor: Actor, dept: Department) -> bool:
    """A reviewer posted at this department, whose jurisdiction contains the department's region."""
    return any(p.role == "reviewer" and p.unit_type == "department" and p.unit_code == dept.code
               and region_within(dept.region_code, p.jurisdiction) for p in actor.posts)


def _reached(case: Any) -> bool:
    """Submitted online, or forwarded by the window that received it: departments see it from then."""
    return bool(case.status != "draft" and (case.reception is None or case.reception.forwarded_at is not None))


def _receives(actor: Actor, obj: object) -> bool:
    """A clerk over the receiving place's region (obj: a region code, a case, or None for any clerk)."""
    if obj is None or isinstance(obj, str):
        return _posts_over(actor, obj, {"clerk"}) if obj else "clerk" in actor.roles()
    reception = getattr(obj, "reception", None)
    return reception is not None and _posts_over(actor, reception.region_code, {"clerk"})


def _may_apply(actor: Actor, obj: object) -> bool:
    """`obj`: the matter (or, for a bundle, the level it needs). An agent applies with the principal's
    level, for a matter the mandate covers."""
    from tongban.catalogue.models import Matter

    level = obj.min_assurance if isinstance(obj, Matter) else str(obj)
    person = actor.account.person if actor.account else None
    if actor.mandate is not None:
        person = actor.mandate.principal_account.person
        if not isinstance(obj, Matter) or not acting.allows_matter(actor.mandate, obj):
            return False
    return person is not None and LEVELS.get(person.assurance, 0) >= LEVELS.get(level, 9)


def _may_not_case(actor: Actor, action: str, obj: object) -> bool:
    from tongban.cases.modes_models import CasePart

    if action == "case.apply":
        return _may_apply(actor, obj)
    if action == "case.queue":
        return bool(actor.roles() & {"clerk", "reviewer", "supervisor"})
    if action == "case.department":
        return isinstance(obj, Department) and (
            _reviews(actor, obj) or _posts_over(actor, obj.region_code, {"supervisor"}))
    if action == "case.part":
        return isinstance(obj, CasePart) and _reached(obj.case) and _reviews(actor, obj.department)
    if action == "case.receive":
        return _receives(actor, obj)
    return False


def _may_case(actor: Actor, action: str, obj: object) -> bool:
    """Cases: `obj` is the level a matter needs (case.apply), a Department (case.department), a region
    code (case.receive at a window), a joint case's part (case.part) or a Case."""
    from tongban.cases.models import Case

    if not isinstance(obj, Case) or action == "case.apply":
        return _may_not_case(actor, action, obj)
    if actor.mandate is not None:  # an agent has the applicant's rights the mandate gives, nothing else
        window_draft = obj.reception is not None and obj.status == "draft"  # the clerk's until received
        return not (action == "case.own" and window_draft) and acting.allows(actor.mandate, action, obj)
    applicant = actor.account is not None and obj.applicant_account_id == actor.account.id
    receives = _receives(actor, obj)
    own = receives if obj.reception is not None and obj.status == "draft" else applicant  # drafts: one owner
    reached = _reached(obj)
    handles = reached and _reviews(actor, obj.department)
    in_part = reached and any(_reviews(actor, p.department) for p in obj.parts)
    if action == "case.view":
        return own or receives or handles or in_part or (
            reached and _posts_over(actor, obj.department.region_code, {"supervisor"}))
    if action == "case.deliver":
        return receives if obj.reception is not None and obj.delivery == "pickup" else handles
    if action == "case.archive":  # staff who may see the case, once it reached the departments
        return handles or in_part or (reached and _posts_over(actor, obj.department.region_code, {"supervisor"}))
    return {"case.own": own, "case.handle": handles, "case.receive": receives, "case.rate": applicant,
            "case.pay": own,
            "case.file": own or receives or handles or in_part}.get(action, False)


def _may_licence(actor: Actor, action: str, obj: object) -> bool:
    """Licences: the holder (a person, or the enterprise's legal representative) sees and shows them; an
    agent those the mandate covers; any staff post in a staff session verifies presentations."""
    from tongban.licences.models import Licence

    if action == "licence.verify":
        return bool(actor.posts)
    if action == "licence.manage":
        return "admin" in actor.roles()
    if not isinstance(obj, Licence) or actor.account is None:
        return False
    if actor.mandate is not None:
        return acting.allows_licence(actor.mandate, action, obj)
    holder = obj.holder_account_id == actor.account.id or obj.holder_person_id == actor.account.person_id
    return holder and action in {"licence.view", "licence.present"}


def may(actor: Actor, action: str, obj: object = None, *, region: str | None = None) -> bool:
    if action.startswith("case."):
        return _may_case(actor, action, obj)
    if action.startswith("licence."):
        return _may_licence(actor, action, obj)
    roles = actor.roles()
    if action == "account.self":
        return actor.account is not None and (obj is None or obj == actor.account.id)
    if action == "organisation.register":
        person = actor.account.person if actor.account else None
        return person is not None and person.assurance in {"L2", "L3"} and bool(person.id_number)
    if action == "staff.workbench":
        return bool(actor.posts)
    if action in BY_ROLE:
        return bool(roles & BY_ROLE[action])
    if action in {"catalogue.edit", "list.publish"}:
        return "admin" in roles or (region is not None and _posts_over(actor, region, {"supervisor"}))
    if action in BY_JURISDICTION:
        return _posts_over(actor, region, BY_JURISDICTION[action])
    if action.startswith(("mandate.", "assist.")):
        return _may_mandate(actor, action, obj, region)
    return False


def _may_mandate(actor: Actor, action: str, obj: object, region: str | None) -> bool:
    if action == "mandate.review":
        return _posts_over(actor, region, {"supervisor"}) or any(
            p.role == "reviewer" and p.unit_code.endswith("-MZ") and region_within(region, p.jurisdiction)
            for p in actor.posts)
    if action == "mandate.view":
        return mandate_role(actor, obj, region=region) is not None
    if action == "assist.witness":
        return actor.account is not None and getattr(obj, "helper_account_id", None) == actor.account.id \
            and "clerk" in actor.roles()
    return False


def mandate_role(actor: Actor, mandate: Any, *, region: str | None) -> str | None:
    """How the actor stands to a mandate: principal, agent, witness (the clerk who recorded it), reviewer
    (of a guardianship, `region` being the home city), or None (it is not theirs to see)."""
    if actor.account is None or mandate is None:
        return None
    if mandate.principal_account_id == actor.account.id:
        return "principal"
    if mandate.agent_person_id == actor.account.person_id:
        return "agent"
    if mandate.witness and mandate.witness == actor.label and "clerk" in actor.roles():
        return "witness"
    if mandate.kind == "guardian" and may(actor, "mandate.review", region=region):
        return "reviewer"
    return None


BY_ROLE: dict[str, set[str]] = {  # a post of one of these roles, wherever it is
    "staff.manage": {"admin"}, "oauth.manage": {"admin"}, "holiday.manage": {"admin"}, "jobs.manage": {"admin"},
    "audit.view": {"supervisor", "admin"}, "jobs.view": {"supervisor", "admin"}, "rectification.list": {"supervisor"},
}
BY_JURISDICTION: dict[str, set[str]] = {  # a post of one of these roles whose jurisdiction contains `region`
    "staff.view": {"clerk", "reviewer", "supervisor", "admin"}, "person.verify": {"clerk"},
    "mandate.witness": {"clerk"},
    "rectification.view": {"supervisor"},
}


def require(action: str, obj: object = None, *, region: str | None = None, hide: bool = False,
            detail: str | None = None) -> Actor:
    """Allow or raise: 401 without sign-in, 404 for objects out of reach (hide=True), else 403 (with
    `detail` when the refusal can say how to get the right, e.g. "complete the real-name check")."""
    actor = current_actor()
    if may(actor, action, obj, region=region):
        return actor
    if actor.account is None:
        raise Problem(401, "unauthenticated", _("Please sign in first."))
    if actor.mandate is not None and (reason := acting.refusal(actor, action, obj)) is not None:
        raise Problem(403, *reason)  # the principal's object: say what the mandate lacks
    if hide:
        raise NotFound(detail)
    raise Problem(403, "forbidden", detail or _("You are not allowed to do this."))


def reset_cache() -> None:
    _parents.cache_clear()
