"""The API contract of bundles (一件事一次办) and of the receipt a clerk gives at the window."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from marshmallow import Schema, fields, validate

from tongban.cases.drafts import DELIVERIES
from tongban.cases.modes_schemas import PlaceRefSchema
from tongban.cases.schemas import MaterialRuleSchema, MatterRefSchema
from tongban.core.fields import Id
from tongban.directory.schemas import DepartmentSchema, items_of

TEXT_MAX = _l("At most {max} characters.")


# --- requests ---------------------------------------------------------------------------------------

class BundleApplyInput(Schema):
    form = fields.Dict(keys=fields.String(), values=fields.String(allow_none=True, validate=validate.Length(
        max=2000, error=TEXT_MAX)), required=True, validate=validate.Length(max=200), metadata={
        "description": "The bundle's one form: field name → text (GET /bundles/{code}/form)"})
    delivery = fields.String(validate=validate.OneOf(DELIVERIES), metadata={
        "description": "e_licence, post or pickup: used by every matter offering it (others keep their own)"})
    delivery_address = fields.String(allow_none=True, validate=validate.Length(max=200, error=TEXT_MAX),
                                     metadata={"description": "Postal address, for delivery by post"})
    materials = fields.List(Id(), load_default=list,
                            validate=validate.Length(max=50),
                            metadata={"description": "Ids of the files uploaded for this bundle"})


# --- responses --------------------------------------------------------------------------------------

class BundleSchema(Schema):
    code = fields.String(metadata={"description": "Bundle code"})
    name = fields.String(metadata={"description": "The life event (一件事)"})
    description = fields.String(metadata={"description": "What it applies for"})
    min_assurance = fields.String(metadata={"description": "Identity level needed: the highest of its matters'"})
    matters = fields.List(fields.Nested(MatterRefSchema), metadata={"description": "Its matters, in order"})
    demo = fields.Boolean(metadata={"description": "True for demo data"})


BundleList = items_of(BundleSchema)


class BundleFormSchema(Schema):
    schema_uri = fields.String(data_key="$schema", attribute="$schema",
                               metadata={"description": "JSON Schema dialect (2020-12)"})
    title = fields.String(metadata={"description": "Bundle name"})
    type = fields.String(metadata={"description": "object"})
    properties = fields.Dict(metadata={"description": "The union of the matters' fields, by name"})
    required = fields.List(fields.String(), metadata={"description": "Fields that must be filled to apply"})
    additionalProperties = fields.Boolean(metadata={"description": "false"})  # noqa: N815 - JSON Schema's name
    bundle = fields.String(metadata={"description": "Bundle code"})
    min_assurance = fields.String(metadata={"description": "Identity level needed to apply: L1, L2 or L3"})
    materials = fields.List(fields.Nested(MaterialRuleSchema), metadata={
        "description": "The union of the matters' materials, by name"})
    matters = fields.List(fields.Nested(MatterRefSchema), metadata={"description": "The matters applied for"})


class StagedFileSchema(Schema):
    id = fields.Integer(metadata={"description": "File id, to name in apply's materials"})
    material = fields.String(metadata={"description": "Material it provides"})
    filename = fields.String(metadata={"description": "File name as uploaded (cleaned)"})
    content_type = fields.String(metadata={"description": "Type found in the content"})
    size = fields.Integer(metadata={"description": "Bytes"})
    sha256 = fields.String(metadata={"description": "SHA-256 of the content"})
    uploaded_at = fields.DateTime(metadata={"description": "When"})


class LinkedCaseSchema(Schema):
    number = fields.String(metadata={"description": "Case number"})
    matter = fields.Nested(MatterRefSchema, metadata={"description": "The matter"})
    department = fields.Nested(DepartmentSchema, metadata={"description": "Handling department"})
    status = fields.String(metadata={"description": "submitted"})


class BundleRefSchema(Schema):
    code = fields.String(metadata={"description": "Bundle code"})
    name = fields.String(metadata={"description": "Bundle name"})


class BundleReceiptSchema(Schema):
    number = fields.String(metadata={"description": "The bundle application's number"})
    query_code = fields.String(metadata={"description": "Query code, shown once: it works with every case number"})
    submitted_at = fields.DateTime(metadata={"description": "When"})
    bundle = fields.Nested(BundleRefSchema, metadata={"description": "The bundle"})
    cases = fields.List(fields.Nested(LinkedCaseSchema), metadata={"description": "Every linked case"})


class WindowReceiptSchema(Schema):
    number = fields.String(metadata={"description": "Case number"})
    query_code = fields.String(metadata={"description": "Query code: shown once, printed for the applicant"})
    status = fields.String(metadata={"description": "received"})
    received_at = fields.DateTime(metadata={"description": "When"})
    matter = fields.Nested(MatterRefSchema, metadata={"description": "The matter"})
    department = fields.Nested(DepartmentSchema, metadata={"description": "Handling department"})
    receiving_place = fields.Nested(PlaceRefSchema, metadata={"description": "Where it was received (收件地)"})
