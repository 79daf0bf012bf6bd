"""Mandates (授权/委托): who may act for whom, in what scope, with which permissions, for how long,
and how the principal consented; their history; what agents did in a principal's name; and assisted
sessions (帮办).

A principal is a person or an organisation (its legal representative's account receives what the
principal would); the agent is always a person. Evidence (a photographed paper form, a guardianship
document) is stored encrypted like case materials, under a storage key.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tongban.core.db import Base, UTCDateTime, utcnow
from tongban.identity.models import Account, Organisation, Person

KINDS = ("family", "guardian", "enterprise_agent")  # and "assisted": a helper's mandate for one 帮办 session
SCOPES = ("all", "categories", "matters")
PERMISSIONS = ("view", "apply", "sign", "receive")
STATUSES = ("pending", "active", "revoked", "expired", "refused")
CONSENTS = ("online", "code", "window", "guardianship")  # how the principal consented
AWAITING = ("agent", "principal", "reviewer")  # whose step a pending mandate waits for


class Mandate(Base):
    __tablename__ = "mandates"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(12), unique=True)  # MD + 10 characters, named in Acting-For
    principal_person_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"), index=True)
    principal_org_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    principal_account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)  # whose cases
    agent_person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    scope: Mapped[str] = mapped_column(String(16), default="all")
    scope_items: Mapped[list[str]] = mapped_column(JSON, default=list)  # category or matter codes
    permissions: Mapped[list[str]] = mapped_column(JSON, default=list)
    valid_from: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    valid_until: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    status: Mapped[str] = mapped_column(String(16), index=True)
    awaiting: Mapped[str | None] = mapped_column(String(16))
    consent: Mapped[str] = mapped_column(String(16))
    requested_by: Mapped[str] = mapped_column(String(64))  # account:7, or staff label at a window
    witness: Mapped[str | None] = mapped_column(String(64))  # the clerk, for a window mandate
    witness_place: Mapped[str | None] = mapped_column(String(128))
    evidence_key: Mapped[str | None] = mapped_column(String(64))  # storage key of the form or document
    evidence_type: Mapped[str | None] = mapped_column(String(32))
    evidence_sha256: Mapped[str | None] = mapped_column(String(64))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    activated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    end_reason: Mapped[str | None] = mapped_column(String(32))  # revoked_by_principal | by_code | at_window | ...
    principal_person: Mapped[Person | None] = relationship(foreign_keys=[principal_person_id], lazy="joined")
    principal_org: Mapped[Organisation | None] = relationship(lazy="joined")
    principal_account: Mapped[Account] = relationship(foreign_keys=[principal_account_id])
    agent: Mapped[Person] = relationship(foreign_keys=[agent_person_id], lazy="joined")
    events: Mapped[list[MandateEvent]] = relationship(order_by="MandateEvent.id", back_populates="mandate")


class MandateEvent(Base):
    """The mandate's history: asked, granted, accepted, confirmed, refused, revoked, expired."""

    __tablename__ = "mandate_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    mandate_id: Mapped[int] = mapped_column(ForeignKey("mandates.id"), index=True)
    kind: Mapped[str] = mapped_column(String(24))
    actor: Mapped[str] = mapped_column(String(64))
    via: Mapped[str] = mapped_column(String(16), default="app")  # app | code | window | review | system
    note: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    mandate: Mapped[Mandate] = relationship(back_populates="events")


class MandateAct(Base):
    """Something an agent did in the principal's name (the principal's activity list)."""

    __tablename__ = "mandate_acts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    mandate_id: Mapped[int] = mapped_column(ForeignKey("mandates.id"), index=True)
    principal_account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    action: Mapped[str] = mapped_column(String(48))  # case.create, case.submit, case.view, ...
    object_id: Mapped[str] = mapped_column(String(64), default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    mandate: Mapped[Mandate] = relationship(lazy="joined")


class AssistSession(Base):
    """帮办: the resident shows a short code; a helper joins and drafts; the resident confirms."""

    __tablename__ = "assist_sessions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64), index=True)  # keyed hash of the 6-digit code
    resident_account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    helper_account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    helper_kind: Mapped[str | None] = mapped_column(String(16))  # clerk | relative
    helper_place: Mapped[str | None] = mapped_column(String(128))
    mandate_id: Mapped[int | None] = mapped_column(ForeignKey("mandates.id"))  # the helper's short mandate
    case_number: Mapped[str | None] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default="open")  # open|joined|confirmed|cancelled|expired
    confirmed_via: Mapped[str | None] = mapped_column(String(16))  # passkey | sms | in_person
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resident: Mapped[Account] = relationship(foreign_keys=[resident_account_id])
    helper: Mapped[Account | None] = relationship(foreign_keys=[helper_account_id])
    mandate: Mapped[Mandate | None] = relationship()
