"""Shapes for the licences schemas."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from qrcode.constants import ERROR_CORRECT_Q

from tongban.cases import receipt, receipt_pdf
from tongban.licences import types, verify, wallet
from tongban.licences.models import Licence, Verification

STATUS = {"valid": _l("Valid"), "suspended": _l("Suspended"), "revoked": _l("Revoked"), "expired": _l("Expired")}
EVENT = {"issued": _l("Issued"), "suspended": _l("Suspended"), "reinstated": _l("Valid again"),
         "revoked": _l("Revoked"), "expired": _l("Expired")}


def qr_svg(text: str) -> str:
    """At level Q, as the static and presentation QR codes are sized for (design §7)."""
    return receipt.matrix_svg(receipt_pdf.qr_matrix(text, ERROR_CORRECT_Q))


def summary(licence: Licence) -> dict[str, Any]:
    data = wallet.data_of(licence)
    status = wallet.status_of(licence)
    licence_type = types.BY_CODE.get(licence.type_code)
    return {"id": licence.id, "identifier": licence.identifier, "type": licence.type_code,
            "type_name": str(licence_type.name) if licence_type else licence.type_code,
            "holder": data.get("holder_name", ""), "holder_type": "organisation" if licence.holder_org_id else "person",
            "issuer": licence.issuer_name, "issued_on": licence.issued_on, "valid_until": licence.valid_until,
            "status": status, "status_label": str(STATUS.get(status, status)), "demo": licence.demo,
            "seal_trusted": verify.seal_ok(licence)}


def detail(licence: Licence) -> dict[str, Any]:
    shown = wallet.shown_fields(licence)
    return {**summary(licence), "fields": shown, "field_labels": {k: types.field_label(k) for k in shown},
            "static_qr": licence.static_qr, "static_qr_svg": qr_svg(licence.static_qr),
            "case": licence.case_number,
            "history": [{"kind": e.kind, "label": str(EVENT.get(e.kind, e.kind)), "note": e.note, "at": e.at}
                        for e in licence.events]}


def check(row: Verification) -> dict[str, Any]:
    who = row.verifier_name or _("Someone")
    return {"at": row.at, "kind": row.kind, "verdict": row.verdict,
            "verdict_label": str(verify.VERDICTS.get(row.verdict, row.verdict)),
            "verifier": who, "place": row.place, "purpose": row.purpose, "case": row.case_number}
