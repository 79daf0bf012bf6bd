"""The API does what /api/v1/openapi.json says: schemathesis, every check, every operation.

Three callers: anonymous (only the tb_csrf cookie and its header, as the PWA has before sign-in),
a resident signed in with a phone code, and an admin in a staff session (passkey with user
verification). Each operation gets schemathesis's coverage phase (boundary and invalid values,
methods the path does not have) and a bounded fuzzing phase; failures name the request to replay.
Every built-in check is on; use_after_free and ensure_resource_availability only act in stateful
runs, which need OpenAPI links the document does not have yet.

The schema is built at collection from the document the code serves, and each call names the
fuzzer's app: schemathesis.pytest.from_fixture (lazy loading) breaks on pytest 9.2 (`Node._nodeid`).
"""

from __future__ import annotations

import os
import re
from typing import Any

import schemathesis
from flask import Flask
from schemathesis.core.parameters import ParameterLocation

from tests.fuzz.conftest import Caller

# Bounded so `make test` stays quick; TONGBAN_FUZZ_EXAMPLES=500 TONGBAN_FUZZ_SEED=random for a longer hunt.
MAX_EXAMPLES = int(os.environ.get("TONGBAN_FUZZ_EXAMPLES", "20"))  # per operation and caller (fuzzing phase)
SEED = os.environ.get("TONGBAN_FUZZ_SEED", "20210601")  # fixed: a run fails only when the code changed

# Schema-valid input that the service may still refuse with 400, for a rule a JSON schema cannot
# state. positive_data_acceptance accepts 400 for these operations only.
DOMAIN_RULES: dict[str, str] = {
    "POST /api/v1/auth/signup": "the SMS code must be the one sent; ID numbers carry a GB 11643 check digit",
    "POST /api/v1/auth/signin/code": "the SMS code must be the one sent",
    "POST /api/v1/auth/passkey": "the handle and credential must answer a challenge the server issued",
    "POST /api/v1/me/passkeys": "the handle and credential must answer a challenge the server issued",
    "POST /api/v1/me/real-name": "ID numbers carry a GB 11643 check digit; the registry must know the person",
    "POST /api/v1/me/organisations": "credit codes carry a GB 32100 check digit; the registry must know the firm",
    "POST /api/v1/staff/verifications": "ID numbers carry a GB 11643 check digit",
    "POST /api/v1/admin/staff-posts": "the account, unit and region must exist and fit the role",
    "POST /api/v1/admin/oauth-clients": "redirect URIs must be https; scopes and grants must fit together",
    "POST /api/v1/matters": "the department must exist",
    "POST /api/v1/lists/{code}/versions": "the matters listed must exist",
    "POST /api/v1/lists/{code}/versions/import": "the file must be a UTF-8 CSV whose rows name real matters",
    "GET /api/v1/oauth/consent": "the query must be an authorization request from a registered client",
    "POST /api/v1/admin/holidays": "each date is listed once and lies in the year named",
    "POST /api/v1/mandates": "the person named must be a Tongban user with that name and ID number (GB 11643 check "
                             "digit); the term must end in the future, within 5 years; scope items must exist",
    "POST /api/v1/mandates/revoke-by-code": "the code must be the one sent to that phone",
    "POST /api/v1/staff/mandates": "ID numbers carry a GB 11643 check digit; the registry must know both people",
    "POST /api/v1/staff/mandates/lookup": "ID numbers carry a GB 11643 check digit",
    "POST /api/v1/staff/mandates/{public_id}/revoke": "ID numbers carry a GB 11643 check digit",
    "POST /api/v1/admin/licences": "the type must exist, the issuer must be a department, the holder a Tongban user "
                                   "(ID number) or a registered enterprise (credit code)",
    "POST /api/v1/verifications": "a presentation QR (TBP1:) must come with a purpose",
}
# Operations that end the caller's session (or start another): the signed-in runs leave them out,
# and the anonymous run covers them.
SESSION_ENDING = r"^/api/v1/(auth/|me/sessions/revoke-all$)"


def _config() -> schemathesis.Config:
    return schemathesis.Config.from_dict({
        **({} if SEED == "random" else {"seed": int(SEED)}),
        "generation": {"max-examples": MAX_EXAMPLES, "database": "none"},
        "operations": [
            {"include-name": name, "checks": {"positive_data_acceptance": {
                "expected-statuses": ["2XX", "3XX", 400, 401, 403, 404, 409, 429]}}}
            for name in DOMAIN_RULES
        ],
    })


def _document() -> dict[str, Any]:
    """The OpenAPI document as the code produces it now (collection needs it before any fixture runs)."""
    from tongban import create_app

    app = create_app({"env": "test", "database_url": "sqlite://"})  # serving the document reads no table
    resp = app.test_client().get("/api/v1/openapi.json")
    assert resp.status_code == 200
    return resp.get_json()


# Loaded from a dict, not from the app: every call names the fuzzer's own app (`app=`), so nothing
# reaches the collection-time app above, which has no tables.
DOCUMENT = _document()
schema = schemathesis.openapi.from_dict(DOCUMENT, config=_config())
signed_in = schema.exclude(path_regex=SESSION_ENDING)


_NOT_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def _text_only(value: Any) -> Any:
    if isinstance(value, str):
        return _NOT_TEXT.sub("", value)
    if isinstance(value, dict):
        return {_NOT_TEXT.sub("", str(k)): _text_only(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_text_only(v) for v in value]
    return value


@schemathesis.hook
def map_case(context: Any, case: Any) -> Any:
    """A valid body holds no control characters, in keys either (the BadRequest response says so).

    The pattern on every plain string states the rule for typed fields; OpenAPI 3.0 cannot state it
    for the keys and values of free-form objects (a case's `form`), so valid bodies are made to obey
    it here. Invalid (negative) bodies keep theirs: they must be refused.
    """
    if case.meta is None or not case.meta.is_negative_at(ParameterLocation.BODY):
        if isinstance(case.body, dict | list):
            case.body = _text_only(case.body)
    return case


def _call(case: Any, app: Flask, caller: Caller) -> None:
    case.call_and_validate(app=app, headers=caller.headers, cookies=caller.cookies)


@schema.parametrize()
def test_anonymous(case: Any, fuzz_app: Flask, callers: dict[str, Caller]) -> None:
    _call(case, fuzz_app, callers["anonymous"])


@signed_in.parametrize()
def test_resident(case: Any, fuzz_app: Flask, callers: dict[str, Caller]) -> None:
    _call(case, fuzz_app, callers["resident"])


@signed_in.parametrize()
def test_admin_staff_session(case: Any, fuzz_app: Flask, callers: dict[str, Caller]) -> None:
    _call(case, fuzz_app, callers["admin"])
