"""The e-archive: completion enqueues `case.archive` in its own transaction; the job seals the case,
its events and its materials' digests into one canonical record whose SHA-256 enters the audit chain;
staff read it back and see that it verifies, and a changed record does not."""

import hashlib
import json

import pytest
from sqlalchemy import select, update

from tests.support.cases import (
    PDF,
    demo_staff,
    jobs_run,  # noqa: F401 - autouse: the queued jobs run after each test
    post,
    resident,
    submit,
    upload,
)

MATTER, PROOF = "FY-GA-0010", "居民死亡医学证明（推断）书"
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


def completed_case(app, reviewer):
    api = resident(app)
    number = post(api, "/api/v1/cases", {"matter": MATTER, "form": FORM}).get_json()["number"]
    assert upload(api, number, PROOF, PDF).status_code == 201
    assert submit(api, number).status_code == 200
    post(reviewer, f"/api/v1/cases/{number}/accept")
    done = post(reviewer, f"/api/v1/cases/{number}/approve").get_json()
    assert done["status"] == "completed"
    return api, number


def drain(app):
    from tongban.jobs import queue

    with app.app_context():
        queue.drain()


def test_completion_seals_the_case_into_the_audit_chain(app, reviewer):
    api, number = completed_case(app, reviewer)
    from tongban.extensions import db
    from tongban.jobs.models import Job

    with app.app_context():
        job = db.session.scalars(select(Job).where(Job.key == f"archive:{number}")).one()
        assert job.kind == "case.archive" and job.state == "pending"
    assert reviewer.get(f"/api/v1/cases/{number}/archive").status_code == 404  # not sealed yet
    drain(app)
    body = reviewer.get(f"/api/v1/cases/{number}/archive").get_json()
    assert body["verified"] is True and body["checks"] == {"record_digest": True, "audit_entry": True}
    record = body["record"]
    canonical = json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    assert hashlib.sha256(canonical.encode()).hexdigest() == body["digest"]
    assert record["case"]["number"] == number and record["case"]["status"] == "completed"
    assert [e["kind"] for e in record["events"]] == ["created", "submitted", "accepted", "approved", "completed"]
    assert record["materials"][0]["sha256"] == hashlib.sha256(PDF).hexdigest()
    assert record["signature"]["digest"] == api.get(f"/api/v1/cases/{number}").get_json()["signature"]["digest"]

    from tongban.audit import service as audit
    from tongban.audit.models import AuditEntry

    with app.app_context():
        entry = db.session.scalars(select(AuditEntry).where(AuditEntry.seq == body["audit_seq"])).one()
        assert entry.action == "case.archive" and entry.data["sha256"] == body["digest"]
        assert audit.verify().ok
    kinds = [e["kind"] for e in api.get(f"/api/v1/cases/{number}").get_json()["events"]]
    assert kinds[-1] == "archived"

    # Run again (a retried job, a second completion notice): still one record, one audit entry.
    from tongban.cases import archive

    with app.app_context():
        assert archive.seal(number).digest == body["digest"]
        db.session.commit()
        assert len(db.session.scalars(select(AuditEntry).where(AuditEntry.action == "case.archive",
                                                               AuditEntry.object_id == number)).all()) == 1


def test_a_changed_record_no_longer_verifies(app, reviewer):
    _api, number = completed_case(app, reviewer)
    drain(app)
    from tongban.cases.records import CaseArchive
    from tongban.extensions import db

    with app.app_context():
        row = db.session.scalars(select(CaseArchive).order_by(CaseArchive.id.desc())).first()
        record = json.loads(row.record)
        record["case"]["outcome"] = "denied"
        db.session.execute(update(CaseArchive).where(CaseArchive.id == row.id).values(
            record=json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":"))))
        db.session.commit()
    body = reviewer.get(f"/api/v1/cases/{number}/archive").get_json()
    assert body["verified"] is False and body["checks"]["record_digest"] is False


def test_only_staff_read_the_archive(app, reviewer):
    api, number = completed_case(app, reviewer)
    drain(app)
    assert api.get(f"/api/v1/cases/{number}/archive").status_code == 403  # the applicant
    assert resident(app).get(f"/api/v1/cases/{number}/archive").status_code == 404
    assert demo_staff(app, "supervisor").get(f"/api/v1/cases/{number}/archive").status_code == 200


def test_a_rolled_back_completion_enqueues_nothing(app, reviewer, monkeypatch):
    api = resident(app)
    number = post(api, "/api/v1/cases", {"matter": MATTER, "form": FORM}).get_json()["number"]
    assert upload(api, number, PROOF, PDF).status_code == 201
    assert submit(api, number).status_code == 200
    post(reviewer, f"/api/v1/cases/{number}/accept")
    from tongban.audit import service as audit

    real = audit.record

    def failing(action, **kw):
        if action == "case.approve":
            raise RuntimeError("the database went away")
        return real(action, **kw)

    monkeypatch.setattr(audit, "record", failing)
    assert post(reviewer, f"/api/v1/cases/{number}/approve").status_code == 500
    monkeypatch.undo()
    from tongban.extensions import db
    from tongban.jobs.models import Job

    with app.app_context():
        assert db.session.scalars(select(Job).where(Job.key == f"archive:{number}")).first() is None
    assert api.get(f"/api/v1/cases/{number}").get_json()["status"] == "accepted"
