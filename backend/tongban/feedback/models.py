"""好差评 (reviews) of a case or a window visit, and the rectification (整改) a bad one opens.

国办发〔2019〕51号 and GB/T 39734-2020: five levels, 一事一评 online (one rating per case),
一次一评 on site (one per visit); every 不满意/非常不满意 is followed up (reference/cn-egov-facts.md §3).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from tongban.core.crypto import EncryptedText
from tongban.core.db import Base, UTCDateTime, utcnow


class CaseRating(Base):
    __tablename__ = "case_ratings"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), unique=True)  # 一事一评: once
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    level: Mapped[str] = mapped_column(String(24))  # very_satisfied … very_dissatisfied
    score: Mapped[int] = mapped_column(Integer)  # 5 … 1
    comment: Mapped[str] = mapped_column(EncryptedText, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class WindowRating(Base):
    __tablename__ = "window_ratings"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    window_id: Mapped[int] = mapped_column(ForeignKey("windows.id"), index=True)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))  # anonymous allowed
    level: Mapped[str] = mapped_column(String(24))
    score: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str] = mapped_column(EncryptedText, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class Rectification(Base):
    """A bad review to follow up: "谁办理、谁负责", by a due date in working days."""

    __tablename__ = "rectifications"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(8))  # case | window
    case_rating_id: Mapped[int | None] = mapped_column(ForeignKey("case_ratings.id"), unique=True)
    window_rating_id: Mapped[int | None] = mapped_column(ForeignKey("window_ratings.id"), unique=True)
    case_number: Mapped[str | None] = mapped_column(String(16))  # the case rated, if a case
    unit_code: Mapped[str] = mapped_column(String(40))  # the department or window rated
    unit_name: Mapped[str] = mapped_column(String(128))
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"), index=True)  # whose supervisors see it
    level: Mapped[str] = mapped_column(String(24))
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)  # open | closed
    due_date: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
