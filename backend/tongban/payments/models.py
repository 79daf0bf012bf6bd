"""Payment orders (缴费): a case's fee, paid through a provider (sandbox here), maybe refunded."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from tongban.core.db import Base, UTCDateTime, utcnow


class PaymentOrder(Base):
    __tablename__ = "payment_orders"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    order_number: Mapped[str] = mapped_column(String(32), unique=True)  # ours, random: told to the provider
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    provider: Mapped[str] = mapped_column(String(16))  # sandbox
    provider_ref: Mapped[str] = mapped_column(String(64), default="")  # the provider's transaction id
    pay_url: Mapped[str] = mapped_column(String(255), default="")  # where the payer pays (the provider's page)
    amount_fen: Mapped[int] = mapped_column(Integer)  # CNY, in fen (0.01 yuan)
    description: Mapped[str] = mapped_column(String(128))
    # created | paid | refunded | cancelled (the case ended before it was paid)
    status: Mapped[str] = mapped_column(String(16), default="created", index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    paid_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    refunded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
