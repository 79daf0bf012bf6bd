"""OpenID Connect provider (Authlib 1.9): authorization code + PKCE (S256 only) + nonce, refresh tokens,
client credentials, revocation (RFC 7009), introspection (RFC 7662), userinfo, JWKS, discovery.

Subject identifiers are pairwise (OIDC Core §8.1): HMAC(key, client_id ‖ account id), so two
department systems cannot join their records on `sub`. Userinfo and the ID token carry the person's
level of assurance as `acr` (urn:tongban:loa:L1/L2/L3) and `tongban_loa`.
"""

from __future__ import annotations

import base64
import json
import secrets
import time
from datetime import timedelta
from typing import Any

from authlib.integrations.flask_oauth2 import AuthorizationServer, ResourceProtector
from authlib.oauth2.rfc6749 import InvalidRequestError, grants
from authlib.oauth2.rfc6750 import BearerTokenValidator
from authlib.oauth2.rfc7009 import RevocationEndpoint
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oauth2.rfc7662 import IntrospectionEndpoint
from authlib.oidc.core import UserInfo, UserInfoEndpoint
from authlib.oidc.core.grants import OpenIDCode
from flask import Flask, current_app, g, request
from flask_babel import lazy_gettext as _l
from joserfc.jwk import RSAKey
from sqlalchemy import select

from tongban.audit import service as audit
from tongban.core.crypto import blind_index, token_hash
from tongban.core.db import utcnow
from tongban.extensions import db
from tongban.identity.models import Account
from tongban.identity.oauth_models import OAuthClient, OAuthCode, OAuthConsent, OAuthToken, SigningKey

ACCESS_TTL = 900  # 15 minutes: department systems refresh
REFRESH_TTL = 30 * 24 * 3600
CODE_TTL = timedelta(minutes=2)
# Scope → what it lets a department system see, as the consent page tells the person (translated).
SCOPES = {
    "openid": _l("Sign you in"),
    "profile": _l("Your name"),
    "phone": _l("Your mobile number (masked)"),
    "loa": _l("How well your identity is verified (L1, L2, L3)"),
    "assurance:read": _l("Machine access: read a person's level of assurance"),
}


def issuer() -> str:
    public = current_app.config["TONGBAN"].extra.get("public_url")
    return (public or request.url_root).rstrip("/")


def pairwise_sub(client_id: str, account_id: int) -> str:
    return blind_index(f"{client_id}:{account_id}", "oidc-sub")[:43]


def signing_key() -> tuple[str, RSAKey]:
    row = db.session.scalars(select(SigningKey).where(SigningKey.active.is_(True))
                             .order_by(SigningKey.created_at.desc()).limit(1)).first()
    if row is None:
        key = RSAKey.generate_key(2048, private=True)
        kid = base64.urlsafe_b64encode(secrets.token_bytes(9)).decode()
        row = SigningKey(kid=kid, alg="RS256", private_jwk=json.dumps(key.as_dict(private=True)))
        db.session.add(row)
        db.session.commit()
    return row.kid, RSAKey.import_key(json.loads(row.private_jwk))


def jwks() -> dict[str, Any]:
    signing_key()  # there is always one key to publish
    keys = []
    for row in db.session.scalars(select(SigningKey).order_by(SigningKey.created_at)):
        public = RSAKey.import_key(json.loads(row.private_jwk)).as_dict(private=False)
        keys.append({**public, "kid": row.kid, "alg": row.alg, "use": "sig"})
    return {"keys": keys}


def user_info(account: Account, client_id: str, scope: str) -> UserInfo:
    from tongban.core.crypto import mask_phone

    person = account.person
    scopes = set(scope.split())
    info = UserInfo(sub=pairwise_sub(client_id, account.id))
    if "profile" in scopes:
        info["name"] = person.name
    if "phone" in scopes:
        info["phone_number"] = mask_phone(person.phone)
    if "loa" in scopes:
        info["tongban_loa"] = person.assurance
        info["acr"] = f"urn:tongban:loa:{person.assurance}"
    return info


def _query_client(client_id: str) -> OAuthClient | None:
    return db.session.scalars(select(OAuthClient).where(OAuthClient.client_id == client_id,
                                                        OAuthClient.revoked.is_(False))).first()


def _save_token(token: dict[str, Any], req: Any) -> None:
    account = req.user
    refresh = token.get("refresh_token")
    db.session.add(OAuthToken(
        access_hash=token_hash(token["access_token"]), refresh_hash=token_hash(refresh) if refresh else None,
        client_id=req.client.client_id, account_id=account.id if account else None, scope=token.get("scope", ""),
        issued_at=int(time.time()), expires_in=token["expires_in"],
        refresh_expires_at=int(time.time()) + REFRESH_TTL if refresh else None))
    audit.record("oauth.token", actor=f"client:{req.client.client_id}",
                 acting_for=f"account:{account.id}" if account else None, object_type="client",
                 object_id=req.client.client_id, data={"grant": req.payload.grant_type, "scope": token.get("scope")})
    db.session.commit()


def _access_token(client: OAuthClient, grant_type: str, user: Any, scope: str) -> str:
    return "tba_" + secrets.token_urlsafe(32)


def _refresh_token(client: OAuthClient, grant_type: str, user: Any, scope: str) -> str:
    return "tbr_" + secrets.token_urlsafe(32)


class S256Only(CodeChallenge):
    """PKCE for every client, S256 only (RFC 9700 §2.1.1). Authlib's `required` covers public clients
    only, and a missing method means `plain` (RFC 7636 §4.3), so both are checked here."""

    SUPPORTED_CODE_CHALLENGE_METHOD = ["S256"]

    def validate_code_challenge(self, grant: Any, redirect_uri: str) -> None:
        data = grant.request.payload.data
        if not data.get("code_challenge") or data.get("code_challenge_method") != "S256":
            raise InvalidRequestError("PKCE is required: send code_challenge with code_challenge_method=S256")
        super().validate_code_challenge(grant, redirect_uri)


class OpenIDCodeExt(OpenIDCode):
    def exists_nonce(self, nonce: str, req: Any) -> bool:
        return db.session.scalars(select(OAuthCode).where(OAuthCode.client_id == req.payload.client_id,
                                                          OAuthCode.nonce == nonce)).first() is not None

    def resolve_client_private_key(self, client: OAuthClient) -> RSAKey:
        return signing_key()[1]

    def get_client_algorithm(self, client: OAuthClient) -> str:
        return "RS256"

    def get_encode_header(self, client: OAuthClient) -> dict[str, str]:
        return {"alg": "RS256", "kid": signing_key()[0]}

    def get_client_claims(self, client: OAuthClient) -> dict[str, Any]:
        return {"iss": issuer(), "aud": [client.client_id]}

    def encode_id_token(self, token: dict[str, Any], req: Any) -> str:
        g.oidc_client_id = req.client.client_id  # per request; this extension object is shared
        return super().encode_id_token(token, req)

    def generate_user_info(self, user: Account, scope: str) -> UserInfo:
        return user_info(user, g.oidc_client_id, scope)


class CodeGrant(grants.AuthorizationCodeGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "client_secret_post", "none"]

    def generate_authorization_code(self) -> str:
        return "tbc_" + secrets.token_urlsafe(32)

    def save_authorization_code(self, code: str, req: Any) -> None:
        from tongban.identity import sessions

        sess = sessions.current()
        assert sess is not None  # the authorize view requires a session
        db.session.add(OAuthCode(
            code_hash=token_hash(code), client_id=req.client.client_id, account_id=req.user.id,
            redirect_uri=req.payload.redirect_uri or "", scope=req.payload.scope or "",
            nonce=req.payload.data.get("nonce"), auth_time=int(sess.created_at.timestamp()),
            acr=f"urn:tongban:loa:{req.user.person.assurance}", amr=list(sess.amr),
            code_challenge=req.payload.data.get("code_challenge") or "",
            code_challenge_method=req.payload.data.get("code_challenge_method") or "",
            expires_at=utcnow() + CODE_TTL))
        db.session.commit()

    def query_authorization_code(self, code: str, client: OAuthClient) -> OAuthCode | None:
        row = db.session.scalars(select(OAuthCode).where(OAuthCode.code_hash == token_hash(code),
                                                         OAuthCode.client_id == client.client_id)).first()
        return None if row is None or row.is_expired() else row

    def delete_authorization_code(self, authorization_code: OAuthCode) -> None:
        db.session.delete(authorization_code)  # single use
        db.session.commit()

    def authenticate_user(self, authorization_code: OAuthCode) -> Account:
        return authorization_code.account


class RefreshGrant(grants.RefreshTokenGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "client_secret_post", "none"]
    INCLUDE_NEW_REFRESH_TOKEN = True  # rotate: a stolen refresh token works at most once

    def authenticate_refresh_token(self, refresh_token: str) -> OAuthToken | None:
        row = db.session.scalars(select(OAuthToken).where(OAuthToken.refresh_hash == token_hash(refresh_token))).first()
        if row is None or row.revoked or row.is_refresh_expired():
            return None
        return row

    def authenticate_user(self, refresh_token: OAuthToken) -> Account | None:
        account = refresh_token.account
        return None if account is None or account.disabled else account

    def revoke_old_credential(self, refresh_token: OAuthToken) -> None:
        refresh_token.revoked = True
        db.session.commit()


class ClientCredentials(grants.ClientCredentialsGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "client_secret_post"]


def _find_token(token_string: str, hint: str | None = None) -> OAuthToken | None:
    digest = token_hash(token_string)
    if hint != "refresh_token":
        row = db.session.scalars(select(OAuthToken).where(OAuthToken.access_hash == digest)).first()
        if row or hint == "access_token":
            return row
    return db.session.scalars(select(OAuthToken).where(OAuthToken.refresh_hash == digest)).first()


class Revocation(RevocationEndpoint):
    CLIENT_AUTH_METHODS = ["client_secret_basic", "client_secret_post", "none"]

    def query_token(self, token_string: str, token_type_hint: str | None) -> OAuthToken | None:
        return _find_token(token_string, token_type_hint)

    def revoke_token(self, token: OAuthToken, req: Any) -> None:
        token.revoked = True
        audit.record("oauth.revoke", actor=f"client:{token.client_id}", object_type="client",
                     object_id=token.client_id)
        db.session.commit()


class Introspection(IntrospectionEndpoint):
    CLIENT_AUTH_METHODS = ["client_secret_basic", "client_secret_post"]

    def query_token(self, token_string: str, token_type_hint: str | None) -> OAuthToken | None:
        return _find_token(token_string, token_type_hint)

    def check_permission(self, token: OAuthToken, client: OAuthClient, req: Any) -> bool:
        return token.client_id == client.client_id  # a client may introspect only its own tokens

    def introspect_token(self, token: OAuthToken) -> dict[str, Any]:
        out = {"active": True, "client_id": token.client_id, "token_type": "Bearer", "scope": token.scope,
               "iat": token.issued_at, "exp": token.issued_at + token.expires_in, "iss": issuer()}
        if token.account_id is not None:
            out["sub"] = pairwise_sub(token.client_id, token.account_id)
        return out


class TokenValidator(BearerTokenValidator):
    def authenticate_token(self, token_string: str) -> OAuthToken | None:
        return _find_token(token_string, "access_token")


class UserInfoAt(UserInfoEndpoint):
    def get_issuer(self) -> str:
        return issuer()

    def generate_user_info(self, user: Account, scope: str) -> UserInfo:
        from authlib.integrations.flask_oauth2 import current_token

        return user_info(user, current_token.client_id, scope)

    def resolve_private_key(self) -> RSAKey:
        return signing_key()[1]


server = AuthorizationServer()
require_oauth = ResourceProtector()


def consent_covers(account: Account, client_id: str, scope: str) -> bool:
    wanted = set(scope.split())
    granted: set[str] = set()
    for row in db.session.scalars(select(OAuthConsent).where(OAuthConsent.account_id == account.id,
                                                             OAuthConsent.client_id == client_id)):
        granted |= set(row.scope.split())
    return wanted <= granted


def remember_consent(account: Account, client_id: str, scope: str) -> None:
    db.session.add(OAuthConsent(account_id=account.id, client_id=client_id, scope=scope))
    audit.record("oauth.consent", actor=f"account:{account.id}", object_type="client", object_id=client_id,
                 data={"scope": scope})


def init(app: Flask) -> None:
    app.config.update(OAUTH2_TOKEN_EXPIRES_IN={"authorization_code": ACCESS_TTL, "refresh_token": ACCESS_TTL,
                                               "client_credentials": ACCESS_TTL},
                      OAUTH2_ACCESS_TOKEN_GENERATOR=_access_token, OAUTH2_REFRESH_TOKEN_GENERATOR=_refresh_token,
                      OAUTH2_SCOPES_SUPPORTED=list(SCOPES))
    server.init_app(app, query_client=_query_client, save_token=_save_token)
    server.register_grant(CodeGrant, [OpenIDCodeExt(require_nonce=True), S256Only(required=True)])
    server.register_grant(RefreshGrant)
    server.register_grant(ClientCredentials)
    server.register_endpoint(Revocation)
    server.register_endpoint(Introspection)
    require_oauth.register_token_validator(TokenValidator())
    server.register_endpoint(UserInfoAt(resource_protector=require_oauth))
