"""The identity API contract. Request bodies are *Input schemas (see core.apidocs)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from marshmallow import Schema, fields, validate

from tongban.core.fields import Id, StrictBoolean
from tongban.identity.models import ROLES

PHONE = validate.Regexp(r"^1[3-9]\d{9}$", error=_l("Enter an 11-digit mainland mobile number."))
CODE = validate.Regexp(r"^\d{6}$", error=_l("The code has 6 digits."))
NAME = validate.Length(min=1, max=32, error=_l("Enter a name of at most {max} characters."))


class SendCodeInput(Schema):
    phone = fields.String(required=True, validate=PHONE, metadata={"description": "Mainland mobile number"})
    purpose = fields.String(required=True, validate=validate.OneOf(("signup", "signin")),
                            metadata={"description": "signup or signin"})


class SignupInput(Schema):
    phone = fields.String(required=True, validate=PHONE, metadata={"description": "Mainland mobile number"})
    code = fields.String(required=True, validate=CODE, metadata={"description": "The code sent by SMS"})
    name = fields.String(validate=NAME, metadata={"description": "Legal name, for the real-name check"})
    id_number = fields.String(validate=validate.Length(max=18), metadata={"description": "公民身份号码"})
    kiosk = StrictBoolean(load_default=False, metadata={"description": "Signed in at a kiosk"})


class SigninCodeInput(Schema):
    phone = fields.String(required=True, validate=PHONE, metadata={"description": "Mainland mobile number"})
    code = fields.String(required=True, validate=CODE, metadata={"description": "The code sent by SMS"})
    kiosk = StrictBoolean(load_default=False, metadata={"description": "Signed in at a kiosk"})


class PasskeyOptionsInput(Schema):
    staff = StrictBoolean(load_default=False, metadata={"description": "Staff sign-in (user verification required)"})


class PasskeySigninInput(Schema):
    handle = fields.String(required=True, metadata={"description": "The handle returned with the options"})
    credential = fields.Dict(required=True, metadata={"description": "PublicKeyCredential as JSON"})
    staff = StrictBoolean(load_default=False, metadata={"description": "Staff sign-in"})
    kiosk = StrictBoolean(load_default=False, metadata={"description": "Signed in at a kiosk"})


class PasskeyAddInput(Schema):
    handle = fields.String(required=True, metadata={"description": "The handle returned with the options"})
    credential = fields.Dict(required=True, metadata={"description": "PublicKeyCredential as JSON"})
    name = fields.String(load_default="", validate=validate.Length(max=64), metadata={"description": "A label"})


class RealNameInput(Schema):
    name = fields.String(required=True, validate=NAME, metadata={"description": "Legal name"})
    id_number = fields.String(required=True, validate=validate.Length(max=18), metadata={"description": "公民身份号码"})


class InPersonInput(RealNameInput):
    phone = fields.String(required=True, validate=PHONE, metadata={"description": "The resident's mobile number"})
    window_code = fields.String(required=True, metadata={"description": "The window where the check happens"})


class GrantPostInput(Schema):
    account_id = Id(required=True, metadata={"description": "Account to give the post"})
    role = fields.String(required=True, validate=validate.OneOf(ROLES),
                         metadata={"description": "clerk (at a window), reviewer (department), supervisor "
                                                  "(department or centre) or admin (platform)"})
    unit_type = fields.String(required=True, validate=validate.OneOf(("window", "department", "centre", "platform")),
                              metadata={"description": "Kind of unit"})
    unit_code = fields.String(required=True, validate=validate.Regexp(r"^[A-Za-z0-9][A-Za-z0-9-]{0,39}$",
                                                                      error=_l("Letters, digits and '-', at most 40.")),
                              metadata={"description": "Code of the unit (a window, department or centre code; "
                                                       "TONGBAN for the platform)"})
    jurisdiction = fields.String(required=True, validate=validate.Regexp(r"^\d{6}$"),
                                 metadata={"description": "Region the post covers (GB/T 2260); must contain the unit"})


class OptionsSchema(Schema):
    handle = fields.String(metadata={"description": "Send back with the credential"})
    publicKey = fields.Dict(metadata={"description": "Options for navigator.credentials"})  # noqa: N815


class SessionInfoSchema(Schema):
    id = fields.String(metadata={"description": "Public id of the session"})
    kiosk = fields.Boolean(metadata={"description": "Kiosk session"})
    amr = fields.List(fields.String(), metadata={"description": "How the person signed in (RFC 8176)"})
    expires_at = fields.DateTime(metadata={"description": "Absolute end of the session"})


class StaffRoleSchema(Schema):
    role = fields.String(metadata={"description": "Role"})
    unit_type = fields.String(metadata={"description": "Kind of unit"})
    unit_code = fields.String(metadata={"description": "Unit code"})
    jurisdiction = fields.String(metadata={"description": "Region the post covers"})
    active = fields.Boolean(metadata={"description": "True when this session may use the post"})


class ProfileSchema(Schema):
    account_id = fields.Integer(metadata={"description": "Account id"})
    name = fields.String(metadata={"description": "Legal name (empty before the real-name check)"})
    name_masked = fields.String(metadata={"description": "Name, masked"})
    phone_masked = fields.String(metadata={"description": "Mobile number, masked"})
    id_number_masked = fields.String(allow_none=True, metadata={"description": "ID number, masked"})
    assurance = fields.String(metadata={"description": "L1 phone, L2 real-name, L3 in person"})
    verified_at = fields.DateTime(allow_none=True, metadata={"description": "When the identity was verified"})
    address = fields.String(allow_none=True, metadata={"description": "Address for deliveries"})
    staff = fields.List(fields.Nested(StaffRoleSchema), metadata={"description": "Staff posts"})
    session = fields.Nested(SessionInfoSchema, metadata={"description": "This session"})
    passkey_count = fields.Integer(metadata={"description": "Registered passkeys"})


class PasskeySchema(Schema):
    id = fields.Integer(metadata={"description": "Passkey id"})
    name = fields.String(metadata={"description": "Label"})
    created_at = fields.DateTime(metadata={"description": "Registered at"})
    last_used_at = fields.DateTime(allow_none=True, metadata={"description": "Last sign-in with it"})
    backed_up = fields.Boolean(metadata={"description": "Synced passkey"})
    device_type = fields.String(metadata={"description": "single_device or multi_device"})


class SessionSchema(Schema):
    id = fields.String(attribute="public_id", metadata={"description": "Public id"})
    created_at = fields.DateTime(metadata={"description": "Signed in at"})
    last_seen_at = fields.DateTime(metadata={"description": "Last activity"})
    ip = fields.String(metadata={"description": "Address"})
    user_agent = fields.String(metadata={"description": "Browser"})
    kiosk = fields.Boolean(metadata={"description": "Kiosk session"})
    amr = fields.List(fields.String(), metadata={"description": "How the person signed in"})
    current = fields.Boolean(metadata={"description": "This session"})


class StaffPostSchema(Schema):
    id = fields.Integer(metadata={"description": "Post id"})
    account_id = fields.Integer(metadata={"description": "Account"})
    name = fields.Function(lambda p: p.account.person.name, metadata={"description": "Staff member's name"})
    role = fields.String(metadata={"description": "Role"})
    unit_type = fields.String(metadata={"description": "Kind of unit"})
    unit_code = fields.String(metadata={"description": "Unit code"})
    jurisdiction = fields.String(metadata={"description": "Region covered"})


class OutboxSchema(Schema):
    id = fields.Integer(metadata={"description": "Message id"})
    phone = fields.String(metadata={"description": "Recipient"})
    body = fields.String(metadata={"description": "Text"})
    purpose = fields.String(metadata={"description": "Why it was sent"})
    sent_at = fields.DateTime(metadata={"description": "When"})


class SessionStateSchema(Schema):
    signed_in = fields.Boolean(metadata={"description": "True when this browser has a live session"})
    profile = fields.Nested(ProfileSchema, allow_none=True, metadata={
        "description": "The signed-in person's profile (as GET /me), null when signed out"})


class OkSchema(Schema):
    ok = fields.Boolean(metadata={"description": "True"})


class OrganisationInput(Schema):
    name = fields.String(required=True, validate=validate.Length(min=2, max=128), metadata={"description": "Name"})
    uscc = fields.String(required=True, validate=validate.Length(max=18), metadata={"description": "统一社会信用代码"})


class OrganisationSchema(Schema):
    name = fields.String(metadata={"description": "Name"})
    uscc = fields.String(metadata={"description": "统一社会信用代码 (public)"})
    demo = fields.Boolean(metadata={"description": "True for demo data"})
