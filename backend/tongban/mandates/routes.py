"""Mandates endpoints: grant, ask, confirm, revoke; my family; what was done in my name; the window's
in-person mandates and the reviewer's guardianship queue; revocation by a code to the principal's
phone; and 帮办 sessions."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from flask import Response
from flask.views import MethodView
from flask_babel import gettext as _

from tongban.core.apidocs import ApiBlueprint, problems
from tongban.core.pagination import Page, PageArgs
from tongban.core.tx import transactional
from tongban.mandates import assist, consent, service, views, window
from tongban.mandates import schemas as s

blp = ApiBlueprint("mandates", __name__, description="Mandates (授权/委托): acting for family, wards and enterprises; "
                   "name the mandate in the Acting-For header on every request made for someone")
assist_blp = ApiBlueprint("assist-sessions", __name__, description="帮办: a helper drafts, the resident confirms")
MANDATE_ACTIONS = "any(" + ", ".join(f"'{a}'" for a in consent.ACTIONS) + ")"
EXTENSIONS = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}
ASSIST_ACTIONS = "any('join', 'confirm', 'cancel')"


@blp.route("/mandates")
class Mandates(MethodView):
    @blp.arguments(s.MandateInput)
    @blp.response(201, s.CreatedMandateSchema)
    @problems(blp, 401, 403, 404, 409, 429)
    @transactional
    def post(self, data: dict[str, Any]) -> dict[str, Any]:
        """Grant an authorisation (role principal) or ask for one (role agent; a code goes to the principal)."""
        mandate, phone = consent.create(data)
        return views.mandate(mandate, "principal" if data["role"] == "principal" else "agent", code_sent_to=phone)


@blp.route("/me/mandates")
class MyMandates(MethodView):
    @blp.response(200, s.MyMandatesSchema)
    @problems(blp, 401, 403)
    def get(self) -> dict[str, Any]:
        """People who act for me, and people I act for (with their status and what each may do)."""
        mine = service.mine()
        return {"as_principal": [views.mandate(m, "principal") for m in mine["as_principal"]],
                "as_agent": [views.mandate(m, "agent") for m in mine["as_agent"]]}


@blp.route("/me/mandates/activity")
class Activity(MethodView):
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, s.ActPageSchema)
    @problems(blp, 401, 403)
    def get(self, args: dict[str, Any]) -> Page:
        """Everything agents did in my name, newest first."""
        rows, total = service.activity(args["page"], args["per_page"])
        return Page([views.act(r) for r in rows], args["page"], args["per_page"], total)


@blp.route("/mandates/categories")
class Categories(MethodView):
    @blp.response(200, s.CategoryListSchema)
    def get(self) -> dict[str, Any]:
        """The categories a mandate's scope may name."""
        return {"items": views.categories()}


@blp.route("/mandates/<public_id:public_id>")
class MandateDetail(MethodView):
    @blp.response(200, s.MandateSchema)
    @problems(blp, 401)
    def get(self, public_id: str) -> dict[str, Any]:
        """One authorisation with its history (its two people; the reviewer of a guardianship)."""
        mandate, role = service.visible(public_id)
        return views.mandate(mandate, role)


@blp.route(f"/mandates/<public_id:public_id>/<{MANDATE_ACTIONS}:action>")
class MandateAction(MethodView):
    @blp.arguments(s.MandateActionInput)
    @blp.response(200, s.MandateSchema)
    @problems(blp, 401, 403, 409, 429)
    @transactional
    def post(self, data: dict[str, Any], public_id: str, action: str) -> dict[str, Any]:
        """accept (the agent), confirm (the principal; the agent with the principal's code; the reviewer),
        refuse, revoke (the principal, or the agent giving it up), resend (the code)."""
        return views.mandate(*consent.act(public_id, action, data))


@blp.route("/mandates/<public_id:public_id>/evidence")
class Evidence(MethodView):
    @blp.arguments(s.EvidenceInput, location="multipart")
    @blp.response(200, s.MandateSchema)
    @problems(blp, 401, 409, 415)
    @transactional
    def post(self, data: dict[str, Any], public_id: str) -> dict[str, Any]:
        """The guardian uploads the court or civil-affairs document (PDF, JPEG or PNG)."""
        return views.mandate(consent.upload_evidence(public_id, data["file"]), "agent")

    @blp.response(200, content_type="application/octet-stream")
    @problems(blp, 401, 503)
    @transactional  # the download is audited
    def get(self, public_id: str) -> Response:
        """The evidence: the guardianship document or the photographed paper form."""
        mandate, data = consent.evidence(public_id)
        ext = EXTENSIONS.get(mandate.evidence_type or "", "")
        name = quote(_("Authorisation evidence") + f" {mandate.public_id}{ext}")
        return Response(data, mimetype=mandate.evidence_type or "application/octet-stream", headers={
            "Content-Disposition": f"attachment; filename*=UTF-8''{name}", "X-Content-Type-Options": "nosniff",
            "Cache-Control": "private, no-store"})


@blp.route("/mandates/revocation-code")
class RevocationCode(MethodView):
    @blp.arguments(s.PhoneInput)
    @blp.response(202, s.SentSchema)
    @problems(blp, 429)
    @transactional
    def post(self, data: dict[str, Any]) -> dict[str, Any]:
        """Text the principal's phone a code that ends every authorisation they gave (no sign-in)."""
        consent.revocation_code(data["phone"])
        return {"detail": _("If this phone number gave authorisations on Tongban, a code is on its way.")}


@blp.route("/mandates/revoke-by-code")
class RevokeByCode(MethodView):
    @blp.arguments(s.PhoneCodeInput)
    @blp.response(200, s.RevokedSchema)
    @problems(blp, 429)
    @transactional
    def post(self, data: dict[str, Any]) -> dict[str, Any]:
        """End every authorisation the phone's owner gave, with the code sent to that phone."""
        ended = consent.revoke_by_code(data["phone"], data["code"])
        return {"revoked": [views.mandate(m, "principal") for m in ended]}


@blp.route("/staff/mandates")
class WindowMandates(MethodView):
    @blp.arguments(s.WindowMandateInput, location="multipart")
    @blp.response(201, s.MandateSchema)
    @problems(blp, 401, 403, 404, 409, 415)
    @transactional
    def post(self, data: dict[str, Any]) -> dict[str, Any]:
        """A clerk records a mandate both people signed before them, with the photographed form."""
        return views.mandate(window.record(data, data["file"]), "witness")


@blp.route("/staff/mandates/lookup")
class WindowLookup(MethodView):
    @blp.arguments(s.WindowPrincipalInput)
    @blp.response(200, s.MandateListSchema)
    @problems(blp, 401, 403, 404)
    def post(self, data: dict[str, Any]) -> dict[str, Any]:
        """A clerk, with the principal's ID card in hand, lists the authorisations they gave."""
        return {"items": [views.mandate(m, "witness") for m in window.lookup(data)]}


@blp.route("/staff/mandates/<public_id:public_id>/revoke")
class WindowRevoke(MethodView):
    @blp.arguments(s.WindowPrincipalInput)
    @blp.response(200, s.MandateSchema)
    @problems(blp, 401, 403, 409)
    @transactional
    def post(self, data: dict[str, Any], public_id: str) -> dict[str, Any]:
        """A clerk records the principal's revocation, made in person at the window."""
        return views.mandate(window.revoke(public_id, data), "witness")


@blp.route("/staff/mandates/review")
class Review(MethodView):
    @blp.response(200, s.MandateListSchema)
    @problems(blp, 401, 403)
    def get(self) -> dict[str, Any]:
        """Guardianships waiting for their document to be reviewed."""
        return {"items": [views.mandate(m, "reviewer") for m in service.pending_review()]}


@assist_blp.route("/assist-sessions")
class AssistSessions(MethodView):
    @assist_blp.response(201, s.StartedAssistSchema)
    @problems(assist_blp, 401, 403, 429)
    @transactional
    def post(self) -> dict[str, Any]:
        """Ask for help: a 6-digit code and its QR, valid 10 minutes, to show the helper."""
        row, code = assist.start()
        return {**assist.public(row), "code": code, "qr_svg": assist.qr_svg(code)}


@assist_blp.route("/assist-sessions/<code>")
class AssistSession(MethodView):
    @assist_blp.response(200, s.AssistSessionSchema)
    @problems(assist_blp, 401)
    def get(self, code: str) -> dict[str, Any]:
        """The session as its resident or helper sees it: who joined, what was drafted."""
        return assist.public(assist.view(code))


@assist_blp.route(f"/assist-sessions/<code>/<{ASSIST_ACTIONS}:action>")
class AssistAction(MethodView):
    @assist_blp.arguments(s.AssistConfirmInput)
    @assist_blp.response(200, s.AssistConfirmedSchema)
    @problems(assist_blp, 401, 403, 409, 429)
    @transactional
    def post(self, data: dict[str, Any], code: str, action: str) -> dict[str, Any]:
        """join (the helper), confirm (the resident signs and submits; the clerk records it in person),
        cancel (either)."""
        if action == "join":
            return assist.public(assist.join(code))
        if action == "cancel":
            return assist.public(assist.cancel(code))
        row, receipt = assist.confirm(code, data)
        return {**assist.public(row), "receipt": receipt}
