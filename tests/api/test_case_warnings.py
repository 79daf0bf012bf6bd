"""预警/超期: the periodic scan flags a running case near or past its time limit once per level; the
flag goes on the timeline and into the inbox of the handling department's reviewers."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.support.cases import (
    PDF,
    demo_staff,
    jobs_run,  # noqa: F401 - autouse: the queued jobs run after each test
    post,
    resident,
    submit,
    upload,
)

MATTER, PROOF = "FY-GA-0010", "居民死亡医学证明（推断）书"  # 1 working day
FORM = {"deceased_id": "341202194503120110", "death_date": "2026-11-20", "relation": "子女",
        "contact_phone": "13800000099", "delivery": "电子证照"}


@pytest.fixture(autouse=True, scope="module")
def _uploads(app, tmp_path_factory):
    extra = app.config["TONGBAN"].extra
    before = extra.get("uploads_dir")
    extra["uploads_dir"] = str(tmp_path_factory.mktemp("uploads"))
    yield
    extra["uploads_dir"] = before


@pytest.fixture(scope="module")
def reviewer(app):
    return demo_staff(app, "reviewer")


def accepted(app, reviewer):
    api = resident(app)
    number = post(api, "/api/v1/cases", {"matter": MATTER, "form": FORM}).get_json()["number"]
    assert upload(api, number, PROOF, PDF).status_code == 201
    assert submit(api, number).status_code == 200
    body = post(reviewer, f"/api/v1/cases/{number}/accept").get_json()
    assert body["flag"] == "warning"  # 1 working day left: within the 2-day warning
    return api, number, body["due_date"]


def scan_and_run(app):
    from tongban.cases import warnings
    from tongban.jobs import queue

    with app.app_context():
        new = warnings.scan()
        queue.drain()
    return new


def flag_jobs(app, number):
    from tongban.extensions import db
    from tongban.jobs.models import Job

    with app.app_context():
        return sorted(db.session.scalars(select(Job.key).where(Job.key.like(f"flag:{number}:%"))))


def test_warning_then_overdue_each_once(app, reviewer, monkeypatch):
    api, number, due = accepted(app, reviewer)
    assert scan_and_run(app) >= 1
    assert flag_jobs(app, number) == [f"flag:{number}:warning"]
    events = api.get(f"/api/v1/cases/{number}").get_json()["events"]
    assert [e["kind"] for e in events].count("time_warning") == 1 and due in events[-1]["note"]
    inbox = reviewer.get("/api/v1/me/inbox").get_json()["items"]
    assert any(m["link"] == f"/cases/{number}" and number in m["body"] for m in inbox)

    scan_and_run(app)  # the next run, every 15 minutes: nothing twice
    assert flag_jobs(app, number) == [f"flag:{number}:warning"]
    assert [e["kind"] for e in api.get(f"/api/v1/cases/{number}").get_json()["events"]].count("time_warning") == 1

    from tongban.cases import deadlines

    later = deadlines.today() + timedelta(days=14)
    monkeypatch.setattr(deadlines, "today", lambda: later)
    scan_and_run(app)
    scan_and_run(app)
    assert flag_jobs(app, number) == [f"flag:{number}:overdue", f"flag:{number}:warning"]
    kinds = [e["kind"] for e in api.get(f"/api/v1/cases/{number}").get_json()["events"]]
    assert kinds.count("time_overdue") == 1 and kinds[-1] == "time_overdue"
    texts = [m for m in api.get("/api/v1/dev/outbox").get_json()["items"]
             if number in m["body"] and m["purpose"] == "notice" and ("预警" in m["body"] or "超期" in m["body"])]
    assert texts == []  # the reviewers' inbox only; the applicant is not texted about the clerk's clock


def test_a_paused_or_decided_case_is_not_flagged(app, reviewer):
    _api, paused, _due = accepted(app, reviewer)
    post(reviewer, f"/api/v1/cases/{paused}/request-supplement", {"reason": "请补充材料"})
    _api2, decided, _due2 = accepted(app, reviewer)
    post(reviewer, f"/api/v1/cases/{decided}/approve")
    _api3, running, _due3 = accepted(app, reviewer)  # the control: the same scan does flag a running case
    scan_and_run(app)
    assert flag_jobs(app, running) != []
    assert flag_jobs(app, paused) == [] and flag_jobs(app, decided) == []
