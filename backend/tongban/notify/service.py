"""Telling people: an in-app inbox message and a text (sandbox SMS here), sent by a background job.

`tell()` is called inside the transaction of the change it reports; it only enqueues a job, so a
rolled-back change tells nobody, and a slow gateway never slows a request. The job writes the inbox
message and sends the text under the job's key: a retried job neither writes nor sends twice.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select

from tongban.core.db import utcnow
from tongban.core.errors import NotFound
from tongban.extensions import db
from tongban.jobs import service as jobs
from tongban.notify import sms
from tongban.notify.models import InboxMessage


@contextmanager
def platform_language() -> Iterator[None]:
    """Write a notice in the platform's language (zh_Hans), whoever caused it: a reviewer browsing in
    English must not send a resident an English text. (A per-person language choice would go here.)"""
    with force_locale(current_app.config["TONGBAN"].default_locale):
        yield


def tell(account_id: int, title: str, body: str, *, link: str = "", text: bool = True, key: str) -> None:
    """Enqueue a notice for an account (`key` names the event, e.g. "case:TB…:accepted")."""
    key = ("notify:" + key)[:200]
    jobs.enqueue("notify.person", {"account_id": account_id, "title": title, "body": body, "link": link,
                                   "text": text, "key": key}, key=key)


@jobs.handler("notify.person")
def _deliver(payload: dict[str, Any]) -> None:
    from tongban.identity.models import Account

    key = payload["key"]
    account = db.session.get(Account, payload["account_id"])
    if account is None:
        return
    if db.session.scalars(select(InboxMessage.id).where(InboxMessage.job_key == key)).first() is None:
        db.session.add(InboxMessage(account_id=account.id, title=payload["title"], body=payload["body"],
                                    link=payload.get("link", ""), job_key=key))
    if payload.get("text") and account.person is not None:
        with platform_language():
            text = _("[Tongban] %(title)s: %(body)s", title=payload["title"], body=payload["body"])
        sms.provider().send(account.person.phone, text, "notice",
                            message_key=key)
    db.session.flush()


def inbox(limit: int = 50) -> tuple[list[InboxMessage], int]:
    """My inbox, newest first, and how many are unread."""
    from tongban import policy

    actor = policy.require("account.self")
    assert actor.account is not None
    account_id = actor.account.id
    rows = list(db.session.scalars(select(InboxMessage).where(InboxMessage.account_id == account_id)
                                   .order_by(InboxMessage.id.desc()).limit(limit)))
    unread = db.session.scalar(select(func.count()).select_from(InboxMessage)
                               .where(InboxMessage.account_id == account_id, InboxMessage.read_at.is_(None)))
    return rows, int(unread or 0)


def mark_read(message_id: int) -> None:
    from tongban import policy

    msg = db.session.get(InboxMessage, message_id)
    if msg is None:
        raise NotFound()
    policy.require("account.self", msg.account_id, hide=True)
    msg.read_at = msg.read_at or utcnow()
