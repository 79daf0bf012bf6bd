"""Matters with their service guides, and versioned lists of matters."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tongban.core.db import Base, TimestampMixin, UTCDateTime, utcnow
from tongban.directory.models import Department


def _split(value: str) -> list[str]:
    return [v for v in value.split(",") if v]


def _join(values: list[str]) -> str:
    # Stored as ",a,b," so one portable LIKE '%,a,%' filters on SQLite and PostgreSQL alike.
    return "," + ",".join(values) + "," if values else ""


class Matter(TimestampMixin, Base):
    __tablename__ = "matters"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(128), index=True)
    # The English name where one exists: indexed for search (household registration, ID card), shown to no one yet.
    name_en: Mapped[str] = mapped_column(String(200), default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    audience_set: Mapped[str] = mapped_column(String(64), default="")
    mode_set: Mapped[str] = mapped_column(String(64), default="")
    scope_set: Mapped[str] = mapped_column(String(64), default="")  # derived from the lists' latest versions
    time_limit_days: Mapped[int] = mapped_column(Integer)
    min_assurance: Mapped[str] = mapped_column(String(2), default="L2")
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)
    keywords: Mapped[list[str]] = mapped_column(JSON, default=list)
    guide: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # the rest of the service guide
    provenance: Mapped[str] = mapped_column(Text, default="")
    demo: Mapped[bool] = mapped_column(Boolean, default=True)
    # Space-separated search tokens (segmented words, pinyin, initials, synonyms); see search.py.
    search_name: Mapped[str] = mapped_column(Text, default="")
    search_body: Mapped[str] = mapped_column(Text, default="")
    department: Mapped[Department] = relationship(lazy="joined")
    materials: Mapped[list[Material]] = relationship(order_by="Material.position", cascade="all, delete-orphan",
                                                     back_populates="matter")

    audience = property(lambda self: _split(self.audience_set), lambda self, v: setattr(self, "audience_set", _join(v)))
    modes = property(lambda self: _split(self.mode_set), lambda self, v: setattr(self, "mode_set", _join(v)))
    scopes = property(lambda self: _split(self.scope_set), lambda self, v: setattr(self, "scope_set", _join(v)))


class Material(Base):
    __tablename__ = "materials"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    matter_id: Mapped[int] = mapped_column(ForeignKey("matters.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(128))
    required: Mapped[bool] = mapped_column(Boolean, default=True)
    licence_type: Mapped[str | None] = mapped_column(String(64))  # an e-licence of this type can replace it
    original_required: Mapped[bool] = mapped_column(Boolean, default=False)
    copies: Mapped[int] = mapped_column(Integer, default=1)
    note: Mapped[str] = mapped_column(Text, default="")
    matter: Mapped[Matter] = relationship(back_populates="materials")


class MatterList(Base):
    __tablename__ = "matter_lists"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(128))
    scope: Mapped[str] = mapped_column(String(16))  # kstb | yrd | citywide | partner
    region_code: Mapped[str | None] = mapped_column(ForeignKey("regions.code"))
    description: Mapped[str] = mapped_column(Text, default="")
    provenance: Mapped[str] = mapped_column(Text, default="")
    demo: Mapped[bool] = mapped_column(Boolean, default=True)
    versions: Mapped[list[ListVersion]] = relationship(order_by="ListVersion.number", back_populates="matter_list")


class ListVersion(Base):
    __tablename__ = "list_versions"
    __table_args__ = (UniqueConstraint("list_id", "number"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    list_id: Mapped[int] = mapped_column(ForeignKey("matter_lists.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    note: Mapped[str] = mapped_column(Text, default="")
    provenance: Mapped[str] = mapped_column(Text, default="")
    published_by: Mapped[str] = mapped_column(String(64), default="")
    matter_list: Mapped[MatterList] = relationship(back_populates="versions")
    items: Mapped[list[ListItem]] = relationship(order_by="ListItem.seq", cascade="all, delete-orphan")
    changes: Mapped[list[ListChange]] = relationship(order_by="ListChange.id", cascade="all, delete-orphan")


class ListItem(Base):
    """A row of a published version: a snapshot, so history reads the same after a matter changes."""

    __tablename__ = "list_items"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("list_versions.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    matter_code: Mapped[str] = mapped_column(String(40), index=True)
    matter_name: Mapped[str] = mapped_column(String(128))
    mode_set: Mapped[str] = mapped_column(String(64), default="")
    deadline: Mapped[str] = mapped_column(String(64), default="")
    note: Mapped[str] = mapped_column(Text, default="")

    modes = property(lambda self: _split(self.mode_set), lambda self, v: setattr(self, "mode_set", _join(v)))


class ListChange(Base):
    __tablename__ = "list_changes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("list_versions.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # added | removed | changed
    matter_code: Mapped[str] = mapped_column(String(40))
    matter_name: Mapped[str] = mapped_column(String(128))
    fields: Mapped[list[str]] = mapped_column(JSON, default=list)


class CatalogueState(Base):
    """One row: a generation number bumped by every catalogue write, so search caches know when to drop."""

    __tablename__ = "catalogue_state"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    generation: Mapped[int] = mapped_column(Integer, default=0)
