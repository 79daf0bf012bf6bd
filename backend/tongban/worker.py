"""The worker: the huey consumer (jobs/queue.py) running jobs, and housekeeping every minute.

Housekeeping deletes what has expired (WebAuthn challenges, one-time codes, OAuth codes, ended
sessions past their lifetime), ends mandates and 帮办 sessions past their time, and touches
TONGBAN_WORKER_HEARTBEAT so the container's health check sees it alive.
"""

from __future__ import annotations

import logging
import os
from datetime import timedelta
from pathlib import Path

from sqlalchemy import delete

from tongban.core.db import utcnow
from tongban.extensions import db

log = logging.getLogger(__name__)


def housekeeping() -> dict[str, int]:
    from tongban.identity.models import Challenge, OneTimeCode, Session
    from tongban.identity.oauth_models import OAuthCode

    now = utcnow()
    statements = {
        "challenges": delete(Challenge).where(Challenge.expires_at < now),
        "codes": delete(OneTimeCode).where(OneTimeCode.expires_at < now - timedelta(days=1)),
        "oauth_codes": delete(OAuthCode).where(OAuthCode.expires_at < now),
        "sessions": delete(Session).where(Session.expires_at < now - timedelta(days=30)),  # kept a while for audit
    }
    counts = {name: int(getattr(db.session.execute(stmt), "rowcount", 0)) for name, stmt in statements.items()}
    from tongban.mandates import assist, consent

    counts["mandates_expired"] = consent.expire_due()  # their notices are enqueued in this transaction
    counts["assist_sessions_ended"] = assist.end_due()
    db.session.commit()
    return counts


def cycle() -> None:
    counts = housekeeping()
    if any(counts.values()):
        log.info("housekeeping removed %s", counts)
    heartbeat = os.environ.get("TONGBAN_WORKER_HEARTBEAT")
    if heartbeat:
        Path(heartbeat).touch()


def run_forever(once: bool = False) -> None:
    """`tongban worker`: one housekeeping cycle now, then the consumer (jobs and periodic tasks)."""
    from flask import current_app

    from tongban.jobs import queue, service

    cycle()
    if once:
        service.relay()
        return
    queue.consume(current_app._get_current_object())  # type: ignore[attr-defined]
