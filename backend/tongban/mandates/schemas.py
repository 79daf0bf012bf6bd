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
    note = fields.String(load_default="", validate=validate.Length(max=500, error=TEXT_MAX))


class MandateInput(TermsMixin):
    role = fields.String(required=True, validate=validate.OneOf(("principal", "agent")), metadata={
        "description": "principal: I grant it (name the agent); agent: I ask for it (name the principal)"})
    principal = fields.Nested(PersonInput, load_default=None, metadata={"description": "When asking"})
    agent = fields.Nested(PersonInput, load_default=None, metadata={"description": "When granting"})
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

    window = fields.String(required=True, validate=validate.Length(min=1, max=40))
    principal_name = fields.String(required=True, validate=NAME)
    principal_id_number = fields.String(required=True, validate=ID_NUMBER)
    principal_phone = fields.String(required=True, validate=PHONE)
    agent_name = fields.String(required=True, validate=NAME)
    agent_id_number = fields.String(required=True, validate=ID_NUMBER)
    agent_phone = fields.String(required=True, validate=PHONE)
    organisation = fields.String(load_default=None, validate=USCC)
    file = UploadedFile(required=True, metadata={"description": "Photograph of the signed paper form"})


class WindowPrincipalInput(Schema):
    window = fields.String(required=True, validate=validate.Length(min=1, max=40))
    name = fields.String(required=True, validate=NAME)
    id_number = fields.String(required=True, validate=ID_NUMBER)


class PhoneInput(Schema):
    phone = fields.String(required=True, validate=PHONE)


class PhoneCodeInput(PhoneInput):
    code = fields.String(required=True, validate=validate.Regexp(r"^[0-9]{6}$", error=_l("Six digits.")))


class PartySchema(Schema):
    type = fields.String(metadata={"description": "person or organisation"})
    name = fields.String()
    id_masked = fields.String(allow_none=True, metadata={"description": "ID number or credit code, masked"})


class ScopeItemSchema(Schema):
    code = fields.String()
    name = fields.String()


class MandateEventSchema(Schema):
    kind = fields.String()
    label = fields.String()
    via = fields.String(metadata={"description": "app, code, window, review or system"})
    note = fields.String()
    at = fields.DateTime()


class MandateSchema(Schema):
    id = fields.String(metadata={"description": "Name it in Acting-For"})
    kind = fields.String()
    kind_label = fields.String()
    principal = fields.Nested(PartySchema)
    agent = fields.Nested(PartySchema)
    scope = fields.String()
    scope_items = fields.List(fields.Nested(ScopeItemSchema))
    permissions = fields.List(fields.String())
    permission_labels = fields.List(fields.String())
    valid_from = fields.DateTime()
    valid_until = fields.DateTime()
    status = fields.String(metadata={"description": "pending, active, revoked, expired or refused"})
    status_label = fields.String()
    awaiting = fields.String(allow_none=True, metadata={"description": "agent, principal or reviewer"})
    consent = fields.String(metadata={"description": "online, code, window or guardianship"})
    consent_label = fields.String()
    witness_place = fields.String(allow_none=True)
    has_evidence = fields.Boolean()
    my_role = fields.String(metadata={"description": "principal, agent, reviewer or witness"})
    allowed_actions = fields.List(fields.String())
    created_at = fields.DateTime()
    activated_at = fields.DateTime(allow_none=True)
    ended_at = fields.DateTime(allow_none=True)
    history = fields.List(fields.Nested(MandateEventSchema))


class CreatedMandateSchema(MandateSchema):
    code_sent_to = fields.String(allow_none=True, metadata={"description": "Masked phone the code went to"})


class MyMandatesSchema(Schema):
    as_principal = fields.List(fields.Nested(MandateSchema), metadata={"description": "People who act for me"})
    as_agent = fields.List(fields.Nested(MandateSchema), metadata={"description": "People I act for"})


class MandateListSchema(Schema):
    items = fields.List(fields.Nested(MandateSchema))


class ActSchema(Schema):
    agent = fields.String()
    mandate = fields.String()
    action = fields.String()
    label = fields.String()
    object_id = fields.String()
    at = fields.DateTime()


class ActPageSchema(PageSchema):
    items = fields.List(fields.Nested(ActSchema))


class CategorySchema(Schema):
    code = fields.String()
    name = fields.String()


class CategoryListSchema(Schema):
    items = fields.List(fields.Nested(CategorySchema))


class RevokedSchema(Schema):
    revoked = fields.List(fields.Nested(MandateSchema))


class SentSchema(Schema):
    detail = fields.String()


class AssistConfirmInput(Schema):
    signature = fields.Nested(SignatureInput, load_default=None, metadata={
        "description": "The resident: the signature over the draft (ask at /cases/{number}/signature/options)"})
    in_person = StrictBoolean(load_default=False, metadata={"description": "The clerk: confirmed in person"})
    id_number = fields.String(load_default=None, validate=ID_NUMBER, metadata={
        "description": "The clerk: the resident's ID number, typed from the card"})


class AssistSessionSchema(Schema):
    status = fields.String(metadata={"description": "open, joined, confirmed, cancelled or expired"})
    expires_at = fields.DateTime()
    helper_kind = fields.String(allow_none=True, metadata={"description": "clerk or relative"})
    helper_name = fields.String(allow_none=True)
    resident_name = fields.String()
    mandate = fields.String(allow_none=True, metadata={"description": "The helper names it in Acting-For"})
    case = fields.String(allow_none=True, metadata={"description": "The draft (or submitted) case"})
    confirmed_via = fields.String(allow_none=True)


class StartedAssistSchema(AssistSessionSchema):
    code = fields.String(metadata={"description": "Six digits, valid 10 minutes: show it to the helper"})
    qr_svg = fields.String(metadata={"description": "The code as a QR (TBA1:<code>), SVG"})


class AssistConfirmedSchema(AssistSessionSchema):
    receipt = fields.Nested(ReceiptSchema, metadata={"description": "The receipt, with the query code (shown once)"})
