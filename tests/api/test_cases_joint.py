"""One place for several (多地联办): a joint case has a part per participating department, each decided
by its own reviewer; the case is accepted and approved when every part is, and ends as soon as one
part is not accepted or denied."""

import pytest

from tests.support.cases import PDF, demo_staff, new_reviewer, post, resident, submit, upload

MATTER = "FY-GA-0004"  # 工作调动户口迁移 (demo): 阜阳市公安局 and 宁波市公安局 take part
FORM = {"from_region": "330200", "to_address": "阜阳市颍州区示范路2号", "new_employer": "阜阳市示范单位",
        "transfer_date": "2026-11-01", "contact_phone": "13800000098", "delivery": "邮寄送达"}
PROOF = "工作调动证明"


@pytest.fixture(autouse=True, scope="module")
def _uploads(app, tmp_path_factory):
    extra = app.config["TONGBAN"].extra
    before = extra.get("uploads_dir")
    extra["uploads_dir"] = str(tmp_path_factory.mktemp("uploads"))
    yield
    extra["uploads_dir"] = before


@pytest.fixture(scope="module")
def staff(app):
    admin = demo_staff(app, "admin")
    return {"fuyang": demo_staff(app, "reviewer"), "ningbo": new_reviewer(app, admin, "330200-GA", "330200"),
            "minzheng": new_reviewer(app, admin, "341200-MZ", "341200")}


def joint_case(app):
    api = resident(app)
    resp = post(api, "/api/v1/cases", {"matter": MATTER, "mode": "joint", "form": FORM, "delivery": "post",
                                       "delivery_address": "安徽省阜阳市颍州区示范路2号"})
    assert resp.status_code == 201, resp.get_json()
    case = resp.get_json()
    assert upload(api, case["number"], PROOF, PDF).status_code == 201
    resp = submit(api, case["number"])
    assert resp.status_code == 200, resp.get_json()
    return api, case


def part(api, number, dept, action, reason=None):
    return post(api, f"/api/v1/cases/{number}/parts/{dept}/{action}", {"reason": reason} if reason else {})


def parts_of(body):
    return {p["department"]["code"]: p["status"] for p in body["parts"]}


def test_a_joint_case_completes_only_when_both_parts_do(app, staff):
    fuyang, ningbo = staff["fuyang"], staff["ningbo"]
    api, case = joint_case(app)
    number = case["number"]
    assert parts_of(case) == {"341200-GA": "waiting", "330200-GA": "waiting"}

    # Each department sees the case and only its own part's actions; another department sees nothing.
    assert staff["minzheng"].get(f"/api/v1/cases/{number}").status_code == 404
    assert part(staff["minzheng"], number, "330200-GA", "accept").status_code == 404
    in_ningbo = ningbo.get(f"/api/v1/cases/{number}").get_json()
    assert {p["department"]["code"]: p["allowed_actions"] for p in in_ningbo["parts"]} == {
        "341200-GA": [], "330200-GA": ["accept", "not-accept"]}
    assert number in [c["number"] for c in ningbo.get("/api/v1/staff/queue?per_page=100").get_json()["items"]]
    assert part(ningbo, number, "341200-GA", "accept").status_code == 403  # not its part

    # The case-level decisions are not for a joint case; a part is approved only once accepted.
    resp = post(fuyang, f"/api/v1/cases/{number}/accept")
    assert resp.status_code == 409 and resp.get_json()["allowed_actions"] == []
    resp = part(fuyang, number, "341200-GA", "approve")
    assert resp.status_code == 409 and resp.get_json()["allowed_actions"] == ["accept", "not-accept"]

    one = part(fuyang, number, "341200-GA", "accept").get_json()
    assert one["status"] == "submitted" and parts_of(one)["341200-GA"] == "accepted"
    resp = part(fuyang, number, "341200-GA", "approve")  # the case is not accepted as a whole yet
    assert resp.status_code == 409 and resp.get_json()["allowed_actions"] == []
    both = part(ningbo, number, "330200-GA", "accept").get_json()
    assert both["status"] == "accepted" and both["accepted_at"] and both["time_limit_days"] == 10

    first = part(fuyang, number, "341200-GA", "approve").get_json()
    assert first["status"] == "accepted" and parts_of(first)["341200-GA"] == "approved"
    assert post(fuyang, f"/api/v1/cases/{number}/complete").status_code == 409
    last = part(ningbo, number, "330200-GA", "approve").get_json()
    assert last["status"] == "delivering" and last["outcome"] == "approved"
    done = post(fuyang, f"/api/v1/cases/{number}/complete").get_json()  # the lead department posts the result
    assert done["status"] == "completed"

    # The applicant sees each part and every department's step on the timeline.
    mine = api.get(f"/api/v1/cases/{number}").get_json()
    assert parts_of(mine) == {"341200-GA": "approved", "330200-GA": "approved"}
    assert all(p["status_label"] and p["decided_at"] for p in mine["parts"])
    kinds = [e["kind"] for e in mine["events"] if not e["kind"].startswith("waybill")]  # post: a waybill too
    assert kinds == ["created", "submitted", "part_accepted", "part_accepted", "accepted", "part_approved",
                     "part_approved", "approved", "delivering", "completed"]
    assert [e["place"] for e in mine["events"] if e["kind"] == "part_approved"] == ["阜阳市公安局", "宁波市公安局"]


def test_one_part_denied_denies_the_case_and_closes_the_other(app, staff):
    fuyang, ningbo = staff["fuyang"], staff["ningbo"]
    api, case = joint_case(app)
    number = case["number"]
    part(fuyang, number, "341200-GA", "accept")
    part(ningbo, number, "330200-GA", "accept")
    assert part(ningbo, number, "330200-GA", "deny").status_code == 400  # a reason is required
    denied = part(ningbo, number, "330200-GA", "deny", "迁出地户籍信息不符").get_json()
    assert denied["status"] == "completed" and denied["outcome"] == "denied"
    assert parts_of(denied) == {"341200-GA": "closed", "330200-GA": "denied"}
    resp = part(fuyang, number, "341200-GA", "approve")
    assert resp.status_code == 409 and resp.get_json()["allowed_actions"] == []
    notes = [e["note"] for e in api.get(f"/api/v1/cases/{number}").get_json()["events"] if e["kind"] == "denied"]
    assert notes == ["迁出地户籍信息不符"]


def test_one_part_not_accepted_ends_the_case(app, staff):
    fuyang, ningbo = staff["fuyang"], staff["ningbo"]
    _api, case = joint_case(app)
    number = case["number"]
    part(fuyang, number, "341200-GA", "accept")
    body = part(ningbo, number, "330200-GA", "not-accept", "不属于本地受理范围").get_json()
    assert body["status"] == "not_accepted" and parts_of(body) == {"341200-GA": "closed",
                                                                     "330200-GA": "not_accepted"}
    assert part(fuyang, number, "341200-GA", "approve").status_code == 409
    assert part(fuyang, number, "NO-SUCH", "accept").status_code == 404


def test_joint_needs_participating_departments(app):
    api = resident(app)
    resp = post(api, "/api/v1/cases", {"matter": "FY-GA-0001", "mode": "joint"})  # not a joint matter
    assert resp.status_code == 400 and "mode" in resp.get_json()["errors"]
