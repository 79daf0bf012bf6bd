"""The task queue: huey (a maintained, small task-queue library) carries job ids to workers.

Storage: Redis when TONGBAN_REDIS_URL is set (docker-compose), else a SQLite file beside the
database (`jobs.sqlite3`), so the embedded default needs no server. huey runs the tasks, the
periodic tasks (relay and housekeeping every minute, the time-limit scan every 15 minutes, waybill
tracking every 10), worker threads and graceful
shutdown; the jobs table (service.py) is the source of truth for what must run, its retries and its
failures, so a job never lives only inside the queue.
"""

from __future__ import annotations

import logging
import os
from datetime import UTC, datetime
from pathlib import Path

from flask import Flask
from huey import Huey, crontab
from huey.storage import MemoryStorage, RedisStorage, SqliteStorage

log = logging.getLogger(__name__)
huey = Huey("tongban", results=False, utc=True, storage_class=MemoryStorage)  # storage set in configure()
_app: Flask | None = None


def storage_path(app: Flask) -> Path:
    """TONGBAN_JOBS_FILE, else `jobs.sqlite3` beside a SQLite database, else in the instance folder."""
    if app.config["TONGBAN"].extra.get("jobs_file"):
        return Path(app.config["TONGBAN"].extra["jobs_file"])
    url: str = app.config["TONGBAN"].database_url
    main = url.split("///", 1)[1] if url.startswith("sqlite") and "///" in url else ""
    folder = Path(main).parent if main and main != ":memory:" else Path(app.instance_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder / "jobs.sqlite3"


def configure(app: Flask) -> None:
    settings = app.config["TONGBAN"]
    if settings.redis_url:
        huey.storage = RedisStorage(name="tongban", url=settings.redis_url)
    else:
        huey.storage = SqliteStorage(name="tongban", filename=str(storage_path(app)))


def set_app(app: Flask) -> None:
    """The worker process's app: tasks run inside its context."""
    global _app
    _app = app


def _context() -> Flask:
    """The worker's app, or (when a test or a command drains the queue in-process) the current one."""
    from flask import current_app, has_app_context

    if _app is None and has_app_context():
        return current_app._get_current_object()  # type: ignore[attr-defined]
    if _app is None:
        from tongban import create_app

        set_app(create_app())
    assert _app is not None
    return _app


@huey.task(retries=0)
def run_job(job_id: int) -> None:
    from tongban.jobs import service

    with _context().app_context():
        service.run(job_id)


@huey.periodic_task(crontab(minute="*"))
def relay() -> None:
    from tongban.jobs import service

    with _context().app_context():
        service.relay()


@huey.periodic_task(crontab(minute="*/15"))
def time_limits() -> None:
    """预警/超期: flag running cases near or past their time limit (once per case and level)."""
    from tongban.cases import warnings

    with _context().app_context():
        warnings.scan()


@huey.periodic_task(crontab(minute="*/10"))
def waybill_tracking() -> None:
    """Poll the courier for open waybills; every new tracking event goes on the case's timeline."""
    from tongban.logistics import service as logistics

    with _context().app_context():
        logistics.poll()


@huey.periodic_task(crontab(minute="*"))
def housekeeping() -> None:
    from tongban import worker

    with _context().app_context():
        worker.cycle()


def push(job_id: int, run_at: datetime | None) -> None:
    """Hand a committed job to the queue; if the queue cannot take it now, the relay will."""
    try:
        if run_at is not None and run_at > datetime.now(UTC):
            run_job.schedule(args=(job_id,), eta=run_at.astimezone(UTC).replace(tzinfo=None))
        else:
            run_job(job_id)
    except Exception:  # noqa: BLE001 - the job row is committed; the relay hands it over later
        log.warning("could not queue job %s now; the relay will", job_id, exc_info=True)


def drain(limit: int = 1000) -> int:
    """Execute what is in the queue now, in this process (tests; `tongban jobs drain`)."""
    done = 0
    while done < limit:
        task = huey.dequeue()
        if task is None:
            break
        huey.execute(task)
        done += 1
    return done


def consume(app: Flask, workers: int = 2) -> None:
    """Run the consumer until SIGTERM/SIGINT: worker threads and the periodic tasks."""
    set_app(app)
    logging.getLogger("huey").setLevel(logging.INFO if os.environ.get("TONGBAN_ENV") != "test" else logging.WARNING)
    consumer = huey.create_consumer(workers=workers, worker_type="thread", periodic=True, initial_delay=0.1,
                                    max_delay=1.0, check_worker_health=True)
    consumer.run()
