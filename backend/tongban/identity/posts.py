"""Staff posts: who holds which role, at which unit, over which region. Every change is audited.

A post is checked against the directory before it exists: the unit exists, the role fits the kind
of unit (a clerk sits at a window, a reviewer in a department, an admin on the platform), and the
jurisdiction is a known region that contains the unit. Duplicates are refused, and the last active
administrator post cannot be ended, so the platform can never lock itself out.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, select

from tongban import policy
from tongban.audit import service as audit
from tongban.core.errors import NotFound, Problem
from tongban.directory import service as directory
from tongban.extensions import db
from tongban.identity.models import Account, StaffPost

PLATFORM_CODE = "TONGBAN"  # the one platform unit
UNIT_TYPES = {"clerk": ("window",), "reviewer": ("department",), "supervisor": ("department", "centre"),
              "admin": ("platform",)}


def _invalid(field: str, message: str) -> Problem:
    return Problem(400, "validation_error", _("Check the fields named in errors."), errors={field: [message]})


def _unit_region(unit_type: str, unit_code: str) -> str | None:
    """The region the unit lies in (None for the platform), or a 400 naming unit_code."""
    if unit_type == "platform":
        if unit_code != PLATFORM_CODE:
            raise _invalid("unit_code", _("The platform's unit code is %(code)s.", code=PLATFORM_CODE))
        return None
    if unit_type == "window":
        window = directory.window_by_code(unit_code)
        if window is None:
            raise _invalid("unit_code", _("No such window."))
        return window.centre.region_code
    if unit_type == "department":
        department = directory.department_by_code(unit_code)
        if department is None:
            raise _invalid("unit_code", _("No such department."))
        return department.region_code
    centre = directory.centre_by_code(unit_code)
    if centre is None:
        raise _invalid("unit_code", _("No such centre."))
    return centre.region_code


def posts_visible() -> list[StaffPost]:
    actor = policy.require("staff.workbench")
    rows = db.session.scalars(select(StaffPost).where(StaffPost.active.is_(True)).order_by(StaffPost.id))
    return [p for p in rows if policy.may(actor, "staff.view", region=p.jurisdiction)]


def get_post(post_id: int) -> StaffPost:
    post = db.session.get(StaffPost, post_id)
    if post is None:
        raise NotFound()
    policy.require("staff.view", region=post.jurisdiction, hide=True)
    return post


def grant_post(account_id: int, role: str, unit_type: str, unit_code: str, jurisdiction: str) -> StaffPost:
    actor = policy.require("staff.manage")
    if unit_type not in UNIT_TYPES[role]:
        raise _invalid("unit_type", _("The role does not fit this kind of unit: a clerk works at a window, a "
                                      "reviewer in a department, a supervisor in a department or centre, an "
                                      "administrator on the platform."))
    account = db.session.get(Account, account_id)
    if account is None or account.disabled:
        raise _invalid("account_id", _("No such account."))
    if not directory.region_exists(jurisdiction):
        raise _invalid("jurisdiction", _("No such region."))
    region = _unit_region(unit_type, unit_code)
    if region is not None and not policy.region_within(region, jurisdiction):
        raise _invalid("jurisdiction", _("The jurisdiction must contain the unit's region (%(region)s).",
                                         region=region))
    same = select(StaffPost).where(StaffPost.account_id == account_id, StaffPost.role == role,
                                   StaffPost.unit_type == unit_type, StaffPost.unit_code == unit_code,
                                   StaffPost.active.is_(True))
    if db.session.scalars(same).first() is not None:
        raise Problem(409, "conflict", _("This account already holds this post."))
    post = StaffPost(account=account, role=role, unit_type=unit_type, unit_code=unit_code, jurisdiction=jurisdiction)
    db.session.add(post)
    db.session.flush()
    audit.record("role.grant", actor=actor.label, object_type="staff_post", object_id=post.id,
                 data={"account": account_id, "role": role, "unit": f"{unit_type}:{unit_code}",
                       "jurisdiction": jurisdiction})
    return post


def revoke_post(post_id: int) -> StaffPost:
    actor = policy.require("staff.manage")
    post = db.session.get(StaffPost, post_id)
    if post is None:
        raise NotFound()
    if not post.active:
        raise Problem(409, "conflict", _("This post has already ended."))
    if post.role == "admin":
        admins = db.session.scalar(select(func.count()).select_from(StaffPost).join(Account)
                                   .where(StaffPost.role == "admin", StaffPost.active.is_(True),
                                          Account.disabled.is_(False)))
        if (admins or 0) <= 1:
            raise Problem(409, "conflict", _("The last administrator post cannot be ended: "
                                             "give another person an administrator post first."))
    post.active = False
    audit.record("role.revoke", actor=actor.label, object_type="staff_post", object_id=post.id)
    return post


def holders(role: str, unit_type: str, unit_code: str) -> list[int]:
    """Accounts holding an active post of this role at this unit (whom a unit's notices go to)."""
    return list(db.session.scalars(select(StaffPost.account_id).where(
        StaffPost.role == role, StaffPost.unit_type == unit_type, StaffPost.unit_code == unit_code,
        StaffPost.active.is_(True)).distinct().order_by(StaffPost.account_id)))
