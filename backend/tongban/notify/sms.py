"""SMS adapter. Real gateways plug in behind `SmsProvider`; the only provider here is "sandbox".

The sandbox provider writes each message to a table (so every worker sees it) that developers read
at GET /api/v1/dev/outbox, which exists only outside production.
"""

from __future__ import annotations

from typing import Protocol

from tongban.extensions import db
from tongban.notify.models import SandboxMessage


class SmsProvider(Protocol):
    name: str

    def send(self, phone: str, body: str, purpose: str, message_key: str | None = None) -> None:
        """Send a text; a gateway is given `message_key` as its client message id, so a retry is not a second text."""


class SandboxSms:
    name = "sandbox"

    def send(self, phone: str, body: str, purpose: str, message_key: str | None = None) -> None:
        if message_key is not None:
            from sqlalchemy import select

            if db.session.scalars(select(SandboxMessage.id).where(SandboxMessage.message_key == message_key)).first():
                return  # already sent under this id, as a real gateway would dedupe it
        db.session.add(SandboxMessage(phone=phone, body=body, purpose=purpose, message_key=message_key))
        db.session.flush()


def provider() -> SmsProvider:
    return SandboxSms()  # the provider registry grows when a real gateway contract exists


def outbox(limit: int = 50) -> list[SandboxMessage]:
    from sqlalchemy import select

    return list(db.session.scalars(select(SandboxMessage).order_by(SandboxMessage.id.desc()).limit(limit)))
