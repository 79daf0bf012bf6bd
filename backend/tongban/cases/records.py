"""What a case leaves behind as evidence: the applicant's electronic signature (电子签名) on the
application, and the sealed e-archive record (电子归档) made when the case completes.

A signature row is created when the applicant asks to sign (it holds the digest they are signing)
and completed at submission; only a completed row is the signature. The archive record is the
canonical JSON that was hashed (encrypted at rest: it holds the form), with the audit entry that
carries its digest.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from tongban.core.crypto import EncryptedText
from tongban.core.db import Base, UTCDateTime, utcnow


class CaseSignature(Base):
    __tablename__ = "case_signatures"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    method: Mapped[str] = mapped_column(String(16))  # passkey | sms_code
    digest: Mapped[str] = mapped_column(String(64))  # SHA-256 of the canonical application (signature.py)
    challenge_id: Mapped[str | None] = mapped_column(String(64))  # passkey: hash of the ceremony handle
    code_id: Mapped[int | None] = mapped_column(Integer)  # sms_code: the one-time code's id (rows expire)
    credential_id: Mapped[str | None] = mapped_column(String(1400))  # passkey: base64url credential id
    evidence: Mapped[str] = mapped_column(Text, default="")  # passkey: the assertion JSON, verifiable later
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class CaseArchive(Base):
    __tablename__ = "case_archives"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), unique=True)
    digest: Mapped[str] = mapped_column(String(64))  # SHA-256 of `record` as stored (UTF-8)
    record: Mapped[str] = mapped_column(EncryptedText)  # canonical JSON
    audit_seq: Mapped[int | None] = mapped_column(BigInteger().with_variant(Integer, "sqlite"))
    sealed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
