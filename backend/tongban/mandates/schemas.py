"""The mandates API contract: mandates, acting for someone, and 帮办 sessions."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from marshmallow import Schema, fields, validate

from tongban.cases.record_schemas import SignatureInput
from tongban.cases.schemas import ReceiptSchema
from tongban.core.apidocs import UploadedFile
from tongban.core.fields import StrictBoolean
from tongban.core.pagination import PageSchema
from tongban.identity.schemas import PHONE
from tongban.mandates.models import KINDS, PERMISSIONS, SCOPES

TEXT_MAX = _l("At most {max} characters.")
ID_NUMBER = validate.Regexp(r"^[0-9]{17}[0-9Xx]$", error=_l("An ID number has 17 digits and a final digit or X."))
NAME = validate.Length(min=1, max=64, error=TEXT_MAX)
USCC = validate.Regexp(r"^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$",
                       error=_l("A unified social credit code has 18 characters."))
ITEM = fields.String(validate=validate.Length(min=1, max=40))


class PersonInput(Schema):
    name = fields.String(required=True, validate=NAME, metadata={"description": "Legal name"})
    id_number = fields.String(required=True, validate=ID_NUMBER, metadata={"description": "Resident ID number"})


class TermsMixin(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(KINDS), metadata={
        "description": "family, guardian (a guardian asks, with the document) or enterprise_agent"})
    scope = fields.String(load_default="all", validate=validate.OneOf(SCOPES), metadata={
        "description": "all, categories or matters"})
    scope_items = fields.List(ITEM, load_default=list, validate=validate.Length(max=100), metadata={
        "description": "Category codes (GET /mandates/categories) or matter codes"})
    permissions = fields.List(fields.String(validate=validate.OneOf(PERMISSIONS)), required=True,
                              validate=validate.Length(min=1, max=4), metadata={
                                  "description": "view, apply, sign, receive"})
    valid_from = fields.AwareDateTime(load_default=None, metadata={"description": "Start (default now)"})
    valid_until = fields.AwareDateTime(required=True, metadata={"description": "End"})
    note = fields.String(load_default="", validate=validate.Length(max=500, error=TEXT_MAX),
        metadata={"description": "A note or reason"})


class MandateInput(TermsMixin):
    role = fields.String(required=True, validate=validate.OneOf(("principal", "agent")), metadata={
        "description": "principal: I grant it (name the agent); agent: I ask for it (name the principal)"})
    principal = fields.Nested(PersonInput, metadata={"description": "When asking"})
    agent = fields.Nested(PersonInput, metadata={"description": "When granting"})
    organisation = fields.String(load_default=None, validate=USCC, metadata={
        "description": "Enterprise agents: the enterprise's unified social credit code"})


class MandateActionInput(Schema):
    code = fields.String(load_default=None, validate=validate.Regexp(r"^[0-9]{6}$", error=_l("Six digits.")),
                         metadata={"description": "confirm: the code sent to the principal's phone"})
    note = fields.String(load_default="", validate=validate.Length(max=500, error=TEXT_MAX),
                         metadata={"description": "refuse/revoke: the reason"})


class EvidenceInput(Schema):
    file = UploadedFile(required=True, metadata={"description": "PDF, JPEG or PNG, typed by its content"})


class WindowMandateInput(TermsMixin):
    """multipart/form-data: both people as the clerk saw their ID cards, the terms, the signed form."""

    window = fields.String(required=True, validate=validate.Length(min=1, max=40),
        metadata={"description": "The window code"})
    principal_name = fields.String(required=True, validate=NAME,
        metadata={"description": "The principal's name, from the card"})
    principal_id_number = fields.String(required=True, validate=ID_NUMBER,
        metadata={"description": "The principal's ID number, from the card"})
    principal_phone = fields.String(required=True, validate=PHONE,
        metadata={"description": "The principal's mobile number"})
    agent_name = fields.String(required=True, validate=NAME,
        metadata={"description": "The agent's name, from the card"})
    agent_id_number = fields.String(required=True, validate=ID_NUMBER,
        metadata={"description": "The agent's ID number, from the card"})
    agent_phone = fields.String(required=True, validate=PHONE, metadata={"description": "The agent's mobile number"})
    organisation = fields.String(load_default=None, validate=USCC,
        metadata={"description": "Enterprise agents: the unified social credit code"})
    file = UploadedFile(required=True, metadata={"description": "Photograph of the signed paper form"})


class WindowPrincipalInput(Schema):
    window = fields.String(required=True, validate=validate.Length(min=1, max=40),
        metadata={"description": "The window code"})
    name = fields.String(required=True, validate=NAME, metadata={"description": "Name"})
    id_number = fields.String(required=True, validate=ID_NUMBER, metadata={"description": "Resident ID number"})


class PhoneInput(Schema):
    phone = fields.String(required=True, validate=PHONE, metadata={"description": "Mainland mobile number"})


class PhoneCodeInput(PhoneInput):
    code = fields.String(required=True, validate=validate.Regexp(r"^[0-9]{6}$", error=_l("Six digits.")),
        metadata={"description": "Code"})


class PartySchema(Schema):
    type = fields.String(metadata={"description": "person or organisation"})
    name = fields.String(metadata={"description": "Name"})
    id_masked = fields.String(allow_none=True, metadata={"description": "ID number or credit code, masked"})


class ScopeItemSchema(Schema):
    code = fields.String(metadata={"description": "Code"})
    name = fields.String(metadata={"description": "Name"})


class MandateEventSchema(Schema):
    kind = fields.String(metadata={"description": "family, guardian, enterprise_agent or assisted"})
    label = fields.String(metadata={"description": "Readable label"})
    via = fields.String(metadata={"description": "app, code, window, review or system"})
    note = fields.String(metadata={"description": "A note or reason"})
    at = fields.DateTime(metadata={"description": "When"})


class MandateSchema(Schema):
    id = fields.String(metadata={"description": "Name it in Acting-For"})
    kind = fields.String(metadata={"description": "family, guardian, enterprise_agent or assisted"})
    kind_label = fields.String(metadata={"description": "The kind, readable"})
    principal = fields.Nested(PartySchema)
    agent = fields.Nested(PartySchema, metadata={"description": "The agent"})
    scope = fields.String(metadata={"description": "all, categories or matters"})
    scope_items = fields.List(fields.Nested(ScopeItemSchema),
        metadata={"description": "The categories or matters covered"})
    permissions = fields.List(fields.String(), metadata={"description": "view, apply, sign, receive"})
    permission_labels = fields.List(fields.String(), metadata={"description": "The permissions, readable"})
    valid_from = fields.DateTime(metadata={"description": "Start"})
    valid_until = fields.DateTime(metadata={"description": "End"})
    status = fields.String(metadata={"description": "pending, active, revoked, expired or refused"})
    status_label = fields.String(metadata={"description": "The status, readable"})
    awaiting = fields.String(allow_none=True, metadata={"description": "agent, principal or reviewer"})
    consent = fields.String(metadata={"description": "online, code, window or guardianship"})
    consent_label = fields.String(metadata={"description": "How the principal consented, readable"})
    witness_place = fields.String(allow_none=True, metadata={"description": "Where a clerk witnessed it"})
    has_evidence = fields.Boolean(metadata={"description": "A document or form photo is kept"})
    my_role = fields.String(metadata={"description": "principal, agent, reviewer or witness"})
    allowed_actions = fields.List(fields.String(), metadata={"description": "What the caller may do now"})
    created_at = fields.DateTime(metadata={"description": "Created"})
    activated_at = fields.DateTime(allow_none=True, metadata={"description": "Came into force"})
    ended_at = fields.DateTime(allow_none=True, metadata={"description": "Ended"})
    history = fields.List(fields.Nested(MandateEventSchema), metadata={"description": "What happened, oldest first"})


class CreatedMandateSchema(MandateSchema):
    code_sent_to = fields.String(allow_none=True, metadata={"description": "Masked phone the code went to"})


class MyMandatesSchema(Schema):
    as_principal = fields.List(fields.Nested(MandateSchema), metadata={"description": "People who act for me"})
    as_agent = fields.List(fields.Nested(MandateSchema), metadata={"description": "People I act for"})


class MandateListSchema(Schema):
    items = fields.List(fields.Nested(MandateSchema), metadata={"description": "The entries"})


class ActSchema(Schema):
    agent = fields.String(metadata={"description": "The agent's name"})
    mandate = fields.String(metadata={"description": "The mandate id"})
    action = fields.String(metadata={"description": "What was done (case.create, case.submit, …)"})
    label = fields.String(metadata={"description": "Readable label"})
    object_id = fields.String(metadata={"description": "What it was done to (a case number)"})
    at = fields.DateTime(metadata={"description": "When"})


class ActPageSchema(PageSchema):
    items = fields.List(fields.Nested(ActSchema), metadata={"description": "The entries"})


class CategorySchema(Schema):
    code = fields.String(metadata={"description": "Code"})
    name = fields.String(metadata={"description": "Name"})


class CategoryListSchema(Schema):
    items = fields.List(fields.Nested(CategorySchema), metadata={"description": "The entries"})


class RevokedSchema(Schema):
    revoked = fields.List(fields.Nested(MandateSchema), metadata={"description": "The authorisations ended"})


class SentSchema(Schema):
    detail = fields.String(metadata={"description": "What happens next"})


class AssistConfirmInput(Schema):
    signature = fields.Nested(SignatureInput, metadata={
        "description": "The resident: the signature over the draft (ask at /cases/{number}/signature/options)"})
    in_person = StrictBoolean(load_default=False, metadata={"description": "The clerk: confirmed in person"})
    id_number = fields.String(load_default=None, validate=ID_NUMBER, metadata={
        "description": "The clerk: the resident's ID number, typed from the card"})


class AssistSessionSchema(Schema):
    status = fields.String(metadata={"description": "open, joined, confirmed, cancelled or expired"})
    expires_at = fields.DateTime(metadata={"description": "When it ends"})
    helper_kind = fields.String(allow_none=True, metadata={"description": "clerk or relative"})
    helper_name = fields.String(allow_none=True, metadata={"description": "The helper, masked"})
    resident_name = fields.String(metadata={"description": "The resident, masked"})
    mandate = fields.String(allow_none=True, metadata={"description": "The helper names it in Acting-For"})
    case = fields.String(allow_none=True, metadata={"description": "The draft (or submitted) case"})
    confirmed_via = fields.String(allow_none=True, metadata={"description": "passkey, sms_code or in_person"})


class StartedAssistSchema(AssistSessionSchema):
    code = fields.String(metadata={"description": "Six digits, valid 10 minutes: show it to the helper"})
    qr_svg = fields.String(metadata={"description": "The code as a QR (TBA1:<code>), SVG"})


class AssistConfirmedSchema(AssistSessionSchema):
    receipt = fields.Nested(ReceiptSchema, metadata={"description": "The receipt, with the query code (shown once)"})
