"""What a mandate covers and allows: matters and categories (by the handling department's sector), the
four permissions (view, apply, sign, receive), and what the principal and staff see of an agent's work:
notices, the activity list, the case's agent and its timeline."""

import pytest

from tests.support.cases import demo_staff, jobs_run, post, submit, upload  # noqa: F401 - jobs_run: autouse
from tests.support.mandates import (
    GA_FORM,
    GA_MATTER,
    GA_PROOF,
    PDF,
    acting,
    active,
    draft,
    drain,
    inbox,
    person,
    refused,
    uploads_dir,  # noqa: F401 - autouse
)

LICENCE, HEALTH = "FY-GA-0011", "机动车驾驶人身体条件证明"  # 驾驶证有效期满换证: a ¥10 fee (demo)
LICENCE_FORM = {"licence_number": "341200123456", "vehicle_class": "C1", "contact_phone": "13800000099",
                "delivery": "邮寄送达"}


@pytest.fixture(scope="module")
def reviewer(app):
    return demo_staff(app, "reviewer")  # 孙丽, 341200-GA


def start(agent, matter, form=None):
    return post(agent, "/api/v1/cases", {"matter": matter, "mode": "online", "form": form or {}})


def submitted(api, matter=GA_MATTER):
    """A case the principal applied for and submitted themselves."""
    number = draft(api, matter) if matter == GA_MATTER else None
    if number is None:
        resp = post(api, "/api/v1/cases", {"matter": matter, "form": LICENCE_FORM, "delivery": "post",
                                           "delivery_address": "安徽省阜阳市颍州区示范路1号"})
        assert resp.status_code == 201, resp.get_json()
        number = resp.get_json()["number"]
        assert upload(api, number, HEALTH, PDF).status_code == 201
    api.reset_limits()
    resp = submit(api, number)
    assert resp.status_code == 200, resp.get_json()
    return number


def test_a_mandate_for_named_matters_covers_those_only(app):
    principal, agent = person(app), person(app)
    own_other = draft(principal, "FY-GA-0001", {}, files=False)  # the principal's own, outside the scope
    mid = active(principal, agent, scope="matters", scope_items=[GA_MATTER])
    seen = principal.get(f"/api/v1/mandates/{mid}").get_json()
    assert seen["scope_items"] == [{"code": GA_MATTER, "name": "死亡注销户口"}]
    acting(agent, mid)
    ok = start(agent, GA_MATTER)
    assert ok.status_code == 201
    out = start(agent, "FY-GA-0001")
    assert refused(out, 403, "mandate-scope") and "开具户籍类证明" in out.get_json()["detail"]
    assert refused(agent.get(f"/api/v1/cases/{own_other}"), 403, "mandate-scope")
    assert [c["number"] for c in agent.get("/api/v1/me/cases").get_json()["items"]] == [ok.get_json()["number"]]


def test_categories_follow_the_handling_departments_sector(app):
    principal, agent = person(app), person(app)
    mid = active(principal, agent, scope="categories", scope_items=["GA", "ZRZY"])
    acting(agent, mid)
    assert start(agent, "FY-GA-0001").status_code == 201
    assert start(agent, "FY-GA-0010").status_code == 201
    assert refused(start(agent, "FY-RS-0004"), 403, "mandate-scope")  # social security: 341200-RS
    assert start(agent, "FY-BDC-0001").status_code == 201  # the real-estate registry sits with ZRZY
    assert refused(start(agent, "FY-GZ-0001"), 403, "mandate-scope")  # notaries sit with SF, not named
    family = refused(start(agent, "FY-SJ-0002"), 403, "mandate-scope")  # an enterprise matter
    assert family


def test_view_reads_the_principals_covered_cases_but_applies_for_nothing(app):
    principal, agent = person(app), person(app)
    number = submitted(principal)
    own_draft = draft(principal)
    files = principal.get(f"/api/v1/cases/{own_draft}/materials").get_json()["items"]
    mid = active(principal, agent, permissions=["view"])
    acting(agent, mid)
    assert refused(start(agent, GA_MATTER), 403, "mandate-permission")
    listed = agent.get("/api/v1/me/cases").get_json()
    assert {c["number"] for c in listed["items"]} == {number, own_draft} and listed["total"] == 2
    detail = agent.get(f"/api/v1/cases/{number}")
    assert detail.status_code == 200 and detail.get_json()["allowed_actions"] == []
    assert agent.get(f"/api/v1/cases/{own_draft}/materials").status_code == 200
    got = agent.get(f"/api/v1/cases/{own_draft}/materials/{files[0]['id']}")
    assert got.status_code == 200 and got.get_data() == PDF
    assert agent.get(f"/api/v1/cases/{number}/receipt.pdf").status_code == 200
    assert refused(post(agent, f"/api/v1/cases/{own_draft}", {"form": GA_FORM}), 403, "mandate-permission")
    assert refused(upload(agent, own_draft, GA_PROOF, PDF), 403, "mandate-permission")
    assert refused(post(agent, f"/api/v1/cases/{own_draft}/submit", {}), 403, "mandate-permission")
    assert refused(post(agent, f"/api/v1/cases/{number}/withdraw", {}), 403, "mandate-permission")


def test_apply_brings_view_so_a_started_draft_can_be_opened(app):
    """Everything on an existing case goes through case.view first: a mandate asked with apply alone is
    given view too (service._permissions), so the agent can open, fill in and upload to the draft."""
    principal, agent = person(app), person(app)
    mid = active(principal, agent, permissions=["apply"])
    assert principal.get(f"/api/v1/mandates/{mid}").get_json()["permissions"] == ["view", "apply"]
    acting(agent, mid)
    created = start(agent, GA_MATTER, GA_FORM)
    assert created.status_code == 201
    number = created.get_json()["number"]
    assert agent.get("/api/v1/me/cases").status_code == 200
    assert agent.get(f"/api/v1/cases/{number}").status_code == 200
    assert upload(agent, number, GA_PROOF, PDF).status_code == 201
    assert principal.get(f"/api/v1/cases/{number}").get_json()["agent"]["name"] == agent.name


def test_receive_alone_sees_no_case(app):
    principal, agent = person(app), person(app)
    mid = active(principal, agent, permissions=["receive"])
    acting(agent, mid)
    assert refused(start(agent, GA_MATTER, GA_FORM), 403, "mandate-permission")
    assert refused(agent.get("/api/v1/me/cases"), 403, "mandate-permission")


def completed(app, principal, reviewer):
    number = submitted(principal)
    assert post(reviewer, f"/api/v1/cases/{number}/accept").status_code == 200
    assert post(reviewer, f"/api/v1/cases/{number}/approve").get_json()["status"] == "completed"
    return number


def test_rating_needs_sign(app, reviewer):
    principal, without, signer = person(app), person(app), person(app)
    number = completed(app, principal, reviewer)
    no_sign = active(principal, without, permissions=["view", "apply"])
    with_sign = active(principal, signer, permissions=["view", "sign"])
    refusal = post(acting(without, no_sign), f"/api/v1/cases/{number}/rating", {"level": "satisfied"})
    assert refused(refusal, 403, "mandate-permission")
    rated = post(acting(signer, with_sign), f"/api/v1/cases/{number}/rating", {"level": "very_satisfied"})
    assert rated.status_code == 201, rated.get_json()
    assert principal.get(f"/api/v1/cases/{number}/rating").get_json()["level"] == "very_satisfied"
    acts = principal.get("/api/v1/me/mandates/activity").get_json()["items"]
    assert [(a["action"], a["agent"]) for a in acts if a["action"] == "rating.case"] == [("rating.case", signer.name)]


def test_paying_needs_sign(app, reviewer):
    principal, without, signer = person(app), person(app), person(app)
    number = submitted(principal, LICENCE)
    assert post(reviewer, f"/api/v1/cases/{number}/accept").status_code == 200
    no_sign = active(principal, without, permissions=["view", "apply", "receive"])
    with_sign = active(principal, signer, permissions=["view", "sign"])
    assert refused(post(acting(without, no_sign), f"/api/v1/cases/{number}/payment"), 403, "mandate-permission")
    assert acting(without, no_sign).get(f"/api/v1/cases/{number}/payments").status_code == 200  # view suffices
    order = post(acting(signer, with_sign), f"/api/v1/cases/{number}/payment")
    assert order.status_code == 201, order.get_json()
    assert order.get_json()["amount_fen"] == 1000
    assert [o["order_number"] for o in principal.get(f"/api/v1/cases/{number}/payments").get_json()["items"]] == \
        [order.get_json()["order_number"]]


def test_receive_sends_the_agent_copies_of_the_principals_notices(app, reviewer):
    principal, receiver, viewer = person(app), person(app), person(app)
    number = submitted(principal)
    active(principal, receiver, permissions=["view", "receive"])
    active(principal, viewer, permissions=["view"])
    drain(app)
    before = {n["id"] for n in inbox(receiver)} | {n["id"] for n in inbox(viewer)}
    assert post(reviewer, f"/api/v1/cases/{number}/accept").status_code == 200
    drain(app)
    own = [n for n in inbox(principal) if number in n["body"]]
    assert own and own[0]["link"] == f"/cases/{number}"
    copies = [n for n in inbox(receiver) if n["id"] not in before]
    assert len(copies) == 1 and number in copies[0]["body"] and principal.name in copies[0]["body"]
    assert copies[0]["title"] == own[0]["title"] and copies[0]["link"] == f"/cases/{number}"
    assert [n for n in inbox(viewer) if n["id"] not in before] == []


def test_what_the_agent_did_the_principal_is_told_and_the_staff_see(app, reviewer):
    principal, agent = person(app), person(app)
    mid = active(principal, agent)
    drain(app)
    before = {n["id"] for n in inbox(principal)}
    number = draft(acting(agent, mid))
    resp = submit(agent, number)
    assert resp.status_code == 200, resp.get_json()
    drain(app)
    told = [n for n in inbox(principal) if n["id"] not in before]
    assert told and all(agent.name in n["body"] and number in n["body"] for n in told)

    acts = principal.get("/api/v1/me/mandates/activity?per_page=2")
    assert acts.status_code == 200
    page = acts.get_json()
    assert page["total"] == 3 and page["pages"] == 2
    rest = principal.get("/api/v1/me/mandates/activity?per_page=2&page=2").get_json()["items"]
    items = page["items"] + rest
    assert [a["action"] for a in items] == ["case.submit", "case.file.upload", "case.create"]  # newest first
    assert {(a["agent"], a["mandate"], a["object_id"]) for a in items} == {(agent.name, mid, number)}
    assert all(a["label"] for a in items)
    assert agent.get("/api/v1/me/mandates/activity").status_code == 403  # acting: not the agent's own list
    acting(agent, None)
    assert agent.get("/api/v1/me/mandates/activity").get_json()["total"] == 0  # nobody acted for the agent

    for lang, word in (("zh-Hans", "代办人"), ("en", "Agent")):
        detail = reviewer.get(f"/api/v1/cases/{number}?lang={lang}").get_json()
        assert detail["agent"] == {"name": agent.name, "mandate": mid, "kind": "family"}
        assert detail["applicant"]["name"] == principal.name
        submitted_by = [e["actor"] for e in detail["events"] if e["kind"] == "submitted"]
        assert len(submitted_by) == 1 and agent.name in submitted_by[0]
        if lang == "en" or word in submitted_by[0]:  # zh: once the catalogue has the new msgid
            assert submitted_by[0].startswith(word)


def test_an_agent_starting_a_draft_shows_as_the_agent_and_the_principal_is_told(app, reviewer):
    principal, agent = person(app), person(app)
    mid = active(principal, agent)
    drain(app)
    before = {n["id"] for n in inbox(principal)}
    number = draft(acting(agent, mid), files=False)
    drain(app)
    created = [e for e in principal.get(f"/api/v1/cases/{number}?lang=en").get_json()["events"]
               if e["kind"] == "created"]
    assert agent.name in created[0]["actor"]
    assert any(number in n["body"] for n in inbox(principal) if n["id"] not in before)


def test_a_life_event_bundle_is_not_applied_for_someone_else(app):
    principal, agent = person(app), person(app)
    mid = active(principal, agent)
    code = agent.get("/api/v1/bundles").get_json()["items"][0]["code"]
    resp = post(acting(agent, mid), f"/api/v1/bundles/{code}/apply", {"form": {}})
    assert refused(resp, 403, "mandate-scope")
