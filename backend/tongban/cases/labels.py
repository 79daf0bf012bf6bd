"""Words people read for statuses, timeline events and actions (translated when read)."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

STATUS: dict[str, Any] = {
    "draft": _l("Draft"),
    "submitted": _l("Submitted, waiting for acceptance"),
    "received": _l("Received at the window"),
    "in_transit": _l("Forwarded to the handling department"),
    "accepted": _l("Accepted"),
    "under_review": _l("Under review"),
    "supplement_requested": _l("Waiting for your supplement"),
    "approved": _l("Approved"),
    "denied": _l("Not approved"),
    "delivering": _l("Result on its way"),
    "completed": _l("Completed"),
    "not_accepted": _l("Not accepted"),
    "withdrawn": _l("Withdrawn"),
}
EVENT: dict[str, Any] = {
    "created": _l("Application started"),
    "submitted": _l("Application submitted"),
    "received": _l("Application received at the window"),
    "forwarded": _l("Forwarded to the handling department"),
    "part_accepted": _l("A department accepted its part"),
    "part_not_accepted": _l("A department did not accept its part"),
    "part_approved": _l("A department approved its part"),
    "part_denied": _l("A department did not approve its part"),
    "withdrawn": _l("Application withdrawn"),
    "accepted": _l("Application accepted"),
    "not_accepted": _l("Application not accepted"),
    "review_started": _l("Review started"),
    "supplement_requested": _l("Supplement requested"),
    "supplemented": _l("Supplement provided"),
    "approved": _l("Approved"),
    "denied": _l("Not approved"),
    "delivering": _l("Result sent"),
    "completed": _l("Completed"),
    # not transitions (timeline.py): the case's status stays as it is
    "waybill_created": _l("Waybill issued"),
    "licence_issued": _l("E-licence issued"),
    "licence_used": _l("E-licence used instead of a material"),
    "waybill_moved": _l("Parcel on its way"),
    "waybill_delivered": _l("Parcel delivered"),
    "payment_requested": _l("Fee to pay"),
    "payment_paid": _l("Fee paid"),
    "payment_refunded": _l("Fee refunded"),
    "time_warning": _l("Time limit near"),
    "time_overdue": _l("Time limit passed"),
    "archived": _l("Sealed in the e-archive"),
}
ACTION: dict[str, Any] = {
    "submit": _l("submit"),
    "receive": _l("receive"),
    "forward": _l("forward"),
    "withdraw": _l("withdraw"),
    "supplement": _l("provide the supplement"),
    "accept": _l("accept"),
    "not-accept": _l("not accept"),
    "review": _l("start the review"),
    "request-supplement": _l("request a supplement"),
    "approve": _l("approve"),
    "deny": _l("deny"),
    "complete": _l("record the hand-over"),
}
ROLE: dict[str, Any] = {
    "applicant": _l("Applicant"),
    "agent": _l("Agent"),
    "reviewer": _l("Reviewer"),
    "clerk": _l("Window clerk"),
    "system": _l("Tongban platform"),
}


PART_STATUS: dict[str, Any] = {  # a joint case's part; the others read as the case's statuses
    "waiting": _l("Waiting for the department"),
    "closed": _l("Closed with the application"),
}


def part_status(code: str) -> str:
    return str(PART_STATUS[code]) if code in PART_STATUS else status(code)


def status(code: str) -> str:
    return str(STATUS.get(code, code))


def event(code: str) -> str:
    return str(EVENT.get(code, code))


def action(code: str) -> str:
    return str(ACTION.get(code, code))
