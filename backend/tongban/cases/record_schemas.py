"""The API contract of what surrounds a case: signatures, receipts, the e-archive record."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from tongban.cases.signature import METHODS


class SignatureInput(Schema):
    """The applicant's signature over the application, as asked for at /signature/options."""

    method = fields.String(required=True, validate=validate.OneOf(METHODS),
                           metadata={"description": "passkey or sms_code, as the options said"})
    handle = fields.String(validate=validate.Length(max=64),
                           metadata={"description": "passkey: the handle from the options"})
    credential = fields.Dict(metadata={"description": "passkey: the PublicKeyCredential (assertion) as JSON, "
                                                      "from navigator.credentials.get with the options' publicKey"})
    code = fields.String(validate=validate.Length(max=12),
                         metadata={"description": "sms_code: the code texted to the applicant's phone"})


class SignatureOptionsInput(Schema):
    method = fields.String(validate=validate.OneOf(METHODS), metadata={
        "description": "passkey or sms_code; default: passkey when the applicant has one, else sms_code"})


class SignatureOptionsSchema(Schema):
    method = fields.String(metadata={"description": "passkey or sms_code"})
    digest = fields.String(metadata={"description": "SHA-256 of the application being signed (hex)"})
    expires_at = fields.DateTime(metadata={"description": "Sign and submit before this time"})
    handle = fields.String(allow_none=True, metadata={"description": "passkey: send back with the assertion"})
    publicKey = fields.Dict(allow_none=True, metadata={  # noqa: N815 - the WebAuthn name
        "description": "passkey: options for navigator.credentials.get (the challenge is the digest)"})
    phone_masked = fields.String(allow_none=True, metadata={"description": "sms_code: where the code was sent"})


class SignatureSchema(Schema):
    method = fields.String(metadata={"description": "passkey or sms_code"})
    credential_id = fields.String(allow_none=True, metadata={"description": "passkey: the credential that signed"})
    code_id = fields.Integer(allow_none=True, metadata={"description": "sms_code: the id of the code used"})
    digest = fields.String(metadata={"description": "SHA-256 of the application as signed (hex)"})
    signed_at = fields.DateTime(metadata={"description": "When"})


class ArchiveChecksSchema(Schema):
    record_digest = fields.Boolean(metadata={"description": "The stored record still hashes to the digest"})
    audit_entry = fields.Boolean(metadata={"description": "The audit entry carries the digest and its own hash "
                                                          "is intact"})


class ArchiveSchema(Schema):
    number = fields.String(metadata={"description": "Case number"})
    digest = fields.String(metadata={"description": "SHA-256 of the canonical record (hex)"})
    sealed_at = fields.DateTime(metadata={"description": "When it was sealed"})
    audit_seq = fields.Integer(allow_none=True, metadata={"description": "The audit entry that carries the digest"})
    verified = fields.Boolean(metadata={"description": "true when every check passes"})
    checks = fields.Nested(ArchiveChecksSchema, metadata={"description": "Each check"})
    record = fields.Dict(metadata={"description": "The sealed record: case, signature, events, materials' digests"})
