"""OpenID Connect provider (Authlib 1.9): authorization code + PKCE (S256 only) + nonce, refresh tokens,
client credentials, revocation (RFC 7009), introspection (RFC 7662), userinfo, JWKS, discovery.

Subject identifiers are pairwise (OIDC Core §8.1): HMAC(key, client_id ‖ account id), so two
department systems cannot join their records on `sub`. Userinfo and the ID token carry the person's
level of assurance as `acr` (urn:tongban:loa:L1/L2/L3) and `tongban_loa`.

Fresh sign-in (prompt=login, max_age; OIDC Core §3.1.2.1): the trip to /signin carries the time the
request was made, signed, in the `next` URL; on the way back the session counts as fresh only if it
was created (signed in) after that time. A second trip is asked for only when it was not, so a person
who signs in is never sent round again. prompt=none never shows a page: login_required or
consent_required go back to the client with its state.

Replay (RFC 6749 §4.1.2, RFC 9700 §4.14.2): tokens carry a family id (the code's hash for the code
flow). Redeeming a code claims it atomically; a second redemption, or a rotated refresh token
presented again, revokes every live token of the family and is written to the audit log.
"""

from __future__ import annotations

import base64
import json
import secrets
import time
from datetime import timedelta
from typing import Any, cast
from urllib.parse import quote, urlencode

from authlib.integrations.flask_oauth2 import AuthorizationServer, ResourceProtector
from authlib.oauth2 import OAuth2Error
from authlib.oauth2.rfc6749 import InvalidGrantError, InvalidRequestError, grants
from authlib.oauth2.rfc6750 import BearerTokenValidator
from authlib.oauth2.rfc7009 import RevocationEndpoint
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oauth2.rfc7662 import IntrospectionEndpoint
from authlib.oidc.core import UserInfo, UserInfoEndpoint
from authlib.oidc.core.errors import (
    ConsentRequiredError,
    LoginRequiredError,
    RequestNotSupportedError,
    RequestURINotSupportedError,
)
from authlib.oidc.core.grants import OpenIDCode
from flask import Flask, current_app, g, redirect, request
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeTimedSerializer
from joserfc.jwk import RSAKey
from sqlalchemy import CursorResult, Delete, Update, delete, select, update
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response as HttpResponse

from tongban.audit import service as audit
from tongban.core import i18n
from tongban.core.crypto import blind_index, token_hash
from tongban.core.db import utcnow
from tongban.extensions import db
from tongban.identity.models import Account, Session
from tongban.identity.oauth_models import OAuthClient, OAuthCode, OAuthConsent, OAuthToken, SigningKey
from tongban.identity.oauth_service import AUTH_METHODS, SECRET_METHODS

ACCESS_TTL = 900  # 15 minutes: department systems refresh
REFRESH_TTL = 30 * 24 * 3600
CODE_TTL = timedelta(minutes=2)
ASKED_AT = "tb_asked_at"  # the signed time of an authorization request that needs a fresh sign-in
ASKED_AT_TTL = 900  # a sign-in that takes longer than this is asked for again
# Scope → what it lets a department system see, as the consent page tells the person (translated).
SCOPES = {
    "openid": _l("Sign you in"),
    "profile": _l("Your name"),
    "phone": _l("Your mobile number (masked)"),
    "loa": _l("How well your identity is verified (L1, L2, L3)"),
    "assurance:read": _l("Machine access: read a person's level of assurance"),
    "licence:verify": _l("Machine access: verify licences people show (亮证), with a stated purpose"),
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


def _family(req: Any) -> str:
    if req.authorization_code is not None:
        return str(req.authorization_code.code_hash)
    if req.refresh_token is not None:
        return str(req.refresh_token.family_id)
    return secrets.token_hex(32)


def _save_token(token: dict[str, Any], req: Any) -> None:
    account = req.user
    refresh = token.get("refresh_token")
    db.session.add(OAuthToken(
        access_hash=token_hash(token["access_token"]), refresh_hash=token_hash(refresh) if refresh else None,
        client_id=req.client.client_id, account_id=account.id if account else None, scope=token.get("scope", ""),
        issued_at=int(time.time()), expires_in=token["expires_in"], family_id=_family(req),
        refresh_expires_at=int(time.time()) + REFRESH_TTL if refresh else None))
    audit.record("oauth.token", actor=f"client:{req.client.client_id}",
                 acting_for=f"account:{account.id}" if account else None, object_type="client",
                 object_id=req.client.client_id, data={"grant": req.payload.grant_type, "scope": token.get("scope")})
    db.session.commit()


def revoke_family(family_id: str, client_id: str, reason: str) -> int:
    """Revoke every live token of a family (a replayed code or refresh token: the grant is compromised);
    committed at once, because the request that found the replay ends in an error."""
    rows = list(db.session.scalars(select(OAuthToken).where(OAuthToken.family_id == family_id,
                                                            OAuthToken.client_id == client_id)))
    live = [row for row in rows if not row.revoked]
    for row in live:
        row.revoked = True
    account_id = next((row.account_id for row in rows if row.account_id is not None), None)
    audit.record("oauth.revoke_family", actor=f"client:{client_id}",
                 acting_for=f"account:{account_id}" if account_id else None, object_type="client",
                 object_id=client_id, data={"reason": reason, "tokens": len(live)})
    db.session.commit()
    return len(live)


def _rows_changed(statement: Delete | Update) -> int:
    """Run a claim (delete or conditional update) and say how many rows it changed: 1 means it was ours."""
    result = cast(CursorResult[Any], db.session.execute(statement.execution_options(synchronize_session=False)))
    return result.rowcount


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


class RequestParams:
    """Authorization request parameters we do not support are refused, not ignored, so a client is never
    told one thing by discovery and another by the answer: response modes other than query (discovery:
    response_modes_supported), request objects (request_parameter_supported and
    request_uri_parameter_supported false), and a max_age that is not a non-negative integer."""

    def __call__(self, grant: Any) -> None:
        grant.register_hook("before_validate_authorization_request_payload", self.validate)

    def validate(self, grant: Any, redirect_uri: str) -> None:
        data = grant.request.payload.data
        if data.get("response_mode", "query") != "query":
            raise InvalidRequestError("Only response_mode=query is supported")
        if "request" in data:
            raise RequestNotSupportedError()
        if "request_uri" in data:
            raise RequestURINotSupportedError()
        max_age = data.get("max_age")
        if max_age is not None and not (max_age.isascii() and max_age.isdigit()):
            raise InvalidRequestError("max_age must be a non-negative integer (seconds)")


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
    TOKEN_ENDPOINT_AUTH_METHODS = list(AUTH_METHODS)

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
        digest = token_hash(code)
        row = db.session.scalars(select(OAuthCode).where(OAuthCode.code_hash == digest,
                                                         OAuthCode.client_id == client.client_id)).first()
        if row is None:
            # Redeemed already (its row is gone, its tokens carry its hash): refuse, and revoke what it gave.
            issued = db.session.scalars(select(OAuthToken.id).where(OAuthToken.family_id == digest,
                                                                    OAuthToken.client_id == client.client_id)).first()
            if issued is not None:
                revoke_family(digest, client.client_id, "authorization_code_reused")
            return None
        return None if row.is_expired() else row

    def authenticate_user(self, authorization_code: OAuthCode) -> Account:
        # Single use, claimed before anything is issued (after PKCE passed, so a wrong verifier does not
        # burn the code): of two concurrent redemptions only one deletes the row. The code is detached
        # so the ID token can still read its nonce, auth_time, acr and amr.
        account = authorization_code.account
        claimed = _rows_changed(delete(OAuthCode).where(OAuthCode.id == authorization_code.id))
        db.session.expunge(authorization_code)
        if claimed != 1:
            db.session.rollback()
            revoke_family(authorization_code.code_hash, authorization_code.client_id, "authorization_code_reused")
            raise InvalidGrantError("The code was used already.")
        return account

    def delete_authorization_code(self, authorization_code: OAuthCode) -> None:
        pass  # deleted when claimed (authenticate_user), in the transaction that saves its tokens


class RefreshGrant(grants.RefreshTokenGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = list(AUTH_METHODS)
    INCLUDE_NEW_REFRESH_TOKEN = True  # rotate: a stolen refresh token works at most once

    def authenticate_refresh_token(self, refresh_token: str) -> OAuthToken | None:
        row = db.session.scalars(select(OAuthToken).where(OAuthToken.refresh_hash == token_hash(refresh_token))).first()
        if row is None:
            return None
        if row.revoked:
            # A rotated (or revoked) refresh token presented again by its own client: either it or an
            # attacker holds a stale copy, so the whole chain ends (RFC 9700 §4.14.2).
            if row.client_id == self.request.client.client_id:
                revoke_family(row.family_id, row.client_id, "refresh_token_reused")
            return None
        return None if row.is_refresh_expired() else row

    def authenticate_user(self, refresh_token: OAuthToken) -> Account | None:
        account = refresh_token.account
        if account is None or account.disabled:
            return None
        # Rotate atomically: of two concurrent refreshes with one token, only one revokes it and goes on.
        claimed = _rows_changed(update(OAuthToken).where(OAuthToken.id == refresh_token.id,
                                                         OAuthToken.revoked.is_(False)).values(revoked=True))
        if claimed != 1:
            family, client_id = refresh_token.family_id, refresh_token.client_id
            db.session.rollback()
            revoke_family(family, client_id, "refresh_token_reused")
            raise InvalidGrantError()
        return account

    def revoke_old_credential(self, refresh_token: OAuthToken) -> None:
        pass  # revoked when claimed (authenticate_user), in the transaction that saves its successor


class ClientCredentials(grants.ClientCredentialsGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = list(SECRET_METHODS)


def _find_token(token_string: str, hint: str | None = None) -> OAuthToken | None:
    digest = token_hash(token_string)
    if hint != "refresh_token":
        row = db.session.scalars(select(OAuthToken).where(OAuthToken.access_hash == digest)).first()
        if row or hint == "access_token":
            return row
    return db.session.scalars(select(OAuthToken).where(OAuthToken.refresh_hash == digest)).first()


class Revocation(RevocationEndpoint):
    CLIENT_AUTH_METHODS = list(AUTH_METHODS)  # a public client may revoke its own tokens

    def query_token(self, token_string: str, token_type_hint: str | None) -> OAuthToken | None:
        return _find_token(token_string, token_type_hint)

    def revoke_token(self, token: OAuthToken, req: Any) -> None:
        token.revoked = True
        audit.record("oauth.revoke", actor=f"client:{token.client_id}", object_type="client",
                     object_id=token.client_id)
        db.session.commit()


class Introspection(IntrospectionEndpoint):
    CLIENT_AUTH_METHODS = list(SECRET_METHODS)

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


class BearerProtector(ResourceProtector):
    """A bearer token in the Authorization header (RFC 6750 §2.1) or, on a form POST, in the body (§2.2),
    which OIDC Core §5.3.1 allows for userinfo and pyoidc, an OpenID-certified RP, sends by default.
    Never in the query string (§2.3: it ends up in logs)."""

    def parse_request_authorization(self, req: Any) -> tuple[Any, str]:
        if ("Authorization" not in request.headers and request.method == "POST"
                and request.mimetype == "application/x-www-form-urlencoded" and request.form.get("access_token")):
            return self.get_token_validator("Bearer"), request.form["access_token"]
        found: tuple[Any, str] = super().parse_request_authorization(req)
        return found


server = AuthorizationServer()
require_oauth = BearerProtector()


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


def _asked_at_signer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key or "", salt="tongban.oidc.asked-at")


def _ui_lang(params: MultiDict[str, str]) -> str | None:
    """The first of the client's ui_locales (OIDC Core §3.1.2.1) that we have, for the PWA's ?lang=."""
    for tag in (params.get("ui_locales") or "").split():
        if found := i18n.normalise(tag):
            return found
    return None


def _signed_in_since_asked(sess: Session, params: MultiDict[str, str]) -> bool:
    raw = params.get(ASKED_AT)
    if not raw:
        return False
    try:
        asked = float(_asked_at_signer().loads(raw, max_age=ASKED_AT_TTL))
    except (BadSignature, TypeError, ValueError):
        return False
    return sess.created_at.timestamp() >= asked


def needs_sign_in(sess: Session | None, params: MultiDict[str, str]) -> bool:
    """No session; or the client asked for a fresh sign-in (prompt=login) or for one no older than max_age,
    and the session was not signed in since the request was made."""
    if sess is None:
        return True
    max_age = params.get("max_age", "")
    too_old = max_age.isdigit() and (utcnow() - sess.created_at).total_seconds() > int(max_age)
    wanted = "login" in params.get("prompt", "").split() or too_old
    return wanted and not _signed_in_since_asked(sess, params)


def sign_in_redirect(params: MultiDict[str, str]) -> HttpResponse:
    """To the sign-in page, back to the same authorization request stamped (signed) with the time it was
    asked, so the return can tell a fresh sign-in from the session that was already there."""
    kept = [(k, v) for k, v in params.items(multi=True) if k not in (ASKED_AT, "csrf_token", "decision")]
    if "login" in params.get("prompt", "").split() or "max_age" in params:
        kept.append((ASKED_AT, _asked_at_signer().dumps(time.time())))
    target = "/signin?next=" + quote("/oauth/authorize?" + urlencode(kept), safe="")
    if lang := _ui_lang(params):
        target += "&lang=" + lang
    return redirect(target)


def _refuse(grant: Any, error: type[OAuth2Error]) -> HttpResponse:
    """An OIDC error sent back to the client's redirect URI with its state (prompt=none)."""
    answer: HttpResponse = server.handle_error_response(
        request, error(redirect_uri=grant.redirect_uri, state=grant.request.payload.state))
    return answer


def authorize(sess: Session | None) -> HttpResponse:
    """GET /oauth/authorize: validate the request first (errors go back to the client, or are shown when
    the client or redirect URI is unknown); then sign in, consent (once per client and scope), a code."""
    try:
        grant = server.get_consent_grant(end_user=sess.account if sess else None)
    except OAuth2Error as error:
        response: HttpResponse = server.handle_error_response(request, error)
        return response
    prompts = set(request.args.get("prompt", "").split())
    if sess is None or needs_sign_in(sess, request.args):
        return _refuse(grant, LoginRequiredError) if "none" in prompts else sign_in_redirect(request.args)
    scope = grant.request.payload.scope or ""
    if "consent" not in prompts and consent_covers(sess.account, grant.client.client_id, scope):
        issued: HttpResponse = server.create_authorization_response(grant=grant, grant_user=sess.account)
        return issued
    if "none" in prompts:
        return _refuse(grant, ConsentRequiredError)
    target = "/consent?" + request.query_string.decode()
    if lang := _ui_lang(request.args):
        target += "&lang=" + lang
    return redirect(target)


def init(app: Flask) -> None:
    app.config.update(OAUTH2_TOKEN_EXPIRES_IN={"authorization_code": ACCESS_TTL, "refresh_token": ACCESS_TTL,
                                               "client_credentials": ACCESS_TTL},
                      OAUTH2_ACCESS_TOKEN_GENERATOR=_access_token, OAUTH2_REFRESH_TOKEN_GENERATOR=_refresh_token,
                      OAUTH2_SCOPES_SUPPORTED=list(SCOPES))
    server.init_app(app, query_client=_query_client, save_token=_save_token)
    server.register_grant(CodeGrant, [OpenIDCodeExt(require_nonce=True), S256Only(required=True), RequestParams()])
    server.register_grant(RefreshGrant)
    server.register_grant(ClientCredentials)
    server.register_endpoint(Revocation)
    server.register_endpoint(Introspection)
    require_oauth.register_token_validator(TokenValidator())
    server.register_endpoint(UserInfoAt(resource_protector=require_oauth))
