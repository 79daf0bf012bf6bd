"""The case state machine (design guide §6), its timeline events and notices.

    draft ─submit─▶ submitted ─accept─▶ accepted ─review─▶ under_review ─approve─▶ approved
      │                 │                  │  └───────────────┐ │  ▲        └─deny─▶ denied
      └──withdraw──▶ withdrawn ◀─withdraw─┘ not-accept        │ ▼  │supplement
                                          ▼                   supplement_requested
                                     not_accepted

At a window (收受分离, reception.py): the clerk opens a draft for the walk-in
applicant, `receive`s it after the formal review (received), `forward`s it to the handling department
(in_transit), which `accept`s or `not-accept`s it as an online submission. A joint case's parts are
decided one by one (joint.py); the case-level decisions below are not for it.

approve and deny are allowed from accepted too (a reviewer may decide at once). Results: an approved
case whose result is an e-licence completes at once (the licence is issued in-app; the licences
slice will sign it), otherwise it goes to delivering until the hand-over is recorded (`complete`: by
the receiving clerk for a pick-up at the window, else by the reviewer); a denial is delivered in-app
at once and the case completes. Every transition is an event (actor, place, time, note), an audit
entry and, when someone else acted, a notice to the applicant: an inbox message and a text, sent by
a background job enqueued in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _

from tongban import policy
from tongban.audit import service as audit
from tongban.cases import around, deadlines, labels, originals, timeline
from tongban.cases.models import Case, CaseEvent
from tongban.core.db import utcnow
from tongban.core.errors import Problem
from tongban.extensions import db


@dataclass(frozen=True)
class Rule:
    sources: frozenset[str]
    target: str
    right: str  # case.own (the applicant), case.handle (the handling reviewer), case.receive (the clerk), …
    event: str
    reason: bool = False  # a reason is required (it is told to the applicant)
    window: bool | None = None  # True: only cases received at a window; False: only cases applied online
    joint: bool | None = None  # False: not for joint cases (their parts are decided one by one)

    def fits(self, case: Case) -> bool:
        return ((self.window is None or (case.reception is not None) == self.window)
                and (self.joint is None or (case.mode == "joint") == self.joint))


def _rule(sources: set[str], target: str, right: str, event: str, reason: bool = False, *,
          window: bool | None = None, joint: bool | None = None) -> Rule:
    return Rule(frozenset(sources), target, right, event, reason, window, joint)


RULES: dict[str, Rule] = {
    "submit": _rule({"draft"}, "submitted", "case.own", "submitted", window=False),
    "receive": _rule({"draft"}, "received", "case.receive", "received", window=True),
    "forward": _rule({"received"}, "in_transit", "case.receive", "forwarded", window=True),
    "withdraw": _rule({"draft", "submitted", "received", "in_transit"}, "withdrawn", "case.own", "withdrawn"),
    "supplement": _rule({"supplement_requested"}, "under_review", "case.own", "supplemented"),
    "accept": _rule({"submitted", "in_transit"}, "accepted", "case.handle", "accepted", joint=False),
    "not-accept": _rule({"submitted", "in_transit"}, "not_accepted", "case.handle", "not_accepted", reason=True,
                        joint=False),
    "review": _rule({"accepted"}, "under_review", "case.handle", "review_started", joint=False),
    "request-supplement": _rule({"accepted", "under_review"}, "supplement_requested", "case.handle",
                                "supplement_requested", reason=True, joint=False),
    "approve": _rule({"accepted", "under_review"}, "approved", "case.handle", "approved", joint=False),
    "deny": _rule({"accepted", "under_review"}, "denied", "case.handle", "denied", reason=True, joint=False),
    "complete": _rule({"delivering"}, "completed", "case.deliver", "completed"),
}
OWN_ENDPOINTS = ("submit", "receive")  # each answers with a receipt (query code, idempotency)
STAFF_ACTIONS = tuple(a for a, r in RULES.items() if r.right != "case.own" and a not in OWN_ENDPOINTS)
APPLICANT_ACTIONS = ("withdraw", "supplement")
OUTCOMES = {"not_accepted": "not_accepted", "withdrawn": "withdrawn", "approved": "approved", "denied": "denied"}
FINAL = frozenset({"not_accepted", "withdrawn", "completed"})


class TransitionRefused(Problem):
    """409: the action is not possible from the case's current state; names what is."""

    def __init__(self, case: Case, action: str, allowed: list[str]):
        detail = _("This case is now “%(status)s”: “%(action)s” is not possible. Possible now: %(allowed)s.",
                   status=labels.status(case.status), action=labels.action(action),
                   allowed=_(", ").join(labels.action(a) for a in allowed) or _("nothing"))
        super().__init__(409, "conflict", detail)
        self.allowed_actions = allowed


def allowed_actions(case: Case, actor: policy.Actor) -> list[str]:
    return [a for a, r in RULES.items()
            if case.status in r.sources and r.fits(case) and policy.may(actor, r.right, case)]


def check(case: Case, action: str, actor: policy.Actor) -> Rule:
    """The rule for `action`, if this actor has the right (403 otherwise) and the state allows it (409)."""
    rule = RULES[action]
    policy.require(rule.right, case)
    if case.status not in rule.sources or not rule.fits(case):
        raise TransitionRefused(case, action, allowed_actions(case, actor))
    return rule


def role_of(case: Case, right: str, actor: policy.Actor) -> str:
    """Who acted, for the timeline: the applicant, the receiving clerk or a reviewer."""
    if right == "case.own" and not (case.reception is not None and case.status == "draft"):
        return "agent" if actor.mandate is not None else "applicant"
    if right != "case.handle" and policy.may(actor, "case.receive", case):
        return "clerk"
    return "reviewer"


def _place(case: Case, role: str) -> tuple[str, str]:
    if role == "reviewer":
        return case.department.code, case.department.name
    if role == "clerk" and case.reception is not None:
        return case.reception.place_code, case.reception.place_name
    return "online", ""


def record(case: Case, kind: str, to_status: str | None, actor: policy.Actor, role: str, note: str = "", *,
           place: tuple[str, str] | None = None, notify: bool = True) -> CaseEvent:
    """Append a timeline event (and move the case to `to_status` if given); notify the applicant."""
    place_code, place_name = place or _place(case, role)
    event = CaseEvent(case=case, kind=kind, from_status=case.status if to_status else None, to_status=to_status,
                      actor=actor.label if role != "system" else "system", actor_role=role,
                      acting_for=actor.acting_for if role != "system" else None, place_code=place_code,
                      place_name=place_name, note=note, at=utcnow())
    db.session.add(event)
    if to_status:
        case.status = to_status
    db.session.flush()
    if notify and (role != "applicant" or kind == "submitted"):
        timeline.tell_applicant(case, event, reason=True)
    return event


def _after(case: Case, action: str, actor: policy.Actor) -> None:
    """Timestamps, the clock, and what follows by itself (results delivered in-app complete at once)."""
    now = utcnow()
    if action == "accept":
        case.accepted_at, case.time_limit_days = now, case.matter.time_limit_days
    if action in {"approve", "deny", "not-accept"}:
        case.decided_at = now
    if case.status in OUTCOMES:
        case.outcome = OUTCOMES[case.status]
    if action == "approve" and case.delivery != "e_licence":
        record(case, "delivering", "delivering", actor, "system")
    elif action in {"approve", "deny"}:
        record(case, "completed", "completed", actor, "system")
    if case.status in FINAL:
        case.completed_at = now
    _after_modes(case, action)
    if action in {"accept", "request-supplement", "supplement"}:
        deadlines.refresh(case)


def _after_modes(case: Case, action: str) -> None:
    """A joint case's parts still open end with it; a forwarded case sends its originals on."""
    if case.outcome is not None:
        for part in case.parts:
            if part.status in {"waiting", "accepted"}:
                part.status = "closed"
    if action == "forward" and case.reception is not None:
        case.reception.forwarded_at = utcnow()
        originals.dispatch(case)
    around.after(case, action)  # e-archive on completion, the result's waybill, refunds


def transition(case: Case, action: str, actor: policy.Actor, *, note: str = "",
               data: dict[str, Any] | None = None) -> Case:
    rule = check(case, action, actor)
    note = note.strip()
    if rule.reason and not note:
        raise Problem(400, "validation_error", _("Give the reason: the applicant will read it."),
                      errors={"reason": [_("A reason is required for this action.")]})
    return conclude(case, action, actor, role_of(case, rule.right, actor), note=note, data=data)


def conclude(case: Case, action: str, actor: policy.Actor, role: str, *, note: str = "",
             data: dict[str, Any] | None = None, place: tuple[str, str] | None = None) -> Case:
    """Make a checked transition: the event, what follows by itself, the audit entry. The parts of a
    joint case call it for the case as a whole (role "system") once their decisions settle it."""
    rule = RULES[action]
    before = case.status
    record(case, rule.event, rule.target, actor, role, note, place=place)
    _after(case, action, actor)
    audit.record(f"case.{action}", actor=actor.label, object_type="case", object_id=case.number,
                 data={"from": before, "to": case.status, **(data or {})})
    return case
