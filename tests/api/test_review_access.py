"""Review: what a user would notice around the case that no other test pins down — another person's
receipt, rating, fees, waybills, files, archive and inbox (404, the very same answer as for nothing;
401 signed out), a clerk of another county on a window case, replays (the same request twice), the
sandbox payer missing in production, and bad input on the endpoints the cases change added."""

from __future__ import annotations

import pytest

from tests.support.api import ORIGIN, Api, new_phone
from tests.support.cases import (
    PDF,
    demo_staff,
    jobs_run,  # noqa: F401 - autouse: the queued jobs run after each test
    new_reviewer,
    post,
    registry_person,
    resident,
    submit,
    upload,
)

LICENCE, HEALTH = "FY-GA-0011", "机动车驾驶人身体条件证明"  # ¥10 (demo), 市公安局, delivered by post
LICENCE_FORM = {"licence_number": "341200123456", "vehicle_class": "C1", "contact_phone": "13800000099",
                "delivery": "邮寄送达"}
ADDRESS = "安徽省阜阳市颍州区示范路1号"
MATTER, PROOF = "FY-GA-0010", "居民死亡医学证明（推断）书"
FORM = {"deceased_id": "341202194503120110", "death_date": "2026-11-20", "relation": "子女",
        "contact_phone": "13800000099", "delivery": "电子证照"}
WINDOW_MATTER, WINDOW = "FY-GA-0001", "FY-LQ-W01"  # 临泉县 跨省通办专窗 (陈静)
UNKNOWN = "TB20000101000000"  # well formed, never issued


@pytest.fixture(autouse=True, scope="module")
def _uploads(app, tmp_path_factory):
    extra = app.config["TONGBAN"].extra
    before = extra.get("uploads_dir")
    extra["uploads_dir"] = str(tmp_path_factory.mktemp("uploads"))
    yield
    extra["uploads_dir"] = before


def drain(app):
    from tongban.jobs import queue

    with app.app_context():
        queue.drain()


@pytest.fixture(scope="module")
def reviewer(app):
    return demo_staff(app, "reviewer")


@pytest.fixture(scope="module")
def done(app, reviewer):
    """A case with everything around it: a file, a paid fee, a result waybill, completed, rated, sealed."""
    owner = resident(app)
    resp = post(owner, "/api/v1/cases", {"matter": LICENCE, "form": LICENCE_FORM, "delivery": "post",
                                         "delivery_address": ADDRESS})
    assert resp.status_code == 201, resp.get_json()
    number = resp.get_json()["number"]
    file_id = upload(owner, number, HEALTH, PDF).get_json()["id"]
    receipt = submit(owner, number)
    assert receipt.status_code == 200, receipt.get_json()
    assert post(reviewer, f"/api/v1/cases/{number}/accept").status_code == 200
    order = post(owner, f"/api/v1/cases/{number}/payment").get_json()
    assert post(Api(app.test_client()), order["pay_url"]).status_code == 200
    assert post(reviewer, f"/api/v1/cases/{number}/approve").get_json()["status"] == "delivering"
    assert post(reviewer, f"/api/v1/cases/{number}/complete").get_json()["status"] == "completed"
    assert post(owner, f"/api/v1/cases/{number}/rating", {"level": "satisfied"}).status_code == 201
    drain(app)
    assert reviewer.get(f"/api/v1/cases/{number}/archive").status_code == 200
    return {"owner": owner, "number": number, "file": file_id, "code": receipt.get_json()["query_code"],
            "order": order["order_number"]}


@pytest.fixture(scope="module")
def stranger(app):
    return resident(app)


READS = ["/api/v1/cases/{n}", "/api/v1/cases/{n}/receipt.pdf", "/api/v1/cases/{n}/receipt-qr.svg",
         "/api/v1/cases/{n}/rating", "/api/v1/cases/{n}/payments", "/api/v1/cases/{n}/waybills",
         "/api/v1/cases/{n}/materials", "/api/v1/cases/{n}/materials/{f}", "/api/v1/cases/{n}/archive"]
WRITES = [("/api/v1/cases/{n}", {"form": {}}), ("/api/v1/cases/{n}/payment", {}),
          ("/api/v1/cases/{n}/rating", {"level": "very_dissatisfied"}), ("/api/v1/cases/{n}/signature/options", {}),
          ("/api/v1/cases/{n}/submit", {}), ("/api/v1/cases/{n}/withdraw", {}),
          ("/api/v1/cases/{n}/supplement", {}), ("/api/v1/cases/{n}/materials/{f}/remove", {}),
          ("/api/v1/cases/{n}/receive", {"checked": []}), ("/api/v1/cases/{n}/forward", {}),
          ("/api/v1/cases/{n}/complete", {}), ("/api/v1/cases/{n}/parts/341200-GA/accept", {})]


@pytest.mark.parametrize("path", READS)
def test_another_residents_case_things_answer_exactly_like_nothing(done, stranger, path):
    mine = stranger.get(path.format(n=done["number"], f=done["file"]))
    nothing = stranger.get(path.format(n=UNKNOWN, f=done["file"]))
    assert mine.status_code == nothing.status_code == 404, (mine.status_code, mine.get_data()[:200])
    assert mine.get_data() == nothing.get_data()
    there = done["owner"].get(path.format(n=done["number"], f=done["file"])).status_code
    assert there == (403 if path.endswith("/archive") else 200)  # it is there (the archive is staff's)


@pytest.mark.parametrize(("path", "body"), WRITES)
def test_another_resident_cannot_act_on_the_case(app, done, stranger, path, body):
    mine = post(stranger, path.format(n=done["number"], f=done["file"]), body)
    nothing = post(stranger, path.format(n=UNKNOWN, f=done["file"]), body)
    assert mine.status_code == nothing.status_code == 404, (mine.status_code, mine.get_data()[:200])
    assert mine.get_json()["detail"] == nothing.get_json()["detail"]
    assert post(Api(app.test_client()), path.format(n=done["number"], f=done["file"]), body).status_code == 401


@pytest.mark.parametrize("path", READS)
def test_signed_out_every_case_read_is_401(app, done, path):
    assert app.test_client().get(path.format(n=done["number"], f=done["file"])).status_code == 401


def test_nothing_of_the_strangers_changed(done):
    owner, n = done["owner"], done["number"]
    case = owner.get(f"/api/v1/cases/{n}").get_json()
    assert case["status"] == "completed" and case["materials"][0]["id"] == done["file"]
    assert owner.get(f"/api/v1/cases/{n}/rating").get_json()["level"] == "satisfied"
    assert [o["status"] for o in owner.get(f"/api/v1/cases/{n}/payments").get_json()["items"]] == ["paid"]


def test_another_residents_inbox_message_is_404_and_stays_unread(app, done, stranger):
    owner = done["owner"]
    items = owner.get("/api/v1/me/inbox").get_json()["items"]
    unread = next(m for m in items if m["read_at"] is None)
    resp = post(stranger, f"/api/v1/me/inbox/{unread['id']}/read")
    nothing = post(stranger, f"/api/v1/me/inbox/{2**31 - 1}/read")
    assert resp.status_code == nothing.status_code == 404 and resp.get_data() == nothing.get_data()
    assert post(Api(app.test_client()), f"/api/v1/me/inbox/{unread['id']}/read").status_code == 401
    assert unread["id"] not in [m["id"] for m in stranger.get("/api/v1/me/inbox").get_json()["items"]]
    after = {m["id"]: m for m in owner.get("/api/v1/me/inbox").get_json()["items"]}
    assert after[unread["id"]]["read_at"] is None

    # Read twice by its owner: fine both times, read once.
    before = owner.get("/api/v1/me/inbox").get_json()["unread"]
    assert post(owner, f"/api/v1/me/inbox/{unread['id']}/read").status_code == 200
    first = {m["id"]: m for m in owner.get("/api/v1/me/inbox").get_json()["items"]}[unread["id"]]["read_at"]
    assert post(owner, f"/api/v1/me/inbox/{unread['id']}/read").status_code == 200
    again = owner.get("/api/v1/me/inbox").get_json()
    assert first and {m["id"]: m for m in again["items"]}[unread["id"]]["read_at"] == first
    assert again["unread"] == before - 1


@pytest.mark.parametrize("path", [f"/api/v1/me/inbox/{2**63}/read", f"/api/v1/admin/jobs/{2**63}/retry",
                                  f"/api/v1/admin/jobs/{2**31}/retry"])
def test_ids_beyond_the_columns_are_404(app, path):
    admin = demo_staff(app, "admin")
    resp = post(admin, path)
    assert resp.status_code == 404 and resp.mimetype == "application/problem+json"


def test_a_file_of_another_case_is_not_reached_through_ones_own_case(app, done):
    """The file id of someone else's case, put under my own case's number: 404, not their file."""
    mine = resident(app)
    number = post(mine, "/api/v1/cases", {"matter": MATTER, "form": FORM}).get_json()["number"]
    assert mine.get(f"/api/v1/cases/{number}/materials/{done['file']}").status_code == 404
    assert post(mine, f"/api/v1/cases/{number}/materials/{done['file']}/remove").status_code == 404
    assert done["owner"].get(f"/api/v1/cases/{done['number']}/materials/{done['file']}").status_code == 200


# --- the anonymous look-up -------------------------------------------------------------------------

def test_case_status_with_another_cases_code_or_qr_token_answers_like_an_unknown_number(app, done):
    from tongban.cases import access, receipt

    other = resident(app)
    number = post(other, "/api/v1/cases", {"matter": MATTER, "form": FORM}).get_json()["number"]
    assert upload(other, number, PROOF, PDF).status_code == 201
    other_code = submit(other, number).get_json()["query_code"]
    with app.app_context():
        token = receipt.payload(access.find(done["number"])).rsplit(":", 1)[1]
    anon = Api(app.test_client())
    anon.reset_limits()

    def look(n, code):
        return anon.get(f"/api/v1/case-status?number={n}&query_code={code}")

    unknown = look(UNKNOWN, done["code"])
    for n, code in ((done["number"], other_code), (number, done["code"]), (number, token)):
        resp = look(n, code)
        assert resp.status_code == 404 and resp.get_data() == unknown.get_data(), (n, code)
    assert look(done["number"], token).status_code == 200 and look(number, other_code).status_code == 200


@pytest.mark.parametrize("query", ["number={n}", "query_code=ABCDEFGH", "number={n}&query_code=" + "A" * 33,
                                   "number=" + "T" * 33 + "&query_code=ABCDEFGH", "number={n}&query_code=AB%00CD"])
def test_case_status_bad_queries_are_400(app, done, query):
    anon = Api(app.test_client())
    anon.reset_limits()
    resp = anon.get("/api/v1/case-status?" + query.format(n=done["number"]))
    assert resp.status_code == 400 and resp.mimetype == "application/problem+json", resp.get_data()[:200]


# --- a clerk of another county, the department before forwarding -------------------------------------

def walk_in():
    id_number, name = registry_person()
    return {"name": name, "id_number": id_number, "phone": new_phone()}


def window_case(clerk):
    person = walk_in()
    body = {"matter": WINDOW_MATTER, "mode": "proxy_window", "window": WINDOW, "applicant": person,
            "form": {"certificate_type": "户籍信息证明", "subject_id": person["id_number"], "purpose": "子女入学",
                     "contact_phone": person["phone"], "delivery": "窗口领取"}, "delivery": "pickup"}
    resp = post(clerk, "/api/v1/cases", body)
    assert resp.status_code == 201, resp.get_json()
    return resp.get_json()


@pytest.fixture(scope="module")
def window(app):
    """临泉's clerk, 太和's clerk, a draft at 临泉's window and a case received there (not forwarded)."""
    linquan, taihe = demo_staff(app, "clerk_linquan"), demo_staff(app, "clerk_taihe")
    draft = window_case(linquan)
    received = window_case(linquan)
    assert upload(linquan, received["number"], "相关证明材料", PDF).status_code == 201
    keys = [i["key"] for i in received["reception"]["checklist"]]
    resp = post(linquan, f"/api/v1/cases/{received['number']}/receive", {"checked": keys})
    assert resp.status_code == 200, resp.get_json()
    file_id = linquan.get(f"/api/v1/cases/{received['number']}/materials").get_json()["items"][0]["id"]
    return {"linquan": linquan, "taihe": taihe, "draft": draft["number"], "received": received["number"],
            "file": file_id}


@pytest.mark.parametrize(("path", "body"), [
    ("/api/v1/cases/{n}", {"form": {"purpose": "办理护照"}}), ("/api/v1/cases/{n}/withdraw", {}),
    ("/api/v1/cases/{n}/receive", {"checked": []}), ("/api/v1/cases/{n}/signature/options", {})])
def test_another_countys_clerk_cannot_touch_a_window_draft(window, path, body):
    n = window["draft"]
    resp = post(window["taihe"], path.format(n=n), body)
    assert resp.status_code == 404, (resp.status_code, resp.get_data()[:200])
    assert upload(window["taihe"], n, "相关证明材料", PDF).status_code == 404
    case = window["linquan"].get(f"/api/v1/cases/{n}").get_json()
    assert case["status"] == "draft" and case["form"]["purpose"] == "子女入学" and case["materials"] == []


@pytest.mark.parametrize("path", READS[:-1])
def test_a_received_window_case_is_hidden_from_another_county_and_from_the_department(window, reviewer, path):
    url = path.format(n=window["received"], f=window["file"])
    assert window["taihe"].get(url).status_code == 404
    assert reviewer.get(url).status_code == 404  # not forwarded yet: the department sees nothing


@pytest.mark.parametrize("action", ["forward", "complete", "withdraw", "accept"])
def test_another_countys_clerk_cannot_act_on_a_received_case(window, action):
    resp = post(window["taihe"], f"/api/v1/cases/{window['received']}/{action}", {"reason": "x"})
    assert resp.status_code == 404, (resp.status_code, resp.get_data()[:200])
    assert window["linquan"].get(f"/api/v1/cases/{window['received']}").get_json()["status"] == "received"


def test_a_receive_replayed_by_another_clerk_with_the_same_key_gets_nothing(window):
    n = window["draft"]
    keys = [i["key"] for i in window["linquan"].get(f"/api/v1/cases/{n}").get_json()["reception"]["checklist"]]
    resp = post(window["taihe"], f"/api/v1/cases/{n}/receive", {"checked": keys}, key="review-rcv")
    assert resp.status_code == 404 and "query_code" not in resp.get_data(as_text=True)


# --- replays -----------------------------------------------------------------------------------------

def test_one_idempotency_key_is_per_account_not_global(app):
    body = {"matter": MATTER, "mode": "online", "form": {}}
    a, b = resident(app), resident(app)
    first = post(a, "/api/v1/cases", body, key="review-shared-key")
    second = post(b, "/api/v1/cases", body, key="review-shared-key")
    assert first.status_code == second.status_code == 201
    assert first.get_json()["number"] != second.get_json()["number"]
    assert b.get(f"/api/v1/cases/{first.get_json()['number']}").status_code == 404
    assert b.get("/api/v1/me/cases").get_json()["total"] == 1


def test_one_key_for_two_cases_submissions_is_422(app):
    api = resident(app)
    numbers = []
    for _ in range(2):
        number = post(api, "/api/v1/cases", {"matter": MATTER, "form": FORM}).get_json()["number"]
        assert upload(api, number, PROOF, PDF).status_code == 201
        numbers.append(number)
    assert submit(api, numbers[0], key="review-submit").status_code == 200
    api.reset_limits()  # signing codes: one a minute
    resp = submit(api, numbers[1], key="review-submit")
    assert resp.status_code == 422 and "Idempotency-Key" in resp.get_json()["errors"]
    assert api.get(f"/api/v1/cases/{numbers[1]}").get_json()["status"] == "draft"


@pytest.mark.parametrize("key", ["k" * 129, "有中文", "a b"])
def test_a_bad_idempotency_key_is_400_naming_the_header(app, key):
    api = resident(app)
    headers = {"Origin": ORIGIN, "X-CSRF-Token": api.csrf(), "Idempotency-Key": key.encode().decode("latin-1")}
    resp = api.c.post("/api/v1/cases", json={"matter": MATTER}, headers=headers)
    assert resp.status_code == 400 and "Idempotency-Key" in resp.get_json()["errors"], resp.get_json()
    assert api.get("/api/v1/me/cases").get_json()["total"] == 0


def test_withdrawing_twice_is_409(app):
    api = resident(app)
    number = post(api, "/api/v1/cases", {"matter": MATTER}).get_json()["number"]
    assert post(api, f"/api/v1/cases/{number}/withdraw").get_json()["status"] == "withdrawn"
    resp = post(api, f"/api/v1/cases/{number}/withdraw")
    assert resp.status_code == 409 and resp.get_json()["allowed_actions"] == []
    kinds = [e["kind"] for e in api.get(f"/api/v1/cases/{number}").get_json()["events"]]
    assert kinds.count("withdrawn") == 1


def test_accepting_a_joint_part_twice_is_409_and_recorded_once(app, reviewer):
    admin = demo_staff(app, "admin")
    ningbo = new_reviewer(app, admin, "330200-GA", "330200")
    api = resident(app)
    form = {"from_region": "330200", "to_address": "阜阳市颍州区示范路2号", "new_employer": "阜阳市示范单位",
            "transfer_date": "2026-11-01", "contact_phone": "13800000098", "delivery": "邮寄送达"}
    number = post(api, "/api/v1/cases", {"matter": "FY-GA-0004", "mode": "joint", "form": form, "delivery": "post",
                                         "delivery_address": ADDRESS}).get_json()["number"]
    assert upload(api, number, "工作调动证明", PDF).status_code == 201
    assert submit(api, number).status_code == 200
    url = f"/api/v1/cases/{number}/parts/341200-GA/accept"
    assert post(reviewer, url).status_code == 200
    again = post(reviewer, url)
    assert again.status_code == 409 and again.get_json()["allowed_actions"] == []
    assert post(ningbo, url).status_code == 403  # not its part
    events = [e["kind"] for e in api.get(f"/api/v1/cases/{number}").get_json()["events"]]
    assert events.count("part_accepted") == 1
    # an unknown action on a part, and a department code that is no code
    assert post(reviewer, f"/api/v1/cases/{number}/parts/341200-GA/approve-all").status_code == 404
    assert post(reviewer, f"/api/v1/cases/{number}/parts/{'9' * 200}/accept").status_code == 404


def test_another_residents_staged_bundle_file_is_not_theirs_to_use(app):
    from tests.api.test_cases_bundles import BUNDLE, stage
    from tests.api.test_cases_bundles import FORM as BUNDLE_FORM

    owner, thief = resident(app), resident(app)
    file_id = stage(owner).get_json()["id"]
    resp = post(thief, f"/api/v1/bundles/{BUNDLE}/apply", {"form": BUNDLE_FORM, "delivery": "pickup",
                                                           "materials": [file_id]}, key="review-bundle")
    assert resp.status_code == 400 and any(k.startswith("materials") for k in resp.get_json()["errors"])
    assert thief.get("/api/v1/me/cases").get_json()["total"] == 0
    mine = post(owner, f"/api/v1/bundles/{BUNDLE}/apply", {"form": BUNDLE_FORM, "delivery": "pickup",
                                                           "materials": [file_id]}, key="review-bundle")
    assert mine.status_code == 201, mine.get_json()  # the same key, another account: its own application
    for bad in (["x"], [2**63], "1", [None]):
        resp = post(owner, f"/api/v1/bundles/{BUNDLE}/apply", {"form": BUNDLE_FORM, "materials": bad})
        assert resp.status_code == 400 and {"materials", "materials.0"} & set(resp.get_json()["errors"]), (
            bad, resp.get_json())


# --- the sandbox payer in production ---------------------------------------------------------------

def test_the_sandbox_payer_and_outbox_do_not_exist_in_production(done):
    from tongban import create_app

    prod = create_app({"env": "production", "secret_key": "p" * 40, "pwa_dist": "/nonexistent",
                       "database_url": "postgresql+psycopg://nobody@127.0.0.1:1/none",  # never reached
                       "extra": {"public_url": "https://tongban.example"}})
    client = prod.test_client()
    pay = client.post(f"/api/v1/payments/sandbox/{done['order']}/pay", json={},
                      headers={"Origin": "https://tongban.example"})
    assert pay.status_code == 404 and pay.mimetype == "application/problem+json"
    assert client.get("/api/v1/dev/outbox").status_code == 404
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert not [p for p in paths if "sandbox" in p or "/dev/" in p]


# --- bad input ----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("body", "field"), [
    ({"level": 5}, "level"), ({"level": None}, "level"), ({}, "level"),
    ({"level": "satisfied", "comment": 123}, "comment"), ({"level": "satisfied", "extra": 1}, "extra"),
])
def test_bad_ratings_are_400_naming_the_field(done, body, field):
    resp = post(done["owner"], f"/api/v1/cases/{done['number']}/rating", body)
    assert resp.status_code == 400 and field in resp.get_json()["errors"], resp.get_json()


@pytest.mark.parametrize(("body", "field"), [
    ({"window": "FY-LQ-W01", "level": "meh"}, "level"),
    ({"window": "FY-LQ-W01", "level": "satisfied", "comment": "x" * 501}, "comment"),
    ({"window": "x" * 200, "level": "satisfied"}, "window"),
    ({"window": ["FY-LQ-W01"], "level": "satisfied"}, "window"),
    ({"level": "satisfied"}, "window"),
])
def test_bad_window_ratings_are_400_naming_the_field(app, body, field):
    anon = Api(app.test_client())
    anon.reset_limits()
    resp = post(anon, "/api/v1/window-ratings", body)
    assert resp.status_code == 400 and field in resp.get_json()["errors"], resp.get_json()


@pytest.mark.parametrize(("body", "field"), [
    ({"checked": "material-1"}, "checked"), ({"checked": ["x" * 41]}, "checked"),
    ({"checked": ["m"] * 201}, "checked"), ({"checked": [], "reason": "x" * 501}, "reason"),
    ({"checked": [1]}, "checked"),
])
def test_bad_receive_bodies_are_400(window, body, field):
    resp = post(window["linquan"], f"/api/v1/cases/{window['draft']}/receive", body)
    assert resp.status_code == 400 and any(k.startswith(field) for k in resp.get_json()["errors"]), resp.get_json()


@pytest.mark.parametrize(("change", "field"), [
    ({"applicant": {"name": "某", "id_number": "341202199001011234", "phone": "13900000000"}}, "applicant.id_number"),
    ({"applicant": {"name": "x" * 65, "id_number": "341202199001011234", "phone": "13900000000"}}, "applicant.name"),
    ({"applicant": {"name": "某", "id_number": "34120219900101123X", "phone": "12345"}}, "applicant.phone"),
    ({"window": "x" * 300}, "window"), ({"delivery_address": "x" * 1000}, "delivery_address"),
])
def test_bad_window_applications_are_400(window, change, field):
    person = walk_in()
    body = {"matter": WINDOW_MATTER, "mode": "proxy_window", "window": WINDOW, "applicant": person, **change}
    resp = post(window["linquan"], "/api/v1/cases", body)
    assert resp.status_code == 400 and field in resp.get_json()["errors"], resp.get_json()


@pytest.mark.parametrize("query", ["state=bogus", "per_page=1000", "page=0"])
def test_bad_queries_of_jobs_and_rectifications_are_400(app, query):
    admin = demo_staff(app, "admin")
    assert admin.get(f"/api/v1/admin/jobs?{query}").status_code == 400
    supervisor = demo_staff(app, "supervisor")
    q = query.replace("state", "status")
    assert supervisor.get(f"/api/v1/staff/rectifications?{q}").status_code == 400


def test_signature_options_with_an_unknown_method_is_400(app):
    api = resident(app)
    number = post(api, "/api/v1/cases", {"matter": MATTER, "form": FORM}).get_json()["number"]
    resp = post(api, f"/api/v1/cases/{number}/signature/options", {"method": "fax"})
    assert resp.status_code == 400 and "method" in resp.get_json()["errors"]


# --- a case that ended ---------------------------------------------------------------------------------

def test_an_open_order_of_a_withdrawn_case_cannot_leave_the_money_taken(app):
    """The applicant opened the fee order, then withdrew before acceptance; the provider's page was still
    open and they pay. Either the payment is refused, or the money goes back: never kept."""
    api = resident(app)
    number = post(api, "/api/v1/cases", {"matter": LICENCE, "form": LICENCE_FORM, "delivery": "post",
                                         "delivery_address": ADDRESS}).get_json()["number"]
    assert upload(api, number, HEALTH, PDF).status_code == 201
    assert submit(api, number).status_code == 200
    order = post(api, f"/api/v1/cases/{number}/payment").get_json()
    assert post(api, f"/api/v1/cases/{number}/withdraw").get_json()["status"] == "withdrawn"
    assert post(api, f"/api/v1/cases/{number}/payment").status_code == 409  # no new order for an ended case
    paid = post(Api(app.test_client()), order["pay_url"])
    drain(app)
    listed = api.get(f"/api/v1/cases/{number}/payments").get_json()["items"]
    assert [o["status"] for o in listed] != ["paid"], (paid.status_code, listed)
    assert post(api, f"/api/v1/cases/{number}/rating", {"level": "satisfied"}).status_code == 409  # not completed


def test_case_status_of_a_draft_answers_like_an_unknown_number(app):
    api = resident(app)
    number = post(api, "/api/v1/cases", {"matter": MATTER}).get_json()["number"]
    anon = Api(app.test_client())
    anon.reset_limits()
    unknown = anon.get(f"/api/v1/case-status?number={UNKNOWN}&query_code=ABCDEFGHJKMNPQRS")
    for code in ("ABCDEFGHJKMNPQRS", "ABCDEFGH"):
        resp = anon.get(f"/api/v1/case-status?number={number}&query_code={code}")
        assert resp.status_code == 404 and resp.get_data() == unknown.get_data()
    assert api.get(f"/api/v1/cases/{number}/receipt.pdf").status_code == 409


@pytest.mark.parametrize("status", ["", "&status=received", "&status=withdrawn", "&status=in_transit"])
def test_another_countys_clerk_queue_never_lists_the_case_whatever_the_filter(window, status):
    resp = window["taihe"].get(f"/api/v1/staff/queue?per_page=100{status}")
    assert resp.status_code == 200, resp.get_json()
    listed = [c["number"] for c in resp.get_json()["items"]]
    assert window["received"] not in listed and window["draft"] not in listed
    assert window["taihe"].get("/api/v1/staff/queue?status=draft").status_code == 400  # drafts are no queue's
