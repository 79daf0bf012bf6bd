"""The e-archive (电子归档): when a case completes, it is sealed into one record.

The record is canonical JSON (keys sorted, no spaces, UTF-8) of the case, the applicant's signature,
every timeline event and every material's digests (stored and as uploaded, removed ones too). Its
SHA-256 goes into the hash-chained audit log (`case.archive`), so changing the stored record, or
the audit entry, shows: `GET /cases/{number}/archive` recomputes both.

Sealing runs as a background job enqueued in the transaction that completes the case (key
`archive:<number>`: once per case), so completing never waits for it and a rolled-back completion
seals nothing.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from tongban.audit import service as audit
from tongban.cases import access, signature, timeline
from tongban.cases.models import Case, form_of
from tongban.cases.records import CaseArchive
from tongban.core.db import utcnow
from tongban.core.errors import NotFound
from tongban.extensions import db
from tongban.jobs import service as jobs

KIND = "case.archive"


def enqueue(case: Case) -> None:
    jobs.enqueue(KIND, {"number": case.number}, key=f"archive:{case.number}")


def _at(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def build(case: Case) -> dict[str, Any]:
    signed = signature.of(case)
    return {
        "v": 1,
        "case": {"number": case.number, "matter": {"code": case.matter.code, "name": case.matter.name},
                 "department": {"code": case.department.code, "name": case.department.name}, "mode": case.mode,
                 "status": case.status, "outcome": case.outcome, "applicant_account": case.applicant_account_id,
                 "form": form_of(case), "delivery": case.delivery, "delivery_address": case.delivery_address,
                 "time_limit_days": case.time_limit_days, "due_date": _at(case.due_date),
                 "created_at": _at(case.created_at), "submitted_at": _at(case.submitted_at),
                 "accepted_at": _at(case.accepted_at), "decided_at": _at(case.decided_at),
                 "completed_at": _at(case.completed_at)},
        "signature": None if signed is None else {
            "method": signed.method, "digest": signed.digest, "credential_id": signed.credential_id,
            "code_id": signed.code_id, "signed_at": _at(signed.signed_at), "evidence": signed.evidence or None},
        "events": [{"kind": e.kind, "from": e.from_status, "to": e.to_status, "actor": e.actor, "role": e.actor_role,
                    "acting_for": e.acting_for, "place_code": e.place_code, "place_name": e.place_name,
                    "note": e.note, "at": _at(e.at)} for e in case.events],
        "materials": [{"id": f.id, "material": f.material, "filename": f.filename, "content_type": f.content_type,
                       "size": f.size, "sha256": f.sha256, "original_sha256": f.original_sha256 or f.sha256,
                       "uploaded_at": _at(f.uploaded_at), "removed_at": _at(f.removed_at)} for f in case.files],
    }


def canonical(record: dict[str, Any]) -> str:
    return json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _existing(case: Case) -> CaseArchive | None:
    return db.session.scalars(select(CaseArchive).where(CaseArchive.case_id == case.id)).first()


def seal(number: str) -> CaseArchive | None:
    """Seal a completed case (once); its digest enters the audit chain."""
    case = access.find(number)
    if case is None or case.status != "completed":
        return None
    found = _existing(case)
    if found is not None:
        return found
    text = canonical(build(case))
    row = CaseArchive(case_id=case.id, digest=_sha256(text), record=text, sealed_at=utcnow())
    db.session.add(row)
    db.session.flush()
    entry = audit.record("case.archive", actor="system", object_type="case", object_id=case.number,
                         data={"sha256": row.digest, "archive": row.id})
    row.audit_seq = entry.seq
    timeline.add(case, "archived", note=f"SHA-256 {row.digest}")
    return row


@jobs.handler(KIND)
def _run(payload: dict[str, Any]) -> None:
    seal(str(payload["number"]))


def view(number: str) -> dict[str, Any]:
    """Staff: the sealed record and whether it still verifies."""
    case, _actor = access.get(number, "case.archive")
    row = _existing(case)
    if row is None:
        raise NotFound(_("This case has not been sealed in the e-archive yet."))
    entry = audit.entry_at(row.audit_seq) if row.audit_seq is not None else None
    checks = {"record_digest": _sha256(row.record) == row.digest,
              "audit_entry": entry is not None and audit.intact(entry) and entry.action == "case.archive"
              and entry.object_id == case.number and (entry.data or {}).get("sha256") == row.digest}
    return {"number": case.number, "digest": row.digest, "sealed_at": row.sealed_at, "audit_seq": row.audit_seq,
            "verified": all(checks.values()), "checks": checks, "record": json.loads(row.record)}
