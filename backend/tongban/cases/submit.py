"""Submission: the full check of form, delivery and materials, then the receipt (受理回执).

The query code is shown once, in the receipt (and to a retry with the same Idempotency-Key); only a
keyed hash of number and code is kept, so a stolen database does not give the codes away. The
submission carries the applicant's signature over the application (signature.py); without one, or
with one over another version of the application, nothing is submitted.
"""

from __future__ import annotations

import secrets
from typing import Any

from flask_babel import gettext as _

from tongban.cases import access, drafts, forms, lifecycle, signature
from tongban.cases.models import Case, form_of
from tongban.core.crypto import blind_index
from tongban.core.db import utcnow
from tongban.core.errors import Problem

CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: read aloud and typed from paper
CODE_LENGTH = 8  # 31^8 ≈ 8.5 × 10^11, with look-ups rate-limited


def query_hash(number: str, code: str) -> str:
    return blind_index(f"{number}:{code}", "case-query-code")


def new_query_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))


def missing_materials(case: Case) -> dict[str, list[str]]:
    """Required materials with no file. One an e-licence can replace is not asked for here: the
    licences slice will check the applicant's licence instead."""
    have = {f.material for f in case.files if f.removed_at is None}
    return {f"materials.{m.name}": [_("Upload this material.")] for m in case.matter.materials
            if m.required and not m.licence_type and m.name not in have}


def full_errors(case: Case) -> dict[str, list[str]]:
    errors = forms.validate(forms.schema_for(case.matter), form_of(case), partial=False)
    if case.delivery == "post" and not case.delivery_address:
        errors["delivery_address"] = [_("Give the address the result should be posted to.")]
    errors.update(missing_materials(case))
    return errors


def submit(number: str, data: dict[str, Any]) -> dict[str, Any]:
    case, actor = access.get(number, "case.own", lock=True)
    if actor.mandate is not None and actor.mandate.kind == "assisted":
        raise Problem(403, "assist_confirm_needed", _("The resident confirms this application on their own phone, "
                                                      "or in person at the window; a helper cannot submit it."))
    lifecycle.check(case, "submit", actor)
    drafts.require_level(case.matter)
    errors = drafts.apply_changes(case, data, partial=False) or full_errors(case)
    if errors:
        raise Problem(400, "validation_error", _("Check the fields named in errors."), errors=errors)
    assert actor.account is not None
    signed = signature.sign(case, actor.account, data.get("signature"))  # the applicant's 电子签名
    code = new_query_code()
    case.query_code_hash = query_hash(case.number, code)
    case.submitted_at = utcnow()
    lifecycle.transition(case, "submit", actor, data=signature.audit_data(signed))
    from tongban.licences import from_cases

    from_cases.note_stand_ins(case)  # e-licences that replace materials, on the timeline
    if case.mandate_id is not None:  # a 帮办 draft the resident submitted on the case page: the session ends
        from tongban.mandates import assist

        assist.submitted(case, (data.get("signature") or {}).get("method"))
    return {"number": case.number, "query_code": code, "status": case.status, "submitted_at": case.submitted_at,
            "matter": case.matter, "department": case.department, "signature": signature.view(signed)}
