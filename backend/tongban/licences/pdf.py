"""The licence as a PDF: its fields, the issuer's seal line, and the static QR (level Q) that anyone
can verify, online or not. Drawn by the receipt's renderer (cases/receipt_pdf.py: Chinese text with the
built-in CID font, the QR as vector squares)."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from qrcode.constants import ERROR_CORRECT_Q

from tongban.cases import receipt_pdf
from tongban.licences import views, wallet
from tongban.licences.models import Licence

SHOWN_ABOVE = {"holder_name", "holder_id"}  # their own rows lead the table


def content(licence: Licence) -> dict[str, Any]:
    shown = views.detail(licence)
    rows = [(_("Licence"), shown["type_name"]), (_("Identifier"), licence.identifier),
            (_("Holder"), shown["fields"].get("holder_name", "")),
            (_("ID number or credit code"), shown["fields"].get("holder_id", ""))]
    rows += [(shown["field_labels"][k], str(v)) for k, v in shown["fields"].items() if k not in SHOWN_ABOVE]
    rows += [(_("Issued by"), licence.issuer_name), (_("Issued on"), licence.issued_on.isoformat()),
             (_("Valid until"), licence.valid_until.isoformat() if licence.valid_until else _("No end date")),
             (_("Status"), shown["status_label"]),
             (_("Seal"), _("Electronic seal of %(issuer)s", issuer=licence.issuer_name))]
    footer = _("Electronic licence sealed by its issuer. Scan the QR code to verify it; it works without a network "
               "connection too.")
    if licence.demo:
        footer = _("Demo data: not a real licence.") + " " + footer
    return {"title": shown["type_name"], "rows": rows, "how": _("Verify: scan with Tongban's scanner, or any "
                                                                "verifier that holds the Tongban trust list."),
            "qr": licence.static_qr, "qr_level": ERROR_CORRECT_Q, "qr_caption": _("Static licence QR code (signed)"),
            "footer": footer, "meta_title": f"{shown['type_name']} {licence.identifier}"}


def document(licence_id: int) -> tuple[str, bytes]:
    licence, _actor = wallet.get(licence_id)
    return f"licence-{licence.id}.pdf", receipt_pdf.render(content(licence))
