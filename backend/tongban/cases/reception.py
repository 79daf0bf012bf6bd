"""Received here, handled there (异地代收代办, 收受分离), and any window in the city (全市通办).

A clerk at a window or agency point in their jurisdiction opens the case for a walk-in applicant,
whose ID card they check face to face (walkin.py), photographs the paper materials (the materials
endpoint), runs the formal-review checklist derived from the service guide (its materials and
conditions) and `receive`s the case, which gives the applicant a receipt; `forward` then sends it
online to the handling department, which is always the matter's own department, whatever window
received it. Which places receive which matters:

- a 跨省通办 window (kind kstb) or an agency point (代收代办点): matters offering proxy_window or joint;
- any receiving window (kstb, citywide, general, enterprise; not the help desks) or agency point in a
  city with a 全市通办 list (scope citywide): the matters on that list (route "citywide").
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from tongban import policy
from tongban.audit import service as audit
from tongban.cases import access, drafts, joint, lifecycle, materials, submit, walkin
from tongban.cases.models import Case
from tongban.cases.modes_models import CaseReception
from tongban.catalogue.models import Matter, MatterList
from tongban.core.db import utcnow
from tongban.core.errors import NotFound, Problem
from tongban.directory import service as directory
from tongban.extensions import db

PROXY_KINDS = frozenset({"kstb", "village", "park"})  # 跨省通办 windows, agency points
RECEIVING_KINDS = PROXY_KINDS | {"citywide", "general", "enterprise"}  # not the help desks
WINDOW_MODES = ("proxy_window", "joint")


@dataclass(frozen=True)
class Place:
    type: str  # window | agency_point
    code: str
    name: str
    region: str
    kind: str


def _invalid(errors: dict[str, list[str]]) -> Problem:
    return Problem(400, "validation_error", _("Check the fields named in errors."), errors=errors)


def place(code: str) -> Place:
    window = directory.window_by_code(code)
    if window is not None:
        return Place("window", window.code, window.full_name, window.centre.region_code, window.kind)
    point = directory.agency_point_by_code(code)
    if point is not None:
        return Place("agency_point", point.code, point.name, point.region_code, point.kind)
    raise NotFound(_("No such window."))


def _citywide(where: Place, matter: Matter) -> bool:
    """The matter is on a 全市通办 list of a city the place lies in."""
    if where.kind not in RECEIVING_KINDS or "citywide" not in matter.scopes:
        return False
    cities = db.session.scalars(select(MatterList.region_code).where(MatterList.scope == "citywide"))
    return any(city and policy.region_within(where.region, city) for city in cities)


def route(where: Place, matter: Matter, mode: str) -> str:
    """proxy_window or citywide: why this place may receive this matter (400 naming the field if not)."""
    citywide = _citywide(where, matter)
    if mode not in matter.modes and not (mode == "proxy_window" and citywide):
        raise _invalid({"mode": [_("This service cannot be applied for this way.")]})
    if where.kind in PROXY_KINDS and mode in matter.modes:
        return "proxy_window"
    if citywide:
        return "citywide"
    raise _invalid({"window": [_("This window cannot receive this service. Cross-province windows and agency "
                                 "points receive the services offered “received here, handled there”; any "
                                 "window in the city receives the services on the citywide list.")]})


def checklist_for(matter: Matter) -> list[dict[str, Any]]:
    """The formal review: each material of the guide (original seen, copy taken) and each condition."""
    items = [{"key": f"material-{i}", "kind": "material", "text": m.name, "required": m.required, "checked": False}
             for i, m in enumerate(matter.materials, start=1)]
    items += [{"key": f"condition-{i}", "kind": "condition", "text": str(c)[:500], "required": True,
               "checked": False} for i, c in enumerate(matter.guide.get("conditions") or [], start=1)]
    return items


def open_case(matter: Matter, data: dict[str, Any]) -> Case:
    """A clerk opens a draft at a window in their jurisdiction for a walk-in applicant (404 elsewhere)."""
    actor = policy.current_actor()
    if not policy.may(actor, "case.receive"):
        raise _invalid({"mode": [_("Applications at a window are received by the clerk there.")]})
    errors: dict[str, list[str]] = {}
    if data["mode"] not in WINDOW_MODES:
        errors["mode"] = [_("At a window, a case is received as proxy_window or joint.")]
    if not data.get("window"):
        errors["window"] = [_("Name the window or agency point receiving the application.")]
    if not data.get("applicant"):
        errors["applicant"] = [_("Give the applicant's name, ID number and phone number.")]
    if errors:
        raise _invalid(errors)
    where = place(data["window"])
    policy.require("case.receive", where.region, hide=True, detail=_("No such window."))
    how = route(where, matter, data["mode"])
    account = walkin.applicant(data["applicant"], where.code, actor)
    case = Case(number=drafts.new_number(), matter=matter, department=matter.department, applicant=account,
                mode=data["mode"], status="draft", form_json="{}", delivery=drafts.deliveries(matter)[0])
    db.session.add(case)
    problems = drafts.apply_changes(case, data, partial=True)
    if problems:
        raise _invalid(problems)
    case.reception = CaseReception(place_type=where.type, place_code=where.code, place_name=where.name,
                                   region_code=where.region, route=how, opened_by=actor.label,
                                   identity_checked_at=utcnow(), checklist=checklist_for(matter), originals=[])
    if case.mode == "joint":
        joint.create_parts(case)
    db.session.flush()
    created = lifecycle.record(case, "created", None, actor, "clerk", notify=False)
    created.to_status = "draft"
    audit.record("case.create", actor=actor.label, object_type="case", object_id=case.number,
                 data={"matter": matter.code, "window": where.code, "route": how})
    return case


def _checklist_errors(reception: CaseReception, checked: set[str], have: set[str]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    unknown = sorted(checked - {str(i["key"]) for i in reception.checklist})
    if unknown:
        errors["checked"] = [_("Not on this case's checklist: %(keys)s", keys=", ".join(unknown)[:200])]
    for item in reception.checklist:
        needed = item["kind"] == "condition" or item["required"] or item["text"] in have
        if needed and item["key"] not in checked:
            errors[f"checklist.{item['key']}"] = [_("Check this item, or do not receive the application.")]
    return errors


def receive(number: str, data: dict[str, Any]) -> dict[str, Any]:
    """The formal review passed: the case is received (收件) and the applicant gets the receipt."""
    case, actor = access.get(number, "case.receive", lock=True)
    lifecycle.check(case, "receive", actor)
    reception = case.reception
    assert reception is not None
    checked = set(data.get("checked") or [])
    have = {f.material for f in materials.active(case)}
    errors = drafts.apply_changes(case, data, partial=False) or {
        **submit.full_errors(case), **_checklist_errors(reception, checked, have)}
    if errors:
        raise _invalid(errors)
    now = utcnow()
    reception.checklist = [{**item, "checked": item["key"] in checked} for item in reception.checklist]
    reception.originals = [m.name for m in case.matter.materials if m.original_required and m.name in have]
    reception.received_at, reception.received_by = now, actor.label
    code = "".join(secrets.choice(submit.CODE_ALPHABET) for _i in range(submit.CODE_LENGTH))
    case.query_code_hash = submit.query_hash(case.number, code)
    case.submitted_at = now
    lifecycle.transition(case, "receive", actor, note=data.get("reason", ""),
                         data={"checked": sorted(checked), "originals": reception.originals})
    return {"number": case.number, "query_code": code, "status": case.status, "received_at": now,
            "matter": case.matter, "department": case.department,
            "receiving_place": {"code": reception.place_code, "name": reception.place_name}}


def view(case: Case) -> dict[str, Any] | None:
    r = case.reception
    if r is None:
        return None
    return {"place_type": r.place_type, "place_code": r.place_code, "place_name": r.place_name, "route": r.route,
            "identity_checked_at": r.identity_checked_at, "checklist": r.checklist, "originals": r.originals,
            "received_at": r.received_at, "forwarded_at": r.forwarded_at}
