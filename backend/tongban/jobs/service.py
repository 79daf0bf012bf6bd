"""Jobs: enqueued in the caller's transaction, run at least once, with effects committed exactly once.

`enqueue()` only adds a row to the caller's database session, so a job exists exactly when the
change that caused it commits (nothing is sent for a rolled-back change, nothing is lost when the
web process dies after the commit). After the commit the job's id is handed to huey (fast path);
a periodic relay hands over whatever the fast path missed, jobs whose time has come, and jobs whose
worker died (their lease ran out).

A run claims the row (pending → running, with a lease), runs the handler, and marks the row done in
the same transaction as the handler's own writes. If the worker is killed mid-job, that transaction
never commits: the job is retried after its lease and its effects happen once. Handlers that reach
outside (an SMS gateway) pass the job's key to the provider as the message id so a retry is not a
second text. Failures retry with backoff and end as `failed`, listed for administrators.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import event, or_, select, update
from sqlalchemy.orm import Session as OrmSession

from tongban.core.db import utcnow
from tongban.core.errors import NotFound, Problem
from tongban.extensions import db
from tongban.jobs.models import Job

log = logging.getLogger(__name__)
Handler = Callable[[dict[str, Any]], None]
HANDLERS: dict[str, Handler] = {}
LEASE = timedelta(minutes=5)
RELAY_GRACE = timedelta(seconds=30)  # the fast path's head start before the relay hands a job over


def handler(kind: str) -> Callable[[Handler], Handler]:
    """Register the function that runs jobs of `kind`."""
    def wrap(fn: Handler) -> Handler:
        HANDLERS[kind] = fn
        return fn
    return wrap


def enqueue(kind: str, payload: dict[str, Any] | None = None, *, key: str | None = None,
            run_at: datetime | None = None, max_attempts: int = 5) -> Job:
    """Add a job to the current transaction; with a `key`, an existing job of that key is returned."""
    if kind not in HANDLERS:
        raise ValueError(f"no handler for job kind {kind!r}")
    if key is not None:
        existing = db.session.scalars(select(Job).where(Job.key == key)).first()
        if existing is not None:
            return existing
    job = Job(kind=kind, payload=payload or {}, key=key, run_at=run_at or utcnow(), max_attempts=max_attempts)
    db.session.add(job)
    db.session.flush()
    db.session.info.setdefault("tb_jobs", []).append((job.id, job.run_at))
    return job


@event.listens_for(OrmSession, "after_commit")
def _after_commit(session: OrmSession) -> None:
    pending = session.info.pop("tb_jobs", None)
    if not pending:
        return
    from tongban.jobs import queue

    for job_id, run_at in pending:
        queue.push(job_id, run_at)


@event.listens_for(OrmSession, "after_rollback")
def _after_rollback(session: OrmSession) -> None:
    session.info.pop("tb_jobs", None)


def _claim(job_id: int, now: datetime) -> bool:
    claimable = or_(Job.state == "pending", (Job.state == "running") & (Job.lease_until < now))
    result = db.session.execute(update(Job).where(Job.id == job_id, claimable, Job.run_at <= now)
                                .values(state="running", lease_until=now + LEASE, attempts=Job.attempts + 1))
    db.session.commit()
    return bool(getattr(result, "rowcount", 0))


def run(job_id: int) -> str:
    """Run one job if it can be claimed; return its state afterwards (or 'skipped')."""
    if not _claim(job_id, utcnow()):
        db.session.rollback()
        return "skipped"
    job = db.session.get(Job, job_id)
    assert job is not None
    try:
        HANDLERS[job.kind](dict(job.payload))
        job.state, job.finished_at, job.lease_until, job.last_error = "done", utcnow(), None, ""
        db.session.commit()
        return "done"
    except Exception:  # noqa: BLE001 - any failure is recorded on the job and retried
        db.session.rollback()
        error = traceback.format_exc(limit=5)[-4000:]
        log.warning("job %s (%s) failed: %s", job_id, job.kind, error.strip().splitlines()[-1])
        job = db.session.get(Job, job_id)
        assert job is not None
        if job.attempts >= job.max_attempts:
            job.state, job.finished_at = "failed", utcnow()
        else:
            job.state, job.run_at = "pending", utcnow() + timedelta(seconds=10 * 2 ** (job.attempts - 1))
        job.lease_until, job.queued_at, job.last_error = None, None, error
        db.session.commit()
        return job.state


def relay(now: datetime | None = None) -> int:
    """Hand due jobs to the queue: missed by the fast path, scheduled for now, or orphaned by a dead worker."""
    now = now or utcnow()
    waiting = (Job.state == "pending") & (Job.created_at < now - RELAY_GRACE) \
        & or_(Job.queued_at.is_(None), Job.queued_at < now - LEASE)
    orphaned = (Job.state == "running") & (Job.lease_until < now)
    due = select(Job).where(Job.run_at <= now, or_(waiting, orphaned)).order_by(Job.run_at).limit(500)
    jobs = list(db.session.scalars(due))
    for job in jobs:
        job.queued_at = now
    db.session.commit()
    from tongban.jobs import queue

    for job in jobs:
        queue.push(job.id, None)
    return len(jobs)


def run_due(limit: int = 1000) -> int:
    """Run every due job in this process (tests, and `tongban jobs run-due` by hand)."""
    ids = list(db.session.scalars(select(Job.id).where(Job.state == "pending", Job.run_at <= utcnow())
                                  .order_by(Job.id).limit(limit)))
    db.session.rollback()
    return sum(run(i) == "done" for i in ids)


def listing(state: str | None, page: int, per_page: int) -> tuple[list[Job], int]:
    from sqlalchemy import func

    from tongban import policy

    policy.require("jobs.view")
    query = select(Job)
    if state:
        query = query.where(Job.state == state)
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = db.session.scalars(query.order_by(Job.id.desc()).offset((page - 1) * per_page).limit(per_page))
    return list(rows), total


def retry(job_id: int) -> Job:
    """An administrator sends a failed job round again."""
    from tongban import policy
    from tongban.audit import service as audit

    actor = policy.require("jobs.manage")
    job = db.session.get(Job, job_id)
    if job is None:
        raise NotFound()
    if job.state != "failed":
        raise Problem(409, "conflict", _only_failed())
    job.state, job.attempts, job.run_at, job.finished_at, job.queued_at = "pending", 0, utcnow(), None, None
    db.session.flush()
    db.session.info.setdefault("tb_jobs", []).append((job.id, job.run_at))
    audit.record("job.retry", actor=actor.label, object_type="job", object_id=job.id, data={"kind": job.kind})
    return job


def _only_failed() -> str:
    from flask_babel import gettext as _

    return _("Only a failed job can be sent round again.")
