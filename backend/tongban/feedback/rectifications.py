"""Rectification (整改) of bad reviews: "谁办理、谁负责" — the handling department for a case, the
window's service centre for a visit — with a due date in working days (TONGBAN_RECTIFY_DAYS, default
5: no national number exists, local rules use 5 or 15; reference/cn-egov-facts.md §3). Supervisors
see those in their jurisdiction."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import current_app
from sqlalchemy import func, select

from tongban import policy
from tongban.cases import deadlines
from tongban.cases.models import Case
from tongban.core.pagination import Page
from tongban.directory.models import Region, Window
from tongban.extensions import db
from tongban.feedback.models import CaseRating, Rectification, WindowRating


def days() -> int:
    return int(current_app.config["TONGBAN"].extra.get("rectify_days") or 5)


def _due() -> date:
    today = deadlines.today()
    return deadlines.calendar().deadline(today, days(), today=today).due


def open_for_case(rating: CaseRating, case: Case) -> Rectification:
    row = Rectification(source="case", case_rating_id=rating.id, case_number=case.number,
                        unit_code=case.department.code,
                        unit_name=case.department.name, region_code=case.department.region_code, level=rating.level,
                        status="open", due_date=_due())
    db.session.add(row)
    db.session.flush()
    return row


def open_for_window(rating: WindowRating, window: Window) -> Rectification:
    row = Rectification(source="window", window_rating_id=rating.id, unit_code=window.code,
                        unit_name=window.full_name, region_code=window.centre.region_code,
                        level=rating.level, status="open", due_date=_due())
    db.session.add(row)
    db.session.flush()
    return row


def _regions(actor: policy.Actor) -> list[str]:
    return [code for code in db.session.scalars(select(Region.code))
            if policy.may(actor, "rectification.view", region=code)]


def listing(status: str | None, page: int, per_page: int) -> Page:
    actor = policy.require("rectification.list")
    stmt = select(Rectification).where(Rectification.region_code.in_(_regions(actor)))
    if status:
        stmt = stmt.where(Rectification.status == status)
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = db.session.scalars(stmt.order_by(Rectification.due_date, Rectification.id)
                              .limit(per_page).offset((page - 1) * per_page)).all()
    return Page(list(rows), page, per_page, total)


def view(row: Rectification) -> dict[str, Any]:
    from tongban.feedback import service

    rating = db.session.get(CaseRating, row.case_rating_id) if row.case_rating_id else (
        db.session.get(WindowRating, row.window_rating_id) if row.window_rating_id else None)
    return {"id": row.id, "source": row.source, "case": row.case_number, "unit_code": row.unit_code,
            "unit_name": row.unit_name, "region": row.region_code, "level": row.level,
            "level_label": service.label(row.level), "comment": rating.comment if rating else "",
            "status": row.status, "due_date": row.due_date, "created_at": row.created_at}
