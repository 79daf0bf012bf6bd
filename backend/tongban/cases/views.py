"""Shapes handed to the schemas: a case as its applicant or a member of staff sees it."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from tongban import policy
from tongban.cases import (
    bundles,
    deadlines,
    forms,
    joint,
    labels,
    lifecycle,
    materials,
    reception,
    signature,
    storage,
    timeline,
)
from tongban.cases.models import Case, CaseEvent, CaseFile, form_of
from tongban.catalogue.models import Matter
from tongban.core.crypto import mask_id_number, mask_name, mask_phone


def form_schema(matter: Matter) -> dict[str, Any]:
    return {**forms.schema_for(matter), "matter": matter.code, "min_assurance": matter.min_assurance,
            "materials": forms.materials_for(matter, storage.max_bytes())}


def _actor_label(event: CaseEvent) -> str:
    if event.actor_role == "reviewer":
        return _("Reviewer, %(unit)s", unit=event.place_name)
    if event.actor_role == "clerk":
        return _("Window clerk, %(unit)s", unit=event.place_name)
    if event.actor_role == "agent":
        return _("Agent %(name)s", name=timeline.agent_name(event) or "")
    return str(labels.ROLE.get(event.actor_role, event.actor_role))


def event(e: CaseEvent) -> dict[str, Any]:
    return {"kind": e.kind, "label": labels.event(e.kind), "from_status": e.from_status, "to_status": e.to_status,
            "actor": _actor_label(e), "place": e.place_name or _("Online"), "at": e.at, "note": e.note}


def file(f: CaseFile) -> dict[str, Any]:
    return {"id": f.id, "material": f.material, "filename": f.filename, "content_type": f.content_type,
            "size": f.size, "sha256": f.sha256, "original_sha256": f.original_sha256 or f.sha256,
            "uploaded_at": f.uploaded_at}


def summary(case: Case) -> dict[str, Any]:
    clock = deadlines.clock(case)
    return {"number": case.number, "matter": {"code": case.matter.code, "name": case.matter.name},
            "department": case.department, "mode": case.mode, "status": case.status,
            "status_label": labels.status(case.status), "outcome": case.outcome, "created_at": case.created_at,
            "submitted_at": case.submitted_at, "due_date": clock.due_date,
            "deadline_provisional": clock.provisional, "remaining_workdays": clock.remaining, "flag": clock.flag,
            "paused": clock.paused, "receiving_place": _received_at(case),
            "applicant": {"name": case.applicant.person.name}, "agent": _agent(case)}


def _received_at(case: Case) -> dict[str, str] | None:
    r = case.reception
    return {"code": r.place_code, "name": r.place_name} if r is not None else None


def detail(case: Case) -> dict[str, Any]:
    actor = policy.current_actor()
    person = case.applicant.person
    return {**summary(case), "form": form_of(case), "delivery": case.delivery,
            "delivery_address": case.delivery_address, "time_limit_days": case.time_limit_days,
            "accepted_at": case.accepted_at, "decided_at": case.decided_at, "completed_at": case.completed_at,
            "applicant": {"name": person.name, "name_masked": mask_name(person.name) if person.name else "",
                          "id_number_masked": mask_id_number(person.id_number) if person.id_number else None,
                          "phone_masked": mask_phone(person.phone), "assurance": person.assurance},
            "agent": _agent(case), "organisation": _organisation(case),
            "materials": [file(f) for f in materials.active(case)],
            "events": [event(e) for e in case.events],
            "allowed_actions": lifecycle.allowed_actions(case, actor),
            "reception": reception.view(case), "parts": joint.view(case, actor), "bundle": bundles.link_of(case),
            "signature": signature.view(signature.of(case))}


def _agent(case: Case) -> dict[str, Any] | None:
    """Who applied for the applicant under a mandate (both names show on the case)."""
    if case.agent is None:
        return None
    from tongban.extensions import db
    from tongban.mandates.models import Mandate

    mandate = db.session.get(Mandate, case.mandate_id) if case.mandate_id else None
    return {"name": case.agent.person.name, "mandate": mandate.public_id if mandate else None,
            "kind": mandate.kind if mandate else None}


def _organisation(case: Case) -> dict[str, Any] | None:
    if case.organisation_id is None:
        return None
    from tongban.extensions import db
    from tongban.identity.models import Organisation

    org = db.session.get(Organisation, case.organisation_id)
    return {"name": org.name, "uscc": org.uscc} if org else None
