"""OAuth client registration (admins) and the consent screen's data."""

from __future__ import annotations

import secrets
from typing import Any
from urllib.parse import urlsplit

from flask_babel import gettext as _
from sqlalchemy import select

from tongban import policy
from tongban.audit import service as audit
from tongban.core.crypto import token_hash
from tongban.core.errors import Problem
from tongban.extensions import db
from tongban.identity.models import Account
from tongban.identity.oauth_models import OAuthClient

GRANTS = ("authorization_code", "refresh_token", "client_credentials")
# How a client authenticates (RFC 7591 token_endpoint_auth_method), registered per client; discovery lists
# exactly these. A public client has no secret ("none"); a confidential one picks one of the two secret methods.
AUTH_METHODS = ("client_secret_basic", "client_secret_post", "none")
SECRET_METHODS = ("client_secret_basic", "client_secret_post")


def _auth_method(requested: str | None, public: bool, errors: dict[str, list[str]]) -> str:
    if requested is None:
        return "none" if public else "client_secret_basic"
    if requested not in AUTH_METHODS:
        errors["token_endpoint_auth_method"] = [_("Unknown client authentication method: %(m)s.", m=requested)]
    elif public and requested != "none":
        errors["token_endpoint_auth_method"] = [_("A public client has no secret: its authentication method is "
                                                  "none.")]
    return requested


def _check_grants(grant_types: list[str], public: bool, has_redirects: bool, errors: dict[str, list[str]]) -> None:
    """Grant types that can work together for this kind of client."""
    if bad := [g for g in grant_types if g not in GRANTS]:
        errors["grant_types"] = [_("Unknown grant types: %(g)s.", g=", ".join(bad))]
    elif not grant_types:
        errors["grant_types"] = [_("Choose at least one grant type.")]
    elif "refresh_token" in grant_types and "authorization_code" not in grant_types:
        errors["grant_types"] = [_("Refresh tokens come with the authorization code flow.")]
    elif public and "client_credentials" in grant_types:
        errors["grant_types"] = [_("A public client cannot use client credentials.")]
    if "authorization_code" in grant_types and not has_redirects:
        errors["redirect_uris"] = [_("The code flow needs at least one redirect URI.")]


def create_client(name: str, redirect_uris: list[str], scope: str, grant_types: list[str], *, public: bool,
                  actor: str, auth_method: str | None = None) -> tuple[OAuthClient, str | None]:
    """Register a client; the secret is returned once and stored only as a hash. `auth_method` "none"
    makes a public client; otherwise client_secret_basic (the default) or client_secret_post."""
    from tongban.identity.oidc import SCOPES

    errors: dict[str, list[str]] = {}
    public = public or auth_method == "none"
    method = _auth_method(auth_method, public, errors)
    _check_grants(grant_types, public, bool(redirect_uris), errors)
    if not scope.split():
        errors["scope"] = [_("Choose at least one scope.")]
    if bad := [s for s in scope.split() if s not in SCOPES]:
        errors["scope"] = [_("Unknown scopes: %(s)s.", s=", ".join(bad))]
    for uri in redirect_uris:
        if not (uri.startswith("https://") or uri.startswith(("http://localhost", "http://127.0.0.1"))) or "#" in uri:
            errors["redirect_uris"] = [_("Redirect URIs must be https (or http on localhost) without a fragment.")]
    if errors:
        raise Problem(400, "validation_error", errors=errors)
    secret = None if public else "tbs_" + secrets.token_urlsafe(32)
    client = OAuthClient(client_id="tbc-" + secrets.token_hex(8), secret_hash=token_hash(secret) if secret else "",
                         name=name, redirect_uris=redirect_uris, scope=scope, grant_types=grant_types,
                         auth_method=method, created_by=actor)
    db.session.add(client)
    db.session.flush()
    audit.record("oauth.client.create", actor=actor, object_type="client", object_id=client.client_id,
                 data={"name": name, "scope": scope, "grant_types": grant_types, "auth_method": method})
    return client, secret


def create_client_as_admin(data: dict[str, Any]) -> tuple[OAuthClient, str | None]:
    actor = policy.require("oauth.manage")
    return create_client(data["name"], data["redirect_uris"], data["scope"], data["grant_types"],
                         public=data["public"], actor=actor.label,
                         auth_method=data.get("token_endpoint_auth_method"))


def clients() -> list[OAuthClient]:
    policy.require("oauth.manage")
    return list(db.session.scalars(select(OAuthClient).order_by(OAuthClient.id)))


def consent_info(account: Account, csrf_token: str) -> dict[str, Any]:
    """What the consent page shows for the authorization request in the current query string."""
    from authlib.oauth2 import OAuth2Error
    from flask import request

    from tongban.identity.oidc import SCOPES, server

    try:
        grant = server.get_consent_grant(end_user=account)
    except OAuth2Error as error:
        raise Problem(400, "bad_request", error.description or error.error) from error
    scope = (grant.request.payload.scope or "").split()
    return {"client_id": grant.client.client_id, "client_name": grant.client.name,
            "redirect_host": urlsplit(grant.redirect_uri).netloc, "csrf_token": csrf_token,
            "scopes": [{"name": s, "description": str(SCOPES.get(s, s))} for s in scope],
            "params": dict(request.args)}
