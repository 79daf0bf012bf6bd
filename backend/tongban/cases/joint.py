"""One place for several (多地联办): a joint case has one part per participating department, maybe in
several regions, all sharing the case's form and materials.

Each part is decided on its own by its department's reviewer (`POST /cases/{number}/parts/{department}
/{action}`): accept or not-accept, then approve or deny. The case follows its parts:

- accepted when every part is accepted (the time limit runs from then);
- approved when every part is approved (then delivered as any case);
- not accepted as soon as one part is not accepted, denied as soon as one part is denied: a joint
  matter is one application and cannot succeed in part, so the parts still open are closed.

The case-level decisions (lifecycle.RULES) are not for joint cases; withdrawing and the hand-over are.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from tongban import policy
from tongban.audit import service as audit
from tongban.cases import access, labels, lifecycle
from tongban.cases.models import Case
from tongban.cases.modes_models import CasePart, JointDepartment
from tongban.core.db import utcnow
from tongban.core.errors import NotFound, Problem
from tongban.extensions import db


@dataclass(frozen=True)
class PartRule:
    sources: frozenset[str]  # the part's status
    target: str
    case_sources: frozenset[str]  # the case's status
    event: str
    reason: bool = False


_REACHED = frozenset({"submitted", "in_transit"})
_DECIDING = frozenset({"accepted", "under_review"})
PART_RULES: dict[str, PartRule] = {
    "accept": PartRule(frozenset({"waiting"}), "accepted", _REACHED, "part_accepted"),
    "not-accept": PartRule(frozenset({"waiting"}), "not_accepted", _REACHED, "part_not_accepted", reason=True),
    "approve": PartRule(frozenset({"accepted"}), "approved", _DECIDING, "part_approved"),
    "deny": PartRule(frozenset({"accepted"}), "denied", _DECIDING, "part_denied", reason=True),
}
PART_ACTIONS = tuple(PART_RULES)


class PartRefused(lifecycle.TransitionRefused):
    """409: the part's state (or the case's) does not allow the action; names what is possible."""

    def __init__(self, part: CasePart, action: str, allowed: list[str]):
        detail = _("This part is now “%(status)s”: “%(action)s” is not possible. Possible now: %(allowed)s.",
                   status=labels.part_status(part.status), action=labels.action(action),
                   allowed=_(", ").join(labels.action(a) for a in allowed) or _("nothing"))
        Problem.__init__(self, 409, "conflict", detail)
        self.allowed_actions = allowed


def create_parts(case: Case) -> None:
    rows = db.session.scalars(select(JointDepartment).where(JointDepartment.matter_id == case.matter.id)
                              .order_by(JointDepartment.position, JointDepartment.id)).all()
    if not rows:
        raise Problem(400, "validation_error", _("Check the fields named in errors."),
                      errors={"mode": [_("This service has no joint handling set up yet.")]})
    case.parts = [CasePart(department=row.department, position=i, status="waiting") for i, row in enumerate(rows)]


def allowed(part: CasePart, actor: policy.Actor) -> list[str]:
    return [a for a, r in PART_RULES.items() if part.status in r.sources and part.case.status in r.case_sources
            and policy.may(actor, "case.part", part)]


def act(number: str, department: str, action: str, data: dict[str, Any]) -> Case:
    case, actor = access.get(number, lock=True)
    part = next((p for p in case.parts if p.department.code == department), None)
    if part is None:
        raise NotFound(_("This case has no part for that department."))
    policy.require("case.part", part)
    rule = PART_RULES[action]
    if part.status not in rule.sources or case.status not in rule.case_sources:
        raise PartRefused(part, action, allowed(part, actor))
    note = (data.get("reason") or "").strip()
    if rule.reason and not note:
        raise Problem(400, "validation_error", _("Give the reason: the applicant will read it."),
                      errors={"reason": [_("A reason is required for this action.")]})
    dept = part.department
    part.status, part.note = rule.target, note
    if action == "accept":
        part.accepted_at = utcnow()
    else:
        part.decided_at = utcnow()
    lifecycle.record(case, rule.event, None, actor, "reviewer", note, place=(dept.code, dept.name))
    audit.record(f"case.part.{action}", actor=actor.label, object_type="case", object_id=case.number,
                 data={"department": dept.code, "to": part.status})
    _settle(case, action, actor, note, (dept.code, dept.name))
    return case


def _settle(case: Case, action: str, actor: policy.Actor, note: str, place: tuple[str, str]) -> None:
    """The case as a whole follows its parts (see the module's docstring)."""
    every = {p.status for p in case.parts}
    if action in {"not-accept", "deny"}:
        lifecycle.conclude(case, action, actor, "system", note=note, place=place, data={"joint": place[0]})
    elif action == "accept" and every == {"accepted"}:
        lifecycle.conclude(case, "accept", actor, "system", data={"joint": "all"})
    elif action == "approve" and every == {"approved"}:
        lifecycle.conclude(case, "approve", actor, "system", data={"joint": "all"})


def view(case: Case, actor: policy.Actor) -> list[dict[str, Any]]:
    return [{"department": p.department, "status": p.status, "status_label": labels.part_status(p.status),
             "note": p.note, "accepted_at": p.accepted_at, "decided_at": p.decided_at,
             "allowed_actions": allowed(p, actor)} for p in case.parts]
