"""People, organisations, accounts, staff posts, passkeys, one-time codes, challenges and sessions.

ID and phone numbers are encrypted at rest (core.crypto.Encrypted) and found through keyed blind
indexes (*_bidx). Secrets given to clients (session ids, codes) are stored only as SHA-256 hashes.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tongban.core.crypto import Encrypted
from tongban.core.db import Base, UTCDateTime, utcnow

ASSURANCE = ("L1", "L2", "L3")  # phone verified / real-name verified / verified in person by a clerk
ROLES = ("clerk", "reviewer", "supervisor", "admin")


class Person(Base):
    __tablename__ = "persons"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), default="")
    id_number: Mapped[str | None] = mapped_column(Encrypted)
    id_number_bidx: Mapped[str | None] = mapped_column(String(64), unique=True)
    phone: Mapped[str] = mapped_column(Encrypted)
    phone_bidx: Mapped[str] = mapped_column(String(64), unique=True)
    address: Mapped[str | None] = mapped_column(Encrypted)
    assurance: Mapped[str] = mapped_column(String(2), default="L1")
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    verified_by: Mapped[str | None] = mapped_column(String(64))  # "sandbox-registry", "staff:7"
    demo: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    account: Mapped[Account | None] = relationship(back_populates="person", uselist=False)


class Organisation(Base):
    __tablename__ = "organisations"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(128))
    uscc: Mapped[str] = mapped_column(String(18), unique=True)  # GB 32100 统一社会信用代码 (public)
    legal_rep_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"))
    demo: Mapped[bool] = mapped_column(Boolean, default=False)
    legal_rep: Mapped[Person | None] = relationship()


class Account(Base):
    __tablename__ = "accounts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), unique=True)
    user_handle: Mapped[bytes] = mapped_column(LargeBinary(64), unique=True)  # WebAuthn user.id, random
    locale: Mapped[str | None] = mapped_column(String(8))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    person: Mapped[Person] = relationship(back_populates="account", lazy="joined")
    # Loaded when read (the signed-in actor's, once per request), not with every account a page names.
    posts: Mapped[list[StaffPost]] = relationship(back_populates="account", lazy="select")
    passkeys: Mapped[list[Passkey]] = relationship(back_populates="account", order_by="Passkey.id")


class StaffPost(Base):
    """A person's post: a role at a window, department, centre or the platform, over a jurisdiction."""

    __tablename__ = "staff_posts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    unit_type: Mapped[str] = mapped_column(String(16))  # window | department | centre | platform
    unit_code: Mapped[str] = mapped_column(String(40))
    jurisdiction: Mapped[str] = mapped_column(ForeignKey("regions.code"))  # region the post may see
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    account: Mapped[Account] = relationship(back_populates="posts")


class Passkey(Base):
    __tablename__ = "passkeys"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    credential_id: Mapped[str] = mapped_column(String(1400), unique=True)  # base64url
    public_key: Mapped[bytes] = mapped_column(LargeBinary)
    sign_count: Mapped[int] = mapped_column(Integer, default=0)
    transports: Mapped[list[str]] = mapped_column(JSON, default=list)
    aaguid: Mapped[str] = mapped_column(String(36), default="")
    device_type: Mapped[str] = mapped_column(String(16), default="")
    backed_up: Mapped[bool] = mapped_column(Boolean, default=False)
    user_verified: Mapped[bool] = mapped_column(Boolean, default=False)
    name: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    account: Mapped[Account] = relationship(back_populates="passkeys")


class OneTimeCode(Base):
    __tablename__ = "one_time_codes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    phone_bidx: Mapped[str] = mapped_column(String(64), index=True)
    purpose: Mapped[str] = mapped_column(String(16))  # signup | signin
    code_hash: Mapped[str] = mapped_column(String(64))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Challenge(Base):
    """WebAuthn ceremony state: single use, short-lived (after duo-labs/webauthn.io)."""

    __tablename__ = "webauthn_challenges"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # hash of the handle given to the client
    purpose: Mapped[str] = mapped_column(String(16))  # register | authenticate
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    options: Mapped[str] = mapped_column(Text)  # options_to_json(...)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Session(Base):
    __tablename__ = "sessions"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # SHA-256 of the cookie value
    public_id: Mapped[str] = mapped_column(String(24), unique=True)  # shown in "my sessions"
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)  # absolute limit
    idle_seconds: Mapped[int] = mapped_column(Integer)
    kiosk: Mapped[bool] = mapped_column(Boolean, default=False)
    csrf_token: Mapped[str] = mapped_column(String(64))
    amr: Mapped[list[str]] = mapped_column(JSON, default=list)  # RFC 8176: ["hwk", "user"], ["otp", "sms"]
    ip: Mapped[str] = mapped_column(String(64), default="")
    user_agent: Mapped[str] = mapped_column(String(255), default="")
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    account: Mapped[Account] = relationship(lazy="joined")
