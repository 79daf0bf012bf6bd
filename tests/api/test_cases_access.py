"""Who sees and acts on which case: applicants their own, reviewers their department's in their
jurisdiction (others: 404), levels of assurance, and the anonymous look-up that reveals nothing."""

import pytest

from tests.support.api import Api
from tests.support.cases import PDF, demo_staff, new_reviewer, post, resident, submit, upload

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
def people(app):
    admin = demo_staff(app, "admin")
    return {"reviewer": demo_staff(app, "reviewer"), "supervisor": demo_staff(app, "supervisor"), "admin": admin,
            "rs_reviewer": new_reviewer(app, admin, "341200-RS", "341200"),  # another department, same city
            "stranger": resident(app)}


@pytest.fixture(scope="module")
def case(app):
    api = resident(app)
    number = post(api, "/api/v1/cases", {"matter": MATTER, "form": FORM}).get_json()["number"]
    file_id = upload(api, number, PROOF, PDF).get_json()["id"]
    receipt = submit(api, number).get_json()
    return {"owner": api, "number": number, "file": file_id, "code": receipt["query_code"]}


def test_another_resident_gets_404_everywhere(people, case):
    n, stranger = case["number"], people["stranger"]
    not_found = stranger.get(f"/api/v1/cases/{n}")
    assert not_found.status_code == 404
    unknown = stranger.get("/api/v1/cases/TB20260101000000")
    assert unknown.status_code == 404 and unknown.get_data() == not_found.get_data()
    assert stranger.get(f"/api/v1/cases/{n}/materials").status_code == 404
    assert stranger.get(f"/api/v1/cases/{n}/materials/{case['file']}").status_code == 404
    assert post(stranger, f"/api/v1/cases/{n}/withdraw").status_code == 404
    assert post(stranger, f"/api/v1/cases/{n}", {"form": {}}).status_code == 404
    assert stranger.get("/api/v1/me/cases").get_json()["total"] == 0


def test_a_reviewer_of_another_department_gets_404(app, people, case):
    n, other = case["number"], people["rs_reviewer"]
    assert other.get(f"/api/v1/cases/{n}").status_code == 404
    assert post(other, f"/api/v1/cases/{n}/accept").status_code == 404
    assert other.get(f"/api/v1/cases/{n}/materials/{case['file']}").status_code == 404
    assert n not in [c["number"] for c in other.get("/api/v1/staff/queue?per_page=100").get_json()["items"]]
    # ... while the reviewer of the handling department sees it and may download its files
    reviewer = people["reviewer"]
    detail = reviewer.get(f"/api/v1/cases/{n}").get_json()
    assert detail["allowed_actions"] == ["accept", "not-accept"] and detail["applicant"]["name"]
    got = reviewer.get(f"/api/v1/cases/{n}/materials/{case['file']}")
    assert got.status_code == 200 and got.get_data() == PDF and got.mimetype == "application/pdf"
    assert got.headers["X-Content-Type-Options"] == "nosniff"
    assert "case.file.download" in audited(app, n)


def audited(app, number):
    from sqlalchemy import select
    from tongban.audit.models import AuditEntry
    from tongban.extensions import db

    with app.app_context():
        return db.session.scalars(select(AuditEntry.action).where(AuditEntry.object_id == number)).all()


def test_a_supervisor_sees_but_does_not_decide(people, case):
    n, supervisor = case["number"], people["supervisor"]
    detail = supervisor.get(f"/api/v1/cases/{n}")
    assert detail.status_code == 200 and detail.get_json()["allowed_actions"] == []
    assert post(supervisor, f"/api/v1/cases/{n}/accept").status_code == 403
    assert supervisor.get(f"/api/v1/cases/{n}/materials/{case['file']}").status_code == 403


def test_the_applicant_cannot_decide_and_staff_cannot_withdraw(people, case):
    n = case["number"]
    assert post(case["owner"], f"/api/v1/cases/{n}/accept").status_code == 403
    assert post(people["reviewer"], f"/api/v1/cases/{n}/withdraw").status_code == 403


def test_drafts_are_the_applicants_alone(app, people):
    api = resident(app)
    number = post(api, "/api/v1/cases", {"matter": MATTER}).get_json()["number"]
    assert people["reviewer"].get(f"/api/v1/cases/{number}").status_code == 404
    assert people["supervisor"].get(f"/api/v1/cases/{number}").status_code == 404


def test_sign_in_and_staff_rights_are_needed(app, people):
    anon = Api(app.test_client())
    assert anon.get("/api/v1/me/cases").status_code == 401
    assert anon.get("/api/v1/cases/TB20260101000000").status_code == 401
    assert post(anon, "/api/v1/cases", {"matter": MATTER}).status_code == 401
    assert anon.get("/api/v1/staff/queue").status_code == 401
    assert people["stranger"].get("/api/v1/staff/queue").status_code == 403


def test_a_level_too_low_is_403_saying_how_to_get_it(app):
    l1 = resident(app, real_name=False)
    resp = post(l1, "/api/v1/cases", {"matter": MATTER, "mode": "online"})
    assert resp.status_code == 403 and "实名认证" in resp.get_json()["detail"]  # the level in words, not “L2”
    l2 = resident(app)
    resp = post(l2, "/api/v1/cases", {"matter": "FY-MZ-0003", "mode": "online"})  # needs L3
    assert resp.status_code == 403 and "现场核验" in resp.get_json()["detail"]


def test_modes_the_matter_does_not_offer_are_refused(app):
    api = resident(app)
    resp = post(api, "/api/v1/cases", {"matter": "FY-GA-0003", "mode": "online"})  # proxy_window only
    assert resp.status_code == 400 and "mode" in resp.get_json()["errors"]
    resp = post(api, "/api/v1/cases", {"matter": MATTER, "mode": "proxy_window"})
    assert resp.status_code == 400 and "mode" in resp.get_json()["errors"]
    assert post(api, "/api/v1/cases", {"matter": "FY-GA-0003", "mode": "proxy_window"}).status_code == 400
    assert post(api, "/api/v1/cases", {"matter": "NO-SUCH-1"}).status_code == 404


def test_anonymous_look_up_a_wrong_code_answers_like_an_unknown_number(app, case):
    anon = Api(app.test_client())
    n, code = case["number"], case["code"]
    ok = anon.get(f"/api/v1/case-status?number={n}&query_code={code.lower()}")  # codes read aloud: any case
    assert ok.status_code == 200 and ok.get_json()["status"] == "submitted"
    assert "案件测试" not in ok.get_data(as_text=True)
    wrong = anon.get(f"/api/v1/case-status?number={n}&query_code=WRONG234")
    unknown = anon.get(f"/api/v1/case-status?number=TB20260101000000&query_code={code}")
    assert wrong.status_code == unknown.status_code == 404
    assert wrong.get_data() == unknown.get_data()
    assert {k: v for k, v in wrong.headers.items() if k != "Set-Cookie"} == \
        {k: v for k, v in unknown.headers.items() if k != "Set-Cookie"}


def test_guessing_a_query_code_is_rate_limited(app, case):
    anon = Api(app.test_client())
    statuses = [anon.get(f"/api/v1/case-status?number={case['number']}&query_code=GUESS{i:03d}").status_code
                for i in range(12)]
    assert statuses[:10] == [404] * 10 and statuses[-1] == 429


def test_holidays_are_entered_by_an_admin_only(people):
    body = {"year": 2027, "days": [{"date": "2027-01-01", "is_workday": False, "name": "元旦"}]}
    assert post(people["reviewer"], "/api/v1/admin/holidays", body).status_code == 403
    assert post(people["stranger"], "/api/v1/admin/holidays", body).status_code == 403
    bad = post(people["admin"], "/api/v1/admin/holidays", {"year": 2027, "days": [
        {"date": "2026-10-01", "is_workday": False}, {"date": "2027-01-01", "is_workday": False},
        {"date": "2027-01-01", "is_workday": False}]})
    assert bad.status_code == 400 and set(bad.get_json()["errors"]) == {"days.0.date", "days.2.date"}
