"""The reviewer's queue: nearest the time limit first, filters, pagination, 预警/超期 flags; due dates
in working days from acceptance, provisional across an unannounced year until an admin enters it."""

from datetime import UTC, date, datetime

import pytest

from tests.support.cases import PDF, demo_staff, post, resident, submit, upload

TEN_DAYS = "FY-GA-0004"  # 工作调动户口迁移: 市公安局, 10 working days, by post or pick-up
TEN_FORM = {"from_region": "341221", "to_address": "阜阳市颍州区示范路2号", "new_employer": "阜阳市示范单位",
            "transfer_date": "2026-11-01", "contact_phone": "13800000098", "delivery": "窗口领取"}
ONE_DAY = "FY-GA-0010"
ONE_FORM = {"deceased_id": "341202194503120110", "death_date": "2026-11-20", "relation": "子女",
            "contact_phone": "13800000099", "delivery": "电子证照"}
PROOFS = {TEN_DAYS: "工作调动证明", ONE_DAY: "居民死亡医学证明（推断）书"}


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


def submitted(app, matter, form, **extra):
    api = resident(app)
    number = post(api, "/api/v1/cases", {"matter": matter, "form": form, "delivery": "pickup", **extra}
                  ).get_json()["number"]
    assert upload(api, number, PROOFS[matter], PDF).status_code == 201
    assert submit(api, number).status_code == 200, number
    submitted.owner = api  # type: ignore[attr-defined]
    return number


def at(monkeypatch, when: datetime):
    """Move the clock the lifecycle and the deadlines read."""
    from tongban.cases import deadlines, lifecycle
    from tongban.cases.calendar import china_date

    monkeypatch.setattr(lifecycle, "utcnow", lambda: when)
    monkeypatch.setattr(deadlines, "today", lambda: china_date(when))


def queue(api, query=""):
    return api.get(f"/api/v1/staff/queue?per_page=100{query}").get_json()


def test_nearest_time_limit_first_with_filters_and_flags(app, reviewer, monkeypatch):
    at(monkeypatch, datetime(2026, 11, 2, 2, tzinfo=UTC))  # Monday 2 November, 10:00 in Fuyang
    ten = submitted(app, TEN_DAYS, TEN_FORM)
    one = submitted(app, ONE_DAY, ONE_FORM)
    waiting = submitted(app, ONE_DAY, ONE_FORM)
    assert post(reviewer, f"/api/v1/cases/{ten}/accept").get_json()["due_date"] == "2026-11-16"
    assert post(reviewer, f"/api/v1/cases/{one}/accept").get_json()["due_date"] == "2026-11-03"

    numbers = [c["number"] for c in queue(reviewer)["items"]]
    assert numbers.index(one) < numbers.index(ten) < numbers.index(waiting)  # not accepted yet: last
    mine = {c["number"]: c for c in queue(reviewer)["items"]}
    assert mine[one]["flag"] == "warning" and mine[one]["remaining_workdays"] == 1
    assert mine[ten]["flag"] == "none" and mine[ten]["remaining_workdays"] == 10

    at(monkeypatch, datetime(2026, 11, 4, 2, tzinfo=UTC))  # the one-day case is past its limit
    overdue = [c["number"] for c in queue(reviewer, "&overdue=true")["items"]]
    assert one in overdue and ten not in overdue and waiting not in overdue
    assert {c["number"]: c["flag"] for c in queue(reviewer)["items"]}[one] == "overdue"
    assert one not in [c["number"] for c in queue(reviewer, "&overdue=false")["items"]]
    assert [c["number"] for c in queue(reviewer, f"&matter={TEN_DAYS}&status=accepted")["items"]] == [ten]
    page = reviewer.get("/api/v1/staff/queue?per_page=1&page=2").get_json()
    assert page["per_page"] == 1 and len(page["items"]) == 1 and page["total"] >= 3
    assert reviewer.get("/api/v1/staff/queue?status=draft").status_code == 400


def test_a_supplement_request_stops_the_clock(app, reviewer, monkeypatch):
    at(monkeypatch, datetime(2026, 11, 2, 2, tzinfo=UTC))
    number = submitted(app, TEN_DAYS, TEN_FORM)
    owner = submitted.owner
    post(reviewer, f"/api/v1/cases/{number}/accept")  # due Monday 16 November
    at(monkeypatch, datetime(2026, 11, 4, 2, tzinfo=UTC))
    asked = post(reviewer, f"/api/v1/cases/{number}/request-supplement", {"reason": "请补充调动证明原件扫描件"})
    assert asked.get_json()["paused"] is True and asked.get_json()["flag"] == "none"
    at(monkeypatch, datetime(2026, 11, 10, 2, tzinfo=UTC))  # answered six days later
    assert upload(owner, number, PROOFS[TEN_DAYS], PDF).status_code == 201
    answered = post(owner, f"/api/v1/cases/{number}/supplement").get_json()
    # 3 and 4 November counted, 5-10 November stood still, then 11 November on: due Friday 20 November.
    assert answered["status"] == "under_review" and answered["due_date"] == "2026-11-20"
    assert answered["remaining_workdays"] == 8 and answered["paused"] is False
    at(monkeypatch, datetime(2026, 11, 19, 2, tzinfo=UTC))
    assert {c["number"]: c["flag"] for c in queue(reviewer)["items"]}[number] == "warning"  # 预警


def test_across_the_year_the_limit_is_provisional_until_the_schedule_is_entered(app, reviewer, monkeypatch):
    admin = demo_staff(app, "admin")
    at(monkeypatch, datetime(2026, 12, 24, 2, tzinfo=UTC))  # Thursday 24 December 2026
    number = submitted(app, TEN_DAYS, TEN_FORM)
    body = post(reviewer, f"/api/v1/cases/{number}/accept").get_json()
    assert body["due_date"] == "2027-01-07" and body["deadline_provisional"] is True  # weekends only in 2027

    resp = post(admin, "/api/v1/admin/holidays", {"year": 2027, "days": [
        {"date": "2027-01-01", "is_workday": False, "name": "元旦"}]})
    assert resp.status_code == 200 and resp.get_json()["days"] == [
        {"date": "2027-01-01", "is_workday": False, "name": "元旦"}]
    body = reviewer.get(f"/api/v1/cases/{number}").get_json()
    assert body["due_date"] == "2027-01-08" and body["deadline_provisional"] is False
    assert admin.get("/api/v1/admin/holidays?year=2027").get_json()["year"] == 2027

    from sqlalchemy import select
    from tongban.cases.models import Case
    from tongban.extensions import db

    with app.app_context():  # the stored date the queue sorts by moved too
        assert db.session.scalars(select(Case.due_date).where(Case.number == number)).one() == date(2027, 1, 8)
