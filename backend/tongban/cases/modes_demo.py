"""Demo configuration of the modes (demo/data/modes.json): the departments of joint matters and the
bundles (一件事一次办). Loading it again changes nothing; every row is marked demo."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from tongban.cases.modes_models import Bundle, BundleMatter, JointDepartment
from tongban.catalogue import service as catalogue
from tongban.directory import service as directory
from tongban.extensions import db


def _department_id(code: str) -> int:
    dept = directory.department_by_code(code)
    if dept is None:
        raise ValueError(f"unknown department {code!r} in modes.json")
    return dept.id


def _joint(spec: dict[str, Any]) -> None:
    matter = catalogue.get_matter(spec["matter"])
    if "joint" not in matter.modes:
        raise ValueError(f"{matter.code} does not offer joint handling")
    wanted = [_department_id(code) for code in spec["departments"]]
    rows = {r.department_id: r for r in db.session.scalars(
        select(JointDepartment).where(JointDepartment.matter_id == matter.id))}
    for dept_id, row in rows.items():
        if dept_id not in wanted:
            db.session.delete(row)
    for position, dept_id in enumerate(wanted):
        row = rows.get(dept_id) or JointDepartment(matter_id=matter.id, department_id=dept_id, demo=True)
        row.position = position
        db.session.add(row)


def _bundle(spec: dict[str, Any]) -> None:
    bundle = db.session.scalars(select(Bundle).where(Bundle.code == spec["code"])).first() or Bundle(
        code=spec["code"])
    bundle.name, bundle.description, bundle.demo = spec["name"], spec.get("description", ""), True
    matters = [catalogue.get_matter(code) for code in spec["matters"]]
    if any("online" not in m.modes for m in matters):
        raise ValueError(f"bundle {spec['code']}: every matter must be offered online")
    db.session.add(bundle)
    if [item.matter_id for item in bundle.items] != [m.id for m in matters]:
        bundle.items.clear()
        db.session.flush()  # the old rows go before the new ones (one matter once per bundle)
        bundle.items.extend(BundleMatter(matter_id=m.id, position=i) for i, m in enumerate(matters))


def load(data: dict[str, Any]) -> dict[str, int]:
    for spec in data.get("joint", []):
        _joint(spec)
    for spec in data.get("bundles", []):
        _bundle(spec)
    db.session.flush()
    return {"joint_matters": len(data.get("joint", [])), "bundles": len(data.get("bundles", []))}
