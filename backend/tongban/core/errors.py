"""The one error shape: RFC 9457 problem+json, translated by the request's locale.

Every error leaves through `problem()`; unexpected exceptions become a generic 500 so no stack
trace or SQL text ever reaches a client.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, json
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import DataError, IntegrityError
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)
PROBLEM_BASE = "https://tongban.example/problems/"

# Titles for the codes we emit; lazy so they translate per request.
TITLES: dict[str, Any] = {
    "validation_error": _l("The request has invalid fields"),
    "not_found": _l("Not found"),
    "method_not_allowed": _l("Method not allowed"),
    "conflict": _l("Conflict"),
    "too_many_requests": _l("Too many requests"),
    "payload_too_large": _l("The request is too large"),
    "uri_too_long": _l("The address is too long"),
    "headers_too_large": _l("The request headers are too large"),
    "unsupported_media_type": _l("Unsupported media type"),
    "service_unavailable": _l("The service is temporarily unavailable"),
    "internal_error": _l("Something went wrong on our side"),
    "bad_request": _l("Bad request"),
    "unauthenticated": _l("Sign-in required"),
    "forbidden": _l("Not allowed"),
    "csrf_failed": _l("The request could not be verified"),
    "code_invalid": _l("The code is not valid"),
    "passkey_failed": _l("The passkey could not be used"),
}
HTTP_CODES = {400: "bad_request", 401: "unauthenticated", 403: "forbidden", 404: "not_found",
              405: "method_not_allowed", 409: "conflict",
              413: "payload_too_large", 414: "uri_too_long", 415: "unsupported_media_type",
              422: "validation_error", 429: "too_many_requests", 431: "headers_too_large",
              500: "internal_error", 503: "service_unavailable"}


class Problem(Exception):
    """Raise from services: a known failure a person should understand."""

    def __init__(self, status: int, code: str, detail: str | None = None,
                 errors: dict[str, list[str]] | None = None, headers: dict[str, str] | None = None):
        super().__init__(detail or code)
        self.status, self.code, self.detail, self.errors = status, code, detail, errors
        self.headers = headers or {}


class NotFound(Problem):
    def __init__(self, detail: str | None = None):
        super().__init__(404, "not_found", detail)


def problem(status: int, code: str, detail: str | None = None,
            errors: dict[str, list[str]] | None = None, headers: dict[str, str] | None = None) -> Response:
    body: dict[str, Any] = {
        "type": PROBLEM_BASE + code.replace("_", "-"),
        "title": str(TITLES.get(code, TITLES["bad_request"])),
        "status": status,
        "code": code,
    }
    if detail:
        body["detail"] = detail
    if errors:
        body["errors"] = errors
    resp = Response(json.dumps(body, ensure_ascii=False), status=status, mimetype="application/problem+json")
    resp.headers.update(headers or {})
    return resp


def _flatten(messages: Any, prefix: str = "", *, top: bool = True) -> dict[str, list[str]]:
    """marshmallow nests errors per location and field; we name the field only. Only the top level
    names locations: a body field called `form` (a case's form) keeps its name."""
    out: dict[str, list[str]] = {}
    if isinstance(messages, dict):
        for key, value in messages.items():
            if top and key in {"query", "json", "form", "headers", "cookies", "files", "multipart", "path"}:
                out.update(_flatten(value, top=False))
            else:
                name = f"{prefix}.{key}" if prefix else str(key)
                out.update(_flatten(value, name, top=False) if isinstance(value, dict)
                           else {name: [_(str(m)) for m in value]})
    return out


def register(app: Flask) -> None:
    @app.errorhandler(Problem)
    def _problem(exc: Problem) -> Response:
        return problem(exc.status, exc.code, exc.detail, exc.errors, exc.headers)

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException) -> Response:
        status = exc.code or 500
        code = HTTP_CODES.get(status, "bad_request")
        data = getattr(exc, "data", None) or {}
        errors = _flatten(data.get("messages")) if data.get("messages") else None
        if status == 422:  # webargs uses 422; the contract says 400 with the field named
            status = 400
        detail = {
            "not_found": _("There is nothing at this address."),
            "validation_error": _("Check the fields named in errors."),
            "method_not_allowed": _("This address does not accept that method."),
            "payload_too_large": _("The request is larger than allowed."),
        }.get(code)
        # Keep what the exception says besides its HTML body: Allow on a 405 (RFC 9110 15.5.6), Retry-After.
        headers = {k: v for k, v in exc.get_headers() if k.lower() != "content-type"}
        return problem(status, code, detail, errors, headers)

    @app.errorhandler(IntegrityError)
    def _integrity(exc: IntegrityError) -> Response:
        # A safety net: services check uniqueness and references first and name the field; a race
        # between two requests still ends as a conflict, not a 500.
        from tongban.extensions import db

        db.session.rollback()
        log.warning("integrity error: %s", exc.orig)
        return problem(409, "conflict", _("This conflicts with data that already exists. Reload and try again."))

    @app.errorhandler(DataError)
    def _data(exc: DataError) -> Response:
        from tongban.extensions import db

        db.session.rollback()
        log.warning("data error: %s", exc.orig)
        return problem(400, "validation_error", _("A value is out of range or too long."))

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception) -> Response:
        log.exception("unhandled error")
        return problem(500, "internal_error", _("Please try again later."))
