"""Endpoints around a case: the receipt PDF, signing before submission, the sealed e-archive record,
the waybills."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from flask import Response
from flask.views import MethodView

from tongban.cases import archive, receipt, signature, waybills
from tongban.cases import record_schemas as s
from tongban.core.apidocs import ApiBlueprint, problems
from tongban.core.tx import transactional
from tongban.logistics.schemas import WaybillList

blp = ApiBlueprint("case-records", __name__,
                   description="Cases: the receipt PDF, the applicant's signature, the e-archive, waybills")


@blp.route("/cases/<number>/receipt.pdf")
class ReceiptPdf(MethodView):
    @blp.response(200, content_type="application/pdf")
    @problems(blp, 401, 409)
    def get(self, number: str) -> Response:
        """Download the receipt (受理回执) as a PDF with its QR (the applicant; staff who see the case)."""
        name, pdf = receipt.document(number)
        return Response(pdf, mimetype="application/pdf", headers={
            "Content-Disposition": f"inline; filename*=UTF-8''{quote(name)}", "X-Content-Type-Options": "nosniff",
            "Cache-Control": "private, no-store"})


@blp.route("/cases/<number>/receipt-qr.svg")
class ReceiptQr(MethodView):
    @blp.response(200, content_type="image/svg+xml")
    @problems(blp, 401, 409)
    def get(self, number: str) -> Response:
        """The receipt's QR code as SVG, to show on screen (the same payload as the PDF's QR)."""
        return Response(receipt.qr_svg(number), mimetype="image/svg+xml", headers={
            "X-Content-Type-Options": "nosniff", "Cache-Control": "private, no-store"})


@blp.route("/cases/<number>/signature/options")
class SignatureOptions(MethodView):
    @blp.arguments(s.SignatureOptionsInput)
    @blp.response(200, s.SignatureOptionsSchema)
    @problems(blp, 401, 409, 429)
    @transactional
    def post(self, data: dict[str, Any], number: str) -> dict[str, Any]:
        """Ask to sign a complete draft: WebAuthn options (challenge = its digest) or a code texted to you."""
        return signature.options(number, data.get("method"))


@blp.route("/cases/<number>/archive")
class Archive(MethodView):
    @blp.response(200, s.ArchiveSchema)
    @problems(blp, 401, 403)
    def get(self, number: str) -> dict[str, Any]:
        """Read a completed case's sealed e-archive record and whether its digest still verifies (staff)."""
        return archive.view(number)


@blp.route("/cases/<number>/waybills")
class Waybills(MethodView):
    @blp.response(200, WaybillList)
    @problems(blp, 401)
    def get(self, number: str) -> dict[str, Any]:
        """List a case's waybills (originals to the department, the result to you) with their tracking."""
        return {"items": waybills.listing(number)}
