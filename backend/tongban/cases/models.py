"""Cases (办件), their timeline, uploaded materials, idempotency keys and the
administrator-entered working-day schedule.

Personal data in a case (the form, a postal address) is encrypted at rest; the query code is kept
only as a keyed hash. Large tables (cases, case_events) carry their creation time for partitioning
by time later (design guide §3).
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tongban.catalogue.models import Matter
from tongban.core.crypto import EncryptedText
from tongban.core.db import Base, UTCDateTime, utcnow
from tongban.directory.models import Department
from tongban.identity.models import Account

if TYPE_CHECKING:
    from tongban.cases.modes_models import CasePart, CaseReception


# The statuses a department still works on (the queue's default view; cases/queue.py ACTIVE).
OPEN_STATUSES = ("submitted", "in_transit", "accepted", "under_review", "supplement_requested", "delivering")
_OPEN = text("status IN ('submitted', 'in_transit', 'accepted', 'under_review', 'supplement_requested', "
             "'delivering')")


class Case(Base):
    __tablename__ = "cases"
    # The reviewer's queue, nearest its limit first: a partial index over open cases in queue order,
    # carrying what the filters read (PostgreSQL: an index-only count and a page without a sort).
    __table_args__ = (Index("ix_cases_queue_open", "due_date", "submitted_at", "id", postgresql_where=_OPEN,
                            sqlite_where=_OPEN, postgresql_include=["department_id", "matter_id", "status"]),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(String(16), unique=True)  # TB + yyyymmdd + 6 random digits
    matter_id: Mapped[int] = mapped_column(ForeignKey("matters.id"), index=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)  # handling place
    applicant_account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    # For an organisation (its legal representative's account is the applicant account), and the agent
    # who acted under a mandate (mandates slice): both names show on the case.
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    agent_account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"), index=True)
    mandate_id: Mapped[int | None] = mapped_column(ForeignKey("mandates.id"), index=True)
    mode: Mapped[str] = mapped_column(String(16))  # online | proxy_window | joint
    status: Mapped[str] = mapped_column(String(24), index=True)
    outcome: Mapped[str | None] = mapped_column(String(16))  # approved | denied | not_accepted | withdrawn
    form_json: Mapped[str] = mapped_column(EncryptedText, default="{}")
    delivery: Mapped[str] = mapped_column(String(16), default="e_licence")  # e_licence | post | pickup
    delivery_address: Mapped[str | None] = mapped_column(EncryptedText)
    query_code_hash: Mapped[str | None] = mapped_column(String(64))  # HMAC, see crypto.blind_index
    time_limit_days: Mapped[int | None] = mapped_column(Integer)  # promised at acceptance
    due_date: Mapped[date | None] = mapped_column(Date, index=True)
    due_provisional: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    matter: Mapped[Matter] = relationship(lazy="joined")
    department: Mapped[Department] = relationship(lazy="joined")
    applicant: Mapped[Account] = relationship(foreign_keys=[applicant_account_id])
    agent: Mapped[Account | None] = relationship(foreign_keys=[agent_account_id])
    events: Mapped[list[CaseEvent]] = relationship(order_by="CaseEvent.id", back_populates="case")
    files: Mapped[list[CaseFile]] = relationship(order_by="CaseFile.id", back_populates="case")
    # Received at a window (None when applied online), and the parts of a joint case: modes_models.py.
    reception: Mapped[CaseReception | None] = relationship("CaseReception", back_populates="case", uselist=False,
                                                            lazy="selectin")
    parts: Mapped[list[CasePart]] = relationship("CasePart", order_by="CasePart.position", back_populates="case")


class CaseEvent(Base):
    """One step of the timeline: every transition and what else the applicant should see."""

    __tablename__ = "case_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    from_status: Mapped[str | None] = mapped_column(String(24))
    to_status: Mapped[str | None] = mapped_column(String(24))
    actor: Mapped[str] = mapped_column(String(64))  # audit label: account:7
    actor_role: Mapped[str] = mapped_column(String(16))  # applicant | reviewer | system
    acting_for: Mapped[str | None] = mapped_column(String(64))  # mandate:MD…, when an agent acted
    place_code: Mapped[str] = mapped_column(String(40), default="online")  # department or window code
    place_name: Mapped[str] = mapped_column(String(128), default="")  # as it was named at the time
    note: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    case: Mapped[Case] = relationship(back_populates="events")


class CaseFile(Base):
    """An uploaded material: content sniffed, stored encrypted outside any web root, digest kept."""

    __tablename__ = "case_files"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    material: Mapped[str] = mapped_column(String(128))  # the guide's material name
    filename: Mapped[str] = mapped_column(String(128))
    content_type: Mapped[str] = mapped_column(String(32))  # as sniffed, never as declared
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))  # of the plain content as stored (images re-encoded)
    original_sha256: Mapped[str | None] = mapped_column(String(64))  # as uploaded, before re-encoding
    storage_key: Mapped[str] = mapped_column(String(64), unique=True)
    uploaded_by: Mapped[str] = mapped_column(String(64))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    case: Mapped[Case] = relationship(back_populates="files")


class IdempotencyKey(Base):
    """A client's Idempotency-Key and the answer it got, replayed for the same request."""

    __tablename__ = "idempotency_keys"
    __table_args__ = (UniqueConstraint("account_id", "key"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    key: Mapped[str] = mapped_column(String(128))
    scope: Mapped[str] = mapped_column(String(64))  # case.create | case.submit:TB...
    request_hash: Mapped[str] = mapped_column(String(64))
    status: Mapped[int] = mapped_column(Integer, default=0)  # 0 while the first request runs
    body: Mapped[str] = mapped_column(EncryptedText, default="")  # may hold the one-time query code
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class WorkdayEntry(Base):
    """A day of the yearly holiday arrangement an administrator entered (it wins over the library)."""

    __tablename__ = "workday_schedule"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    day: Mapped[date] = mapped_column(Date, unique=True)
    is_workday: Mapped[bool] = mapped_column(Boolean)
    name: Mapped[str] = mapped_column(String(64), default="")
    entered_by: Mapped[str] = mapped_column(String(64), default="")
    entered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


def form_of(case: Case) -> dict[str, Any]:
    value = json.loads(case.form_json or "{}")
    return value if isinstance(value, dict) else {}

