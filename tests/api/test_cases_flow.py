"""The online path end to end: form schema, draft, upload, submit (idempotent), review, decision,
timeline, notices, the anonymous status look-up."""

import re

import pytest
from sqlalchemy import select

from tests.support.api import Api
from tests.support.cases import PDF, demo_staff, post, resident, sign, submit, upload

MATTER = "FY-GA-0010"  # 死亡注销户口: 市公安局 (孙丽 reviews there), L2, 1 working day, e-licence possible
PROOF = "居民死亡医学证明（推断）书"  # required, no e-licence can replace it
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


def start(api: Api, form=None, matter=MATTER, **extra):
    resp = post(api, "/api/v1/cases", {"matter": matter, "mode": "online", "form": form or {}, **extra})
    assert resp.status_code == 201, resp.get_json()
    return resp.get_json()


def submitted_case(app, form=FORM):
    api = resident(app)
    number = start(api, form)["number"]
    assert upload(api, number, PROOF, PDF).status_code == 201
    resp = submit(api, number)
    assert resp.status_code == 200, resp.get_json()
    return api, number, resp.get_json()


def test_the_form_is_a_json_schema_with_materials_and_level(app):
    api = resident(app)
    body = api.get(f"/api/v1/matters/{MATTER}/form").get_json()
    assert body["$schema"] == "https://json-schema.org/draft/2020-12/schema" and body["type"] == "object"
    assert body["min_assurance"] == "L2" and body["additionalProperties"] is False
    assert set(body["required"]) == {"deceased_id", "death_date", "relation", "contact_phone", "delivery"}
    props = body["properties"]
    assert props["death_date"]["format"] == "date" and props["relation"]["enum"][0] == "配偶"
    assert props["deceased_id"]["pattern"] and props["deceased_id"]["maxLength"] == 18
    assert props["contact_phone"]["title"] == "联系电话"
    proof = next(m for m in body["materials"] if m["name"] == PROOF)
    assert proof["required"] and proof["accepted_types"] == ["application/pdf", "image/jpeg", "image/png"]
    assert proof["max_bytes"] > 0 and proof["licence_type"] is None
    assert api.get("/api/v1/matters/NO-SUCH-0001/form").status_code == 404


def test_the_form_titles_follow_the_language(app):
    api = resident(app)
    en = api.get(f"/api/v1/matters/{MATTER}/form?lang=en").get_json()["properties"]
    hant = api.get(f"/api/v1/matters/{MATTER}/form?lang=zh_Hant").get_json()["properties"]
    assert en["contact_phone"]["title"] == "Contact phone"
    assert hant["contact_phone"]["title"] == "聯繫電話"


def test_online_path_end_to_end(app, reviewer):
    api = resident(app)
    draft = start(api, {"relation": "子女"})  # a partial form is fine in a draft
    number = draft["number"]
    assert re.fullmatch(r"TB\d{14}", number) and draft["status"] == "draft"
    assert draft["allowed_actions"] == ["submit", "withdraw"]
    saved = post(api, f"/api/v1/cases/{number}", {"form": FORM}).get_json()
    assert saved["form"] == FORM

    # Submitting without the required material names it.
    resp = post(api, f"/api/v1/cases/{number}/submit")
    assert resp.status_code == 400 and f"materials.{PROOF}" in resp.get_json()["errors"]
    assert upload(api, number, PROOF, PDF).status_code == 201

    resp = post(api, f"/api/v1/cases/{number}/submit")  # complete, but not signed
    assert resp.status_code == 400 and set(resp.get_json()["errors"]) == {"signature"}
    receipt = submit(api, number, key="submit-1").get_json()
    assert receipt["number"] == number and receipt["status"] == "submitted" and receipt["submitted_at"]
    assert re.fullmatch(r"[2-9A-HJKMNP-Z]{8}", receipt["query_code"])

    # The reviewer of 市公安局 finds it in the queue and works it through.
    queued = reviewer.get("/api/v1/staff/queue").get_json()
    assert number in [c["number"] for c in queued["items"]]
    accepted = post(reviewer, f"/api/v1/cases/{number}/accept").get_json()
    assert accepted["status"] == "accepted" and accepted["due_date"] and accepted["time_limit_days"] == 1
    resp = post(reviewer, f"/api/v1/cases/{number}/request-supplement")
    assert resp.status_code == 400 and "reason" in resp.get_json()["errors"]
    asked = post(reviewer, f"/api/v1/cases/{number}/request-supplement", {"reason": "死亡证明不清晰，请重新上传"})
    assert asked.get_json()["status"] == "supplement_requested" and asked.get_json()["paused"] is True

    mine = api.get(f"/api/v1/cases/{number}").get_json()
    assert mine["allowed_actions"] == ["supplement"] and mine["events"][-1]["note"] == "死亡证明不清晰，请重新上传"
    assert upload(api, number, PROOF, PDF, filename="clearer.pdf").status_code == 201
    answered = post(api, f"/api/v1/cases/{number}/supplement", {"reason": "已重新上传"})
    assert answered.status_code == 200 and answered.get_json()["status"] == "under_review"

    done = post(reviewer, f"/api/v1/cases/{number}/approve", {"reason": "符合条件"}).get_json()
    # The result is an e-licence: the case completes at once.
    assert done["status"] == "completed" and done["outcome"] == "approved" and done["completed_at"]
    kinds = [e["kind"] for e in done["events"]]
    assert kinds == ["created", "submitted", "accepted", "supplement_requested", "supplemented", "approved",
                     "completed"]
    accept = done["events"][2]
    assert accept["from_status"] == "submitted" and accept["to_status"] == "accepted"
    assert accept["place"] == "阜阳市公安局" and "阜阳市公安局" in accept["actor"] and accept["at"]

    # The applicant was told of every step someone else took (inbox and text, sent by background
    # jobs enqueued with each change), and all is audited.
    from tongban.audit.models import AuditEntry
    from tongban.extensions import db
    from tongban.jobs import queue

    with app.app_context():
        assert queue.drain() >= 5
        actions = db.session.scalars(select(AuditEntry.action).where(AuditEntry.object_id == number)).all()
    inbox = api.get("/api/v1/me/inbox").get_json()
    titles = [m["title"] for m in reversed(inbox["items"]) if m["link"] == f"/cases/{number}"]
    assert titles == ["申请已提交", "申请已受理", "要求补正材料", "准予办理", "已办结"], titles
    assert inbox["unread"] >= 5
    texts = [m["body"] for m in api.get("/api/v1/dev/outbox").get_json()["items"]
             if number in m["body"] and m["purpose"] == "notice"]  # not the code texted to sign
    assert len(texts) == 5 and any("补正" in t for t in texts)
    assert {"case.create", "case.submit", "case.accept", "case.request-supplement", "case.supplement",
            "case.approve", "case.file.upload"} <= set(actions)

    # Anyone with number and query code sees the status and the steps, and nothing personal.
    anon = Api(app.test_client())
    look = anon.get(f"/api/v1/case-status?number={number}&query_code={receipt['query_code']}")
    assert look.status_code == 200
    body = look.get_json()
    assert body["status"] == "completed" and [s["kind"] for s in body["steps"]][0] == "submitted"
    text = look.get_data(as_text=True)
    assert FORM["deceased_id"] not in text and "死亡证明不清晰" not in text and "案件测试" not in text


def test_submit_is_idempotent(app):
    api = resident(app)
    number = start(api, FORM)["number"]
    assert upload(api, number, PROOF, PDF).status_code == 201
    signed = {"delivery": "e_licence", "signature": sign(api, number)}
    first = post(api, f"/api/v1/cases/{number}/submit", signed, key="k-1")
    again = post(api, f"/api/v1/cases/{number}/submit", signed, key="k-1")
    assert first.status_code == again.status_code == 200
    assert first.get_data() == again.get_data()  # the same receipt, the same query code
    cases = api.get("/api/v1/me/cases").get_json()
    assert cases["total"] == 1
    detail = api.get(f"/api/v1/cases/{number}").get_json()
    assert [e["kind"] for e in detail["events"]].count("submitted") == 1

    # The same key with another body: 422, and nothing changes.
    other = post(api, f"/api/v1/cases/{number}/submit", {**signed, "delivery": "post", "delivery_address": "阜阳市"},
                 key="k-1")
    assert other.status_code == 422 and "Idempotency-Key" in other.get_json()["errors"]
    assert api.get(f"/api/v1/cases/{number}").get_json()["delivery"] == "e_licence"

    # Without a key, a second submission is a conflict naming what is possible now.
    resp = post(api, f"/api/v1/cases/{number}/submit")
    assert resp.status_code == 409 and resp.get_json()["allowed_actions"] == ["withdraw"]


def test_creating_a_draft_twice_with_one_key_makes_one_case(app):
    api = resident(app)
    body = {"matter": MATTER, "mode": "online", "form": {}}
    first = post(api, "/api/v1/cases", body, key="create-1")
    second = post(api, "/api/v1/cases", body, key="create-1")
    assert first.status_code == second.status_code == 201 and first.get_data() == second.get_data()
    assert api.get("/api/v1/me/cases").get_json()["total"] == 1


def test_a_transition_not_allowed_now_is_409_naming_the_allowed_ones(app, reviewer):
    _api, number, _receipt = submitted_case(app)
    resp = post(reviewer, f"/api/v1/cases/{number}/approve")
    assert resp.status_code == 409
    body = resp.get_json()
    assert body["allowed_actions"] == ["accept", "not-accept"] and body["code"] == "conflict"
    assert resp.headers["Content-Type"].startswith("application/problem+json")
    assert api_status(reviewer, number) == "submitted"  # nothing changed


def api_status(api, number):
    return api.get(f"/api/v1/cases/{number}").get_json()["status"]


def test_not_accepted_needs_a_reason_and_ends_the_case(app, reviewer):
    api, number, _receipt = submitted_case(app)
    assert post(reviewer, f"/api/v1/cases/{number}/not-accept").status_code == 400
    resp = post(reviewer, f"/api/v1/cases/{number}/not-accept", {"reason": "不属于本部门受理范围"})
    body = resp.get_json()
    assert body["status"] == "not_accepted" and body["outcome"] == "not_accepted" and body["completed_at"]
    assert api.get(f"/api/v1/cases/{number}").get_json()["allowed_actions"] == []


def test_deny_completes_with_the_reason_on_the_timeline(app, reviewer):
    api, number, _receipt = submitted_case(app)
    post(reviewer, f"/api/v1/cases/{number}/accept")
    post(reviewer, f"/api/v1/cases/{number}/review")
    assert post(reviewer, f"/api/v1/cases/{number}/deny").status_code == 400
    body = post(reviewer, f"/api/v1/cases/{number}/deny", {"reason": "材料与户籍档案不符"}).get_json()
    assert body["status"] == "completed" and body["outcome"] == "denied"
    assert any(e["kind"] == "denied" and e["note"] == "材料与户籍档案不符"
               for e in api.get(f"/api/v1/cases/{number}").get_json()["events"])


def test_withdraw_before_acceptance_only(app, reviewer):
    api, number, _receipt = submitted_case(app)
    assert post(api, f"/api/v1/cases/{number}/withdraw").get_json()["status"] == "withdrawn"
    _api2, other, _r = submitted_case(app)
    post(reviewer, f"/api/v1/cases/{other}/accept")
    resp = post(_api2, f"/api/v1/cases/{other}/withdraw")
    assert resp.status_code == 409 and resp.get_json()["allowed_actions"] == []


def test_delivery_by_post_waits_for_the_hand_over(app, reviewer):
    api = resident(app)
    number = start(api, FORM, delivery="post", delivery_address="安徽省阜阳市颍州区示范路1号")["number"]
    assert upload(api, number, PROOF, PDF).status_code == 201
    assert submit(api, number).status_code == 200
    post(reviewer, f"/api/v1/cases/{number}/accept")
    body = post(reviewer, f"/api/v1/cases/{number}/approve").get_json()
    assert body["status"] == "delivering" and body["outcome"] == "approved"
    assert post(reviewer, f"/api/v1/cases/{number}/complete").get_json()["status"] == "completed"


def test_post_needs_an_address_at_submission(app):
    api = resident(app)
    number = start(api, FORM, delivery="post")["number"]
    assert upload(api, number, PROOF, PDF).status_code == 201
    resp = post(api, f"/api/v1/cases/{number}/submit")
    assert resp.status_code == 400 and "delivery_address" in resp.get_json()["errors"]


def test_notices_are_in_the_platforms_language_whoever_acted(app, reviewer):
    """A reviewer browsing in English denies: the resident's inbox and text are still in Chinese."""
    from tongban.jobs import queue

    api, number, _receipt = submitted_case(app)
    reviewer.c.set_cookie("tb_lang", "en")
    try:
        post(reviewer, f"/api/v1/cases/{number}/accept")
        post(reviewer, f"/api/v1/cases/{number}/deny", {"reason": "材料与户籍档案不符"})
    finally:
        reviewer.c.delete_cookie("tb_lang")
    with app.app_context():
        queue.drain()
    notices = [m for m in api.get("/api/v1/me/inbox").get_json()["items"] if m["link"] == f"/cases/{number}"]
    assert {m["title"] for m in notices} >= {"申请已受理", "不予办理"}, notices
    assert all("case" not in m["body"] for m in notices)
    denied = next(m for m in notices if m["title"] == "不予办理")
    assert denied["body"].endswith("。原因：材料与户籍档案不符"), denied
    texts = [m["body"] for m in api.get("/api/v1/dev/outbox").get_json()["items"]
             if number in m["body"] and m["purpose"] == "notice"]
    assert len(texts) >= 3 and all(t.startswith("【通办】") and "case" not in t for t in texts), texts
