"""A department system chooses how it authenticates when it is registered (RFC 7591
token_endpoint_auth_method), by the CLI or the admin API, and the token endpoint then accepts that
method only."""

import json

import pytest
from sqlalchemy import select
from tongban.extensions import db
from tongban.identity.oauth_models import OAuthClient

from tests.support.api import Api
from tests.support.soft_authenticator import SoftAuthenticator

DEMO = json.loads(open("backend/tongban/demo/data/accounts.json", encoding="utf-8").read())
ADMIN_PHONE = next(p["phone"] for p in DEMO["people"] if p["key"] == "admin")
BODY = {"name": "某部门系统（认证方式）", "redirect_uris": ["https://dept.example/cb"], "scope": "openid loa",
        "grant_types": ["authorization_code", "refresh_token"]}


@pytest.fixture(scope="module")
def admin(app):
    """An admin in a staff session (passkey with user verification)."""
    api = Api(app.test_client())
    assert api.signin_code(ADMIN_PHONE).status_code == 200
    auth = SoftAuthenticator()
    opts = api.post("/api/v1/me/passkeys/options").get_json()
    assert api.post("/api/v1/me/passkeys", {"handle": opts["handle"],
                                            "credential": auth.create(opts["publicKey"])}).status_code == 201
    api.post("/api/v1/auth/signout")
    opts = api.post("/api/v1/auth/passkey/options", {"staff": True}).get_json()
    assert api.post("/api/v1/auth/passkey", {"handle": opts["handle"], "credential": auth.get(opts["publicKey"]),
                                             "staff": True}).status_code == 200
    return api


def stored_method(app, client_id):
    with app.app_context():
        return db.session.scalars(select(OAuthClient.auth_method).where(OAuthClient.client_id == client_id)).one()


@pytest.mark.parametrize(("extra", "method", "has_secret"), [
    ({}, "client_secret_basic", True),
    ({"token_endpoint_auth_method": "client_secret_post"}, "client_secret_post", True),
    ({"token_endpoint_auth_method": "none"}, "none", False),
    ({"public": True}, "none", False),
])
def test_the_admin_api_registers_the_authentication_method(app, admin, extra, method, has_secret):
    resp = admin.post("/api/v1/admin/oauth-clients", {**BODY, **extra})
    assert resp.status_code == 201, resp.get_json()
    body = resp.get_json()
    assert body["token_endpoint_auth_method"] == method and bool(body["client_secret"]) == has_secret
    assert stored_method(app, body["client_id"]) == method


def test_a_method_that_cannot_work_is_refused(admin):
    unknown = admin.post("/api/v1/admin/oauth-clients", {**BODY, "token_endpoint_auth_method": "private_key_jwt"})
    assert unknown.status_code == 400 and "token_endpoint_auth_method" in unknown.get_json()["errors"]
    conflict = admin.post("/api/v1/admin/oauth-clients?lang=en",
                          {**BODY, "public": True, "token_endpoint_auth_method": "client_secret_basic"})
    assert conflict.status_code == 400 and conflict.get_json()["errors"] == {
        "token_endpoint_auth_method": ["A public client has no secret: its authentication method is none."]}


def test_the_cli_registers_the_authentication_method(app):
    runner = app.test_cli_runner()
    out = runner.invoke(args=["oauth", "create-client", "--name", "某部门系统（命令行）", "--redirect-uri",
                              "https://dept.example/cb", "--auth-method", "client_secret_post"])
    assert out.exit_code == 0, out.output
    assert "token_endpoint_auth_method: client_secret_post" in out.output and "client_secret: tbs_" in out.output
    client_id = out.output.split("client_id: ", 1)[1].split()[0]
    assert stored_method(app, client_id) == "client_secret_post"
    refused = runner.invoke(args=["oauth", "create-client", "--name", "某部门系统（命令行）", "--redirect-uri",
                                  "https://dept.example/cb", "--public", "--auth-method", "client_secret_basic"])
    assert refused.exit_code != 0 and "token_endpoint_auth_method" in refused.output
