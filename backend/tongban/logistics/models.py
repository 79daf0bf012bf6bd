"""Waybills (寄递): originals from the receiving window to the handling department, results to the
applicant; each with the tracking events the courier reported."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tongban.core.crypto import EncryptedText
from tongban.core.db import Base, UTCDateTime, utcnow


class Waybill(Base):
    __tablename__ = "waybills"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    purpose: Mapped[str] = mapped_column(String(16))  # originals | result
    provider: Mapped[str] = mapped_column(String(16))  # sandbox
    tracking_number: Mapped[str] = mapped_column(String(40), unique=True)
    sender: Mapped[str] = mapped_column(String(128))  # a unit's name
    recipient: Mapped[str] = mapped_column(String(128))  # a unit's name, or the applicant (masked)
    address: Mapped[str] = mapped_column(EncryptedText, default="")
    status: Mapped[str] = mapped_column(String(16), default="created", index=True)  # created … delivered
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    events: Mapped[list[WaybillEvent]] = relationship(order_by="WaybillEvent.at", back_populates="waybill")


class WaybillEvent(Base):
    __tablename__ = "waybill_events"
    __table_args__ = (UniqueConstraint("waybill_id", "provider_event_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    waybill_id: Mapped[int] = mapped_column(ForeignKey("waybills.id"), index=True)
    provider_event_id: Mapped[str] = mapped_column(String(64))  # the courier's id: a repeated poll adds nothing
    status: Mapped[str] = mapped_column(String(16))
    location: Mapped[str] = mapped_column(String(128), default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    waybill: Mapped[Waybill] = relationship(back_populates="events")
