"""Request guards that cover every route: no input reaches a 500.

Rather than defending each view, the request is checked once, before routing's views and before
webargs parses it, for the classes of input that broke deeper layers:
- path integers beyond what an id column holds (the `int` converter stops at 2^31-1, PostgreSQL's
  INTEGER, so such a path simply matches no resource: 404);
- JSON bodies nested deeper than any of our schemas (Python's parser recurses), integers beyond
  64 bits (4,301 digits even make the parser raise), NaN and Infinity, lone surrogates (which
  cannot be encoded to UTF-8 for the database or a hash), and control characters such as NUL
  (PostgreSQL refuses them in text) — each refused with a 400 that names the field;
- the same characters in query strings, form fields and paths.
"""

from __future__ import annotations

import json
import re
from typing import Any

from flask import Flask, request
from flask_babel import gettext as _
from webargs.flaskparser import is_json_request
from werkzeug.routing import BaseConverter, IntegerConverter

from tongban.core.errors import Problem

MAX_INT = 2**63 - 1          # BIGINT: the largest integer a JSON body may carry
MAX_ID = 2**31 - 1           # INTEGER: every id column; a larger path id is no resource
MAX_DEPTH = 32               # our deepest schema nests 3 levels; WebAuthn credentials 4
MAX_JSON_BYTES = 2 * 1024 * 1024  # JSON bodies are forms, not files (materials come as multipart)
# C0 controls but tab, newline and carriage return; DEL; lone UTF-16 surrogates.
_BAD_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_STRINGS = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
_BRACKETS = re.compile(r"[\[\]{}]")


class BoundedIntConverter(IntegerConverter):
    """`<int:id>` that only matches what fits an id column; a larger number is no resource (404)."""

    def __init__(self, map: Any, *args: Any, **kwargs: Any) -> None:  # noqa: A002 - werkzeug's name
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def int_param_schema(converter: BoundedIntConverter) -> dict[str, Any]:
    """How the OpenAPI document describes a path integer."""
    return {"type": "integer", "minimum": 0, "maximum": MAX_ID}


class PublicIdConverter(BaseConverter):
    """`<public_id:id>`: a mandate's public id (MD + 10 characters). Anything else matches no rule, so
    a fixed path beside it (/mandates/categories) is not also answered as an id."""

    regex = r"MD[0-9A-Z]{10}"


def public_id_param_schema(converter: PublicIdConverter) -> dict[str, Any]:
    return {"type": "string", "pattern": "^MD[0-9A-Z]{10}$"}


class _Big(int):
    """An integer literal beyond MAX_INT, kept so the walk can name its field."""


def _parse_int(text: str) -> int:
    digits = text.lstrip("-")
    if len(digits) > 19:
        return _Big(0)
    value = int(text)
    return _Big(0) if abs(value) > MAX_INT else value


def _not_a_number(name: str) -> None:
    raise ValueError(name)


def _field(path: list[str]) -> str:
    return ".".join(path) or "body"


def _invalid(field: str, message: str) -> Problem:
    return Problem(400, "validation_error", _("Check the fields named in errors."), errors={field: [message]})


def _walk(value: Any, path: list[str]) -> None:
    if isinstance(value, _Big):
        raise _invalid(_field(path), _("The number is too large."))
    if isinstance(value, str):
        if _BAD_CHARS.search(value):
            raise _invalid(_field(path), _("The text contains characters that are not allowed."))
    elif isinstance(value, dict):
        for key, item in value.items():
            if _BAD_CHARS.search(key):
                raise _invalid(_field(path), _("The text contains characters that are not allowed."))
            _walk(item, [*path, key])
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _walk(item, [*path, str(i)])


def _depth(text: str) -> int:
    depth = deepest = 0
    for m in _BRACKETS.finditer(_STRINGS.sub("", text)):
        depth += 1 if m.group() in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


def check_json_body() -> None:
    if request.content_length is not None and request.content_length > MAX_JSON_BYTES:
        raise Problem(413, "payload_too_large", _("The request is larger than allowed."))
    raw = request.get_data(cache=True)
    if len(raw) > MAX_JSON_BYTES:
        raise Problem(413, "payload_too_large", _("The request is larger than allowed."))
    if not raw.strip():
        return  # an empty body: the schema says what is missing
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise _invalid("body", _("The request body is not valid UTF-8 JSON.")) from None
    if _depth(text) > MAX_DEPTH:
        raise _invalid("body", _("The request body is nested too deeply."))
    try:
        data = json.loads(text, parse_int=_parse_int, parse_constant=_not_a_number)
    except (ValueError, RecursionError):
        raise _invalid("body", _("The request body is not valid UTF-8 JSON.")) from None
    _walk(data, [])


def check_text_inputs() -> None:
    if _BAD_CHARS.search(request.path):
        raise Problem(404, "not_found", _("There is nothing at this address."))
    pairs = list(request.args.items(multi=True))
    if request.method != "GET" and not is_json_request(request):
        pairs += list(request.form.items(multi=True))
    for key, value in pairs:
        if key is None or _BAD_CHARS.search(key) or _BAD_CHARS.search(value or ""):
            raise _invalid(key if key is not None and not _BAD_CHARS.search(key) else "query",
                           _("The text contains characters that are not allowed."))


def init_converters(app: Flask) -> None:
    """Before any route is added: rules compile with the converter they find at that moment."""
    app.url_map.converters["int"] = BoundedIntConverter
    app.url_map.converters["public_id"] = PublicIdConverter


def init(app: Flask) -> None:
    @app.before_request
    def _guard() -> None:
        if not request.path.startswith(("/api/", "/oauth/")):
            return
        check_text_inputs()
        if request.method in {"POST", "PUT", "PATCH", "DELETE"} and is_json_request(request):
            check_json_body()
