"""The staff queue, nearest the time limit first, with 预警/超期 flags from the working-day calendar.

Reviewers (and supervisors) see the cases of the departments they handle or oversee, a joint case's
parts included, once the cases reached them (forwarded, when received at a window); clerks see the
cases received at the windows of their jurisdiction: by default those waiting for them, to be
forwarded (received) or handed over at the window (delivering, for pick-up)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, and_, false, func, not_, or_, select

from tongban import policy
from tongban.cases import deadlines
from tongban.cases.models import OPEN_STATUSES, Case
from tongban.cases.modes_models import CasePart, CaseReception
from tongban.catalogue.models import Matter
from tongban.core.pagination import Page
from tongban.directory.models import Department, Region
from tongban.extensions import db

ACTIVE = OPEN_STATUSES
VISIBLE = (*ACTIVE, "received", "approved", "denied", "completed", "not_accepted", "withdrawn")  # never drafts


def _departments(actor: policy.Actor) -> list[int]:
    return [d.id for d in db.session.scalars(select(Department)) if policy.may(actor, "case.department", d)]


def _window_regions(actor: policy.Actor) -> list[str]:
    """Regions whose windows this actor receives at: read from the small regions table (a DISTINCT over
    every reception cost ~10 ms at a million cases), and only for an actor with a clerk's post."""
    if not policy.may(actor, "case.receive"):  # no clerk's post: no windows to ask about
        return []
    return [r for r in db.session.scalars(select(Region.code)) if policy.may(actor, "case.receive", r)]


def _scope(actor: policy.Actor, status: str | None) -> ColumnElement[bool]:
    clauses: list[ColumnElement[bool]] = []
    departments = _departments(actor)
    if departments:
        handled = or_(Case.department_id.in_(departments),
                      Case.id.in_(select(CasePart.case_id).where(CasePart.department_id.in_(departments))))
        at_window = Case.id.in_(select(CaseReception.case_id).where(CaseReception.forwarded_at.is_(None)))
        reached = and_(handled, not_(at_window))
        clauses.append(reached if status else and_(reached, Case.status.in_(ACTIVE)))
    regions = _window_regions(actor)
    if regions:
        waiting = or_(Case.status == "received", and_(Case.status == "delivering", Case.delivery == "pickup"))
        received = Case.id.in_(select(CaseReception.case_id).where(CaseReception.region_code.in_(regions)))
        clauses.append(received if status else and_(received, waiting))
    return or_(*clauses) if clauses else false()


def _filtered(actor: policy.Actor, filters: dict[str, Any]) -> Select[Any]:
    status = filters.get("status")
    stmt = select(Case).where(_scope(actor, status), Case.status != "draft")
    if status:
        stmt = stmt.where(Case.status == status)
    if filters.get("matter"):
        stmt = stmt.join(Matter, Case.matter_id == Matter.id).where(Matter.code == filters["matter"])
    overdue = and_(Case.status.in_(deadlines.RUNNING), Case.due_date < deadlines.today())
    if filters.get("overdue") is True:
        stmt = stmt.where(overdue)
    elif filters.get("overdue") is False:
        stmt = stmt.where(not_(overdue) | Case.due_date.is_(None))
    return stmt


def queue(filters: dict[str, Any], page: int, per_page: int) -> Page:
    actor = policy.require("case.queue")
    stmt = _filtered(actor, filters)
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    # NULLS LAST is PostgreSQL's own order for an ascending index: the open-cases index serves the page.
    nearest = stmt.order_by(Case.due_date.asc().nulls_last(), Case.submitted_at, Case.id)
    rows = db.session.scalars(nearest.limit(per_page).offset((page - 1) * per_page)).all()
    return Page(list(rows), page, per_page, total)
