"""The sandbox SMS provider's outbox: messages a developer can read instead of a real phone."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from tongban.core.crypto import Encrypted
from tongban.core.db import Base, UTCDateTime, utcnow


class SandboxMessage(Base):
    __tablename__ = "sandbox_sms_outbox"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    phone: Mapped[str] = mapped_column(Encrypted)
    body: Mapped[str] = mapped_column(Text)
    purpose: Mapped[str] = mapped_column(String(16), default="")
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
