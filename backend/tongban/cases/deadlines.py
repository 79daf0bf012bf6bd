"""A case's promised time limit: its due date, the working days left and the 预警/超期 flag.

The timeline is the truth: acceptance starts the clock, every supplement request (补正) pauses it
until the applicant answers. The due date is also stored on the case so the staff queue can sort
and filter in SQL; it is refreshed at every transition that moves it and when an administrator
enters a year's schedule.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import g, has_app_context
from sqlalchemy import select

from tongban.cases.calendar import Pause, Schedule, WorkCalendar, china_date, flag
from tongban.cases.models import Case, WorkdayEntry
from tongban.core.db import utcnow
from tongban.extensions import db

RUNNING = frozenset({"accepted", "under_review"})  # the clock runs
PAUSED = frozenset({"supplement_requested"})  # the clock stands still


def today() -> date:
    """Today in China (tests move it)."""
    return china_date(utcnow())


def calendar() -> WorkCalendar:
    """The working-day calendar with the entered schedule, read once per request."""
    if has_app_context() and "tb_workdays" in g:
        return g.tb_workdays
    rows = db.session.scalars(select(WorkdayEntry)).all()
    cal = WorkCalendar(Schedule(days={r.day: r.is_workday for r in rows}, years=frozenset(r.year for r in rows)))
    if has_app_context():
        g.tb_workdays = cal
    return cal


def forget_schedule() -> None:
    g.pop("tb_workdays", None)


def pauses(case: Case) -> list[Pause]:
    out: list[Pause] = []
    start: date | None = None
    for event in case.events:
        if event.to_status in PAUSED and start is None:
            start = china_date(event.at)
        elif event.from_status in PAUSED and start is not None:
            out.append(Pause(start, china_date(event.at)))
            start = None
    if start is not None:
        out.append(Pause(start))
    return out


def refresh(case: Case) -> None:
    """Store the due date as the timeline gives it today."""
    if case.accepted_at is None or case.time_limit_days is None:
        case.due_date, case.due_provisional = None, False
        return
    deadline = calendar().deadline(china_date(case.accepted_at), case.time_limit_days, pauses(case), today=today())
    case.due_date, case.due_provisional = deadline.due, deadline.provisional


@dataclass(frozen=True)
class Clock:
    due_date: date | None
    provisional: bool
    remaining: int | None  # working days left after today; negative when overdue
    flag: str  # none | warning (预警) | overdue (超期)
    paused: bool


def clock(case: Case) -> Clock:
    """The time limit as a person should see it now (computed, not read from the stored date)."""
    if case.accepted_at is None or case.time_limit_days is None:
        return Clock(None, False, None, "none", False)
    now = today()
    cal = calendar()
    deadline = cal.deadline(china_date(case.accepted_at), case.time_limit_days, pauses(case), today=now)
    open_clock = case.status in RUNNING or case.status in PAUSED
    remaining = cal.remaining(now, deadline.due) if open_clock else None
    return Clock(deadline.due, deadline.provisional, remaining, flag(remaining, running=case.status in RUNNING),
                 case.status in PAUSED)
