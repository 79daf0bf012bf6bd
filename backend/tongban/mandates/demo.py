"""Demo mandates (development only): the story in the demo accounts, loaded idempotently."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select

from tongban.core.db import utcnow
from tongban.extensions import db
from tongban.identity.models import Account
from tongban.mandates import service
from tongban.mandates.models import Mandate, MandateEvent


def load(rows: list[dict[str, Any]], accounts: dict[str, Account]) -> int:
    made = 0
    for row in rows:
        principal, agent = accounts[row["principal"]], accounts[row["agent"]]
        exists = db.session.scalars(select(Mandate.id).where(
            Mandate.principal_account_id == principal.id, Mandate.agent_person_id == agent.person_id,
            Mandate.status.in_(service.OPEN))).first()
        if exists is not None:
            continue
        now = utcnow()
        active = row["status"] == "active"
        mandate = Mandate(public_id=service.new_public_id(), principal_person_id=principal.person_id,
                          principal_account_id=principal.id, agent_person_id=agent.person_id, kind=row["kind"],
                          scope=row["scope"], scope_items=[], permissions=row["permissions"], valid_from=now,
                          valid_until=now + timedelta(days=row["days"]), status=row["status"],
                          awaiting=None if active else "principal", consent=row["consent"], requested_by="demo",
                          witness="demo" if row["consent"] == "window" else None,
                          witness_place="临泉县政务服务中心（演示）" if row["consent"] == "window" else None,
                          note=row.get("note", ""), activated_at=now if active else None)
        db.session.add(mandate)
        db.session.add(MandateEvent(mandate=mandate, kind="witnessed" if active else "asked", actor="demo",
                                    via="window" if active else "app", note="演示数据"))
        made += 1
    db.session.flush()
    return made
