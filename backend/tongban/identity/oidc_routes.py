"""The OAuth 2 / OpenID Connect endpoints under /oauth and /.well-known (spec error format, not problem+json),
plus the consent screen's data and client registration under /api/v1."""

from __future__ import annotations

import hmac
from typing import Any
from urllib.parse import quote, urlencode

from authlib.oauth2 import OAuth2Error
from flask import Blueprint, Response, jsonify, redirect, request
from flask.views import MethodView
from flask_babel import gettext as _
from flask_smorest import Blueprint as ApiBlueprint
from marshmallow import Schema, fields, validate

from tongban.core.errors import problem
from tongban.core.tx import transactional
from tongban.identity import oauth_service, oidc, sessions
from tongban.identity.oidc import server

bp = Blueprint("oauth", __name__)
api = ApiBlueprint("oauth_api", __name__, description="Single sign-on: consent and client registration")


@bp.get("/oauth/authorize")
def authorize() -> Any:
    """Start sign-in for a department system: sign in first, then consent (once per client and scope)."""
    sess = sessions.current()
    if sess is None:
        return redirect("/signin?next=" + quote(request.full_path, safe=""))
    try:
        grant = server.get_consent_grant(end_user=sess.account)
    except OAuth2Error as error:
        return server.handle_error_response(request, error)
    scope = grant.request.payload.scope or ""
    if request.args.get("prompt") != "consent" and oidc.consent_covers(sess.account, grant.client.client_id, scope):
        return server.create_authorization_response(grant=grant, grant_user=sess.account)
    return redirect("/consent?" + request.query_string.decode())


@bp.post("/oauth/authorize")
@transactional
def decide() -> Any:
    """The consent page's answer (a form post: allow or deny)."""
    sess = sessions.current()
    if sess is None:  # the session ended while the page was open: sign in again, same request
        params = {k: v for k, v in request.form.items() if k not in ("csrf_token", "decision")}
        return redirect("/signin?next=" + quote("/oauth/authorize?" + urlencode(params), safe=""))
    if not hmac.compare_digest(request.form.get("csrf_token", ""), sess.csrf_token):
        return problem(403, "csrf_failed", _("The page was open too long or came from elsewhere. "
                                             "Reload it and try again."))
    try:
        grant = server.get_consent_grant(end_user=sess.account)
    except OAuth2Error as error:
        return server.handle_error_response(request, error)
    if request.form.get("decision") != "allow":
        return server.create_authorization_response(grant=grant, grant_user=None)
    oidc.remember_consent(sess.account, grant.client.client_id, grant.request.payload.scope or "")
    return server.create_authorization_response(grant=grant, grant_user=sess.account)


@bp.post("/oauth/token")
def token() -> Response:
    """Exchange a code or refresh token, or get a machine token (client credentials)."""
    return server.create_token_response()


@bp.post("/oauth/revoke")
def revoke() -> Response:
    """Revoke a token (RFC 7009)."""
    return server.create_endpoint_response("revocation")


@bp.post("/oauth/introspect")
def introspect() -> Response:
    """Introspect a token (RFC 7662), for the client that owns it."""
    return server.create_endpoint_response("introspection")


@bp.route("/oauth/userinfo", methods=["GET", "POST"])
def userinfo() -> Response:
    """Claims about the signed-in person, including their level of assurance."""
    return server.create_endpoint_response("userinfo")


@bp.get("/oauth/jwks")
def jwks() -> Response:
    """The public keys that sign ID tokens."""
    return jsonify(oidc.jwks())


@bp.get("/.well-known/openid-configuration")
def discovery() -> Response:
    """OpenID Provider metadata (OIDC Discovery 1.0)."""
    iss = oidc.issuer()
    return jsonify({
        "issuer": iss, "authorization_endpoint": iss + "/oauth/authorize", "token_endpoint": iss + "/oauth/token",
        "userinfo_endpoint": iss + "/oauth/userinfo", "jwks_uri": iss + "/oauth/jwks",
        "revocation_endpoint": iss + "/oauth/revoke", "introspection_endpoint": iss + "/oauth/introspect",
        "scopes_supported": list(oidc.SCOPES), "response_types_supported": ["code"],
        "grant_types_supported": list(oauth_service.GRANTS), "subject_types_supported": ["pairwise"],
        "id_token_signing_alg_values_supported": ["RS256"], "code_challenge_methods_supported": ["S256"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post", "none"],
        "claims_supported": ["sub", "name", "phone_number", "acr", "tongban_loa", "auth_time", "nonce", "amr"],
        "acr_values_supported": ["urn:tongban:loa:L1", "urn:tongban:loa:L2", "urn:tongban:loa:L3"],
        "prompt_values_supported": ["consent", "login", "none"], "ui_locales_supported": ["zh-Hans", "zh-Hant", "en"],
    })


class ScopeSchema(Schema):
    name = fields.String(metadata={"description": "Scope"})
    description = fields.String(metadata={"description": "What it lets the system see, translated"})


class ConsentSchema(Schema):
    client_id = fields.String(metadata={"description": "Client id"})
    client_name = fields.String(metadata={"description": "Name of the department system"})
    redirect_host = fields.String(metadata={"description": "Where you will be sent back"})
    scopes = fields.List(fields.Nested(ScopeSchema), metadata={"description": "What it asks for"})
    csrf_token = fields.String(metadata={"description": "Send back with the decision"})
    params = fields.Dict(metadata={"description": "The authorization request, to post back"})


@api.route("/oauth/consent")
class Consent(MethodView):
    @api.response(200, ConsentSchema)
    def get(self) -> dict[str, Any]:
        """Describe an authorization request for the consent page (the query string of /oauth/authorize)."""
        sess = sessions.require()
        return oauth_service.consent_info(sess.account, sess.csrf_token)


class ClientInput(Schema):
    name = fields.String(required=True, validate=validate.Length(min=2, max=128), metadata={"description": "Name"})
    redirect_uris = fields.List(fields.String(), load_default=list, metadata={"description": "Redirect URIs"})
    scope = fields.String(required=True, metadata={"description": "Space-separated scopes"})
    grant_types = fields.List(fields.String(), required=True, metadata={"description": "Grant types"})
    public = fields.Boolean(load_default=False, metadata={"description": "A public client (PKCE, no secret)"})


class ClientSchema(Schema):
    client_id = fields.String(metadata={"description": "Client id"})
    client_secret = fields.String(allow_none=True, metadata={"description": "Secret, shown once"})
    name = fields.String(metadata={"description": "Name"})
    redirect_uris = fields.List(fields.String(), metadata={"description": "Redirect URIs"})
    scope = fields.String(metadata={"description": "Scopes"})
    grant_types = fields.List(fields.String(), metadata={"description": "Grant types"})


@api.route("/admin/oauth-clients")
class Clients(MethodView):
    @api.arguments(ClientInput)
    @api.response(201, ClientSchema)
    @transactional
    def post(self, data: dict[str, Any]) -> dict[str, Any]:
        """Register a department system (admins); the secret is shown only in this answer."""
        client, secret = oauth_service.create_client_as_admin(data)
        return {"client_id": client.client_id, "client_secret": secret, "name": client.name,
                "redirect_uris": client.redirect_uris, "scope": client.scope, "grant_types": client.grant_types}

