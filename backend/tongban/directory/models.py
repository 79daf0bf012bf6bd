"""Regions (GB/T 2260), departments, service centres with windows, and agency points (代收代办点)."""

from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tongban.core.db import Base


class Region(Base):
    __tablename__ = "regions"
    code: Mapped[str] = mapped_column(String(6), primary_key=True)  # GB/T 2260 administrative code
    name: Mapped[str] = mapped_column(String(64))
    level: Mapped[str] = mapped_column(String(16))  # province | city | county
    parent_code: Mapped[str | None] = mapped_column(ForeignKey("regions.code"))
    role: Mapped[str] = mapped_column(String(16))  # home-province | home-city | home | partner | yrd


class Department(Base):
    __tablename__ = "departments"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(128))
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"), index=True)
    demo: Mapped[bool] = mapped_column(Boolean, default=True)


class ServiceCentre(Base):
    __tablename__ = "service_centres"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(128))
    level: Mapped[str] = mapped_column(String(16))  # city | county | town
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("service_centres.id"))
    address: Mapped[str] = mapped_column(String(255), default="")
    hours: Mapped[str] = mapped_column(String(128), default="")
    phone: Mapped[str] = mapped_column(String(64), default="")
    demo: Mapped[bool] = mapped_column(Boolean, default=True)
    windows: Mapped[list[Window]] = relationship(back_populates="centre", order_by="Window.code",
                                                 cascade="all, delete-orphan")


class Window(Base):
    __tablename__ = "windows"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    centre_id: Mapped[int] = mapped_column(ForeignKey("service_centres.id"), index=True)
    name: Mapped[str] = mapped_column(String(128))
    kind: Mapped[str] = mapped_column(String(16))  # kstb | citywide | general | enterprise | help
    centre: Mapped[ServiceCentre] = relationship(back_populates="windows")

    @property
    def full_name(self) -> str:
        """Its centre's name and its own, as people and records name a window (cut to a name column's 128)."""
        return f"{self.centre.name} {self.name}"[:128]


class AgencyPoint(Base):
    __tablename__ = "agency_points"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(128))
    kind: Mapped[str] = mapped_column(String(16))  # village | park
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"), index=True)
    centre_id: Mapped[int | None] = mapped_column(ForeignKey("service_centres.id"))
    address: Mapped[str] = mapped_column(String(255), default="")
    demo: Mapped[bool] = mapped_column(Boolean, default=True)
