"""Fees and waybills through their sandbox adapters: an order for the guide's fee, paid by the sandbox
payer, refunded when the case ends without a result; the result's waybill booked when it goes by post,
its tracking polled onto the case's timeline; the originals' waybill for the window reception."""

from datetime import datetime, timedelta

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

LICENCE, HEALTH = "FY-GA-0011", "机动车驾驶人身体条件证明"  # 驾驶证有效期满换证: ¥10 (demo), 市公安局
FORM = {"licence_number": "341200123456", "vehicle_class": "C1", "contact_phone": "13800000099",
        "delivery": "邮寄送达"}
ADDRESS = "安徽省阜阳市颍州区示范路1号"


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


def accepted_case(app, reviewer, delivery="post"):
    api = resident(app)
    body = {"matter": LICENCE, "form": FORM, "delivery": delivery}
    if delivery == "post":
        body["delivery_address"] = ADDRESS
    resp = post(api, "/api/v1/cases", body)
    assert resp.status_code == 201, resp.get_json()
    number = resp.get_json()["number"]
    assert upload(api, number, HEALTH, PDF).status_code == 201
    resp = submit(api, number)
    assert resp.status_code == 200, resp.get_json()
    assert post(reviewer, f"/api/v1/cases/{number}/accept").status_code == 200
    return api, number


def kinds(api, number):
    return [e["kind"] for e in api.get(f"/api/v1/cases/{number}").get_json()["events"]]


def drain(app):
    from tongban.jobs import queue

    with app.app_context():
        queue.drain()


def test_the_fee_is_paid_through_the_sandbox_provider(app, reviewer):
    api, number = accepted_case(app, reviewer)
    resp = post(api, f"/api/v1/cases/{number}/payment")
    assert resp.status_code == 201, resp.get_json()
    order = resp.get_json()
    assert order["status"] == "created" and order["amount_fen"] == 1000 and order["amount"] == "¥10.00"
    assert order["provider"] == "sandbox" and order["currency"] == "CNY"
    assert order["pay_url"] == f"/api/v1/payments/sandbox/{order['order_number']}/pay"
    assert post(api, f"/api/v1/cases/{number}/payment").get_json()["order_number"] == order["order_number"]
    assert "payment_requested" in kinds(api, number)
    assert post(reviewer, f"/api/v1/cases/{number}/payment").status_code == 403  # the applicant pays

    from tests.support.api import Api

    payer = Api(app.test_client())  # the payer is on the provider's page: no Tongban session
    paid = post(payer, order["pay_url"])
    assert paid.status_code == 200 and paid.get_json()["status"] == "paid" and paid.get_json()["pay_url"] is None
    assert post(payer, order["pay_url"]).status_code == 409
    assert post(payer, "/api/v1/payments/sandbox/PO000000000000000000/pay").status_code == 404
    listed = api.get(f"/api/v1/cases/{number}/payments").get_json()["items"]
    assert [o["status"] for o in listed] == ["paid"] and listed[0]["paid_at"]
    assert "payment_paid" in kinds(api, number)
    assert post(api, f"/api/v1/cases/{number}/payment").status_code == 409  # paid already


def test_no_online_order_for_a_free_matter_or_a_draft(app, reviewer):
    api = resident(app)
    draft = post(api, "/api/v1/cases", {"matter": LICENCE, "form": FORM}).get_json()["number"]
    assert post(api, f"/api/v1/cases/{draft}/payment").status_code == 409
    free = post(api, "/api/v1/cases", {"matter": "FY-GA-0010"}).get_json()["number"]
    assert post(api, f"/api/v1/cases/{free}/payment").status_code == 409
    assert post(resident(app), f"/api/v1/cases/{draft}/payment").status_code == 404


def test_a_denied_case_gets_its_fee_back(app, reviewer):
    api, number = accepted_case(app, reviewer)
    order = post(api, f"/api/v1/cases/{number}/payment").get_json()
    assert post(api, order["pay_url"]).status_code == 200
    denied = post(reviewer, f"/api/v1/cases/{number}/deny", {"reason": "驾驶证已被吊销"}).get_json()
    assert denied["outcome"] == "denied"
    from tongban.extensions import db
    from tongban.jobs.models import Job

    with app.app_context():
        assert db.session.scalars(select(Job).where(Job.key == f"refund:{order['order_number']}")).one()
    drain(app)
    listed = api.get(f"/api/v1/cases/{number}/payments").get_json()["items"]
    assert listed[0]["status"] == "refunded" and listed[0]["refunded_at"]
    assert "payment_refunded" in kinds(api, number)


def test_the_result_goes_by_waybill_and_its_tracking_reaches_the_timeline(app, reviewer):
    api, number = accepted_case(app, reviewer)
    body = post(reviewer, f"/api/v1/cases/{number}/approve").get_json()
    assert body["status"] == "delivering"
    waybills = api.get(f"/api/v1/cases/{number}/waybills").get_json()["items"]
    assert len(waybills) == 1
    waybill = waybills[0]
    assert waybill["purpose"] == "result" and waybill["provider"] == "sandbox" and waybill["status"] == "created"
    assert waybill["sender"] == "阜阳市公安局" and "*" in waybill["recipient"]  # the applicant's name, masked
    assert "waybill_created" in kinds(api, number)

    from tongban.core.db import utcnow
    from tongban.extensions import db
    from tongban.logistics import service as logistics

    with app.app_context():
        assert logistics.poll(utcnow() + timedelta(hours=3)) >= 2  # picked up, in transit
        again = logistics.poll(utcnow() + timedelta(hours=3))  # a repeated poll adds nothing for it
        db.session.commit()
    tracked = api.get(f"/api/v1/cases/{number}/waybills").get_json()["items"][0]
    assert [e["status"] for e in tracked["events"]] == ["picked_up", "in_transit"] and again == 0
    assert tracked["status"] == "in_transit"
    assert kinds(api, number).count("waybill_moved") == 2
    with app.app_context():
        logistics.poll(utcnow() + timedelta(hours=25))
    tracked = api.get(f"/api/v1/cases/{number}/waybills").get_json()["items"][0]
    assert tracked["status"] == "delivered" and len(tracked["events"]) == 4
    assert kinds(api, number)[-1] == "waybill_delivered"
    assert reviewer.get(f"/api/v1/cases/{number}/waybills").status_code == 200
    assert resident(app).get(f"/api/v1/cases/{number}/waybills").status_code == 404


def test_the_waybill_names_the_applicant_in_the_platform_language_whoever_acted(app, reviewer):
    api, number = accepted_case(app, reviewer)
    from tongban.cases import access
    from tongban.extensions import db

    with app.app_context():
        access.find(number).applicant.person.name = ""  # no name to mask: the waybill says 申请人
        db.session.commit()
    assert post(reviewer, f"/api/v1/cases/{number}/approve?lang=en").status_code == 200  # browsing in English
    waybill = api.get(f"/api/v1/cases/{number}/waybills").get_json()["items"][0]
    assert waybill["recipient"] == "申请人"
    created = [e for e in api.get(f"/api/v1/cases/{number}").get_json()["events"] if e["kind"] == "waybill_created"]
    assert created[0]["note"].endswith("→ 申请人")


def test_the_originals_waybill_for_the_window_reception(app, reviewer):
    _api, number = accepted_case(app, reviewer, delivery="e_licence")
    from tongban.cases import access, waybills
    from tongban.extensions import db

    with app.app_context():
        case = access.find(number)
        waybill = waybills.create_for_originals(case, sender="临泉县政务服务中心 跨省通办专窗")
        db.session.commit()
        assert waybill.purpose == "originals" and waybill.recipient == "阜阳市公安局"
    items = reviewer.get(f"/api/v1/cases/{number}/waybills").get_json()["items"]
    assert [w["sender"] for w in items] == ["临泉县政务服务中心 跨省通办专窗"]


def test_the_worker_polls_and_scans_periodically(app):
    from tongban.jobs import queue

    def due(minute):
        return {task.name for task in queue.huey.read_periodic(datetime(2026, 11, 30, 9, minute))}

    assert {"time_limits", "waybill_tracking", "relay", "housekeeping"} <= due(0)
    assert "waybill_tracking" in due(10) and "time_limits" not in due(10) and "time_limits" in due(15)
    assert {"time_limits", "waybill_tracking"}.isdisjoint(due(7))
