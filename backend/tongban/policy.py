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

Staff powers need a staff session: signed in with a passkey and user verification (amr hwk+user).
An object outside the actor's reach is reported as 404 (its existence is not revealed); an action
the actor's role never allows is 403; no sign-in is 401.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from flask import g
from flask_babel import gettext as _
from sqlalchemy import select

from tongban.core.errors import NotFound, Problem
from tongban.directory.models import Region
from tongban.extensions import db
from tongban.identity import sessions
from tongban.identity.models import Account, StaffPost


@dataclass(frozen=True)
class Actor:
    account: Account | None = None
    posts: tuple[StaffPost, ...] = field(default_factory=tuple)  # only with a staff-strength session

    @property
    def label(self) -> str:
        return f"account:{self.account.id}" if self.account else "anonymous"

    def roles(self) -> set[str]:
        return {p.role for p in self.posts}


def current_actor() -> Actor:
    if "tb_actor" not in g:
        sess = sessions.current()
        if sess is None:
            g.tb_actor = Actor()
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


def may(actor: Actor, action: str, obj: object = None, *, region: str | None = None) -> bool:
    roles = actor.roles()
    if action == "account.self":
        return actor.account is not None and (obj is None or obj == actor.account.id)
    if action == "organisation.register":
        person = actor.account.person if actor.account else None
        return person is not None and person.assurance in {"L2", "L3"} and bool(person.id_number)
    if action == "staff.workbench":
        return bool(actor.posts)
    if action in {"staff.manage", "oauth.manage"}:
        return "admin" in roles
    if action == "audit.view":
        return bool(roles & {"supervisor", "admin"})
    if action in {"catalogue.edit", "list.publish"}:
        return "admin" in roles or (region is not None and _posts_over(actor, region, {"supervisor"}))
    if action == "staff.view":
        return _posts_over(actor, region, {"clerk", "reviewer", "supervisor", "admin"})
    if action == "person.verify":
        return _posts_over(actor, region, {"clerk"})
    return False


def require(action: str, obj: object = None, *, region: str | None = None, hide: bool = False,
            detail: str | None = None) -> Actor:
    """Allow or raise: 401 without sign-in, 404 for objects out of reach (hide=True), else 403 (with
    `detail` when the refusal can say how to get the right, e.g. "complete the real-name check")."""
    actor = current_actor()
    if may(actor, action, obj, region=region):
        return actor
    if actor.account is None:
        raise Problem(401, "unauthenticated", _("Please sign in first."))
    if hide:
        raise NotFound(detail)
    raise Problem(403, "forbidden", detail or _("You are not allowed to do this."))


def reset_cache() -> None:
    _parents.cache_clear()
