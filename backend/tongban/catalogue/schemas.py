"""The catalogue's API contract, and the validated input for editing matters."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from tongban.catalogue.service import AUDIENCES, MODES, SCOPES
from tongban.core.apidocs import UploadedFile
from tongban.core.fields import StrictBoolean
from tongban.core.pagination import PageArgs, PageSchema
from tongban.directory.schemas import DepartmentSchema

CODE = validate.Regexp(r"^[A-Za-z0-9][A-Za-z0-9-]{1,39}$", error=_l("Use 2-40 letters, digits and hyphens."))


def _one_of(choices: tuple[str, ...]) -> validate.OneOf:
    return validate.OneOf(choices, error=_l("Must be one of: {choices}."))


class MatterQuery(PageArgs):
    q = fields.String(validate=validate.Length(max=100, error=_l("At most {max} characters.")),
                      metadata={"description": "Words, full pinyin (hukou) or initials (hkqy)"})
    scope = fields.String(validate=_one_of(SCOPES), metadata={"description": "kstb, yrd, citywide or partner"})
    mode = fields.String(validate=_one_of(MODES), metadata={"description": "online, proxy_window or joint"})
    audience = fields.String(validate=_one_of(AUDIENCES), metadata={"description": "person or enterprise"})
    department = fields.String(validate=CODE, metadata={"description": "Owning department's code"})
    region = fields.String(validate=validate.Regexp(r"^\d{6}$", error=_l("A region code has 6 digits.")),
                           metadata={"description": "Owning department's region (GB/T 2260)"})


class MaterialSchema(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=128),
                         metadata={"description": "Name of the material"})
    required = StrictBoolean(load_default=True, metadata={"description": "Whether it must be provided"})
    licence_type = fields.String(allow_none=True, load_default=None, validate=validate.Length(max=64),
                                 metadata={"description": "An e-licence of this type can replace it"})
    original_required = StrictBoolean(load_default=False,
                                       metadata={"description": "Whether the original must be seen"})
    copies = fields.Integer(load_default=1, validate=validate.Range(min=0, max=20),
                            metadata={"description": "Copies needed"})
    note = fields.String(load_default="", metadata={"description": "Notes"})


class StepSchema(Schema):
    step = fields.String(required=True, metadata={"description": "Name of the step"})
    description = fields.String(load_default="", metadata={"description": "What happens in it"})


class FeeSchema(Schema):
    free = StrictBoolean(required=True, metadata={"description": "True when no fee is charged"})
    standard = fields.String(load_default="", metadata={"description": "The fee standard"})
    amount_fen = fields.Integer(strict=True, allow_none=True, load_default=None,
                                validate=validate.Range(min=1, max=100_000_000), metadata={
                                    "description": "A fixed fee, in fen (0.01 yuan), that can be paid online; "
                                                   "null when the fee is free or is set at the window"})


class FormFieldSchema(Schema):
    name = fields.String(required=True, validate=validate.Regexp(r"^[a-z][a-z0-9_]{0,39}$"),
                         metadata={"description": "Field key"})
    label = fields.String(required=True, metadata={"description": "Label shown to the applicant"})
    type = fields.String(required=True, validate=_one_of(
        ("text", "textarea", "date", "select", "id_number", "phone", "region")), metadata={"description": "Kind"})
    required = StrictBoolean(load_default=False, metadata={"description": "Whether it must be filled"})
    options = fields.List(fields.String(), load_default=list, metadata={"description": "Choices for select"})


class GuideSchema(Schema):
    conditions = fields.List(fields.String(), load_default=list, metadata={"description": "Conditions"})
    legal_basis = fields.List(fields.String(), load_default=list, metadata={"description": "Legal basis"})
    application_methods = fields.List(fields.String(), load_default=list,
                                      metadata={"description": "How to apply"})
    acceptance_mode = fields.String(load_default="", metadata={"description": "How applications are accepted"})
    review_procedure = fields.List(fields.Nested(StepSchema), load_default=list,
                                   metadata={"description": "Steps of the procedure"})
    time_limit_days = fields.Integer(metadata={"description": "Promised time limit, working days"})
    legal_time_limit_days = fields.Integer(load_default=None, allow_none=True,
                                           metadata={"description": "Legal time limit, working days"})
    visits = fields.Integer(load_default=0, metadata={"description": "Visits in person needed"})
    issuing_method = fields.List(fields.String(), load_default=list,
                                 metadata={"description": "How results are issued"})
    fee = fields.Nested(FeeSchema, load_default=lambda: {"free": True, "standard": ""},
                        metadata={"description": "Fees"})
    materials = fields.List(fields.Nested(MaterialSchema), metadata={"description": "Required materials"})
    form_fields = fields.List(fields.Nested(FormFieldSchema), load_default=list,
                              metadata={"description": "Fields of the online form"})
    consult_phone = fields.String(load_default="", metadata={"description": "Telephone for questions"})
    updated_at = fields.DateTime(metadata={"description": "Last change of the guide"})


class MatterSummarySchema(Schema):
    code = fields.String(metadata={"description": "Matter code"})
    name = fields.String(metadata={"description": "Matter name"})
    summary = fields.String(metadata={"description": "One sentence about the matter"})
    department = fields.Nested(DepartmentSchema, metadata={"description": "Owning department"})
    audience = fields.List(fields.String(), metadata={"description": "person and/or enterprise"})
    modes = fields.List(fields.String(), metadata={"description": "Handling modes"})
    scopes = fields.List(fields.String(), metadata={"description": "Scopes of the lists it is in"})
    time_limit_days = fields.Integer(metadata={"description": "Promised time limit, working days"})
    min_assurance = fields.String(metadata={"description": "Identity assurance needed: L1, L2 or L3"})
    demo = fields.Boolean(metadata={"description": "True for demo data"})


class ListRefSchema(Schema):
    code = fields.String(metadata={"description": "List code"})
    name = fields.String(metadata={"description": "List name"})
    scope = fields.String(metadata={"description": "List scope"})
    version = fields.Integer(metadata={"description": "Current version"})


class MatterSchema(MatterSummarySchema):
    guide = fields.Nested(GuideSchema, metadata={"description": "The standard service guide"})
    lists = fields.List(fields.Nested(ListRefSchema), metadata={"description": "Lists it is in"})
    provenance = fields.String(metadata={"description": "Where the facts come from"})


class MatterPageSchema(PageSchema):
    items = fields.List(fields.Nested(MatterSummarySchema), metadata={"description": "Matters on this page"})


class MatterInput(GuideSchema):
    """What an editor provides to create or update a matter (CLI now; API with identity)."""

    code = fields.String(required=True, validate=CODE, metadata={"description": "Matter code"})
    name = fields.String(required=True, validate=validate.Length(min=2, max=128), metadata={"description": "Name"})
    name_en = fields.String(
        validate=validate.Length(max=200, error=_l("At most {max} characters.")),
        metadata={"description": "English name, where one exists: found by English searches, shown to no one. "
                                 "Left out, the matter keeps the one it has (an empty string removes it)"})
    summary = fields.String(load_default="", metadata={"description": "One sentence"})
    aliases = fields.List(fields.String(), load_default=list, metadata={"description": "Other names"})
    keywords = fields.List(fields.String(), load_default=list, metadata={"description": "Search keywords"})
    department = fields.String(required=True, metadata={"description": "Owning department code"})
    audience = fields.List(fields.String(validate=_one_of(AUDIENCES)), required=True,
                           validate=validate.Length(min=1), metadata={"description": "person/enterprise"})
    modes = fields.List(fields.String(validate=_one_of(MODES)), required=True, validate=validate.Length(min=1),
                        metadata={"description": "Handling modes"})
    time_limit_days = fields.Integer(required=True, validate=validate.Range(min=0, max=365),
                                     metadata={"description": "Promised time limit, working days"})
    min_assurance = fields.String(load_default="L2", validate=_one_of(("L1", "L2", "L3")),
                                  metadata={"description": "Identity assurance needed"})
    materials = fields.List(fields.Nested(MaterialSchema), load_default=list,
                            metadata={"description": "Required materials"})
    provenance = fields.String(load_default="", metadata={"description": "Where the facts come from"})
    demo = StrictBoolean(load_default=True, metadata={"description": "True for demo data"})

    @validates_schema
    def _limits(self, data: dict[str, Any], **_: Any) -> None:
        legal = data.get("legal_time_limit_days")
        if legal is not None and data["time_limit_days"] > legal:
            raise ValidationError(str(_l("The promised time limit exceeds the legal one.")), "time_limit_days")


class ListSchema(Schema):
    code = fields.String(metadata={"description": "List code"})
    name = fields.String(metadata={"description": "List name"})
    scope = fields.String(metadata={"description": "kstb, yrd, citywide or partner"})
    region_code = fields.String(allow_none=True, metadata={"description": "Region the list belongs to"})
    description = fields.String(metadata={"description": "What the list is"})
    provenance = fields.String(metadata={"description": "Where the list comes from"})
    demo = fields.Boolean(metadata={"description": "True for demo data"})
    current_version = fields.Integer(allow_none=True, metadata={"description": "Latest version number"})
    published_at = fields.DateTime(allow_none=True, metadata={"description": "When it was published"})
    item_count = fields.Integer(metadata={"description": "Matters in the latest version"})


class ListBriefSchema(Schema):
    code = fields.String(metadata={"description": "List code"})
    name = fields.String(metadata={"description": "List name"})
    scope = fields.String(metadata={"description": "List scope"})


class ChangeCountsSchema(Schema):
    added = fields.Integer(metadata={"description": "Matters added"})
    removed = fields.Integer(metadata={"description": "Matters removed"})
    changed = fields.Integer(metadata={"description": "Matters changed"})


class VersionSummarySchema(Schema):
    number = fields.Integer(metadata={"description": "Version number, from 1"})
    published_at = fields.DateTime(metadata={"description": "When it was published"})
    note = fields.String(metadata={"description": "What the version changed"})
    counts = fields.Nested(ChangeCountsSchema, metadata={"description": "Changes against the previous version"})


class ItemSchema(Schema):
    seq = fields.Integer(metadata={"description": "Position in the list"})
    matter_code = fields.String(metadata={"description": "Matter code"})
    matter_name = fields.String(metadata={"description": "Matter name at publication"})
    modes = fields.List(fields.String(), metadata={"description": "Modes the list names (may be empty)"})
    deadline = fields.String(metadata={"description": "Deadline or batch"})
    note = fields.String(metadata={"description": "Notes"})


class ChangeSchema(Schema):
    kind = fields.String(metadata={"description": "added, removed or changed"})
    matter_code = fields.String(metadata={"description": "Matter code"})
    matter_name = fields.String(metadata={"description": "Matter name"})
    fields_ = fields.List(fields.String(), data_key="fields", attribute="fields",
                          metadata={"description": "Changed fields"})


class VersionSchema(VersionSummarySchema):
    provenance = fields.String(metadata={"description": "Source of this version"})
    list = fields.Nested(ListBriefSchema, metadata={"description": "The list"})
    items = fields.List(fields.Nested(ItemSchema), metadata={"description": "Matters in this version"})
    changes = fields.List(fields.Nested(ChangeSchema), metadata={"description": "Changes"})


class PublishItemInput(Schema):
    matter_code = fields.String(required=True, validate=CODE, metadata={"description": "Matter code"})
    modes = fields.List(fields.String(validate=_one_of(MODES)), load_default=list,
                        metadata={"description": "Modes the list names for it"})
    deadline = fields.String(load_default="", validate=validate.Length(max=64),
                             metadata={"description": "Deadline or batch"})
    note = fields.String(load_default="", validate=validate.Length(max=500), metadata={"description": "Notes"})


class PublishInput(Schema):
    note = fields.String(required=True, validate=validate.Length(min=1, max=500),
                         metadata={"description": "What this version changes"})
    items = fields.List(fields.Nested(PublishItemInput), required=True, validate=validate.Length(min=1, max=5000),
                        metadata={"description": "The whole list at this version"})


class ImportInput(Schema):
    """A multipart/form-data body: the note and the CSV file."""

    note = fields.String(required=True, validate=validate.Length(min=1, max=500),
                         metadata={"description": "What this version changes"})
    file = UploadedFile(required=True, metadata={
        "description": "CSV file (UTF-8): seq,name,department,modes,deadline, optionally matter_code and note"})
