"""Licences (电子证照): seal keys, the trust list, licences with their history, presentation tokens
(亮证) and every verification (who checked my licence).

A licence's data is encrypted at rest (it holds ID numbers); its identifier follows GB/T 36904. Seal
private keys are stored encrypted and never leave the server; a key's algorithm is recorded so SM2
can be added beside Ed25519.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tongban.core.crypto import EncryptedText
from tongban.core.db import Base, UTCDateTime, utcnow

STATUSES = ("valid", "suspended", "revoked", "expired")


class SealKey(Base):
    """An issuer's signing key (the platform's own trust-list key has issuer "TONGBAN")."""

    __tablename__ = "seal_keys"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kid: Mapped[str] = mapped_column(String(16), unique=True)  # hex of the first 8 bytes of SHA-256(public key)
    issuer: Mapped[str] = mapped_column(String(40), index=True)  # a department code, or TONGBAN
    algorithm: Mapped[str] = mapped_column(String(16), default="Ed25519")
    public_key: Mapped[bytes] = mapped_column(LargeBinary(64))
    private_key: Mapped[str] = mapped_column(EncryptedText)  # base64 raw private key, encrypted
    status: Mapped[str] = mapped_column(String(16), default="active")  # active | retired
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class TrustedKey(Base):
    """An entry of the trust list: our issuers' keys and partner regions' keys (mutual recognition)."""

    __tablename__ = "trusted_keys"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kid: Mapped[str] = mapped_column(String(16), index=True)
    issuer: Mapped[str] = mapped_column(String(40))  # department or partner issuer code
    issuer_name: Mapped[str] = mapped_column(String(128))
    issuer_uscc: Mapped[str] = mapped_column(String(18))
    region_code: Mapped[str] = mapped_column(String(6))
    algorithm: Mapped[str] = mapped_column(String(16), default="Ed25519")
    public_key: Mapped[bytes] = mapped_column(LargeBinary(64))
    source: Mapped[str] = mapped_column(String(16))  # own | partner
    added_by: Mapped[str] = mapped_column(String(64), default="system")
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    removed_by: Mapped[str | None] = mapped_column(String(64))


class Licence(Base):
    __tablename__ = "licences"
    __table_args__ = (UniqueConstraint("issuer_uscc", "serial", "version"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    identifier: Mapped[str] = mapped_column(String(96), unique=True)  # GB/T 36904
    type_code: Mapped[str] = mapped_column(String(24), index=True)  # our short code: id_card, driving, ...
    holder_person_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"), index=True)
    holder_org_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    holder_account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"), index=True)
    issuer: Mapped[str] = mapped_column(String(40))  # department or partner issuer code
    issuer_name: Mapped[str] = mapped_column(String(128))
    issuer_uscc: Mapped[str] = mapped_column(String(18))
    serial: Mapped[str] = mapped_column(String(32))
    version: Mapped[str] = mapped_column(String(3), default="001")
    kid: Mapped[str] = mapped_column(String(16))  # the seal key that signed it
    data_json: Mapped[str] = mapped_column(EncryptedText)  # the licence's fields (holder name, ID number, ...)
    static_qr: Mapped[str] = mapped_column(Text)  # TBL1:… (signed minimal claims)
    issued_on: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="valid", index=True)
    case_number: Mapped[str | None] = mapped_column(String(16))  # issued when this case was approved
    source: Mapped[str] = mapped_column(String(16), default="case")  # case | import | demo | partner
    demo: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    events: Mapped[list[LicenceEvent]] = relationship(order_by="LicenceEvent.id", back_populates="licence")


class LicenceEvent(Base):
    __tablename__ = "licence_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    licence_id: Mapped[int] = mapped_column(ForeignKey("licences.id"), index=True)
    kind: Mapped[str] = mapped_column(String(24))  # issued | suspended | reinstated | revoked | expired
    actor: Mapped[str] = mapped_column(String(64))
    note: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    licence: Mapped[Licence] = relationship(back_populates="events")


class Presentation(Base):
    """亮证: a random single-use token shown as a QR for 60 seconds."""

    __tablename__ = "licence_presentations"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    licence_id: Mapped[int] = mapped_column(ForeignKey("licences.id"), index=True)
    created_by: Mapped[str] = mapped_column(String(64))
    acting_for: Mapped[str | None] = mapped_column(String(64))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    licence: Mapped[Licence] = relationship()


class Verification(Base):
    """One scan: who, where, when, for which case and purpose, what kind of QR, and the verdict."""

    __tablename__ = "licence_verifications"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    licence_id: Mapped[int | None] = mapped_column(ForeignKey("licences.id"), index=True)
    kind: Mapped[str] = mapped_column(String(24))  # static_licence | presentation | receipt | assist_session | unknown
    verdict: Mapped[str] = mapped_column(String(24))
    verifier: Mapped[str] = mapped_column(String(64))  # account:7, client:<id>, anonymous
    verifier_name: Mapped[str] = mapped_column(String(128), default="")  # as shown to the holder
    place: Mapped[str] = mapped_column(String(128), default="")
    purpose: Mapped[str] = mapped_column(String(200), default="")
    case_number: Mapped[str | None] = mapped_column(String(16))
    details: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
