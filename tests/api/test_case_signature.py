"""The applicant's electronic signature at submission: over the application's digest, with a passkey
(a WebAuthn assertion whose challenge is the digest) or a code texted to their phone; recorded on the
case and in the audit log; refused when missing, forged, stale or for another version."""

import base64
import hashlib
import json

import pytest
from sqlalchemy import select

from tests.support.cases import (
    PDF,
    jobs_run,  # noqa: F401 - autouse: the queued jobs run after each test
    post,
    resident,
    sign,
    signing_code,
    submit,
    upload,
)
from tests.support.soft_authenticator import SoftAuthenticator

MATTER, PROOF = "FY-GA-0010", "居民死亡医学证明（推断）书"
FORM = {"deceased_id": "341202194503120110", "death_date": "2026-11-20", "relation": "子女",
        "contact_phone": "13800000099", "delivery": "电子证照"}


@pytest.fixture(autouse=True, scope="module")
def _uploads(app, tmp_path_factory):
    extra = app.config["TONGBAN"].extra
    before = extra.get("uploads_dir")
    extra["uploads_dir"] = str(tmp_path_factory.mktemp("uploads"))
    yield
    extra["uploads_dir"] = before


def complete_draft(app, api=None):
    api = api or resident(app)
    number = post(api, "/api/v1/cases", {"matter": MATTER, "form": FORM}).get_json()["number"]
    assert upload(api, number, PROOF, PDF).status_code == 201
    return api, number


def with_passkey(app):
    api = resident(app)
    auth = SoftAuthenticator()
    opts = api.post("/api/v1/me/passkeys/options").get_json()
    assert api.post("/api/v1/me/passkeys", {"handle": opts["handle"],
                                            "credential": auth.create(opts["publicKey"])}).status_code == 201
    return api, auth


def expected_digest(api, number):
    case = api.get(f"/api/v1/cases/{number}").get_json()
    files = sorted(({"material": f["material"], "sha256": f["sha256"]} for f in case["materials"]),
                   key=lambda m: (m["material"], m["sha256"]))
    body = {"v": 1, "case": number, "matter": MATTER, "form": case["form"], "delivery": case["delivery"],
            "delivery_address": case["delivery_address"], "materials": files}
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def test_without_a_passkey_the_applicant_signs_with_a_texted_code(app):
    api, number = complete_draft(app)
    opts = post(api, f"/api/v1/cases/{number}/signature/options").get_json()
    assert opts["method"] == "sms_code" and opts["publicKey"] is None and "****" in opts["phone_masked"]
    assert opts["digest"] == expected_digest(api, number)  # the canonical JSON, as documented
    texts = [m for m in api.get("/api/v1/dev/outbox").get_json()["items"] if m["purpose"] == "case-sign"]
    assert number in texts[0]["body"] and opts["digest"][:8] in texts[0]["body"]  # says what is signed
    with app.app_context():
        code = signing_code()
    wrong = "000000" if code != "000000" else "111111"
    for _retry in range(2):  # a failed submission leaves nothing behind, its Idempotency-Key neither
        resp = post(api, f"/api/v1/cases/{number}/submit", {"signature": {"method": "sms_code", "code": wrong}},
                    key="sign-1")
        assert resp.status_code == 400 and "signature.code" in resp.get_json()["errors"]
    assert api.get(f"/api/v1/cases/{number}").get_json()["status"] == "draft"
    resp = post(api, f"/api/v1/cases/{number}/submit", {"signature": {"method": "sms_code", "code": code}},
                key="sign-2")
    assert resp.status_code == 200, resp.get_json()
    signed = resp.get_json()["signature"]
    assert signed["method"] == "sms_code" and signed["digest"] == opts["digest"] and signed["code_id"]
    case = api.get(f"/api/v1/cases/{number}").get_json()
    assert case["signature"] == signed and case["status"] == "submitted"


def test_with_a_passkey_the_assertion_signs_the_digest(app):
    api, auth = with_passkey(app)
    _api, number = complete_draft(app, api)
    opts = post(api, f"/api/v1/cases/{number}/signature/options").get_json()
    assert opts["method"] == "passkey" and opts["phone_masked"] is None
    public_key = opts["publicKey"]
    challenge = base64.urlsafe_b64decode(public_key["challenge"] + "==")
    assert challenge.hex() == opts["digest"] == expected_digest(api, number)
    assert public_key["userVerification"] == "required"
    assert [c["id"] for c in public_key["allowCredentials"]] == [base64.urlsafe_b64encode(
        auth.credential_id).rstrip(b"=").decode()]
    credential = auth.get(public_key)
    resp = post(api, f"/api/v1/cases/{number}/submit",
                {"signature": {"method": "passkey", "handle": opts["handle"], "credential": credential}})
    assert resp.status_code == 200, resp.get_json()
    signed = resp.get_json()["signature"]
    assert signed["method"] == "passkey" and signed["credential_id"] == credential["id"]

    from tongban.audit.models import AuditEntry
    from tongban.cases.records import CaseSignature
    from tongban.extensions import db

    with app.app_context():
        entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "case.submit",
                                                            AuditEntry.object_id == number)).one()
        assert entry.data["signature"]["digest"] == opts["digest"]
        evidence = json.loads(db.session.scalars(select(CaseSignature.evidence).where(
            CaseSignature.credential_id == credential["id"])).one())
        client_data = json.loads(base64.urlsafe_b64decode(evidence["response"]["clientDataJSON"] + "=="))
        assert base64.urlsafe_b64decode(client_data["challenge"] + "==").hex() == opts["digest"]


def test_a_passkey_holder_may_sign_with_a_code_instead(app):
    api, _auth = with_passkey(app)  # the passkey is on another device
    _api, number = complete_draft(app, api)
    signature = sign(api, number, method="sms_code")
    assert signature["method"] == "sms_code"
    resp = post(api, f"/api/v1/cases/{number}/submit", {"signature": signature})
    assert resp.status_code == 200 and resp.get_json()["signature"]["method"] == "sms_code"
    api2, number2 = complete_draft(app)
    resp = post(api2, f"/api/v1/cases/{number2}/signature/options", {"method": "passkey"})
    assert resp.status_code == 409  # no passkey to sign with


def test_no_signature_a_forged_one_or_one_for_another_version_is_refused(app):
    api, auth = with_passkey(app)
    _api, number = complete_draft(app, api)
    resp = post(api, f"/api/v1/cases/{number}/submit")
    assert resp.status_code == 400 and set(resp.get_json()["errors"]) == {"signature"}

    # Signed, then the form changed: the signature is for another version of the application.
    opts = post(api, f"/api/v1/cases/{number}/signature/options").get_json()
    credential = auth.get(opts["publicKey"])
    changed = {**FORM, "contact_phone": "13800000098"}
    resp = post(api, f"/api/v1/cases/{number}/submit", {"form": changed, "signature": {
        "method": "passkey", "handle": opts["handle"], "credential": credential}})
    assert resp.status_code == 400 and "signature" in resp.get_json()["errors"]

    # An assertion made for another challenge (another application) does not sign this one.
    opts = post(api, f"/api/v1/cases/{number}/signature/options").get_json()
    other = auth.get({**opts["publicKey"], "challenge": base64.urlsafe_b64encode(b"x" * 32).rstrip(b"=").decode()})
    resp = post(api, f"/api/v1/cases/{number}/submit", {"signature": {
        "method": "passkey", "handle": opts["handle"], "credential": other}})
    assert resp.status_code == 400
    # Another person's authenticator: not one of this applicant's passkeys.
    stranger = SoftAuthenticator()
    stranger.user_handle = auth.user_handle
    resp = post(api, f"/api/v1/cases/{number}/submit", {"signature": {
        "method": "passkey", "handle": opts["handle"], "credential": stranger.get(opts["publicKey"])}})
    assert resp.status_code == 400
    assert api.get(f"/api/v1/cases/{number}").get_json()["status"] == "draft"

    # Signing the same version again works, once.
    opts = post(api, f"/api/v1/cases/{number}/signature/options").get_json()
    body = {"signature": {"method": "passkey", "handle": opts["handle"], "credential": auth.get(opts["publicKey"])}}
    assert post(api, f"/api/v1/cases/{number}/submit", body).status_code == 200
    assert post(api, f"/api/v1/cases/{number}/submit", body).status_code == 409


def test_only_a_complete_draft_of_ones_own_can_be_signed(app):
    api = resident(app)
    number = post(api, "/api/v1/cases", {"matter": MATTER, "form": {"relation": "子女"}}).get_json()["number"]
    resp = post(api, f"/api/v1/cases/{number}/signature/options")
    assert resp.status_code == 400 and "form.deceased_id" in resp.get_json()["errors"]
    assert post(resident(app), f"/api/v1/cases/{number}/signature/options").status_code == 404
    _api, done = complete_draft(app, api)
    assert submit(api, done).status_code == 200
    assert post(api, f"/api/v1/cases/{done}/signature/options").status_code == 409


def test_signing_codes_do_not_share_the_sign_in_codes_minute(app):
    api, number = complete_draft(app)  # signed up a moment ago: a sign-in code went to this phone
    assert post(api, f"/api/v1/cases/{number}/signature/options").status_code == 200
    again = post(api, f"/api/v1/cases/{number}/signature/options")
    assert again.status_code == 429  # but signing codes have their own: one a minute
