"""The API contract of the ways to apply beyond online: what a case shows of its receiving window,
its joint parts and its bundle, and the inputs a clerk sends at the window."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from marshmallow import Schema, fields, validate

from tongban.directory.schemas import DepartmentSchema

TEXT_MAX = _l("At most {max} characters.")


# --- requests ---------------------------------------------------------------------------------------

class ApplicantInput(Schema):
    """The walk-in applicant, whose ID card the clerk checks face to face."""

    name = fields.String(required=True, validate=validate.Length(min=1, max=64, error=TEXT_MAX),
                         metadata={"description": "Legal name, as on the ID card"})
    id_number = fields.String(required=True, validate=validate.Regexp(
        r"^[0-9]{17}[0-9Xx]$", error=_l("An ID number has 17 digits and a final digit or X.")),
        metadata={"description": "Resident ID number (GB 11643)"})
    phone = fields.String(required=True, validate=validate.Regexp(
        r"^1[3-9][0-9]{9}$", error=_l("Enter a mobile number (11 digits).")),
        metadata={"description": "Mobile number: notices go there, and it signs the applicant in"})


class ReceiveInput(Schema):
    checked = fields.List(fields.String(validate=validate.Length(min=1, max=40)), load_default=list,
                          validate=validate.Length(max=200),
                          metadata={"description": "Keys of the checklist items the clerk checked (reception."
                                                   "checklist); every condition, every required material and "
                                                   "every material provided must be checked"})
    reason = fields.String(load_default="", validate=validate.Length(max=500, error=TEXT_MAX),
                           metadata={"description": "A note for the timeline"})


# --- responses --------------------------------------------------------------------------------------

class PlaceRefSchema(Schema):
    code = fields.String(metadata={"description": "Window or agency point code"})
    name = fields.String(metadata={"description": "Its name"})


class ChecklistItemSchema(Schema):
    key = fields.String(metadata={"description": "material-N or condition-N"})
    kind = fields.String(metadata={"description": "material (original seen, copy taken) or condition"})
    text = fields.String(metadata={"description": "The material's name or the condition, from the guide"})
    required = fields.Boolean(metadata={"description": "false for a material only needed in some cases"})
    checked = fields.Boolean(metadata={"description": "Checked by the clerk at reception"})


class ReceptionSchema(Schema):
    place_type = fields.String(metadata={"description": "window or agency_point"})
    place_code = fields.String(metadata={"description": "Receiving place (收件地) code"})
    place_name = fields.String(metadata={"description": "Receiving place name"})
    route = fields.String(metadata={"description": "proxy_window (收受分离) or citywide (全市通办)"})
    identity_checked_at = fields.DateTime(metadata={"description": "When the clerk checked the ID card"})
    checklist = fields.List(fields.Nested(ChecklistItemSchema), metadata={"description": "The formal review"})
    originals = fields.List(fields.String(), metadata={"description": "Materials whose originals travel"})
    received_at = fields.DateTime(allow_none=True, metadata={"description": "Received (收件)"})
    forwarded_at = fields.DateTime(allow_none=True, metadata={"description": "Forwarded to the department"})


class CasePartSchema(Schema):
    department = fields.Nested(DepartmentSchema, metadata={"description": "The participating department"})
    status = fields.String(metadata={"description": "waiting, accepted, not_accepted, approved, denied or closed"})
    status_label = fields.String(metadata={"description": "Status, in the request's language"})
    note = fields.String(metadata={"description": "The department's reason or note"})
    accepted_at = fields.DateTime(allow_none=True, metadata={"description": "Accepted"})
    decided_at = fields.DateTime(allow_none=True, metadata={"description": "Decided"})
    allowed_actions = fields.List(fields.String(), metadata={"description": "What you may do to this part now"})


class BundleLinkSchema(Schema):
    number = fields.String(metadata={"description": "The bundle application's number"})
    code = fields.String(metadata={"description": "Bundle code"})
    name = fields.String(metadata={"description": "Bundle name"})
    cases = fields.List(fields.String(), metadata={"description": "Numbers of all its linked cases"})
