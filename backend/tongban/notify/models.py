"""Notifications: the in-app inbox, and the sandbox SMS provider's outbox (read instead of a real phone)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
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
    message_key: Mapped[str | None] = mapped_column(String(200), unique=True)  # a retried job sends once


class InboxMessage(Base):
    """A message in a person's in-app inbox (站内信)."""

    __tablename__ = "inbox_messages"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    link: Mapped[str] = mapped_column(String(200), default="")  # a PWA path, e.g. /cases/TB...
    job_key: Mapped[str | None] = mapped_column(String(200), unique=True)  # a retried job writes once
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
