"""好差评: rating a completed case (一事一评, once, by its applicant) or a window visit (一次一评, anyone,
signed in or not, rate-limited). A 不满意 or 非常不满意 opens a rectification (rectifications.py).

The five levels are the national ones (国办发〔2019〕51号; reference/cn-egov-facts.md §3).
"""

from __future__ import annotations

from typing import Any

from flask import request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from tongban import policy
from tongban.audit import service as audit
from tongban.cases import access
from tongban.core import ratelimit
from tongban.core.errors import NotFound, Problem
from tongban.directory import service as directory
from tongban.extensions import db
from tongban.feedback import rectifications
from tongban.feedback.models import CaseRating, WindowRating

LEVELS: dict[str, tuple[int, Any]] = {  # code → (stars, label)
    "very_satisfied": (5, _l("Very satisfied")),
    "satisfied": (4, _l("Satisfied")),
    "basically_satisfied": (3, _l("Basically satisfied")),
    "dissatisfied": (2, _l("Dissatisfied")),
    "very_dissatisfied": (1, _l("Very dissatisfied")),
}
BAD = frozenset({"dissatisfied", "very_dissatisfied"})
# A service hall's visitors share one address (its Wi-Fi, a carrier's CGNAT): 60 at once, then one
# every 10 seconds, as for sign-in codes (docs/design.md, "Rate limits"); a signed-in person, 10 an hour.
PER_ADDRESS = ratelimit.Limit("window-rating-ip", 60, 600)
PER_ACCOUNT = ratelimit.Limit("window-rating-account", 10, 3600)


def label(level: str) -> str:
    return str(LEVELS[level][1])


def view(row: CaseRating | WindowRating) -> dict[str, Any]:
    return {"level": row.level, "level_label": label(row.level), "score": row.score, "comment": row.comment,
            "created_at": row.created_at, "rectification": row.level in BAD}


def _of_case(case_id: int) -> CaseRating | None:
    return db.session.scalars(select(CaseRating).where(CaseRating.case_id == case_id)).first()


def rate_case(number: str, level: str, comment: str) -> CaseRating:
    case, actor = access.get(number, "case.rate", lock=True)
    if case.status != "completed":
        raise Problem(409, "conflict", _("A case can be rated once it is completed."))
    if _of_case(case.id) is not None:
        raise Problem(409, "conflict", _("You have already rated this case. Each case is rated once."))
    assert actor.account is not None
    row = CaseRating(case_id=case.id, account_id=actor.account.id, level=level, score=LEVELS[level][0],
                     comment=comment.strip())
    db.session.add(row)
    db.session.flush()  # a second rating racing this one fails the unique case_id: 409
    if level in BAD:
        rectifications.open_for_case(row, case)
    audit.record("rating.case", actor=actor.label, object_type="case", object_id=case.number,
                 data={"level": level})
    return row


def case_rating(number: str) -> CaseRating:
    case, _actor = access.get(number)
    row = _of_case(case.id)
    if row is None:
        raise NotFound(_("This case has not been rated."))
    return row


def rate_window(window_code: str, level: str, comment: str) -> WindowRating:
    actor = policy.current_actor()
    ratelimit.check(PER_ADDRESS, request.remote_addr or "-")
    if actor.account is not None:
        ratelimit.check(PER_ACCOUNT, str(actor.account.id))
    window = directory.window_by_code(window_code)
    if window is None:
        raise NotFound(_("No window has this code."))
    row = WindowRating(window_id=window.id, account_id=actor.account.id if actor.account else None, level=level,
                       score=LEVELS[level][0], comment=comment.strip())
    db.session.add(row)
    db.session.flush()
    if level in BAD:
        rectifications.open_for_window(row, window)
    audit.record("rating.window", actor=actor.label, object_type="window", object_id=window.code,
                 data={"level": level})
    return row
