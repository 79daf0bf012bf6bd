"""Shapes handed to the schemas: a matter with its guide, a list with its latest version."""

from __future__ import annotations

from typing import Any

from tongban.catalogue import lists
from tongban.catalogue.models import ListVersion, Matter, MatterList


def matter_detail(matter: Matter) -> dict[str, Any]:
    guide = dict(matter.guide)
    guide.update(time_limit_days=matter.time_limit_days, materials=matter.materials,
                 updated_at=matter.updated_at)
    return {"code": matter.code, "name": matter.name, "summary": matter.summary, "department": matter.department,
            "audience": matter.audience, "modes": matter.modes, "scopes": matter.scopes,
            "time_limit_days": matter.time_limit_days, "min_assurance": matter.min_assurance,
            "demo": matter.demo, "guide": guide, "lists": lists.lists_of(matter.code),
            "provenance": matter.provenance}


def list_summary(mlist: MatterList) -> dict[str, Any]:
    version = lists.latest(mlist)
    return {"code": mlist.code, "name": mlist.name, "scope": mlist.scope, "region_code": mlist.region_code,
            "description": mlist.description, "provenance": mlist.provenance, "demo": mlist.demo,
            "current_version": version.number if version else None,
            "published_at": version.published_at if version else None,
            "item_count": lists.item_count(version)}


def version_summary(version: ListVersion) -> dict[str, Any]:
    counts = {"added": 0, "removed": 0, "changed": 0}
    for change in version.changes:
        counts[change.kind] += 1
    return {"number": version.number, "published_at": version.published_at, "note": version.note,
            "counts": counts}


def version_detail(version: ListVersion) -> dict[str, Any]:
    return {**version_summary(version), "provenance": version.provenance, "list": version.matter_list,
            "items": version.items, "changes": version.changes}
