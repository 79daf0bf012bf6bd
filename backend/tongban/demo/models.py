"""Which demo data set is loaded: a digest of the files, so a second load is a no-op."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from tongban.core.db import Base, UTCDateTime, utcnow


class DemoLoad(Base):
    __tablename__ = "demo_loads"
    data_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    loaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
