"""A matter's application form as JSON Schema (draft 2020-12), and the server's validator for it.

The schema is built from the service guide's `form_fields`; the PWA renders it and the server checks
a case's form against the very same schema. Only this subset is emitted, so the validator below is
complete for it: type object/string, properties, required, additionalProperties false, enum,
pattern, maxLength and format "date". `x-kind` (an annotation, ignored by validators) tells the
PWA which input to show. ID numbers are also checked against GB 11643's check digit.
"""

from __future__ import annotations

import json
import re
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from flask_babel import get_locale
from flask_babel import gettext as _

from tongban.catalogue.models import Matter
from tongban.core import ids

DIALECT = "https://json-schema.org/draft/2020-12/schema"
MAX_LENGTH = {"text": 200, "textarea": 2000, "date": 10, "select": 200, "id_number": 18, "phone": 20,
              "region": 6}
PATTERNS = {
    "id_number": r"^[0-9]{17}[0-9Xx]$",  # GB 11643: 17 digits and a check character
    "phone": r"^(1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8})$",  # a mobile, or a landline with its area code
    "region": r"^[0-9]{6}$",  # GB/T 2260 code
}
ACCEPTED_TYPES = ("application/pdf", "image/jpeg", "image/png")


@cache
def _glossary() -> dict[str, dict[str, str]]:
    """Translations of form labels (the guide's labels are written in simplified Chinese)."""
    raw = resources.files("tongban.cases").joinpath("form_titles.json").read_text(encoding="utf-8")
    return dict(json.loads(raw)["titles"])


def title(label: str) -> str:
    locale = str(get_locale() or "zh_Hans")
    if locale == "zh_Hans":
        return label
    return _glossary().get(label, {}).get(locale, label)


def _property(field: dict[str, Any]) -> dict[str, Any]:
    kind = str(field.get("type", "text"))
    prop: dict[str, Any] = {"type": "string", "title": title(str(field.get("label", ""))), "x-kind": kind,
                            "maxLength": MAX_LENGTH.get(kind, 200)}
    if kind == "select":
        prop["enum"] = [str(o) for o in field.get("options") or []]
    elif kind == "date":
        prop["format"] = "date"
    if kind in PATTERNS:
        prop["pattern"] = PATTERNS[kind]
    return prop


def schema_for(matter: Matter) -> dict[str, Any]:
    """The JSON Schema of a matter's form, with titles in the request's language."""
    fields = [f for f in matter.guide.get("form_fields") or [] if isinstance(f, dict) and f.get("name")]
    return {
        "$schema": DIALECT,
        "title": matter.name,
        "type": "object",
        "properties": {str(f["name"]): _property(f) for f in fields},
        "required": [str(f["name"]) for f in fields if f.get("required")],
        "additionalProperties": False,
    }


def materials_for(matter: Matter, max_bytes: int) -> list[dict[str, Any]]:
    return [{"name": m.name, "required": m.required, "accepted_types": list(ACCEPTED_TYPES), "max_bytes": max_bytes,
             "licence_type": m.licence_type, "note": m.note} for m in matter.materials]


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _value_errors(prop: dict[str, Any], value: str) -> list[str]:
    kind = prop.get("x-kind")
    if "enum" in prop and value not in prop["enum"]:
        return [_("Choose one of the options offered.")]
    if prop.get("format") == "date":
        try:
            if len(value) != 10:
                raise ValueError(value)
            date.fromisoformat(value)
        except ValueError:
            return [_("Enter a real date as YYYY-MM-DD.")]
    if "pattern" in prop and not re.fullmatch(prop["pattern"], value):
        return [{
            "id_number": _("An ID number has 17 digits and a final digit or X."),
            "phone": _("Enter a mobile number (11 digits) or a landline number with its area code."),
            "region": _("Choose a region (a 6-digit code)."),
        }.get(str(kind), _("The value is not in the expected format."))]
    if kind == "id_number" and ids.id_number_problem(value):
        return [_("The ID number is not valid (GB 11643 check digit).")]
    return []


def _field_errors(prop: dict[str, Any] | None, value: Any, *, partial: bool) -> list[str]:
    if prop is None:
        return [_("This form has no such field.")]
    if value is None:
        return []
    if not isinstance(value, str):
        return [_("Enter text.")]
    if len(value) > prop["maxLength"]:
        return [_("Enter at most %(max)s characters.", max=prop["maxLength"])]
    return [] if partial or not value.strip() else _value_errors(prop, value)


def validate(schema: dict[str, Any], form: dict[str, Any], *, partial: bool) -> dict[str, list[str]]:
    """Errors per field, named `form.<field>`; empty when the form passes.

    A draft (`partial`) may leave fields empty or half-typed: only unknown fields, non-text values and
    lengths are checked, so nothing oversized is stored. Submitting checks everything.
    """
    props: dict[str, Any] = schema["properties"]
    errors: dict[str, list[str]] = {}
    for name, value in form.items():
        found = _field_errors(props.get(name), value, partial=partial)
        if found:
            errors[f"form.{name}"] = found
    if not partial:
        for name in schema["required"]:
            if _blank(form.get(name)) and f"form.{name}" not in errors:
                errors[f"form.{name}"] = [_("This field is required.")]
    return errors
