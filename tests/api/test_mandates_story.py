"""The mandates story end to end, as the issue tells it: an elderly father with a basic phone confirms
his daughter's request by code; she applies for him; the case shows both names; he is told and sees
it in his activity list; revoking stops her next request."""

from datetime import UTC, datetime, timedelta

import pytest

from tests.support.api import Api
from tests.support.cases import PDF, PHONES, jobs_run, post, submit, upload  # noqa: F401 - jobs_run: autouse

MATTER = "FY-GA-0010"
PROOF = "居民死亡医学证明（推断）书"
FORM = {"deceased_id": "341202194503120110", "death_date": "2026-11-20", "relation": "子女",
        "contact_phone": "13800000099", "delivery": "电子证照"}
ELDER = {"name": "王建国", "id_number": "341202194503120110"}


@pytest.fixture(autouse=True, scope="module")
def _uploads(app, tmp_path_factory):
    extra = app.config["TONGBAN"].extra
    before = extra.get("uploads_dir")
    extra["uploads_dir"] = str(tmp_path_factory.mktemp("uploads"))
    yield
    extra["uploads_dir"] = before


def signed_in(app, key: str) -> Api:
    api = Api(app.test_client())
    assert api.signin_code(PHONES[key]).status_code == 200
    return api


def until(days: int = 30) -> str:
    return (datetime.now(UTC) + timedelta(days=days)).isoformat()


def test_daughter_asks_father_confirms_by_code_she_applies_and_revocation_stops_her(app):
    daughter = signed_in(app, "daughter")
    # the demo's pending request is answered first so that this test starts its own
    for m in daughter.get("/api/v1/me/mandates").get_json()["as_agent"]:
        if m["status"] in {"pending", "active"}:
            assert daughter.post(f"/api/v1/mandates/{m['id']}/revoke").status_code == 200
    resp = daughter.post("/api/v1/mandates", {"kind": "family", "role": "agent", "principal": ELDER,
                                              "permissions": ["view", "apply"], "valid_until": until()})
    assert resp.status_code == 201, resp.get_json()
    mandate = resp.get_json()
    assert mandate["status"] == "pending" and mandate["awaiting"] == "principal"
    assert mandate["code_sent_to"] == "138****0002"

    daughter.acting_for = mandate["id"]  # not yet in force: refused, saying why
    refused = post(daughter, "/api/v1/cases", {"matter": MATTER, "mode": "online", "form": {}})
    assert refused.status_code == 403 and refused.get_json()["type"].endswith("mandate-pending")
    daughter.acting_for = None

    bad = daughter.post(f"/api/v1/mandates/{mandate['id']}/confirm", {"code": "000000"})
    assert bad.status_code == 400
    code = daughter.last_code(PHONES["elderly"])
    ok = daughter.post(f"/api/v1/mandates/{mandate['id']}/confirm", {"code": code})
    assert ok.status_code == 200, ok.get_json()
    assert ok.get_json()["status"] == "active"
    again = daughter.post(f"/api/v1/mandates/{mandate['id']}/confirm", {"code": code})
    assert again.status_code == 409  # single use: the mandate is no longer waiting

    daughter.acting_for = mandate["id"]
    created = post(daughter, "/api/v1/cases", {"matter": MATTER, "mode": "online", "form": FORM})
    assert created.status_code == 201, created.get_json()
    case = created.get_json()
    assert case["applicant"]["name"] == "王建国" and case["agent"]["name"] == "王小红"
    assert upload(daughter, case["number"], PROOF, PDF).status_code == 201
    sent = submit(daughter, case["number"])
    assert sent.status_code == 200, sent.get_json()

    father = signed_in(app, "elderly")
    seen = father.get(f"/api/v1/cases/{case['number']}").get_json()
    assert seen["agent"]["name"] == "王小红"
    assert any(e["actor"].endswith("王小红") for e in seen["events"])
    acts = father.get("/api/v1/me/mandates/activity").get_json()["items"]
    assert {"case.create", "case.file.upload", "case.submit"} <= {a["action"] for a in acts}
    from tongban.jobs import queue
    with app.app_context():
        queue.drain()
    inbox = father.get("/api/v1/me/inbox").get_json()["items"]
    assert any("王小红" in m["body"] for m in inbox)

    assert father.post(f"/api/v1/mandates/{mandate['id']}/revoke").status_code == 200
    blocked = daughter.get(f"/api/v1/cases/{case['number']}")
    assert blocked.status_code == 403 and blocked.get_json()["type"].endswith("mandate-revoked")


def test_the_demo_son_acts_within_his_scope_and_not_beyond(app):
    son = signed_in(app, "family")
    active = [m for m in son.get("/api/v1/me/mandates").get_json()["as_agent"] if m["status"] == "active"]
    assert active and active[0]["principal"]["name"] == "王建国"
    son.acting_for = active[0]["id"]
    cases = son.get("/api/v1/me/cases")
    assert cases.status_code == 200
    onward = son.post("/api/v1/mandates", {"kind": "family", "role": "principal", "agent": ELDER,
                                           "permissions": ["view"], "valid_until": until()})
    assert onward.status_code == 403 and onward.get_json()["type"].endswith("mandate-onward")
    enterprise = post(son, "/api/v1/cases", {"matter": "FY-SJ-0006", "mode": "online", "form": {}})
    assert enterprise.status_code == 403 and enterprise.get_json()["type"].endswith("mandate-scope")
