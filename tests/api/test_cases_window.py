"""Received here, handled there (收受分离) and any window in the city (全市通办): a clerk opens the case
for a walk-in applicant, runs the formal review, receives and forwards it; the matter's department
decides; the result is handed over at the receiving window. Clerks elsewhere see nothing (404)."""

import pytest
from sqlalchemy import select

from tests.support.api import Api, new_phone
from tests.support.cases import PDF, demo_staff, post, registry_person, upload

MATTER = "FY-GA-0001"  # 开具户籍类证明: 市公安局 (孙丽), proxy_window, on the 全市通办 list, 1 working day
WINDOW = "FY-LQ-W01"  # 临泉县政务服务中心 跨省通办专窗 (陈静)
TOWN_WINDOW = "FY-LQ-YANGQIAO-W01"  # 临泉县杨桥镇便民服务中心 综合受理窗口 (general)
PROOF = "相关证明材料"  # optional: once provided, its checklist item must be checked


@pytest.fixture(autouse=True, scope="module")
def _uploads(app, tmp_path_factory):
    extra = app.config["TONGBAN"].extra
    before = extra.get("uploads_dir")
    extra["uploads_dir"] = str(tmp_path_factory.mktemp("uploads"))
    yield
    extra["uploads_dir"] = before


@pytest.fixture(scope="module")
def staff(app):
    return {key: demo_staff(app, key) for key in ("clerk_linquan", "clerk_taihe", "reviewer")}


def walk_in():
    id_number, name = registry_person()
    return {"name": name, "id_number": id_number, "phone": new_phone()}


def form_for(person):
    return {"certificate_type": "户籍信息证明", "subject_id": person["id_number"], "purpose": "子女入学",
            "contact_phone": person["phone"], "delivery": "窗口领取"}


def open_case(clerk, person, window=WINDOW, matter=MATTER, **extra):
    body = {"matter": matter, "mode": "proxy_window", "window": window, "applicant": person,
            "form": form_for(person), "delivery": "pickup", **extra}
    return post(clerk, "/api/v1/cases", body)


def every_key(case):
    return [item["key"] for item in case["reception"]["checklist"]]


def received_case(clerk, window=WINDOW):
    person = walk_in()
    case = open_case(clerk, person, window).get_json()
    resp = post(clerk, f"/api/v1/cases/{case['number']}/receive", {"checked": every_key(case)})
    assert resp.status_code == 200, resp.get_json()
    return case["number"], person, resp.get_json()


def test_walk_in_received_forwarded_decided_and_handed_over_at_the_window(app, staff):
    clerk, taihe, reviewer = staff["clerk_linquan"], staff["clerk_taihe"], staff["reviewer"]
    person = walk_in()
    resp = open_case(clerk, person)
    assert resp.status_code == 201, resp.get_json()
    case = resp.get_json()
    number = case["number"]
    assert case["status"] == "draft" and case["mode"] == "proxy_window"
    assert case["department"]["code"] == "341200-GA" and case["receiving_place"]["code"] == WINDOW
    assert case["applicant"]["assurance"] == "L3" and case["applicant"]["name"] == person["name"]
    reception = case["reception"]
    assert reception["route"] == "proxy_window" and reception["identity_checked_at"]
    kinds = {i["kind"] for i in reception["checklist"]}
    assert kinds == {"material", "condition"} and not any(i["checked"] for i in reception["checklist"])
    assert case["allowed_actions"] == ["receive", "withdraw"]

    # 太和's clerk and the department see nothing yet; forwarding comes after receiving.
    assert taihe.get(f"/api/v1/cases/{number}").status_code == 404
    assert post(taihe, f"/api/v1/cases/{number}/receive", {"checked": every_key(case)}).status_code == 404
    assert reviewer.get(f"/api/v1/cases/{number}").status_code == 404
    resp = post(clerk, f"/api/v1/cases/{number}/forward")
    assert resp.status_code == 409 and resp.get_json()["allowed_actions"] == ["receive", "withdraw"]

    # The photographed paper material, then the formal review: every item needed must be checked.
    assert upload(clerk, number, PROOF, PDF, filename="photo.pdf").status_code == 201
    resp = post(clerk, f"/api/v1/cases/{number}/receive", {"checked": ["material-1", "nonsense"]})
    errors = resp.get_json()["errors"]
    assert resp.status_code == 400 and "checklist.condition-1" in errors and "checked" in errors
    proof_key = next(i["key"] for i in reception["checklist"] if i["text"] == PROOF)
    assert f"checklist.{proof_key}" in errors  # optional, but provided: it must be checked
    receipt = post(clerk, f"/api/v1/cases/{number}/receive", {"checked": every_key(case)}, key="rcv-1")
    assert receipt.status_code == 200, receipt.get_json()
    again = post(clerk, f"/api/v1/cases/{number}/receive", {"checked": every_key(case)}, key="rcv-1")
    assert again.get_data() == receipt.get_data()  # the same receipt for a retry
    body = receipt.get_json()
    assert body["status"] == "received" and len(body["query_code"]) == 8
    assert body["receiving_place"]["code"] == WINDOW and body["department"]["code"] == "341200-GA"
    resp = post(clerk, f"/api/v1/cases/{number}/receive", {"checked": every_key(case)})
    assert resp.status_code == 409 and resp.get_json()["allowed_actions"] == ["forward"]

    # Received, not forwarded: the clerk's queue has it, the department's does not.
    assert number in [c["number"] for c in clerk.get("/api/v1/staff/queue?per_page=100").get_json()["items"]]
    assert number not in [c["number"] for c in reviewer.get("/api/v1/staff/queue?per_page=100").get_json()["items"]]
    assert post(reviewer, f"/api/v1/cases/{number}/accept").status_code == 404

    forwarded = post(clerk, f"/api/v1/cases/{number}/forward").get_json()
    assert forwarded["status"] == "in_transit" and forwarded["reception"]["forwarded_at"]
    assert post(clerk, f"/api/v1/cases/{number}/accept").status_code == 403  # the clerk does not decide
    assert number in [c["number"] for c in reviewer.get("/api/v1/staff/queue?per_page=100").get_json()["items"]]
    # a pick-up's hand-over is the receiving window's, never the reviewer's
    assert post(reviewer, f"/api/v1/cases/{number}/complete").status_code == 403
    accepted = post(reviewer, f"/api/v1/cases/{number}/accept").get_json()
    assert accepted["status"] == "accepted" and accepted["time_limit_days"] == 1
    approved = post(reviewer, f"/api/v1/cases/{number}/approve").get_json()
    assert approved["status"] == "delivering" and approved["allowed_actions"] == []  # pick-up: the window's

    # Waiting for pick-up at the receiving window: the clerk hands it over.
    assert post(reviewer, f"/api/v1/cases/{number}/complete").status_code == 403
    assert post(taihe, f"/api/v1/cases/{number}/complete").status_code == 404
    waiting = clerk.get("/api/v1/staff/queue?per_page=100").get_json()["items"]
    assert any(c["number"] == number and c["status"] == "delivering" for c in waiting)
    done = post(clerk, f"/api/v1/cases/{number}/complete", {"reason": "申请人本人领取"}).get_json()
    assert done["status"] == "completed" and done["outcome"] == "approved"
    steps = [(e["kind"], e["place"]) for e in done["events"]]
    assert [k for k, _p in steps] == ["created", "received", "forwarded", "accepted", "approved", "delivering",
                                      "completed"]
    assert dict(steps)["received"].endswith("跨省通办专窗") and dict(steps)["accepted"] == "阜阳市公安局"
    assert "临泉县" in done["events"][-1]["actor"]  # the clerk at the window recorded the hand-over

    # The walk-in follows the case with the receipt's code, or by signing in with the phone.
    anon = Api(app.test_client())
    look = anon.get(f"/api/v1/case-status?number={number}&query_code={body['query_code']}").get_json()
    assert look["status"] == "completed"
    applicant = Api(app.test_client())
    assert applicant.signin_code(person["phone"]).status_code == 200
    mine = applicant.get("/api/v1/me/cases").get_json()["items"]
    assert [c["number"] for c in mine] == [number]
    assert taihe.get(f"/api/v1/cases/{number}").status_code == 404


def test_a_clerk_acts_only_at_windows_of_their_jurisdiction(app, staff):
    clerk, taihe = staff["clerk_linquan"], staff["clerk_taihe"]
    assert open_case(taihe, walk_in(), WINDOW).status_code == 404  # a 临泉 window
    assert open_case(clerk, walk_in(), "FY-TH-W01").status_code == 404  # a 太和 window
    assert open_case(clerk, walk_in(), "NO-SUCH-W01").status_code == 404
    number, _person, _receipt = received_case(clerk)
    for url in (f"/api/v1/cases/{number}", f"/api/v1/cases/{number}/materials"):
        assert taihe.get(url).status_code == 404
    assert post(taihe, f"/api/v1/cases/{number}/forward").status_code == 404
    assert number not in [c["number"] for c in taihe.get("/api/v1/staff/queue?per_page=100").get_json()["items"]]

    # A resident is no clerk: applications at a window are received there.
    from tests.support.cases import resident

    api = resident(app)
    resp = post(api, "/api/v1/cases", {"matter": MATTER, "mode": "proxy_window", "window": WINDOW,
                                       "applicant": walk_in()})
    assert resp.status_code == 400 and "mode" in resp.get_json()["errors"]


def test_the_walk_in_is_checked_against_the_registry_and_phones_are_not_taken_over(app, staff):
    clerk = staff["clerk_linquan"]
    person = walk_in()
    resp = open_case(clerk, {**person, "name": "不是本人"})
    assert resp.status_code == 400 and "applicant.name" in resp.get_json()["errors"]
    resp = open_case(clerk, {**person, "phone": "13800000001"})  # 张伟's phone, another person's ID number
    assert resp.status_code == 409
    assert open_case(clerk, person).status_code == 201
    assert open_case(clerk, person).status_code == 201  # the same person again: found, not duplicated
    resp = open_case(clerk, walk_in(), mode="online")
    assert resp.status_code == 400 and "mode" in resp.get_json()["errors"]


def test_a_citywide_matter_received_at_a_town_window_goes_to_its_department(app, staff):
    clerk, reviewer = staff["clerk_linquan"], staff["reviewer"]
    number, _person, receipt = received_case(clerk, TOWN_WINDOW)
    assert receipt["department"]["code"] == "341200-GA"  # the matter's department, not the town's county
    case = clerk.get(f"/api/v1/cases/{number}").get_json()
    assert case["reception"]["route"] == "citywide" and case["receiving_place"]["code"] == TOWN_WINDOW
    post(clerk, f"/api/v1/cases/{number}/forward")
    assert number in [c["number"] for c in reviewer.get("/api/v1/staff/queue?per_page=100").get_json()["items"]]
    assert post(reviewer, f"/api/v1/cases/{number}/accept").get_json()["status"] == "accepted"

    # A matter that is not on the 全市通办 list is not received at a town window.
    resp = open_case(clerk, walk_in(), TOWN_WINDOW, matter="FY-RS-0001")
    assert resp.status_code == 400 and "window" in resp.get_json()["errors"]
    # The help desk receives nothing.
    resp = open_case(clerk, walk_in(), "FY-LQ-W05")
    assert resp.status_code == 400 and "window" in resp.get_json()["errors"]


def test_transitions_not_allowed_at_the_window_are_409(app, staff):
    clerk = staff["clerk_linquan"]
    number, person, _receipt = received_case(clerk)
    assert post(clerk, f"/api/v1/cases/{number}/complete").status_code == 409
    assert post(clerk, f"/api/v1/cases/{number}/submit").status_code == 403  # submitting is the applicant's
    applicant = Api(app.test_client())
    assert applicant.signin_code(person["phone"]).status_code == 200
    assert applicant.get(f"/api/v1/cases/{number}").get_json()["allowed_actions"] == ["withdraw"]
    post(clerk, f"/api/v1/cases/{number}/forward")
    resp = post(clerk, f"/api/v1/cases/{number}/forward")
    assert resp.status_code == 409 and resp.get_json()["allowed_actions"] == []
    withdrawn = post(applicant, f"/api/v1/cases/{number}/withdraw").get_json()
    assert withdrawn["status"] == "withdrawn"  # before acceptance, in transit too


def test_a_draft_at_the_window_is_the_clerks_until_received(app, staff):
    clerk = staff["clerk_linquan"]
    person = walk_in()
    number = open_case(clerk, person).get_json()["number"]
    applicant = Api(app.test_client())
    assert applicant.signin_code(person["phone"]).status_code == 200
    assert applicant.get(f"/api/v1/cases/{number}").status_code == 404
    assert upload(applicant, number, PROOF, PDF).status_code == 404
    saved = post(clerk, f"/api/v1/cases/{number}", {"form": {**form_for(person), "purpose": "办理护照"}})
    assert saved.status_code == 200 and saved.get_json()["form"]["purpose"] == "办理护照"
    cancelled = post(clerk, f"/api/v1/cases/{number}/withdraw").get_json()
    assert cancelled["status"] == "withdrawn" and cancelled["events"][-1]["place"].endswith("跨省通办专窗")


def test_originals_travel_by_waybill_after_forwarding(app, staff):
    from tongban.catalogue.models import Material, Matter
    from tongban.extensions import db
    from tongban.jobs import queue

    clerk = staff["clerk_linquan"]
    with app.app_context():
        row = db.session.scalars(select(Material).join(Matter).where(Matter.code == MATTER,
                                                                     Material.name == PROOF)).one()
        row.original_required = True
        db.session.commit()
    try:
        number, _person, _receipt = received_case_with_proof(clerk)
        assert clerk.get(f"/api/v1/cases/{number}").get_json()["reception"]["originals"] == [PROOF]
        post(clerk, f"/api/v1/cases/{number}/forward")
        with app.app_context():
            queue.drain()
        waybills = clerk.get(f"/api/v1/cases/{number}/waybills").get_json()["items"]
        assert [(w["purpose"], w["sender"]) for w in waybills] == [("originals", "临泉县政务服务中心 跨省通办专窗")]
        events = clerk.get(f"/api/v1/cases/{number}").get_json()["events"]
        assert [e["kind"] for e in events].count("waybill_created") == 1
    finally:
        with app.app_context():
            row = db.session.scalars(select(Material).join(Matter).where(Matter.code == MATTER,
                                                                         Material.name == PROOF)).one()
            row.original_required = False
            db.session.commit()


def received_case_with_proof(clerk):
    person = walk_in()
    case = open_case(clerk, person).get_json()
    assert upload(clerk, case["number"], PROOF, PDF).status_code == 201
    resp = post(clerk, f"/api/v1/cases/{case['number']}/receive", {"checked": every_key(case)})
    assert resp.status_code == 200, resp.get_json()
    return case["number"], person, resp.get_json()
