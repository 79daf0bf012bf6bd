"""Staff sessions for tests: sign in with the demo account's phone code, add a passkey with user
verification, sign out, then sign in again through the staff passkey sign-in."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.support.api import Api
from tests.support.soft_authenticator import SoftAuthenticator

DEMO = json.loads((Path(__file__).resolve().parents[2] / "backend/tongban/demo/data/accounts.json")
                  .read_text(encoding="utf-8"))
PHONES = {p["key"]: p["phone"] for p in DEMO["people"]}


def staff_session(app: Any, key: str) -> Api:
    api = Api(app.test_client())
    assert api.signin_code(PHONES[key]).status_code == 200
    auth = SoftAuthenticator()
    opts = api.post("/api/v1/me/passkeys/options").get_json()
    assert api.post("/api/v1/me/passkeys", {"handle": opts["handle"],
                                            "credential": auth.create(opts["publicKey"])}).status_code == 201
    api.post("/api/v1/auth/signout")
    opts = api.post("/api/v1/auth/passkey/options", {"staff": True}).get_json()
    resp = api.post("/api/v1/auth/passkey", {"handle": opts["handle"], "credential": auth.get(opts["publicKey"]),
                                             "staff": True})
    assert resp.status_code == 200, resp.get_json()
    return api
