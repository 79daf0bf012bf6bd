"""Endpoints of the ways to apply beyond online: receiving at a window (forward is one of the case
actions in routes.py), deciding a joint case's parts, and bundles (一件事一次办)."""

from __future__ import annotations

from typing import Any

from flask import Response, json
from flask.views import MethodView
from flask_babel import gettext as _

from tongban.cases import access, bundles, idempotency, joint, lifecycle, reception, views
from tongban.cases import bundle_schemas as b
from tongban.cases import modes_schemas as m
from tongban.cases import schemas as s
from tongban.core.apidocs import ApiBlueprint, problems
from tongban.core.errors import NotFound, problem
from tongban.core.tx import transactional

blp = ApiBlueprint("case-modes", __name__, description="Cases received at a window (收受分离, 全市通办), joint "
                   "cases (多地联办) and bundles (一件事一次办)")
PART_ACTIONS = "any(" + ", ".join(f"'{a}'" for a in joint.PART_ACTIONS) + ")"


@blp.errorhandler(lifecycle.TransitionRefused)
def _refused(exc: lifecycle.TransitionRefused) -> Response:
    """409 with the actions possible now, as an RFC 9457 extension member."""
    resp = problem(exc.status, exc.code, exc.detail)
    body = json.loads(resp.get_data())
    body["allowed_actions"] = exc.allowed_actions
    resp.set_data(json.dumps(body, ensure_ascii=False))
    return resp


def _once(scope: str, headers: dict[str, Any], data: dict[str, Any], status: int, schema: Any,
          produce: Any) -> Response:
    code, body = idempotency.run(scope, headers.get("idempotency_key"), data,
                                 lambda: (status, schema().dump(produce())))
    return Response(json.dumps(body, ensure_ascii=False), status=code, mimetype="application/json")


def _code(value: str) -> str:
    if not s.CODE_RE.match(value):
        raise NotFound()
    return value


@blp.route("/cases/<number>/receive")
class Receive(MethodView):
    @blp.arguments(s.IdempotencyInput, location="headers")
    @blp.arguments(m.ReceiveInput)
    @blp.response(200, b.WindowReceiptSchema)
    @problems(blp, 401, 403, 409)
    @transactional
    def post(self, headers: dict[str, Any], data: dict[str, Any], number: str) -> Response:
        """Receive a case at the window after the formal review (clerk): the receipt with the query code."""
        if not access.NUMBER.match(number):
            raise NotFound(_("No case has this number."))
        return _once(f"case.receive:{number}", headers, data, 200, b.WindowReceiptSchema,
                     lambda: reception.receive(number, data))


@blp.route(f"/cases/<number>/parts/<department>/<{PART_ACTIONS}:action>")
class PartAction(MethodView):
    @blp.arguments(s.ActionInput)
    @blp.response(200, s.CaseSchema)
    @problems(blp, 401, 403, 409)
    @transactional
    def post(self, data: dict[str, Any], number: str, department: str, action: str) -> dict[str, Any]:
        """Decide a joint case's part (its department's reviewer): accept, not-accept, approve or deny."""
        return views.detail(joint.act(number, _code(department), action, data))


@blp.route("/bundles")
class Bundles(MethodView):
    @blp.response(200, b.BundleList)
    def get(self) -> dict[str, Any]:
        """List the bundles (一件事): life events that apply for several matters in one go."""
        return {"items": [{"code": x.code, "name": x.name, "description": x.description, "demo": x.demo,
                           "min_assurance": bundles.min_assurance(x),
                           "matters": bundles.matters_of(x)} for x in bundles.listing()]}


@blp.route("/bundles/<code>/form")
class BundleForm(MethodView):
    @blp.response(200, b.BundleFormSchema)
    def get(self, code: str) -> dict[str, Any]:
        """Read a bundle's one form (the union of its matters' fields and materials)."""
        return bundles.form(bundles.get(_code(code)))


@blp.route("/bundles/<code>/materials")
class BundleMaterials(MethodView):
    @blp.arguments(s.UploadInput, location="multipart")
    @blp.response(201, b.StagedFileSchema)
    @problems(blp, 401, 403, 409, 415)
    @transactional
    def post(self, data: dict[str, Any], code: str) -> Any:
        """Upload a material once for the bundle (PDF, JPEG or PNG); name its id when applying."""
        upload = data["file"]
        return bundles.stage(_code(code), data["material"], upload.stream, upload.filename, upload.mimetype)


@blp.route("/bundles/<code>/apply")
class BundleApply(MethodView):
    @blp.arguments(s.IdempotencyInput, location="headers")
    @blp.arguments(b.BundleApplyInput)
    @blp.response(201, b.BundleReceiptSchema)
    @problems(blp, 401, 403, 409)
    @transactional
    def post(self, headers: dict[str, Any], data: dict[str, Any], code: str) -> Response:
        """Apply for every matter of the bundle: one linked case each, submitted together, one receipt."""
        return _once(f"bundle.apply:{_code(code)}", headers, data, 201, b.BundleReceiptSchema,
                     lambda: bundles.apply(code, data))
