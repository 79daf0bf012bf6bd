"""A real huey consumer (the same one `tongban worker` runs) plus one slow job kind for tests that
kill a worker in the middle of a job. Run: python -m tests.support.job_worker (env names the database)."""

from __future__ import annotations

import time
from typing import Any

from tongban.extensions import db
from tongban.jobs import service as jobs


@jobs.handler("test.slow-notice")
def slow_notice(payload: dict[str, Any]) -> None:
    """Writes an inbox message, then takes its time before the job's transaction commits."""
    from tongban.notify.models import InboxMessage

    db.session.add(InboxMessage(account_id=payload["account_id"], title="slow", body="", link="",
                                job_key=payload["key"]))
    db.session.flush()
    time.sleep(float(payload.get("seconds", 4)))


if __name__ == "__main__":
    from tongban import create_app
    from tongban.jobs import queue

    app = create_app()
    queue.consume(app, workers=1)
