"""Directory operations: read for everyone; loading from reference and demo data."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from sqlalchemy import select

from tongban.directory.models import AgencyPoint, Department, Region, ServiceCentre, Window
from tongban.extensions import db

LEVELS = ("province", "city", "county")


def list_regions() -> list[Region]:
    return list(db.session.scalars(select(Region).order_by(Region.code)))


def region_exists(code: str) -> bool:
    return db.session.get(Region, code) is not None


def list_departments(region: str | None = None) -> list[Department]:
    stmt = select(Department).order_by(Department.code)
    if region:
        stmt = stmt.where(Department.region_code == region)
    return list(db.session.scalars(stmt))


def department_by_code(code: str) -> Department | None:
    return db.session.scalars(select(Department).where(Department.code == code)).first()


def window_by_code(code: str) -> Window | None:
    return db.session.scalars(select(Window).where(Window.code == code)).first()


def centre_by_code(code: str) -> ServiceCentre | None:
    return db.session.scalars(select(ServiceCentre).where(ServiceCentre.code == code)).first()


def agency_point_by_code(code: str) -> AgencyPoint | None:
    return db.session.scalars(select(AgencyPoint).where(AgencyPoint.code == code)).first()


def list_centres(region: str | None = None) -> list[ServiceCentre]:
    stmt = select(ServiceCentre).order_by(ServiceCentre.code)
    if region:
        stmt = stmt.where(ServiceCentre.region_code == region)
    return list(db.session.scalars(stmt))


def list_agency_points(region: str | None = None) -> list[AgencyPoint]:
    stmt = select(AgencyPoint).order_by(AgencyPoint.code)
    if region:
        stmt = stmt.where(AgencyPoint.region_code == region)
    return list(db.session.scalars(stmt))


def load_regions(csv_path: Path) -> int:
    """Upsert regions from the reference CSV (code,name,level,parent_code,role); parents first."""
    with csv_path.open(encoding="utf-8") as fh:
        rows = sorted(csv.DictReader(fh), key=lambda r: LEVELS.index(r["level"]))
    for row in rows:
        region = db.session.get(Region, row["code"]) or Region(code=row["code"])
        region.name, region.level, region.role = row["name"], row["level"], row["role"]
        region.parent_code = row["parent_code"] or None
        db.session.add(region)
        db.session.flush()
    return len(rows)


def load_directory(data: dict[str, Any]) -> dict[str, int]:
    """Upsert departments, centres (with windows) and agency points from demo JSON."""
    for d in data["departments"]:
        dept = department_by_code(d["code"]) or Department(code=d["code"])
        dept.name, dept.region_code, dept.demo = d["name"], d["region"], d.get("demo", True)
        db.session.add(dept)
    db.session.flush()
    by_code: dict[str, ServiceCentre] = {}
    for c in sorted(data["centres"], key=lambda c: ("city", "county", "town").index(c["level"])):
        centre = db.session.scalars(select(ServiceCentre).where(ServiceCentre.code == c["code"])).first()
        centre = centre or ServiceCentre(code=c["code"])
        centre.name, centre.level, centre.region_code = c["name"], c["level"], c["region"]
        centre.address, centre.hours, centre.phone = c.get("address", ""), c.get("hours", ""), c.get("phone", "")
        centre.parent_id = by_code[c["parent"]].id if c.get("parent") else None
        centre.demo = c.get("demo", True)
        existing = {w.code: w for w in centre.windows}
        for w in c.get("windows", []):
            window = existing.get(w["code"]) or Window(code=w["code"])
            window.name, window.kind = w["name"], w["kind"]
            if window not in centre.windows:
                centre.windows.append(window)
        db.session.add(centre)
        db.session.flush()
        by_code[centre.code] = centre
    for p in data.get("agency_points", []):
        point = db.session.scalars(select(AgencyPoint).where(AgencyPoint.code == p["code"])).first()
        point = point or AgencyPoint(code=p["code"])
        point.name, point.kind, point.region_code = p["name"], p["kind"], p["region"]
        point.address, point.demo = p.get("address", ""), p.get("demo", True)
        centre_code = p.get("centre")
        point.centre_id = by_code[centre_code].id if centre_code in by_code else None
        db.session.add(point)
    db.session.flush()
    return {"departments": len(data["departments"]), "centres": len(data["centres"]),
            "agency_points": len(data.get("agency_points", []))}
