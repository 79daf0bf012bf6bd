"""Versioned lists (清单): publishing a version snapshots its items and records dated changes."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from tongban.catalogue import service
from tongban.catalogue.models import ListChange, ListItem, ListVersion, MatterList
from tongban.core.db import utcnow
from tongban.core.errors import NotFound, Problem
from tongban.extensions import db

COMPARED = ("matter_name", "modes", "deadline", "note")


MAX_VERSION = 2**31 - 1  # ListVersion.number is an INTEGER column

def all_lists() -> list[MatterList]:
    return list(db.session.scalars(select(MatterList).options(selectinload(MatterList.versions))
                                   .order_by(MatterList.id)))


def get_list(code: str) -> MatterList:
    found = db.session.scalars(select(MatterList).where(MatterList.code == code)).first()
    if found is None:
        raise NotFound(_("No list has the code %(code)s.", code=code))
    return found


def get_version(code: str, number: int) -> ListVersion:
    mlist = get_list(code)
    if not 1 <= number <= MAX_VERSION:  # PostgreSQL refuses to compare an INTEGER column with more
        raise NotFound(_("List %(code)s has no version %(n)s.", code=code, n=number))
    version = db.session.scalars(
        select(ListVersion).where(ListVersion.list_id == mlist.id, ListVersion.number == number)
        .options(selectinload(ListVersion.items), selectinload(ListVersion.changes))).first()
    if version is None:
        raise NotFound(_("List %(code)s has no version %(n)s.", code=code, n=number))
    return version


def latest(mlist: MatterList) -> ListVersion | None:
    return mlist.versions[-1] if mlist.versions else None


def item_count(version: ListVersion | None) -> int:
    if version is None:
        return 0
    return db.session.scalar(select(func.count()).where(ListItem.version_id == version.id)) or 0


def upsert_list(data: dict[str, Any]) -> MatterList:
    mlist = db.session.scalars(select(MatterList).where(MatterList.code == data["code"])).first()
    mlist = mlist or MatterList(code=data["code"])
    for key in ("name", "scope", "description", "provenance", "demo"):
        if key in data:
            setattr(mlist, key, data[key])
    mlist.region_code = data.get("region")
    db.session.add(mlist)
    db.session.flush()
    return mlist


def _snapshot(item: ListItem) -> dict[str, Any]:
    return {"matter_name": item.matter_name, "modes": item.modes, "deadline": item.deadline, "note": item.note}


def diff(old: list[ListItem], new: list[ListItem]) -> list[ListChange]:
    before = {i.matter_code: i for i in old}
    after = {i.matter_code: i for i in new}
    changes = [ListChange(kind="added", matter_code=c, matter_name=i.matter_name, fields=[])
               for c, i in after.items() if c not in before]
    changes += [ListChange(kind="removed", matter_code=c, matter_name=i.matter_name, fields=[])
                for c, i in before.items() if c not in after]
    for code in (c for c in after if c in before):
        a, b = _snapshot(before[code]), _snapshot(after[code])
        fields = [f for f in COMPARED if a[f] != b[f]]
        if fields:
            changes.append(ListChange(kind="changed", matter_code=code, matter_name=after[code].matter_name,
                                      fields=fields))
    return changes


def publish(code: str, rows: list[dict[str, Any]], note: str, *, published_at: datetime | None = None,
            provenance: str = "", actor: str = "cli") -> ListVersion:
    """Publish the whole list as its next version. Rows: matter_code, modes, deadline, note.

    Every row is checked first; on any error nothing is written.
    """
    mlist = get_list(code)
    errors: dict[str, list[str]] = {}
    items: list[ListItem] = []
    seen: set[str] = set()
    for n, row in enumerate(rows, start=1):
        try:
            matter = service.get_matter(row["matter_code"])
        except NotFound as exc:
            errors[f"items.{n}"] = [exc.detail or ""]
            continue
        bad = sorted(set(row.get("modes", [])) - set(matter.modes))
        if bad:
            errors[f"items.{n}"] = [_("Modes %(modes)s are not modes of matter %(code)s.",
                                      modes=", ".join(bad), code=matter.code)]
        if matter.code in seen:
            errors[f"items.{n}"] = [_("Matter %(code)s is listed twice.", code=matter.code)]
        seen.add(matter.code)
        item = ListItem(seq=n, matter_code=matter.code, matter_name=matter.name,
                        deadline=row.get("deadline", ""), note=row.get("note", ""))
        item.modes = list(row.get("modes", []))
        items.append(item)
    if errors:
        raise Problem(400, "validation_error", _("Nothing was published."), errors)
    previous = latest(mlist)
    changes = diff(previous.items if previous else [], items)
    if previous and not changes:
        raise Problem(409, "conflict", _("This version would not change the list."))
    version = ListVersion(matter_list=mlist, number=(previous.number + 1) if previous else 1,
                          published_at=(published_at or utcnow()).astimezone(UTC), note=note,
                          provenance=provenance or mlist.provenance, published_by=actor,
                          items=items, changes=changes)
    db.session.add(version)
    db.session.flush()
    refresh_scopes()
    service.bump_generation()
    return version


def refresh_scopes() -> None:
    scopes: dict[str, set[str]] = {}
    for mlist in all_lists():
        version = latest(mlist)
        for item in version.items if version else []:
            scopes.setdefault(item.matter_code, set()).add(mlist.scope)
    service.set_scopes(scopes)


def lists_of(matter_code: str) -> list[dict[str, Any]]:
    out = []
    for mlist in all_lists():
        version = latest(mlist)
        if version and any(i.matter_code == matter_code for i in version.items):
            out.append({"code": mlist.code, "name": mlist.name, "scope": mlist.scope, "version": version.number})
    return out


def publish_as_editor(code: str, rows: list[dict[str, Any]], note: str, *,
                      csv_data: bytes | None = None) -> ListVersion:
    """Publish through the API: the policy decides by the list's region (national lists: admins only)."""
    from tongban import policy
    from tongban.audit import service as audit
    from tongban.catalogue import csvio

    mlist = get_list(code)
    actor = policy.require("list.publish", region=mlist.region_code)
    if csv_data is not None:
        rows = csvio.parse(csv_data)
    version = publish(code, rows, note, actor=actor.label)
    audit.record("list.publish", actor=actor.label, object_type="list", object_id=code,
                 data={"version": version.number, "changes": len(version.changes)})
    return version
