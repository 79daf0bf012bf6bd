"""Originals the handling department must see travel from the receiving window by waybill.

Forwarding a case received at a window enqueues a `case.originals` job, in the forward's own
transaction, when its guide asks for originals (recorded at `receive`). The job hands the case to the
waybill adapter, `create_for_originals(case)` in `tongban.cases.waybills` (or the logistics slice),
when one is installed; without one it puts an `originals_due` step on the timeline naming the
originals to post, so the clerk and the department both see what is on its way.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from sqlalchemy import select

from tongban.cases.models import Case, CaseEvent
from tongban.core.db import utcnow
from tongban.extensions import db
from tongban.jobs import service as jobs

ADAPTERS = ("tongban.cases.waybills", "tongban.logistics.waybills")
KIND = "case.originals"


def dispatch(case: Case) -> None:
    """After `forward`: send the originals on their way (in a job: the adapter reaches outside)."""
    if case.reception is not None and case.reception.originals:
        jobs.enqueue(KIND, {"case": case.number}, key=f"case:{case.number}:originals")


def adapter() -> Callable[[Case], Any] | None:
    for name in ADAPTERS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name and name.startswith(exc.name):
                continue
            raise
        create = getattr(module, "create_for_originals", None)
        if callable(create):
            return create
    return None


@jobs.handler(KIND)
def _send(payload: dict[str, Any]) -> None:
    case = db.session.scalars(select(Case).where(Case.number == str(payload.get("case")))).first()
    if case is None or case.reception is None:
        return
    create = adapter()
    if create is not None:
        create(case)
        return
    if any(e.kind == "originals_due" for e in case.events):
        return
    db.session.add(CaseEvent(case=case, kind="originals_due", actor="system", actor_role="system",
                             place_code=case.reception.place_code, place_name=case.reception.place_name,
                             note="、".join(case.reception.originals), at=utcnow()))
    db.session.flush()
