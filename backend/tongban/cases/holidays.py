"""The yearly working-day schedule an administrator enters (it takes precedence over the library).

The State Council publishes each year's holiday arrangement late in the year before; until it is
entered here (or a newer chinese-calendar release knows it), limits running into that year count
weekends only and are shown as provisional.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import delete, select

from tongban import policy
from tongban.audit import service as audit
from tongban.cases import deadlines
from tongban.cases.models import Case, WorkdayEntry
from tongban.core.errors import Problem
from tongban.extensions import db


def year_entries(year: int) -> list[WorkdayEntry]:
    policy.require("holiday.manage")
    return list(db.session.scalars(select(WorkdayEntry).where(WorkdayEntry.year == year).order_by(WorkdayEntry.day)))


def enter_year(year: int, days: list[dict[str, Any]]) -> list[WorkdayEntry]:
    """Replace a year's entered days (all or none), then move the open cases' due dates."""
    actor = policy.require("holiday.manage")
    errors: dict[str, list[str]] = {}
    seen: set[Any] = set()
    for i, entry in enumerate(days):
        if entry["date"].year != year:
            errors[f"days.{i}.date"] = [_("The date is not in %(year)s.", year=year)]
        elif entry["date"] in seen:
            errors[f"days.{i}.date"] = [_("This date is listed twice.")]
        seen.add(entry["date"])
    if errors:
        raise Problem(400, "validation_error", _("Check the fields named in errors."), errors=errors)
    db.session.execute(delete(WorkdayEntry).where(WorkdayEntry.year == year))
    db.session.flush()
    for entry in days:
        db.session.add(WorkdayEntry(year=year, day=entry["date"], is_workday=entry["is_workday"],
                                    name=entry.get("name", ""), entered_by=actor.label))
    db.session.flush()
    deadlines.forget_schedule()
    moved = 0
    open_cases = select(Case).where(Case.accepted_at.is_not(None),
                                    Case.status.in_(deadlines.RUNNING | deadlines.PAUSED))
    for case in db.session.scalars(open_cases):  # a job for the queue once there are many
        before = (case.due_date, case.due_provisional)
        deadlines.refresh(case)
        moved += before != (case.due_date, case.due_provisional)
    audit.record("workdays.enter", actor=actor.label, object_type="workday_year", object_id=year,
                 data={"days": len(days), "cases_moved": moved})
    return year_entries(year)
