"""一件事一次办: a bundle applies for several matters of one life event in one go.

The bundle's form is the union of its matters' forms (fields de-duplicated by name; a choice offered
by several matters keeps only the options all of them accept) and the union of their materials
(de-duplicated by name). The applicant uploads each material once (`POST /bundles/{code}/materials`,
staged), then applies with one form: one linked online case per matter is created, each given the
fields and the staged files its matter asks for, and every case is checked as a submission would be;
then all are submitted together under one receipt, whose query code works with every case number.
Nothing is created unless every case passes.
"""

from __future__ import annotations

import hashlib
import io
import json
import secrets
from typing import IO, Any

from flask_babel import gettext as _
from sqlalchemy import func, select

from tongban import policy
from tongban.audit import service as audit
from tongban.cases import drafts, forms, lifecycle, materials, storage, submit
from tongban.cases.calendar import china_date
from tongban.cases.models import Case
from tongban.cases.modes_models import Bundle, BundleApplication, BundleCase, BundleUpload
from tongban.catalogue.models import Matter
from tongban.core.db import utcnow
from tongban.core.errors import NotFound, Problem
from tongban.extensions import db
from tongban.jobs import service as jobs

MAX_STAGED = 50  # files waiting per person and bundle


def listing() -> list[Bundle]:
    return list(db.session.scalars(select(Bundle).order_by(Bundle.id)))


def get(code: str) -> Bundle:
    bundle = db.session.scalars(select(Bundle).where(Bundle.code == code)).first()
    if bundle is None:
        raise NotFound(_("No bundle has this code."))
    return bundle


def matters_of(bundle: Bundle) -> list[Matter]:
    return [item.matter for item in bundle.items]


def min_assurance(bundle: Bundle) -> str:
    return max((m.min_assurance for m in matters_of(bundle)), key=lambda level: policy.LEVELS.get(level, 9),
               default="L2")


def _union_fields(matters: list[Matter]) -> tuple[dict[str, Any], list[str]]:
    props: dict[str, Any] = {}
    required: list[str] = []
    for matter in matters:
        schema = forms.schema_for(matter)
        for name, prop in schema["properties"].items():
            if name not in props:
                props[name] = dict(prop)
            elif "enum" in props[name] and "enum" in prop:
                props[name]["enum"] = [o for o in props[name]["enum"] if o in prop["enum"]]
        required += [n for n in schema["required"] if n not in required]
    return props, required


def _union_materials(matters: list[Matter]) -> list[dict[str, Any]]:
    merged: dict[str, dict[str, Any]] = {}
    for matter in matters:
        for item in forms.materials_for(matter, storage.max_bytes()):
            found = merged.setdefault(item["name"], dict(item))
            found["required"] = found["required"] or item["required"]
            if found["licence_type"] != item["licence_type"]:
                found["licence_type"] = None  # an e-licence replaces it only where every matter says so
    return list(merged.values())


def form(bundle: Bundle) -> dict[str, Any]:
    """One form for the whole bundle, as JSON Schema, with the union of the materials."""
    matters = matters_of(bundle)
    props, required = _union_fields(matters)
    return {"$schema": forms.DIALECT, "title": bundle.name, "type": "object", "properties": props,
            "required": required, "additionalProperties": False, "bundle": bundle.code,
            "min_assurance": min_assurance(bundle), "materials": _union_materials(matters),
            "matters": [{"code": m.code, "name": m.name} for m in matters]}


def _applicant(bundle: Bundle) -> policy.Actor:
    actor = policy.current_actor()
    if actor.account is None:
        raise Problem(401, "unauthenticated", _("Please sign in first."))
    level = min_assurance(bundle)
    if actor.mandate is not None:
        raise Problem(403, "mandate_scope", _("A life event cannot yet be applied for someone else: apply for "
                                              "each of its services on its own."))
    return policy.require("case.apply", level, detail=drafts.level_detail(level))


def stage(code: str, material: str, stream: IO[bytes], filename: str | None,
          declared_type: str | None) -> BundleUpload:
    """Keep a material for the application to come (checked again, and images re-encoded, per case)."""
    bundle = get(code)
    actor = _applicant(bundle)
    assert actor.account is not None
    if material not in {m["name"] for m in _union_materials(matters_of(bundle))}:
        raise Problem(400, "validation_error", _("Check the fields named in errors."),
                      errors={"material": [_("This service does not ask for a material of that name.")]})
    waiting = db.session.scalar(select(func.count()).select_from(BundleUpload).where(
        BundleUpload.account_id == actor.account.id, BundleUpload.bundle_id == bundle.id,
        BundleUpload.used_at.is_(None))) or 0
    if waiting >= MAX_STAGED:
        raise Problem(409, "conflict", _("You have uploaded as many files for this bundle as allowed. Apply "
                                         "with them first."))
    data, name, kind = materials.read_checked(stream, filename, declared_type)
    row = BundleUpload(account_id=actor.account.id, bundle_id=bundle.id, material=material, filename=name,
                       content_type=kind, size=len(data), sha256=hashlib.sha256(data).hexdigest(),
                       storage_key=storage.put(data))
    db.session.add(row)
    db.session.flush()
    return row


def _number() -> str:
    prefix = "YJ" + china_date(utcnow()).strftime("%Y%m%d")
    for _attempt in range(20):
        number = f"{prefix}{secrets.randbelow(1_000_000):06d}"
        if db.session.scalar(select(func.count()).where(BundleApplication.number == number)) == 0:
            return number
    raise Problem(503, "service_unavailable", _("Please try again in a moment."))


def _staged(bundle: Bundle, account_id: int, ids: list[int]) -> list[BundleUpload]:
    rows = list(db.session.scalars(select(BundleUpload).where(
        BundleUpload.id.in_(ids), BundleUpload.account_id == account_id, BundleUpload.bundle_id == bundle.id,
        BundleUpload.used_at.is_(None)))) if ids else []
    if len(rows) != len(set(ids)):
        raise Problem(400, "validation_error", _("Check the fields named in errors."),
                      errors={"materials": [_("Some of these files were not uploaded for this bundle, or were "
                                              "used already. Upload them again.")]})
    return rows


def _draft(matter: Matter, actor: policy.Actor, data: dict[str, Any], staged: list[BundleUpload]) -> Case:
    props = forms.schema_for(matter)["properties"]
    offered = drafts.deliveries(matter)
    delivery = data.get("delivery") if data.get("delivery") in offered else offered[0]
    address = (data.get("delivery_address") or "").strip() if delivery == "post" else ""
    case = Case(number=drafts.new_number(), matter=matter, department=matter.department, applicant=actor.account,
                mode="online", status="draft", delivery=delivery, delivery_address=address or None,
                form_json=json.dumps({k: v for k, v in data["form"].items() if k in props}, ensure_ascii=False))
    db.session.add(case)
    db.session.flush()
    created = lifecycle.record(case, "created", None, actor, "applicant")
    created.to_status = "draft"
    asked = {m.name for m in matter.materials}
    for row in staged:
        if row.material in asked:
            materials.upload(case.number, row.material, io.BytesIO(storage.get(row.storage_key)), row.filename,
                             row.content_type)
    return case


def apply(code: str, data: dict[str, Any]) -> dict[str, Any]:
    """Create one linked case per matter from one form and one set of files, and submit them together."""
    bundle = get(code)
    actor = _applicant(bundle)
    assert actor.account is not None
    props, required = _union_fields(matters_of(bundle))
    schema = {"properties": props, "required": required}
    errors = forms.validate(schema, data["form"], partial=False)
    staged = _staged(bundle, actor.account.id, list(data.get("materials") or []))
    if errors:
        raise Problem(400, "validation_error", _("Check the fields named in errors."), errors=errors)
    cases = [_draft(matter, actor, data, staged) for matter in matters_of(bundle)]
    for case in cases:
        errors.update(submit.full_errors(case))
    if errors:
        raise Problem(400, "validation_error", _("Check the fields named in errors."), errors=errors)
    code_ = "".join(secrets.choice(submit.CODE_ALPHABET) for _i in range(submit.CODE_LENGTH))
    now = utcnow()
    application = BundleApplication(number=_number(), bundle_id=bundle.id, applicant_account_id=actor.account.id,
                                    submitted_at=now)
    db.session.add(application)
    for position, case in enumerate(cases):
        case.query_code_hash, case.submitted_at = submit.query_hash(case.number, code_), now
        lifecycle.transition(case, "submit", actor, data={"bundle": application.number})
        db.session.add(BundleCase(application=application, case=case, position=position))
    for row in staged:
        row.used_at = now
    if staged:
        jobs.enqueue(PURGE, {"ids": [row.id for row in staged]})
    db.session.flush()
    audit.record("bundle.apply", actor=actor.label, object_type="bundle_application", object_id=application.number,
                 data={"bundle": bundle.code, "cases": [c.number for c in cases]})
    return {"number": application.number, "query_code": code_, "submitted_at": now,
            "bundle": {"code": bundle.code, "name": bundle.name},
            "cases": [{"number": c.number, "matter": c.matter, "department": c.department, "status": c.status}
                      for c in cases]}


def link_of(case: Case) -> dict[str, Any] | None:
    row = db.session.scalars(select(BundleCase).where(BundleCase.case_id == case.id)).first()
    if row is None:
        return None
    application = row.application
    return {"number": application.number, "code": application.bundle.code, "name": application.bundle.name,
            "cases": [link.case.number for link in application.links]}


PURGE = "cases.bundle_uploads.purge"


@jobs.handler(PURGE)
def _purge(payload: dict[str, Any]) -> None:
    """Staged files copied into their cases are no longer needed: delete them."""
    for row in db.session.scalars(select(BundleUpload).where(BundleUpload.id.in_(payload.get("ids") or []),
                                                             BundleUpload.used_at.is_not(None))):
        storage.delete(row.storage_key)
        db.session.delete(row)
    db.session.flush()
