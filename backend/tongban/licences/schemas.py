"""The licences API contract: the wallet, presentations, verification, the trust list, and the
administrator's import, status changes and trust-list entries."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from marshmallow import Schema, fields, validate

from tongban.core.pagination import PageSchema
from tongban.licences.models import STATUSES

TEXT_MAX = _l("At most {max} characters.")


class LicenceSummarySchema(Schema):
    id = fields.Integer(metadata={"description": "The licence's number in this platform"})
    identifier = fields.String(metadata={"description": "GB/T 36904 identifier"})
    type = fields.String(metadata={"description": "id_card, business_licence, marriage, driving, …"})
    type_name = fields.String(metadata={"description": "The type, readable"})
    holder = fields.String(metadata={"description": "The holder's name"})
    holder_type = fields.String(metadata={"description": "person or organisation"})
    issuer = fields.String(metadata={"description": "The issuing department"})
    issued_on = fields.Date(metadata={"description": "Issued"})
    valid_until = fields.Date(allow_none=True, metadata={"description": "Valid until (none: no end)"})
    status = fields.String(metadata={"description": "valid, suspended, revoked or expired"})
    status_label = fields.String(metadata={"description": "The status, readable"})
    demo = fields.Boolean(metadata={"description": "Demo data"})
    seal_trusted = fields.Boolean(metadata={"description": "Its seal's key is on the trust list: false when an "
                                                           "administrator removed it (checks then answer "
                                                           "unknown_issuer, and it cannot be shown)"})


class LicenceEventSchema(Schema):
    kind = fields.String(metadata={"description": "issued, suspended, reinstated, revoked"})
    label = fields.String(metadata={"description": "Readable"})
    note = fields.String(metadata={"description": "Reason or case"})
    at = fields.DateTime(metadata={"description": "When"})


class LicenceSchema(LicenceSummarySchema):
    fields_ = fields.Dict(data_key="fields", attribute="fields",  # dumped from, and loaded to, "fields"
                          metadata={"description": "The licence's fields (ID numbers masked)"})
    field_labels = fields.Dict(metadata={"description": "Each field's name, readable"})
    static_qr = fields.String(metadata={"description": "The static QR's text (TBL1:…), verifiable offline"})
    static_qr_svg = fields.String(metadata={"description": "The static QR as SVG"})
    case = fields.String(allow_none=True, metadata={"description": "The case that issued it"})
    history = fields.List(fields.Nested(LicenceEventSchema), metadata={"description": "Oldest first"})


class LicenceListSchema(Schema):
    items = fields.List(fields.Nested(LicenceSummarySchema), metadata={"description": "My licences"})


class PresentationSchema(Schema):
    qr = fields.String(metadata={"description": "TBP1:<token>: show it as a QR; single use"})
    qr_svg = fields.String(metadata={"description": "The QR as SVG"})
    expires_at = fields.DateTime(metadata={"description": "60 seconds from now: ask for a new one before"})


class CheckSchema(Schema):
    at = fields.DateTime(metadata={"description": "When"})
    kind = fields.String(metadata={"description": "static_licence or presentation"})
    verdict = fields.String(metadata={"description": "valid, or why not"})
    verdict_label = fields.String(metadata={"description": "Readable"})
    verifier = fields.String(metadata={"description": "Who checked (a staff member's name, a department system)"})
    place = fields.String(metadata={"description": "Where (window or department)"})
    purpose = fields.String(metadata={"description": "Why, as they stated it"})
    case = fields.String(allow_none=True, metadata={"description": "For which case"})


class CheckPageSchema(PageSchema):
    items = fields.List(fields.Nested(CheckSchema), metadata={"description": "Newest first"})


class VerificationInput(Schema):
    qr = fields.String(required=True, validate=validate.Length(min=1, max=2000, error=TEXT_MAX),
                       metadata={"description": "The scanned QR's text, whatever it is"})
    purpose = fields.String(load_default="", validate=validate.Length(max=200, error=TEXT_MAX),
                            metadata={"description": "Why (required for a presentation): the holder reads "
                                                    "it. Kept only from staff and department systems"})
    case = fields.String(load_default=None, validate=validate.Regexp(r"^TB[0-9]{14}$", error=_l("A case number.")),
                         metadata={"description": "The case this check is for (kept only from staff and department "
                                                  "systems)"})


class VerifiedLicenceSchema(Schema):
    type = fields.String(allow_none=True, metadata={"description": "Licence type code"})
    type_name = fields.String(metadata={"description": "Readable"})
    identifier = fields.String(metadata={"description": "GB/T 36904 identifier"})
    holder = fields.String(metadata={"description": "Holder (masked in a static QR)"})
    id_hint = fields.String(metadata={"description": "ID number or credit code, masked"})
    issued_on = fields.Date(metadata={"description": "Issued"})
    valid_until = fields.Date(allow_none=True, metadata={"description": "Valid until"})
    issuer = fields.String(metadata={"description": "Issuer"})
    issuer_region = fields.String(metadata={"description": "Issuer's region code"})
    fields_ = fields.Dict(data_key="fields", attribute="fields", allow_none=True,
                          metadata={"description": "Presentations: the fields, masked (null for a static QR)"})


class VerificationSchema(Schema):
    kind = fields.String(metadata={"description": "static_licence, presentation, receipt, assist_session, unknown"})
    verdict = fields.String(metadata={"description": "valid, unreadable, bad_signature, unknown_issuer, "
                                                     "unknown_type, revoked, suspended, expired, token_used, "
                                                     "token_expired, token_unknown, not_found"})
    verdict_label = fields.String(metadata={"description": "The verdict in words"})
    licence = fields.Nested(VerifiedLicenceSchema, allow_none=True, metadata={"description": "What it says"})
    case = fields.String(allow_none=True, metadata={"description": "Receipts, for staff: the case number"})
    code = fields.String(allow_none=True, metadata={"description": "帮办 codes: the session code"})
    checked_at = fields.DateTime(metadata={"description": "When"})
    offline = fields.Boolean(metadata={"description": "Always false here; the PWA says when it checked offline"})


class TrustKeySchema(Schema):
    kid = fields.String(metadata={"description": "Key id: hex of the first 8 bytes of SHA-256(public key)"})
    issuer = fields.String(metadata={"description": "Issuer code"})
    issuer_name = fields.String(metadata={"description": "Issuer"})
    issuer_uscc = fields.String(metadata={"description": "Issuer's credit code (in the licence identifier)"})
    region = fields.String(metadata={"description": "Region code"})
    alg = fields.String(metadata={"description": "Ed25519"})
    public_key = fields.String(metadata={"description": "Raw public key, base64url"})
    source = fields.String(metadata={"description": "own or partner"})


class TrustTypeSchema(Schema):
    no = fields.Integer(metadata={"description": "The number in static QR codes"})
    code = fields.String(metadata={"description": "Type code"})
    name = fields.String(metadata={"description": "Readable"})
    national_code = fields.String(metadata={"description": "National type code (in identifiers)"})


class SignerSchema(Schema):
    kid = fields.String(metadata={"description": "The platform key's id"})
    alg = fields.String(metadata={"description": "Ed25519"})
    public_key = fields.String(metadata={"description": "Raw public key, base64url"})


class TrustListSchema(Schema):
    version = fields.Integer(metadata={"description": "Format version"})
    issued_at = fields.String(metadata={"description": "When this list was made"})
    keys = fields.List(fields.Nested(TrustKeySchema), metadata={"description": "Keys in force"})
    licence_types = fields.List(fields.Nested(TrustTypeSchema), metadata={"description": "Types by number"})
    signer = fields.Nested(SignerSchema, metadata={"description": "The platform key that signed the list"})
    signature = fields.String(metadata={"description": "Ed25519 over the canonical JSON of all other members "
                                                       "(sorted keys, no spaces, UTF-8), base64url"})


class PartnerKeyInput(Schema):
    issuer = fields.String(required=True, validate=validate.Regexp(r"^[0-9]{6}-[A-Z]{1,8}$"),
                           metadata={"description": "Issuer code, e.g. 330200-GA"})
    issuer_name = fields.String(required=True, validate=validate.Length(min=1, max=128),
                                metadata={"description": "Issuer's name"})
    region = fields.String(required=True, validate=validate.Regexp(r"^[0-9]{6}$"), metadata={"description": "Region"})
    public_key = fields.String(required=True, validate=validate.Regexp(r"^[A-Za-z0-9_-]{43}$"),
                               metadata={"description": "Raw Ed25519 public key, base64url (43 characters)"})


class StatusInput(Schema):
    status = fields.String(required=True, validate=validate.OneOf([s for s in STATUSES if s != "expired"]),
                           metadata={"description": "valid (reinstate), suspended or revoked"})
    note = fields.String(required=True, validate=validate.Length(min=1, max=500, error=TEXT_MAX),
                         metadata={"description": "The reason: the holder reads it"})


class LicenceImportInput(Schema):
    type = fields.String(required=True, validate=validate.Length(min=1, max=24), metadata={"description": "Type"})
    issuer = fields.String(required=True, validate=validate.Length(min=1, max=40),
                           metadata={"description": "Issuing department code"})
    holder_id_number = fields.String(load_default=None, validate=validate.Regexp(r"^[0-9]{17}[0-9Xx]$"),
                                     metadata={"description": "A person holder's ID number"})
    holder_uscc = fields.String(load_default=None, validate=validate.Length(equal=18),
                                metadata={"description": "An enterprise holder's credit code"})
    fields_ = fields.Dict(data_key="fields", attribute="fields", keys=fields.String(validate=validate.Length(max=40)),
                          values=fields.String(validate=validate.Length(max=200)), load_default=dict,
                          validate=validate.Length(max=30), metadata={"description": "The licence's fields"})
