"""Cases endpoints: the form of a matter, drafts, materials, submission, the timeline, actions, the
reviewer's queue, the anonymous status look-up, and the working-day schedule."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from flask import Response, json
from flask.views import MethodView

from tongban.cases import (
    access,
    actions,
    drafts,
    holidays,
    idempotency,
    lifecycle,
    lookup,
    materials,
    queue,
    submit,
    views,
)
from tongban.cases import schemas as s
from tongban.catalogue import service as catalogue
from tongban.core.apidocs import ApiBlueprint, problems
from tongban.core.errors import NotFound, problem
from tongban.core.pagination import Page, PageArgs
from tongban.core.tx import transactional

blp = ApiBlueprint("cases", __name__, description="Cases (办件): apply online, materials, timeline, decisions")
admin = ApiBlueprint("workdays", __name__, description="Administration: the yearly working-day schedule")
ACTIONS = "any(" + ", ".join(f"'{a}'" for a in lifecycle.STAFF_ACTIONS + lifecycle.APPLICANT_ACTIONS) + ")"


@blp.errorhandler(lifecycle.TransitionRefused)
def _refused(exc: lifecycle.TransitionRefused) -> Response:
    """409 with the actions possible now, as an RFC 9457 extension member."""
    resp = problem(exc.status, exc.code, exc.detail)
    body = json.loads(resp.get_data())
    body["allowed_actions"] = exc.allowed_actions
    resp.set_data(json.dumps(body, ensure_ascii=False))
    return resp


def _json(status: int, body: dict[str, Any]) -> Response:
    return Response(json.dumps(body, ensure_ascii=False), status=status, mimetype="application/json")


def _once(scope: str, headers: dict[str, Any], data: dict[str, Any],
          produce: Callable[[], tuple[int, dict[str, Any]]]) -> Response:
    return _json(*idempotency.run(scope, headers.get("idempotency_key"), data, produce))


@blp.route("/matters/<code>/form")
class MatterForm(MethodView):
    @blp.response(200, s.FormSchemaSchema)
    def get(self, code: str) -> dict[str, Any]:
        """Read a matter's application form as JSON Schema, with its materials and the level it needs."""
        if not s.CODE_RE.match(code):
            raise NotFound()
        return views.form_schema(catalogue.get_matter(code))


@blp.route("/cases")
class Cases(MethodView):
    @blp.arguments(s.IdempotencyInput, location="headers")
    @blp.arguments(s.CaseInput)
    @blp.response(201, s.CaseSchema)
    @problems(blp, 401, 403, 404, 409)
    @transactional
    def post(self, headers: dict[str, Any], data: dict[str, Any]) -> Response:
        """Start an application (a draft) for a matter; honours Idempotency-Key."""
        return _once("case.create", headers, data,
                     lambda: (201, s.CaseSchema().dump(views.detail(drafts.create(data)))))


@blp.route("/me/cases")
class MyCases(MethodView):
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, s.CasePageSchema)
    @problems(blp, 401)
    def get(self, args: dict[str, Any]) -> Page:
        """List my cases, newest first."""
        return drafts.mine(args["page"], args["per_page"]).map(views.summary)


@blp.route("/cases/<number>")
class CaseDetail(MethodView):
    @blp.response(200, s.CaseSchema)
    @problems(blp, 401)
    def get(self, number: str) -> dict[str, Any]:
        """Read a case with its timeline (the applicant; staff of the handling department)."""
        case, _actor = access.get(number)
        return views.detail(case)

    @blp.arguments(s.DraftInput)
    @blp.response(200, s.CaseSchema)
    @problems(blp, 401, 409)
    @transactional
    def post(self, data: dict[str, Any], number: str) -> dict[str, Any]:
        """Save a draft as it is: the form replaces the saved one; incomplete forms are fine until submission."""
        return views.detail(drafts.save(number, data))


@blp.route("/cases/<number>/submit")
class Submit(MethodView):
    @blp.arguments(s.IdempotencyInput, location="headers")
    @blp.arguments(s.SubmitInput)
    @blp.response(200, s.ReceiptSchema)
    @problems(blp, 401, 409)
    @transactional
    def post(self, headers: dict[str, Any], data: dict[str, Any], number: str) -> Response:
        """Submit a draft: everything is checked, then the receipt with the query code (shown once)."""
        return _once(f"case.submit:{number}", headers, data,
                     lambda: (200, s.ReceiptSchema().dump(submit.submit(number, data))))


@blp.route("/cases/<number>/materials")
class Materials(MethodView):
    @blp.response(200, s.CaseFileList)
    @problems(blp, 401)
    def get(self, number: str) -> dict[str, Any]:
        """List a case's uploaded materials."""
        return {"items": [views.file(f) for f in materials.listing(number)]}

    @blp.arguments(s.UploadInput, location="multipart")
    @blp.response(201, s.CaseFileSchema)
    @problems(blp, 401, 403, 409, 415)
    @transactional
    def post(self, data: dict[str, Any], number: str) -> dict[str, Any]:
        """Upload a material (PDF, JPEG or PNG; typed by content, size-limited, stored encrypted)."""
        upload = data["file"]
        return views.file(materials.upload(number, data["material"], upload.stream, upload.filename,
                                           upload.mimetype))


@blp.route("/cases/<number>/materials/<int:file_id>")
class MaterialFile(MethodView):
    @blp.response(200, content_type="application/octet-stream")
    @problems(blp, 401, 403, 503)
    @transactional  # the download is audited
    def get(self, number: str, file_id: int) -> Response:
        """Download an uploaded material (the applicant; the handling reviewer)."""
        row, data = materials.download(number, file_id)
        return Response(data, mimetype=row.content_type, headers={
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(row.filename)}",
            "X-Content-Type-Options": "nosniff", "Cache-Control": "private, no-store"})


@blp.route("/cases/<number>/materials/<int:file_id>/remove")
class RemoveMaterial(MethodView):
    @blp.response(200, s.CaseFileList)
    @problems(blp, 401, 409)
    @transactional
    def post(self, number: str, file_id: int) -> dict[str, Any]:
        """Remove an uploaded material from a draft or a supplement."""
        materials.remove(number, file_id)
        return {"items": [views.file(f) for f in materials.listing(number)]}


@blp.route(f"/cases/<number>/<{ACTIONS}:action>")
class Action(MethodView):
    @blp.arguments(s.ActionInput)
    @blp.response(200, s.CaseSchema)
    @problems(blp, 401, 409)
    @transactional
    def post(self, data: dict[str, Any], number: str, action: str) -> dict[str, Any]:
        """Act on a case: the reviewer decides, the applicant withdraws or supplements; 409 names what is possible."""
        return views.detail(actions.act(number, action, data))


@blp.route("/case-status")
class CaseStatus(MethodView):
    @blp.arguments(s.StatusQuery, location="query")
    @blp.response(200, s.CaseStatusSchema)
    @problems(blp, 404, 429)
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """Look up a case's status with the receipt's number and query code (no sign-in, no personal data)."""
        return lookup.status(args["number"], args["query_code"])


@blp.route("/staff/queue")
class Queue(MethodView):
    @blp.arguments(s.QueueQuery, location="query")
    @blp.response(200, s.CasePageSchema)
    @problems(blp, 401, 403)
    def get(self, args: dict[str, Any]) -> Page:
        """List the cases waiting in my department, nearest their time limit first (预警/超期 flagged)."""
        return queue.queue(args, args["page"], args["per_page"]).map(views.summary)


@admin.route("/admin/holidays")
class Holidays(MethodView):
    @admin.arguments(s.WorkdayYearQuery, location="query")
    @admin.response(200, s.WorkdayYearSchema)
    @problems(admin, 401, 403)
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """Read the working-day schedule entered for a year."""
        return {"year": args["year"], "days": holidays.year_entries(args["year"])}

    @admin.arguments(s.WorkdayYearInput)
    @admin.response(200, s.WorkdayYearSchema)
    @problems(admin, 401, 409)
    @transactional
    def post(self, data: dict[str, Any]) -> dict[str, Any]:
        """Enter a year's holidays and make-up working days (replaces that year's entries)."""
        return {"year": data["year"], "days": holidays.enter_year(data["year"], data["days"])}
