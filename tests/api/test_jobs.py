"""Background jobs: enqueued in the transaction of their cause, run by huey, retried, listed when
they fail; a worker killed mid-job loses nothing and sends nothing twice."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update
from tongban.core.db import utcnow
from tongban.extensions import db
from tongban.jobs import queue
from tongban.jobs import service as jobs
from tongban.jobs.models import Job
from tongban.notify import service as notify
from tongban.notify.models import InboxMessage, SandboxMessage

from tests.support import job_worker  # noqa: F401 - registers test.slow-notice here too
from tests.support.api import Api
from tests.support.staff import PHONES, staff_session

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def account_id(ctx) -> int:  # type: ignore[no-untyped-def]
    from tongban.identity.models import Account

    return int(db.session.scalars(select(Account.id).order_by(Account.id)).first() or 0)


@pytest.fixture(autouse=True)
def _empty_queue(app):  # type: ignore[no-untyped-def]
    queue.huey.flush()
    yield
    queue.huey.flush()


def _messages(key: str) -> tuple[int, int]:
    inbox = db.session.scalars(select(InboxMessage).where(InboxMessage.job_key == "notify:" + key)).all()
    texts = db.session.scalars(select(SandboxMessage).where(SandboxMessage.message_key == "notify:" + key)).all()
    return len(inbox), len(texts)


def test_a_rolled_back_change_enqueues_nothing(account_id):
    notify.tell(account_id, "受理通知", "您的申请已受理。", key="t-rollback")
    db.session.rollback()
    assert db.session.scalars(select(Job).where(Job.key == "notify:t-rollback")).first() is None
    assert queue.huey.pending_count() == 0


def test_a_committed_change_is_queued_and_run_once(account_id):
    notify.tell(account_id, "受理通知", "您的申请已受理。", link="/cases/X", key="t-commit")
    db.session.commit()
    assert queue.huey.pending_count() == 1
    assert queue.drain() == 1
    job = db.session.scalars(select(Job).where(Job.key == "notify:t-commit")).one()
    db.session.refresh(job)
    assert job.state == "done" and job.attempts == 1
    assert _messages("t-commit") == (1, 1)
    assert jobs.run(job.id) == "skipped"  # delivered twice by the queue: nothing happens twice
    notify.tell(account_id, "受理通知", "again", key="t-commit")  # the same event enqueued again
    db.session.commit()
    assert _messages("t-commit") == (1, 1)


def test_a_job_the_web_process_never_pushed_is_relayed(account_id, monkeypatch):
    monkeypatch.setattr(queue, "push", lambda *_: None)  # the process died right after its commit
    notify.tell(account_id, "办结通知", "已办结。", key="t-relay")
    db.session.commit()
    monkeypatch.undo()
    job = db.session.scalars(select(Job).where(Job.key == "notify:t-relay")).one()
    jobs.relay()
    db.session.refresh(job)
    assert job.queued_at is None and queue.huey.pending_count() == 0  # the fast path's head start
    assert jobs.relay(utcnow() + timedelta(seconds=31)) >= 1
    db.session.refresh(job)
    assert job.queued_at is not None
    assert queue.drain() >= 1
    assert _messages("t-relay") == (1, 1)


def test_failures_retry_with_backoff_then_show_in_the_failed_view(app):
    admin = staff_session(app, "admin")  # sessions first: requests inside a pushed app context share g
    resident = Api(app.test_client())
    assert resident.signin_code(PHONES["resident"]).status_code == 200
    calls: list[int] = []

    @jobs.handler("test.always-fails")
    def _fails(payload):  # type: ignore[no-untyped-def]
        calls.append(1)
        raise RuntimeError("gateway down")

    with app.app_context():
        job = jobs.enqueue("test.always-fails", {}, max_attempts=3)
        db.session.commit()
        job_id = job.id
        first = jobs.run(job_id)
        job = db.session.get(Job, job_id)
        assert first == "pending" and job.run_at > utcnow() + timedelta(seconds=5)
        assert "gateway down" in job.last_error
        for _ in range(2):
            db.session.execute(update(Job).where(Job.id == job_id).values(run_at=utcnow()))
            db.session.commit()
            jobs.run(job_id)
        assert db.session.get(Job, job_id).state == "failed" and len(calls) == 3

    failed = admin.get("/api/v1/admin/jobs?state=failed").get_json()["items"]
    assert job_id in [j["id"] for j in failed]
    assert admin.post(f"/api/v1/admin/jobs/{job_id}/retry").get_json()["state"] == "pending"
    assert admin.post(f"/api/v1/admin/jobs/{job_id}/retry").status_code == 409
    assert resident.get("/api/v1/admin/jobs").status_code == 403


def _worker(database_url: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "TONGBAN_ENV": "test", "TONGBAN_DATABASE_URL": database_url,
           "PYTHONPATH": str(REPO)}
    return subprocess.Popen([sys.executable, "-m", "tests.support.job_worker"], cwd=REPO, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _wait(pred, seconds: float = 30) -> bool:  # type: ignore[no-untyped-def]
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        db.session.rollback()
        if pred():
            return True
        time.sleep(0.1)
    return False


def test_killing_the_worker_mid_job_loses_nothing_and_sends_nothing_twice(account_id, database_url):
    job = jobs.enqueue("test.slow-notice", {"account_id": account_id, "key": "t-kill", "seconds": 30})
    db.session.commit()
    key_filter = InboxMessage.job_key == "t-kill"
    proc = _worker(database_url)
    try:
        assert _wait(lambda: db.session.get(Job, job.id).state == "running"), proc.stderr
        proc.kill()  # SIGKILL in the middle of the job
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert db.session.get(Job, job.id).state == "running"
    assert db.session.scalars(select(InboxMessage).where(key_filter)).all() == []  # nothing half-done

    # the lease runs out; the relay hands the job to a new worker, which finishes it once
    db.session.execute(update(Job).where(Job.id == job.id).values(lease_until=utcnow() - timedelta(seconds=1),
                                                                  payload={"account_id": account_id,
                                                                           "key": "t-kill", "seconds": 0}))
    db.session.commit()
    assert jobs.relay() == 1
    proc = _worker(database_url)
    try:
        assert _wait(lambda: db.session.get(Job, job.id).state == "done")
    finally:
        proc.terminate()
        proc.wait(10)
    job = db.session.get(Job, job.id)
    assert job.attempts == 2
    assert len(db.session.scalars(select(InboxMessage).where(key_filter)).all()) == 1
