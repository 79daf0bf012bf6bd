"""The cases API contract. Request bodies and parameters are *Input / *Query schemas."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from marshmallow import Schema, fields, validate

from tongban.cases.drafts import DELIVERIES
from tongban.cases.modes_schemas import (
    ApplicantInput,
    BundleLinkSchema,
    CasePartSchema,
    PlaceRefSchema,
    ReceptionSchema,
)
from tongban.cases.queue import VISIBLE
from tongban.cases.record_schemas import SignatureInput, SignatureSchema
from tongban.catalogue.schemas import CODE
from tongban.core.apidocs import UploadedFile
from tongban.core.fields import StrictBoolean
from tongban.core.pagination import PageArgs, PageSchema
from tongban.directory.schemas import DepartmentSchema, items_of

TEXT_MAX = _l("At most {max} characters.")
CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{1,39}$")  # as catalogue.schemas.CODE


def _text(max_len: int, **kw: object) -> fields.String:
    return fields.String(validate=validate.Length(max=max_len, error=TEXT_MAX), **kw)  # type: ignore[arg-type]


def _form(description: str) -> fields.Dict:
    """A form: field name → text. Which names, and each one's rules, are the matter's form schema
    (GET /matters/{code}/form); forms.py checks them."""
    return fields.Dict(keys=fields.String(), values=fields.String(allow_none=True, validate=validate.Length(
        max=2000, error=TEXT_MAX)), validate=validate.Length(max=100), metadata={"description": description})


# --- requests ---------------------------------------------------------------------------------------

class DraftInput(Schema):
    form = _form("The whole form so far: field name → text (replaces the saved one)")
    delivery = fields.String(validate=validate.OneOf(DELIVERIES),
                             metadata={"description": "How the result is delivered: e_licence, post or pickup"})
    delivery_address = _text(200, allow_none=True, metadata={"description": "Postal address, for delivery by post"})


class CaseInput(DraftInput):
    matter = fields.String(required=True, validate=CODE, metadata={"description": "Matter code"})
    mode = fields.String(load_default="online", validate=validate.OneOf(("online", "proxy_window", "joint")),
                         metadata={"description": "online (全程网办) or joint (多地联办) by the applicant; a clerk "
                                                  "receiving at a window: proxy_window (收受分离, 全市通办) or joint"})
    window = fields.String(validate=CODE, metadata={
        "description": "Clerks only: the window or agency point receiving the application (in their jurisdiction)"})
    applicant = fields.Nested(ApplicantInput, metadata={
        "description": "Clerks only: the walk-in applicant, identity checked in person"})


class SubmitInput(DraftInput):
    """Optionally the last changes; everything is checked, then the signature, then the case is submitted."""

    signature = fields.Nested(SignatureInput, metadata={
        "description": "Required: the applicant's signature over the application (ask at /signature/options)"})


class ActionInput(Schema):
    reason = _text(500, load_default="", metadata={
        "description": "Reason told to the applicant: required for not-accept, request-supplement and deny; "
                       "a note otherwise"})
    form = _form("supplement only: the corrected whole form")


class IdempotencyInput(Schema):
    idempotency_key = fields.String(data_key="Idempotency-Key", validate=validate.Regexp(
        r"^[\x21-\x7e]{1,128}$", error=_l("Use 1-128 visible ASCII characters.")),
        metadata={"description": "Repeat a request safely: the same key and body give the same answer"})


class UploadInput(Schema):
    """A multipart/form-data body: which material, and the file."""

    material = fields.String(required=True, validate=validate.Length(min=1, max=128),
                             metadata={"description": "Name of the material, as the form schema lists it"})
    file = UploadedFile(required=True, metadata={"description": "PDF, JPEG or PNG, typed by its content"})


class StatusQuery(Schema):
    number = fields.String(required=True, validate=validate.Length(min=1, max=32),
                           metadata={"description": "Case number from the receipt"})
    query_code = fields.String(required=True, validate=validate.Length(min=1, max=32),
                               metadata={"description": "Query code from the receipt"})


class QueueQuery(PageArgs):
    status = fields.String(validate=validate.OneOf(VISIBLE), metadata={"description": "Only this status "
                           "(default: the open ones)"})
    matter = fields.String(validate=CODE, metadata={"description": "Only this matter"})
    overdue = fields.Boolean(metadata={"description": "true: only 超期 cases; false: none of them"})


class WorkdayInput(Schema):
    date = fields.Date(required=True, metadata={"description": "The day (YYYY-MM-DD)"})
    is_workday = StrictBoolean(required=True, metadata={"description": "true for a make-up working day (调休)"})
    name = _text(64, load_default="", metadata={"description": "Holiday name, e.g. 春节"})


class WorkdayYearInput(Schema):
    year = fields.Integer(strict=True, required=True, validate=validate.Range(min=2000, max=2100),
                          metadata={"description": "The year the arrangement is for"})
    days = fields.List(fields.Nested(WorkdayInput), required=True, validate=validate.Length(min=1, max=366),
                       metadata={"description": "Its holidays and make-up working days; other days follow the week"})


class WorkdayYearQuery(Schema):
    year = fields.Integer(required=True, validate=validate.Range(min=2000, max=2100),
                          metadata={"description": "The year"})


# --- responses --------------------------------------------------------------------------------------

class MaterialRuleSchema(Schema):
    name = fields.String(metadata={"description": "Material name"})
    required = fields.Boolean(metadata={"description": "Must be provided"})
    accepted_types = fields.List(fields.String(), metadata={"description": "Accepted file types"})
    max_bytes = fields.Integer(metadata={"description": "Largest file accepted, in bytes"})
    licence_type = fields.String(allow_none=True, metadata={"description": "An e-licence of this type can replace it"})
    note = fields.String(metadata={"description": "Notes"})


class FormSchemaSchema(Schema):
    schema_uri = fields.String(data_key="$schema", attribute="$schema",
                               metadata={"description": "JSON Schema dialect (2020-12)"})
    title = fields.String(metadata={"description": "Matter name"})
    type = fields.String(metadata={"description": "object"})
    properties = fields.Dict(metadata={"description": "One JSON Schema per field: type, title (in the request's "
                                                      "language), maxLength, enum, pattern, format, x-kind"})
    required = fields.List(fields.String(), metadata={"description": "Fields that must be filled to submit"})
    additionalProperties = fields.Boolean(metadata={"description": "false"})  # noqa: N815 - JSON Schema's name
    matter = fields.String(metadata={"description": "Matter code"})
    min_assurance = fields.String(metadata={"description": "Identity level needed to apply: L1, L2 or L3"})
    materials = fields.List(fields.Nested(MaterialRuleSchema), metadata={"description": "Materials to upload"})


class MatterRefSchema(Schema):
    code = fields.String(metadata={"description": "Matter code"})
    name = fields.String(metadata={"description": "Matter name"})


class CaseEventSchema(Schema):
    kind = fields.String(metadata={"description": "submitted, accepted, supplement_requested, approved, …"})
    label = fields.String(metadata={"description": "What happened, in the request's language"})
    from_status = fields.String(allow_none=True, metadata={"description": "Status before"})
    to_status = fields.String(allow_none=True, metadata={"description": "Status after"})
    actor = fields.String(metadata={"description": "Who acted: applicant, reviewer of a department, platform"})
    place = fields.String(metadata={"description": "Where: the handling department, or online"})
    at = fields.DateTime(metadata={"description": "When"})
    note = fields.String(metadata={"description": "Reason or note"})


class CaseFileSchema(Schema):
    id = fields.Integer(metadata={"description": "File id"})
    material = fields.String(metadata={"description": "Material it provides"})
    filename = fields.String(metadata={"description": "File name as uploaded (cleaned)"})
    content_type = fields.String(metadata={"description": "Type found in the content"})
    size = fields.Integer(metadata={"description": "Bytes"})
    sha256 = fields.String(metadata={"description": "SHA-256 of the content as stored (images are re-encoded)"})
    original_sha256 = fields.String(metadata={"description": "SHA-256 of the file as it was uploaded"})
    uploaded_at = fields.DateTime(metadata={"description": "When"})


class CaseAgentSchema(Schema):
    name = fields.String(metadata={"description": "The agent's name"})
    mandate = fields.String(allow_none=True, metadata={"description": "The mandate acted under"})
    kind = fields.String(allow_none=True, metadata={"description": "family, guardian, enterprise_agent or assisted"})


class CaseOrganisationSchema(Schema):
    name = fields.String(metadata={"description": "Registered name"})
    uscc = fields.String(metadata={"description": "Unified social credit code"})


class ApplicantNameSchema(Schema):
    name = fields.String(metadata={"description": "Legal name"})


class ApplicantSchema(Schema):
    name = fields.String(metadata={"description": "Legal name"})
    name_masked = fields.String(metadata={"description": "Name, masked"})
    id_number_masked = fields.String(allow_none=True, metadata={"description": "ID number, masked"})
    phone_masked = fields.String(metadata={"description": "Mobile number, masked"})
    assurance = fields.String(metadata={"description": "Identity level"})


class CaseSummarySchema(Schema):
    number = fields.String(metadata={"description": "Case number"})
    matter = fields.Nested(MatterRefSchema, metadata={"description": "The matter"})
    department = fields.Nested(DepartmentSchema, metadata={"description": "Handling department"})
    mode = fields.String(metadata={"description": "online, proxy_window or joint"})
    status = fields.String(metadata={"description": "Status code"})
    status_label = fields.String(metadata={"description": "Status, in the request's language"})
    outcome = fields.String(allow_none=True, metadata={"description": "approved, denied, not_accepted or withdrawn"})
    created_at = fields.DateTime(metadata={"description": "Started"})
    submitted_at = fields.DateTime(allow_none=True, metadata={"description": "Submitted"})
    due_date = fields.Date(allow_none=True, metadata={"description": "Promised decision date (working days)"})
    deadline_provisional = fields.Boolean(metadata={"description": "true when a year's holidays are not known yet"})
    remaining_workdays = fields.Integer(allow_none=True, metadata={"description": "Working days left; <0 overdue"})
    flag = fields.String(metadata={"description": "none, warning (预警) or overdue (超期)"})
    paused = fields.Boolean(metadata={"description": "true while a supplement is awaited (clock stopped)"})
    receiving_place = fields.Nested(PlaceRefSchema, allow_none=True, metadata={
        "description": "The window or agency point that received it (收件地); null when applied online"})
    applicant = fields.Nested(ApplicantNameSchema, metadata={"description": "Whom the case is for"})
    agent = fields.Nested(CaseAgentSchema, allow_none=True, metadata={
        "description": "The agent (代办人) who applied under a mandate, if any"})


class CaseSchema(CaseSummarySchema):
    form = fields.Dict(metadata={"description": "The form as saved"})
    delivery = fields.String(metadata={"description": "e_licence, post or pickup"})
    delivery_address = fields.String(allow_none=True, metadata={"description": "Postal address"})
    time_limit_days = fields.Integer(allow_none=True, metadata={"description": "Promised limit at acceptance"})
    accepted_at = fields.DateTime(allow_none=True, metadata={"description": "Accepted"})
    decided_at = fields.DateTime(allow_none=True, metadata={"description": "Decided"})
    completed_at = fields.DateTime(allow_none=True, metadata={"description": "Closed"})
    applicant = fields.Nested(ApplicantSchema, metadata={"description": "The applicant"})
    agent = fields.Nested(CaseAgentSchema, allow_none=True, metadata={
        "description": "The agent (代办人) who applied under a mandate, if any"})
    organisation = fields.Nested(CaseOrganisationSchema, allow_none=True, metadata={
        "description": "The enterprise the case is for, if any"})
    materials = fields.List(fields.Nested(CaseFileSchema), metadata={"description": "Uploaded files"})
    events = fields.List(fields.Nested(CaseEventSchema), metadata={"description": "The timeline, oldest first"})
    allowed_actions = fields.List(fields.String(), metadata={"description": "What you may do now"})
    reception = fields.Nested(ReceptionSchema, allow_none=True, metadata={
        "description": "Received at a window: where, the identity check and the formal-review checklist"})
    parts = fields.List(fields.Nested(CasePartSchema), metadata={
        "description": "A joint case's parts, one per participating department (empty otherwise)"})
    bundle = fields.Nested(BundleLinkSchema, allow_none=True, metadata={
        "description": "The bundle (一件事) application it was submitted with, and its linked cases"})
    signature = fields.Nested(SignatureSchema, allow_none=True, metadata={
        "description": "The applicant's signature on the application, once submitted"})


CaseFileList = items_of(CaseFileSchema)


class CasePageSchema(PageSchema):
    items = fields.List(fields.Nested(CaseSummarySchema), metadata={"description": "Cases on this page"})


class ReceiptSchema(Schema):
    number = fields.String(metadata={"description": "Case number"})
    query_code = fields.String(metadata={"description": "Query code: shown once, keep it with the number"})
    status = fields.String(metadata={"description": "submitted"})
    submitted_at = fields.DateTime(metadata={"description": "When"})
    matter = fields.Nested(MatterRefSchema, metadata={"description": "The matter"})
    department = fields.Nested(DepartmentSchema, metadata={"description": "Handling department"})
    signature = fields.Nested(SignatureSchema, metadata={"description": "The signature the application carries"})


class StatusStepSchema(Schema):
    kind = fields.String(metadata={"description": "What happened"})
    label = fields.String(metadata={"description": "What happened, in the request's language"})
    to_status = fields.String(allow_none=True, metadata={"description": "Status after"})
    at = fields.DateTime(metadata={"description": "When"})
    place = fields.String(allow_none=True, metadata={"description": "Handling department, if any"})


class CaseStatusSchema(Schema):
    number = fields.String(metadata={"description": "Case number"})
    matter = fields.Nested(MatterRefSchema, metadata={"description": "The matter"})
    status = fields.String(metadata={"description": "Status code"})
    status_label = fields.String(metadata={"description": "Status, in the request's language"})
    submitted_at = fields.DateTime(allow_none=True, metadata={"description": "Submitted"})
    steps = fields.List(fields.Nested(StatusStepSchema), metadata={"description": "The timeline's steps"})


class WorkdaySchema(Schema):
    date = fields.Date(attribute="day", metadata={"description": "The day"})
    is_workday = fields.Boolean(metadata={"description": "true for a make-up working day"})
    name = fields.String(metadata={"description": "Holiday name"})


class WorkdayYearSchema(Schema):
    year = fields.Integer(metadata={"description": "The year"})
    days = fields.List(fields.Nested(WorkdaySchema), metadata={"description": "Entered days, in order"})
