"""Licences and cases, both ways.

- A case approved with delivery "e_licence" for a matter that yields a licence (types.MATTER_LICENCE)
  enqueues `licence.issue` in the approval's transaction; the job seals the licence for the applicant
  (the enterprise, for an enterprise's case), puts it in the wallet, notes it on the case's timeline
  and tells the holder. Sealing is background work; the job is idempotent by case number.
- At submission, a material a licence can replace is satisfied by the applicant's valid licence of
  that type (verified then: its seal against the trust list, its status and date): no upload, no
  original. Which licence stood in is written on the timeline.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from tongban.cases.models import Case
from tongban.extensions import db
from tongban.jobs import service as jobs
from tongban.licences import issue, types, verify, wallet
from tongban.licences.models import Licence

KIND = "licence.issue"


def after_approval(case: Case) -> None:
    if case.delivery == "e_licence" and case.matter.code in types.MATTER_LICENCE:
        jobs.enqueue(KIND, {"case": case.number}, key=f"licence:case:{case.number}")


@jobs.handler(KIND)
def _issue(payload: dict[str, Any]) -> None:
    from tongban.cases import timeline
    from tongban.identity.models import Organisation
    from tongban.notify import service as notify

    case = db.session.scalars(select(Case).where(Case.number == payload["case"])).first()
    if case is None or db.session.scalars(select(Licence.id).where(Licence.case_number == case.number)).first():
        return
    licence_type = types.BY_CODE[types.MATTER_LICENCE[case.matter.code]]
    org = db.session.get(Organisation, case.organisation_id) if case.organisation_id else None
    person = case.applicant.person
    if licence_type.audience == "enterprise" and org is None:
        org = db.session.scalars(select(Organisation).where(Organisation.legal_rep_id == person.id)).first()
    row = issue.issue(licence_type, issuer=case.department.code, issuer_name=case.department.name,
                      region=case.department.region_code, person=person, org=org, case_number=case.number)
    with notify.platform_language():
        name = str(licence_type.name)
        timeline.add(case, "licence_issued", note=_("%(licence)s issued to your wallet: %(identifier)s",
                                                    licence=name, identifier=row.identifier), tell=True)


def holding(case: Case, licence_type_code: str) -> Licence | None:
    """The applicant's (or the enterprise's) valid licence of this type, verified now."""
    stmt = select(Licence).where(Licence.type_code == licence_type_code,
                                 Licence.holder_account_id == case.applicant_account_id)
    stmt = stmt.where(Licence.holder_org_id == case.organisation_id if case.organisation_id
                      else Licence.holder_org_id.is_(None))
    for licence in db.session.scalars(stmt.order_by(Licence.id.desc())):
        if wallet.status_of(licence) == "valid" and verify.seal_ok(licence):
            return licence
    return None


def stand_ins(case: Case) -> dict[str, Licence]:
    """Materials of the guide that a licence of the applicant's replaces, and which licence: checked at
    submission (the holder's valid licence of the mapped type, its seal verified now)."""
    have = {f.material for f in case.files if f.removed_at is None}
    found: dict[str, Licence] = {}
    for material in case.matter.materials:
        code = types.MATERIAL_NAMES.get(material.licence_type or "")
        if code and material.name not in have:
            licence = holding(case, code)
            if licence is not None:
                found[material.name] = licence
    return found


def note_stand_ins(case: Case) -> list[str]:
    """On submission: each licence that stands in for a material goes on the timeline (the department
    sees which one, and checks it through data sharing instead of asking for the original)."""
    from tongban.cases import timeline

    used = stand_ins(case)
    for material, licence in used.items():
        timeline.add(case, "licence_used", note=_("%(material)s: e-licence %(identifier)s",
                                                  material=material, identifier=licence.identifier))
    return list(used)
