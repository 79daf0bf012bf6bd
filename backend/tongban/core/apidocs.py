"""A self-hosted API explorer at /api/v1/docs (Swagger UI from the swagger-ui-bundle wheel; no CDN).

The page has no inline script so it runs under the same strict CSP as the PWA.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import flask_smorest
import flask_smorest.fields
from apispec import APISpec, BasePlugin
from flask import Blueprint, Flask, Request, Response, send_from_directory
from flask_babel import lazy_gettext as _l
from marshmallow import Schema, ValidationError, fields
from swagger_ui_bundle import swagger_ui_path
from webargs.flaskparser import FlaskParser
from webargs.multidictproxy import MultiDictProxy
from werkzeug.datastructures import CombinedMultiDict, FileStorage

F = TypeVar("F", bound=Callable[..., Any])

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Tongban API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/api/v1/docs/static/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/api/v1/docs/static/swagger-ui-bundle.js"></script>
<script src="/api/v1/docs/init.js"></script></body></html>"""

INIT_JS = """window.ui = SwaggerUIBundle({url: "/api/v1/openapi.json", dom_id: "#swagger-ui",
  deepLinking: true, presets: [SwaggerUIBundle.presets.apis]});"""

bp = Blueprint("apidocs", __name__)


@bp.get("/api/v1/docs")
def page() -> Response:
    """The API explorer."""
    return Response(PAGE, mimetype="text/html")


@bp.get("/api/v1/docs/init.js")
def init_js() -> Response:
    """The explorer's start-up script."""
    return Response(INIT_JS, mimetype="text/javascript")


@bp.get("/api/v1/docs/static/<path:name>")
def static(name: str) -> Response:
    """Swagger UI's own files."""
    return send_from_directory(swagger_ui_path, name, max_age=86400)


def init(app: Flask) -> None:
    app.register_blueprint(bp)


def init_api(api: flask_smorest.Api, app: Flask) -> None:
    """Bind the API to the app with this module's documentation plugins."""
    # flask-smorest's own error shape ({code, status, message, errors} as application/json, on a
    # `default` response) is not what core.errors sends; ProblemResponses documents the real one.
    api.ERROR_SCHEMA = ProblemSchema
    api.DEFAULT_ERROR_RESPONSE_NAME = None
    api.init_app(app, spec_kwargs={"extra_plugins": [ResponseFieldsRequired(), PlainText(),
                                                             ProblemResponses()]})


class ResponseFieldsRequired(BasePlugin):
    """Every component schema here is a response, and responses carry every field (null where empty).

    Saying so lets the PWA's generated TypeScript types be exact instead of all-optional.
    Request bodies, when they come, will be named *Input and keep marshmallow's own `required`.
    """

    def schema_helper(self, name: str, definition: dict[str, Any], **kwargs: Any) -> dict[str, Any] | None:
        props = definition.get("properties")
        if not props or name.endswith("Input") or name == "Problem":
            return None
        return {"required": sorted(props)}


# Text the API takes and gives never holds C0 controls (tab, newline and carriage return aside) or
# DEL: core.guards refuses them in every query, form and JSON body with a 400. (It refuses lone
# surrogates too, which are not Unicode text at all; a surrogate range in the pattern would make
# generators such as Hypothesis's misread the whole class.)
TEXT_PATTERN = r"^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$"


def _plain_text(schema: dict[str, Any]) -> None:
    """Give every free-text string in a JSON schema (no pattern, enum or format of its own) TEXT_PATTERN."""
    if schema.get("type") == "string" and not {"pattern", "enum", "format"} & set(schema):
        schema["pattern"] = TEXT_PATTERN
    for key in ("items", "additionalProperties"):
        if isinstance(schema.get(key), dict):
            _plain_text(schema[key])
    for prop in schema.get("properties", {}).values():
        _plain_text(prop)


class PlainText(BasePlugin):
    """Say in the document what core.guards enforces: no control characters in any text."""

    def schema_helper(self, name: str, definition: dict[str, Any], **kwargs: Any) -> None:
        _plain_text(definition)

    def operation_helper(self, path: str | None = None, operations: dict[str, Any] | None = None,
                         **kwargs: Any) -> None:
        for operation in (operations or {}).values():
            for param in operation.get("parameters", []) if isinstance(operation, dict) else ():
                if isinstance(param, dict) and isinstance(param.get("schema"), dict):
                    _plain_text(param["schema"])


# ---- errors: the problem+json responses each operation can really send --------------------------------

class ProblemSchema(Schema):
    """RFC 9457 problem details, as core.errors.problem() writes them."""

    type = fields.String(required=True, metadata={
        "description": "URI naming the kind of problem: https://tongban.example/problems/<code with hyphens>"})
    title = fields.String(required=True, metadata={"description": "Short summary, translated"})
    status = fields.Integer(required=True, metadata={"description": "The HTTP status code"})
    code = fields.String(required=True, metadata={
        "description": "Machine-readable code: validation_error, not_found, unauthenticated, forbidden, "
                       "csrf_failed, conflict, too_many_requests, code_invalid, passkey_failed, ..."})
    detail = fields.String(metadata={"description": "What happened and what to do, translated"})
    errors = fields.Dict(keys=fields.String(), values=fields.List(fields.String()), metadata={
        "description": "Messages per field (dotted names for nested fields), translated"})


# status -> (component name, description). Every one is application/problem+json with the Problem schema.
PROBLEMS: dict[int, tuple[str, str]] = {
    400: ("BadRequest", "The request is malformed or a field is invalid (the fields are named in errors). "
                        "No text may hold control characters (tab, CR and LF aside) or lone surrogates, "
                        "object keys included"),
    401: ("Unauthenticated", "Sign-in required"),
    403: ("Forbidden", "Not allowed, or the CSRF check failed (X-CSRF-Token must equal the tb_csrf cookie)"),
    404: ("NotFound", "No such resource, or it is outside the caller's reach"),
    409: ("Conflict", "The request conflicts with the current state"),
    413: ("PayloadTooLarge", "The request body is larger than allowed"),
    415: ("UnsupportedMediaType", "The request body is not in a media type this operation reads"),
    429: ("TooManyRequests", "Too many attempts; wait for Retry-After seconds"),
    503: ("ServiceUnavailable", "The service or its database is not answering"),
}
UNSAFE_METHODS = {"post", "put", "patch", "delete"}


def problems(blp: flask_smorest.Blueprint, *statuses: int) -> Callable[[F], F]:
    """Document the problems a view sends beyond those every operation of its kind can send.

    Added for every operation by `ProblemResponses`: 400; 403 on state changes (CSRF); 404 when
    the path names a resource; 413 when there is a request body. Name the rest here: 401 (needs a
    session), 403 (a role that may never do it), 404 (a service looks something up), 409, 429
    (a rate limit applies), 503.
    """
    unknown = set(statuses) - set(PROBLEMS)
    if unknown:
        raise ValueError(f"no problem response is documented for {sorted(unknown)}")

    def decorate(func: F) -> F:
        for status in statuses:
            func = blp.alt_response(status, response=PROBLEMS[status][0])(func)
        return func

    return decorate


class ProblemResponses(BasePlugin):
    """Errors documented as they are sent: RFC 9457 application/problem+json, 400 not webargs' 422.

    flask-smorest documents its own `{code, status, message, errors}` JSON error on every operation
    (`default`) and 422 for arguments; neither is what core.errors sends.
    """

    def init_spec(self, spec: APISpec) -> None:
        spec.components.schema("Problem", schema=ProblemSchema)
        ref = {"$ref": "#/components/schemas/Problem"}
        for status, (name, description) in PROBLEMS.items():
            response: dict[str, Any] = {"description": description,
                                        "content": {"application/problem+json": {"schema": ref}}}
            if status == 429:
                response["headers"] = {"Retry-After": {
                    "description": "Seconds to wait before trying again", "required": True,
                    "schema": {"type": "integer", "minimum": 1}}}
            spec.components.response(name, response)

    def operation_helper(self, path: str | None = None, operations: dict[str, Any] | None = None,
                         **kwargs: Any) -> None:
        for method, operation in (operations or {}).items():
            if not isinstance(operation, dict):
                continue
            responses = operation.setdefault("responses", {})
            for key in (422, "422", "default"):
                responses.pop(key, None)
            statuses = {400}
            if method in UNSAFE_METHODS:
                statuses.add(403)
            if path and "{" in path:
                statuses.add(404)
            if "requestBody" in operation:
                statuses.add(413)
            for status in statuses:
                if status not in responses and str(status) not in responses:
                    responses[status] = PROBLEMS[status][0]


# ---- multipart bodies: form fields and files in one documented request body -----------------------------

class UploadedFile(flask_smorest.fields.Upload):
    """A file part of a multipart body (a text part of the same name is refused)."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> FileStorage:
        if not isinstance(value, FileStorage):
            raise ValidationError(str(_l("Attach a file.")))
        return value


class _Parser(FlaskParser):
    """webargs' parser plus a `multipart` location: the form fields and files of one request."""

    __location_map__ = {**FlaskParser.__location_map__, "multipart": "load_multipart"}

    def load_multipart(self, req: Request, schema: Schema) -> MultiDictProxy:
        return MultiDictProxy(CombinedMultiDict([req.files, req.form]), schema)


class ApiBlueprint(flask_smorest.Blueprint):
    """A smorest Blueprint whose `arguments(..., location="multipart")` reads and documents
    one multipart/form-data body (flask-smorest alone documents form fields as `formData`
    parameters, which OpenAPI 3 does not have, next to a body holding only the files)."""

    ARGUMENTS_PARSER = _Parser()
    DEFAULT_LOCATION_CONTENT_TYPE_MAPPING = {**flask_smorest.Blueprint.DEFAULT_LOCATION_CONTENT_TYPE_MAPPING,
                                             "multipart": "multipart/form-data"}
