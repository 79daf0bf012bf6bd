"""OAuth 2 / OpenID Connect tables: clients, codes, tokens, consents, signing keys.

Every secret is stored only as a SHA-256 hash (client secrets, codes, access and refresh tokens);
tokens carry a typed prefix (tba_, tbr_) so a leaked one is recognisable in logs and scanners.
The mixins' method names are Authlib's (authlib.oauth2.rfc6749.models).

Tokens belong to a family: every token issued from one authorization code, or refreshed from one
another, shares the family id, so a replayed code or a replayed rotated refresh token can revoke
everything that grant produced (RFC 6749 §4.1.2, RFC 9700 §4.14.2).
"""

from __future__ import annotations

import hmac
import time
from datetime import datetime
from typing import Any

from authlib.oauth2.rfc6749 import AuthorizationCodeMixin, ClientMixin, TokenMixin
from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tongban.core.crypto import EncryptedText, token_hash
from tongban.core.db import Base, UTCDateTime, utcnow
from tongban.identity.models import Account


class OAuthClient(Base, ClientMixin):
    __tablename__ = "oauth_clients"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[str] = mapped_column(String(48), unique=True)
    secret_hash: Mapped[str] = mapped_column(String(64), default="")  # empty for public clients
    name: Mapped[str] = mapped_column(String(128))
    redirect_uris: Mapped[list[str]] = mapped_column(JSON, default=list)
    scope: Mapped[str] = mapped_column(Text, default="")
    grant_types: Mapped[list[str]] = mapped_column(JSON, default=list)
    # RFC 7591 token_endpoint_auth_method, chosen at registration: client_secret_basic,
    # client_secret_post, or none (public clients). The token endpoint accepts only this method.
    auth_method: Mapped[str] = mapped_column(String(32), default="client_secret_basic")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(64), default="")
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)

    @property
    def client_metadata(self) -> dict[str, Any]:
        return {}

    def get_client_id(self) -> str:
        return self.client_id

    def get_default_redirect_uri(self) -> str | None:
        return self.redirect_uris[0] if self.redirect_uris else None

    def get_allowed_scope(self, scope: str) -> str:
        allowed = set(self.scope.split())
        return " ".join(s for s in (scope or "").split() if s in allowed)

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return redirect_uri in self.redirect_uris  # exact match only (RFC 9700 §4.1.3)

    def check_client_secret(self, client_secret: str) -> bool:
        return bool(self.secret_hash) and hmac.compare_digest(self.secret_hash, token_hash(client_secret))

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        if endpoint == "token":
            return method == self.auth_method
        # Revocation and introspection: either secret method for a confidential client (stock clients,
        # Authlib's among them, use client_secret_basic there whatever they registered), none for a public one.
        return method == self.auth_method or (method != "none" and bool(self.secret_hash))

    def check_response_type(self, response_type: str) -> bool:
        return response_type == "code" and "authorization_code" in self.grant_types

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type in self.grant_types and not self.revoked


class OAuthCode(Base, AuthorizationCodeMixin):
    __tablename__ = "oauth_codes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    client_id: Mapped[str] = mapped_column(String(48), index=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    redirect_uri: Mapped[str] = mapped_column(Text)
    scope: Mapped[str] = mapped_column(Text)
    nonce: Mapped[str | None] = mapped_column(String(255))
    auth_time: Mapped[int] = mapped_column(Integer)
    acr: Mapped[str | None] = mapped_column(String(64))
    amr: Mapped[list[str]] = mapped_column(JSON, default=list)
    code_challenge: Mapped[str] = mapped_column(String(128))
    code_challenge_method: Mapped[str] = mapped_column(String(8))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    account: Mapped[Account] = relationship()

    def get_redirect_uri(self) -> str:
        return self.redirect_uri

    def get_scope(self) -> str:
        return self.scope

    def get_nonce(self) -> str | None:
        return self.nonce

    def get_auth_time(self) -> int:
        return self.auth_time

    def get_acr(self) -> str | None:
        return self.acr

    def get_amr(self) -> list[str]:
        return self.amr

    def is_expired(self) -> bool:
        return self.expires_at <= utcnow()


class OAuthToken(Base, TokenMixin):
    __tablename__ = "oauth_tokens"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    access_hash: Mapped[str] = mapped_column(String(64), unique=True)
    refresh_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    client_id: Mapped[str] = mapped_column(String(48), index=True)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"), index=True)
    scope: Mapped[str] = mapped_column(Text, default="")
    issued_at: Mapped[int] = mapped_column(Integer)
    expires_in: Mapped[int] = mapped_column(Integer)
    refresh_expires_at: Mapped[int | None] = mapped_column(Integer)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)
    # The grant this token descends from. Code flow: the SHA-256 of the code (so a replayed code finds
    # its tokens even after the code row is gone); client credentials: random. Refreshing keeps it.
    family_id: Mapped[str] = mapped_column(String(64), index=True)
    account: Mapped[Account | None] = relationship()
    client: Mapped[OAuthClient] = relationship(primaryjoin="OAuthToken.client_id == OAuthClient.client_id",
                                               foreign_keys="OAuthToken.client_id", viewonly=True)

    def check_client(self, client: OAuthClient) -> bool:
        return self.client_id == client.client_id

    def get_scope(self) -> str:
        return self.scope

    def get_expires_in(self) -> int:
        return self.expires_in

    def is_expired(self) -> bool:
        return time.time() >= self.issued_at + self.expires_in

    def is_revoked(self) -> bool:
        return self.revoked

    def is_refresh_expired(self) -> bool:
        return self.refresh_expires_at is None or time.time() >= self.refresh_expires_at

    def get_user(self) -> Account | None:
        return self.account

    def get_client(self) -> OAuthClient:
        return self.client


class OAuthConsent(Base):
    """What a person allowed a client, so the next sign-in needs no second click (SSO)."""

    __tablename__ = "oauth_consents"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    client_id: Mapped[str] = mapped_column(String(48))
    scope: Mapped[str] = mapped_column(Text)
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SigningKey(Base):
    __tablename__ = "oidc_signing_keys"
    kid: Mapped[str] = mapped_column(String(64), primary_key=True)
    alg: Mapped[str] = mapped_column(String(16))  # named so SM2 can join RS256 later
    private_jwk: Mapped[str] = mapped_column(EncryptedText)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
