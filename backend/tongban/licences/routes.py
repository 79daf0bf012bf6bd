"""Licences endpoints: the wallet, 亮证 presentations, verification of any QR, who checked my licence,
the trust list, and the administrator's licences and trust list."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask.views import MethodView

from tongban.core.apidocs import ApiBlueprint, problems
from tongban.core.pagination import Page, PageArgs
from tongban.core.tx import transactional
from tongban.licences import admin, pdf, present, seals, verify, views, wallet
from tongban.licences import schemas as s

blp = ApiBlueprint("licences", __name__, description="E-licences (电子证照): wallet, 亮证, verification, trust list")
admin_blp = ApiBlueprint("licence-admin", __name__, description="Administration: licences and the trust list")


@blp.route("/me/licences")
class MyLicences(MethodView):
    @blp.response(200, s.LicenceListSchema)
    @problems(blp, 401, 403)
    def get(self) -> dict[str, Any]:
        """My licences (acting for someone: theirs that the mandate covers)."""
        return {"items": [views.summary(x) for x in wallet.mine()]}


@blp.route("/me/licences/<int:licence_id>")
class MyLicence(MethodView):
    @blp.response(200, s.LicenceSchema)
    @problems(blp, 401, 403)
    def get(self, licence_id: int) -> dict[str, Any]:
        """One licence: its fields (ID numbers masked), history and the static QR (text and SVG)."""
        return views.detail(wallet.get(licence_id)[0])


@blp.route("/me/licences/<int:licence_id>/pdf")
class LicencePdf(MethodView):
    @blp.response(200, content_type="application/pdf")
    @problems(blp, 401, 403)
    def get(self, licence_id: int) -> Response:
        """The licence as a PDF, with its static QR."""
        name, data = pdf.document(licence_id)
        return Response(data, mimetype="application/pdf", headers={
            "Content-Disposition": f"attachment; filename={name}", "Cache-Control": "private, no-store"})


@blp.route("/me/licences/<int:licence_id>/presentations")
class Presentations(MethodView):
    @blp.response(201, s.PresentationSchema)
    @problems(blp, 401, 403, 409, 429)
    @transactional
    def post(self, licence_id: int) -> dict[str, Any]:
        """亮证: a single-use QR valid 60 seconds (the holder; an agent whose mandate allows view and sign)."""
        row, qr = present.create(licence_id)
        return {"qr": qr, "qr_svg": views.qr_svg(qr), "expires_at": row.expires_at}


@blp.route("/me/licences/<int:licence_id>/checks")
class Checks(MethodView):
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, s.CheckPageSchema)
    @problems(blp, 401, 403)
    def get(self, args: dict[str, Any], licence_id: int) -> Page:
        """Who checked my licence: every scan, when, where, why, and the verdict — failed attempts too."""
        rows, total = wallet.checks(licence_id, args["page"], args["per_page"])
        return Page([views.check(r) for r in rows], args["page"], args["per_page"], total)


@blp.route("/verifications")
class Verifications(MethodView):
    @blp.arguments(s.VerificationInput)
    @blp.response(200, s.VerificationSchema)
    @problems(blp, 401, 403, 429)
    @transactional
    def post(self, data: dict[str, Any]) -> dict[str, Any]:
        """Verify any scanned QR: a verdict (valid, or exactly why not) and what it says, for whom may see it."""
        return verify.verify(data)


@blp.route("/trust-list")
class TrustList(MethodView):
    @blp.response(200, s.TrustListSchema)
    @transactional  # the platform key is made on first use
    def get(self) -> dict[str, Any]:
        """The signed trust list: every issuer key in force (ours and partner regions') and the licence types."""
        return seals.trust_list()


@admin_blp.route("/admin/licences")
class ImportLicence(MethodView):
    @admin_blp.arguments(s.LicenceImportInput)
    @admin_blp.response(201, s.LicenceSchema)
    @problems(admin_blp, 401, 403)
    @transactional
    def post(self, data: dict[str, Any]) -> dict[str, Any]:
        """Import a licence issued outside Tongban: sealed with the issuing department's key."""
        return views.detail(admin.import_licence(data))


@admin_blp.route("/admin/licences/<int:licence_id>/status")
class LicenceStatus(MethodView):
    @admin_blp.arguments(s.StatusInput)
    @admin_blp.response(200, s.LicenceSchema)
    @problems(admin_blp, 401, 403, 409)
    @transactional
    def post(self, data: dict[str, Any], licence_id: int) -> dict[str, Any]:
        """Suspend, reinstate or revoke a licence, with the reason (the holder is told)."""
        return views.detail(admin.set_status(licence_id, data))


@admin_blp.route("/admin/trust-list/keys")
class PartnerKeys(MethodView):
    @admin_blp.arguments(s.PartnerKeyInput)
    @admin_blp.response(201, s.TrustKeySchema)
    @problems(admin_blp, 401, 403, 409)
    @transactional
    def post(self, data: dict[str, Any]) -> dict[str, Any]:
        """Add a partner region's seal key to the trust list (mutual recognition)."""
        return _key(admin.add_partner_key(data))


@admin_blp.route("/admin/trust-list/keys/<kid>/remove")
class RemoveKey(MethodView):
    @admin_blp.response(200, s.TrustKeySchema)
    @problems(admin_blp, 401, 403)
    @transactional
    def post(self, kid: str) -> dict[str, Any]:
        """Remove a key from the trust list: what it sealed stops verifying."""
        return _key(admin.remove_key(kid))


@admin_blp.route("/admin/seal-keys/<issuer>/rotate")
class Rotate(MethodView):
    @admin_blp.response(200, s.TrustKeySchema)
    @problems(admin_blp, 401, 403)
    @transactional
    def post(self, issuer: str) -> dict[str, Any]:
        """Give a department a new seal key; licences sealed with the old one keep verifying."""
        return _key(admin.rotate(issuer))


def _key(entry: Any) -> dict[str, Any]:
    return {"kid": entry.kid, "issuer": entry.issuer, "issuer_name": entry.issuer_name,
            "issuer_uscc": entry.issuer_uscc, "region": entry.region_code, "alg": entry.algorithm,
            "public_key": seals.b64u(entry.public_key), "source": entry.source}
