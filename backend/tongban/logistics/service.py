"""Waybills: book a parcel with the courier, follow its tracking, put every change on the case's
timeline. Originals go from the receiving window to the handling department (收受分离); results by
post go from the department to the applicant. A periodic task (jobs/queue.py) polls open waybills."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING, Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from tongban.audit import service as audit
from tongban.core.db import utcnow
from tongban.extensions import db
from tongban.logistics import providers
from tongban.logistics.models import Waybill, WaybillEvent

if TYPE_CHECKING:
    from tongban.cases.models import Case

log = logging.getLogger(__name__)
PURPOSES = ("originals", "result")
STATUS_LABELS: dict[str, Any] = {
    "created": _l("Booked"),
    "picked_up": _l("Picked up"),
    "in_transit": _l("In transit"),
    "out_for_delivery": _l("Out for delivery"),
    "delivered": _l("Delivered"),
}


def status_label(code: str) -> str:
    return str(STATUS_LABELS.get(code, code))


def create(case: Case, purpose: str, *, sender: str, recipient: str, address: str = "") -> Waybill:
    """Book a parcel for a case (in the caller's transaction) and put it on the case's timeline."""
    from tongban.cases import timeline

    courier = providers.provider()
    tracking = courier.create(reference=f"case:{case.number}:{purpose}", sender=sender, recipient=recipient,
                              address=address)
    waybill = Waybill(case_id=case.id, purpose=purpose, provider=courier.name, tracking_number=tracking,
                      sender=sender[:128], recipient=recipient[:128], address=address, status="created")
    db.session.add(waybill)
    db.session.flush()
    timeline.add(case, "waybill_created", note=f"{tracking} · {sender} → {recipient}", tell=purpose == "result")
    audit.record("waybill.create", actor="system", object_type="case", object_id=case.number,
                 data={"waybill": tracking, "purpose": purpose, "provider": courier.name})
    return waybill


def refresh(waybill: Waybill, now: datetime | None = None) -> int:
    """Store the courier's new tracking events; each is a timeline event. Return how many were new."""
    from tongban.cases import timeline

    known = {e.provider_event_id for e in waybill.events}
    places = {"sender": waybill.sender, "recipient": waybill.recipient}
    new = 0
    for event in providers.provider(waybill.provider).track(waybill.tracking_number, now or utcnow()):
        if event.id in known:
            continue
        location = places.get(event.location, event.location)[:128]
        db.session.add(WaybillEvent(waybill=waybill, provider_event_id=event.id, status=event.status,
                                    location=location, at=event.at))
        waybill.status, waybill.updated_at = event.status, utcnow()
        delivered = event.status == "delivered"
        timeline.add_for(waybill.case_id, "waybill_delivered" if delivered else "waybill_moved",
                         note=f"{waybill.tracking_number} · {status_label(event.status)} · {location}",
                         tell=delivered and waybill.purpose == "result")
        new += 1
    db.session.flush()
    return new


def poll(now: datetime | None = None, limit: int = 500) -> int:
    """Refresh every open waybill (the periodic task); commit per waybill so one failure stops nothing."""
    ids = list(db.session.scalars(select(Waybill.id).where(Waybill.status != "delivered")
                                  .order_by(Waybill.updated_at).limit(limit)))
    new = 0
    for waybill_id in ids:
        try:
            waybill = db.session.get(Waybill, waybill_id)
            if waybill is not None:
                new += refresh(waybill, now)
            db.session.commit()
        except Exception:  # noqa: BLE001 - a courier error for one parcel; the next poll tries again
            db.session.rollback()
            log.warning("tracking waybill %s failed; the next poll tries again", waybill_id, exc_info=True)
    return new


def of_case(case_id: int) -> list[Waybill]:
    return list(db.session.scalars(select(Waybill).where(Waybill.case_id == case_id).order_by(Waybill.id)))


def view(waybill: Waybill) -> dict[str, Any]:
    return {"tracking_number": waybill.tracking_number, "provider": waybill.provider, "purpose": waybill.purpose,
            "sender": waybill.sender, "recipient": waybill.recipient, "status": waybill.status,
            "status_label": status_label(waybill.status), "created_at": waybill.created_at,
            "events": [{"status": e.status, "status_label": status_label(e.status), "location": e.location,
                        "at": e.at} for e in waybill.events]}
