"""Timeline events that are not transitions: waybill tracking, payments, time-limit flags, the
e-archive. The case's status does not change; the event shows on the timeline (and, when `tell`,
reaches the applicant as a notice, like a transition by someone else)."""

from __future__ import annotations

from flask_babel import gettext as _

from tongban.cases import labels
from tongban.cases.models import Case, CaseEvent
from tongban.core.db import utcnow
from tongban.extensions import db


def add(case: Case, kind: str, *, note: str = "", place: tuple[str, str] = ("online", ""),
        tell: bool = False) -> CaseEvent:
    event = CaseEvent(case=case, kind=kind, from_status=None, to_status=None, actor="system", actor_role="system",
                      place_code=place[0], place_name=place[1], note=note, at=utcnow())
    db.session.add(event)
    db.session.flush()
    if tell:
        tell_applicant(case, event)
    return event


def tell_applicant(case: Case, event: CaseEvent, *, reason: bool = False) -> None:
    """The applicant hears of an event (inbox and text, by a background job), in the platform's
    language whoever acted. A transition says the new status; other events say what happened."""
    from tongban.notify import service as notify

    with notify.platform_language():
        what = labels.status(event.to_status) if event.to_status else labels.event(event.kind)
        body = _("%(matter)s (case %(number)s): %(status)s.", matter=case.matter.name, number=case.number,
                 status=what)
        if event.actor_role == "agent":
            body = _("%(agent)s did this for you, as your authorised agent: %(sentence)s",
                     agent=agent_name(event) or "", sentence=body)
        if event.note and reason:
            body = _("%(sentence)s Reason: %(note)s", sentence=body, note=event.note)
        elif event.note:
            body = _("%(sentence)s %(note)s", sentence=body, note=event.note)
        notify.tell(case.applicant_account_id, labels.event(event.kind), body, link=f"/cases/{case.number}",
                    key=f"case:{case.number}:event:{event.id}")
        from tongban.mandates.acting import receiving_agents

        for account_id, principal in receiving_agents(case):  # agents whose mandate says results go to them
            copy = _("For %(principal)s: %(sentence)s", principal=principal, sentence=body)
            notify.tell(account_id, labels.event(event.kind), copy, link=f"/cases/{case.number}",
                        key=f"case:{case.number}:event:{event.id}:agent:{account_id}")


def agent_name(event: CaseEvent) -> str | None:
    """The agent's name, for an event an agent made (its actor is account:<id>)."""
    from tongban.identity.models import Account

    if event.actor_role != "agent" or not event.actor.startswith("account:"):
        return None
    account = db.session.get(Account, int(event.actor.split(":", 1)[1]))
    return account.person.name if account is not None else None


def add_for(case_id: int, kind: str, *, note: str = "", tell: bool = False) -> CaseEvent | None:
    """The same, for another slice that holds only the case's id (a waybill, a payment order)."""
    case = db.session.get(Case, case_id)
    return add(case, kind, note=note, tell=tell) if case is not None else None
