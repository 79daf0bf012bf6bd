"""The OAuth 2 / OpenID Connect endpoints under /oauth and /.well-known (spec error format, not problem+json),
plus the consent screen's data and client registration under /api/v1."""

from __future__ import annotations

import hmac
from collections.abc import Callable
from functools import wraps
from typing import Any

from authlib.oauth2 import OAuth2Error
from flask import Blueprint, Response, jsonify, make_response, request
from flask.views import MethodView
from flask_babel import gettext as _
from flask_smorest import Blueprint as ApiBlueprint
from marshmallow import Schema, fields, validate

from tongban.core.apidocs import problems
from tongban.core.errors import problem
from tongban.core.fields import StrictBoolean
from tongban.core.tx import transactional
from tongban.identity import oauth_service, oidc, sessions
from tongban.identity.oidc import server

bp = Blueprint("oauth", __name__)
api = ApiBlueprint("oauth_api", __name__, description="Single sign-on: consent and client registration")


@bp.get("/oauth/authorize")
def authorize() -> Any:
    """Start sign-in for a department system: sign in first (again, when the client asks for a fresh
    sign-in), then consent (once per client and scope); prompt=none answers without a page."""
    return oidc.authorize(sessions.current())


def _redirect_as_json(view: Callable[..., Any]) -> Callable[..., Any]:
    """For the consent page's fetch (Accept: application/json) a redirect becomes {"redirect_to": url}.

    The page then navigates there itself. A form post could not get there: Chromium applies the CSP's
    form-action 'self' to the redirect after a form post, which goes to the department system.
    """

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Response:
        resp = make_response(view(*args, **kwargs))
        wants_json = request.accept_mimetypes.best_match(["text/html", "application/json"]) == "application/json"
        if wants_json and resp.status_code in (301, 302, 303, 307, 308) and resp.location:
            return jsonify(redirect_to=resp.location)
        return resp

    return wrapper


@bp.post("/oauth/authorize")
@_redirect_as_json
@transactional
def decide() -> Any:
    """The consent page's answer (a form post: allow or deny)."""
    sess = sessions.current()
    if sess is None:  # the session ended while the page was open: sign in again, same request
        return oidc.sign_in_redirect(request.form)
    if not hmac.compare_digest(request.form.get("csrf_token", ""), sess.csrf_token):
        return problem(403, "csrf_failed", _("The page was open too long or came from elsewhere. "
                                             "Reload it and try again."))
    try:
        grant = server.get_consent_grant(end_user=sess.account)
    except OAuth2Error as error:
        return server.handle_error_response(request, error)
    if request.form.get("decision") != "allow":
        return server.create_authorization_response(grant=grant, grant_user=None)
    if oidc.needs_sign_in(sess, request.form):  # prompt=login / max_age hold here too
        return oidc.sign_in_redirect(request.form)
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
        "response_modes_supported": ["query"],
        "grant_types_supported": list(oauth_service.GRANTS), "subject_types_supported": ["pairwise"],
        "id_token_signing_alg_values_supported": ["RS256"], "code_challenge_methods_supported": ["S256"],
        # Each client uses the one method it registered; these are the methods a client can register.
        "token_endpoint_auth_methods_supported": list(oauth_service.AUTH_METHODS),
        "revocation_endpoint_auth_methods_supported": oidc.Revocation.CLIENT_AUTH_METHODS,
        "introspection_endpoint_auth_methods_supported": oidc.Introspection.CLIENT_AUTH_METHODS,
        # OIDC Discovery defaults request_uri_parameter_supported to true: say false, as it is.
        "request_parameter_supported": False, "request_uri_parameter_supported": False,
        "claims_parameter_supported": False,
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
    @problems(api, 401)
    def get(self) -> dict[str, Any]:
        """Describe an authorization request for the consent page (the query string of /oauth/authorize)."""
        sess = sessions.require()
        return oauth_service.consent_info(sess.account, sess.csrf_token)


class ClientInput(Schema):
    name = fields.String(required=True, validate=validate.Length(min=2, max=128), metadata={"description": "Name"})
    redirect_uris = fields.List(fields.String(validate=validate.Length(min=1, max=500)), load_default=list,
                                validate=validate.Length(max=10), metadata={"description": "Redirect URIs"})
    scope = fields.String(required=True, validate=validate.Length(min=1, max=200),
                          metadata={"description": "Space-separated scopes"})
    grant_types = fields.List(fields.String(validate=validate.Length(max=64)), required=True,
                              validate=validate.Length(min=1, max=3), metadata={"description": "Grant types"})
    public = StrictBoolean(load_default=False, metadata={"description": "A public client (PKCE, no secret)"})
    token_endpoint_auth_method = fields.String(
        load_default=None, validate=validate.OneOf(oauth_service.AUTH_METHODS),
        metadata={"description": "How the client authenticates (RFC 7591): client_secret_basic (default), "
                                 "client_secret_post, or none (a public client)"})


class ClientSchema(Schema):
    client_id = fields.String(metadata={"description": "Client id"})
    client_secret = fields.String(allow_none=True, metadata={"description": "Secret, shown once"})
    name = fields.String(metadata={"description": "Name"})
    redirect_uris = fields.List(fields.String(), metadata={"description": "Redirect URIs"})
    scope = fields.String(metadata={"description": "Scopes"})
    grant_types = fields.List(fields.String(), metadata={"description": "Grant types"})
    token_endpoint_auth_method = fields.String(metadata={"description": "How the client authenticates"})


@api.route("/admin/oauth-clients")
class Clients(MethodView):
    @api.arguments(ClientInput)
    @api.response(201, ClientSchema)
    @problems(api, 401)
    @transactional
    def post(self, data: dict[str, Any]) -> dict[str, Any]:
        """Register a department system (admins); the secret is shown only in this answer."""
        client, secret = oauth_service.create_client_as_admin(data)
        return {"client_id": client.client_id, "client_secret": secret, "name": client.name,
                "redirect_uris": client.redirect_uris, "scope": client.scope, "grant_types": client.grant_types,
                "token_endpoint_auth_method": client.auth_method}

