"""Tables for the ways of applying beyond online (design guide §6): a case received at a window and
forwarded (收受分离), the parts of a joint case and the departments a joint matter involves (多地联办),
and bundles (一件事一次办) with their applications and the files staged for them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tongban.cases.models import Case
from tongban.catalogue.models import Matter
from tongban.core.db import Base, UTCDateTime, utcnow
from tongban.directory.models import Department


class CaseReception(Base):
    """Where and how a case was received at a window or agency point (收件地), and its formal review."""

    __tablename__ = "case_receptions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), unique=True)
    place_type: Mapped[str] = mapped_column(String(16))  # window | agency_point
    place_code: Mapped[str] = mapped_column(String(40))
    place_name: Mapped[str] = mapped_column(String(128))  # as it was named at the time
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"), index=True)
    route: Mapped[str] = mapped_column(String(16))  # proxy_window (跨省通办 window, agency point) | citywide
    opened_by: Mapped[str] = mapped_column(String(64))
    identity_checked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)  # ID card seen in person
    checklist: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)  # {key, kind, text, required, checked}
    originals: Mapped[list[str]] = mapped_column(JSON, default=list)  # materials whose originals travel
    received_by: Mapped[str | None] = mapped_column(String(64))
    received_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    forwarded_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    case: Mapped[Case] = relationship(back_populates="reception")


class CasePart(Base):
    """One participating department's part of a joint case, decided by that department."""

    __tablename__ = "case_parts"
    __table_args__ = (UniqueConstraint("case_id", "department_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(16), default="waiting")  # waiting|accepted|approved|denied|...
    note: Mapped[str] = mapped_column(Text, default="")
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    case: Mapped[Case] = relationship(back_populates="parts")
    department: Mapped[Department] = relationship(lazy="joined")


class JointDepartment(Base):
    """A department taking part in a joint matter (the matter's own department is listed too)."""

    __tablename__ = "joint_departments"
    __table_args__ = (UniqueConstraint("matter_id", "department_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    matter_id: Mapped[int] = mapped_column(ForeignKey("matters.id", ondelete="CASCADE"), index=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    demo: Mapped[bool] = mapped_column(Boolean, default=True)
    department: Mapped[Department] = relationship(lazy="joined")


class Bundle(Base):
    """一件事: one life event that applies for several matters in one go."""

    __tablename__ = "bundles"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(128))
    description: Mapped[str] = mapped_column(Text, default="")
    demo: Mapped[bool] = mapped_column(Boolean, default=True)
    items: Mapped[list[BundleMatter]] = relationship(order_by="BundleMatter.position", cascade="all, delete-orphan")


class BundleMatter(Base):
    __tablename__ = "bundle_matters"
    __table_args__ = (UniqueConstraint("bundle_id", "matter_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    bundle_id: Mapped[int] = mapped_column(ForeignKey("bundles.id"), index=True)
    matter_id: Mapped[int] = mapped_column(ForeignKey("matters.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    matter: Mapped[Matter] = relationship(lazy="joined")


class BundleApplication(Base):
    """One application for a bundle: its linked cases were submitted together under one receipt."""

    __tablename__ = "bundle_applications"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(String(16), unique=True)  # YJ + yyyymmdd + 6 random digits
    bundle_id: Mapped[int] = mapped_column(ForeignKey("bundles.id"), index=True)
    applicant_account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    bundle: Mapped[Bundle] = relationship(lazy="joined")
    links: Mapped[list[BundleCase]] = relationship(order_by="BundleCase.position", back_populates="application")


class BundleCase(Base):
    __tablename__ = "bundle_cases"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("bundle_applications.id"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), unique=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    application: Mapped[BundleApplication] = relationship(back_populates="links")
    case: Mapped[Case] = relationship()


class BundleUpload(Base):
    """A file uploaded for a bundle before applying; copied into each linked case that asks for it."""

    __tablename__ = "bundle_uploads"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    bundle_id: Mapped[int] = mapped_column(ForeignKey("bundles.id"))
    material: Mapped[str] = mapped_column(String(128))
    filename: Mapped[str] = mapped_column(String(128))
    content_type: Mapped[str] = mapped_column(String(32))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    storage_key: Mapped[str] = mapped_column(String(64), unique=True)
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
