"""Originals the handling department must see travel from the receiving window by waybill.

Forwarding a case received at a window enqueues a `case.originals` job, in the forward's own
transaction, when its guide asks for originals (recorded at `receive`). The job books the originals'
parcel through the courier adapter (`waybills.create_for_originals`): in a job, because the adapter
reaches outside.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from tongban.cases import waybills
from tongban.cases.models import Case
from tongban.extensions import db
from tongban.jobs import service as jobs

KIND = "case.originals"


def dispatch(case: Case) -> None:
    """After `forward`: send the originals on their way."""
    if case.reception is not None and case.reception.originals:
        jobs.enqueue(KIND, {"case": case.number}, key=f"case:{case.number}:originals")


@jobs.handler(KIND)
def _send(payload: dict[str, Any]) -> None:
    case = db.session.scalars(select(Case).where(Case.number == str(payload.get("case")))).first()
    if case is not None and case.reception is not None:
        waybills.create_for_originals(case)
