"""Time-limit warnings: 预警 when a case has 2 working days or fewer left, 超期 once it is past its
due date (design guide §6). A periodic task (jobs/queue.py, every 15 minutes) scans the running
cases; for each case and level it enqueues one `case.flag` job, keyed `flag:<number>:<level>`, so a
case is flagged once per level however often the scan runs. The job puts the flag on the timeline
and tells the handling department's reviewers in their inbox.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from tongban.cases import access, deadlines, labels, timeline
from tongban.cases.models import Case
from tongban.core.db import utcnow
from tongban.extensions import db
from tongban.identity import posts
from tongban.jobs import service as jobs

KIND = "case.flag"
EVENTS = {"warning": "time_warning", "overdue": "time_overdue"}
HORIZON = timedelta(days=21)  # 2 working days never lie further ahead, even across the Spring Festival


def scan() -> int:
    """Enqueue a flag job for every running case at a new level; return how many were new."""
    started, soon = utcnow(), deadlines.today() + HORIZON
    cases = db.session.scalars(select(Case).where(Case.status.in_(deadlines.RUNNING), Case.due_date.is_not(None),
                                                  Case.due_date <= soon).order_by(Case.due_date, Case.id))
    new = 0
    for case in cases:
        level = deadlines.clock(case).flag
        if level in EVENTS:
            job = jobs.enqueue(KIND, {"number": case.number, "level": level}, key=f"flag:{case.number}:{level}")
            new += job.created_at >= started
    db.session.commit()
    return new


@jobs.handler(KIND)
def _flag(payload: dict[str, Any]) -> None:
    case = access.find(str(payload["number"]))
    level = str(payload["level"])
    if case is None or level not in EVENTS or case.status not in deadlines.RUNNING:
        return  # decided or paused since the scan: nothing to flag
    clock = deadlines.clock(case)
    kind = EVENTS[level]
    timeline.add(case, kind, note=_("Due %(date)s", date=clock.due_date.isoformat() if clock.due_date else ""),
                 place=(case.department.code, case.department.name))
    from tongban.notify import service as notify

    body = _("%(matter)s (case %(number)s) is due on %(date)s: %(flag)s.", matter=case.matter.name,
             number=case.number, date=clock.due_date.isoformat() if clock.due_date else "", flag=labels.event(kind))
    for account_id in posts.holders("reviewer", "department", case.department.code):
        notify.tell(account_id, labels.event(kind), body, link=f"/cases/{case.number}", text=False,
                    key=f"case:{case.number}:{level}:to:{account_id}")
