"""Who may do what to a principal's cases while acting for them: every acting-for actor against every
case endpoint (the applicant themselves is the first row, for comparison).

Actors, each an agent of the same principal unless said otherwise: in scope with view+apply+sign;
out of scope (a mandate for FY-RS-0004 only); view only; receive only (notices, nothing on the cases
themselves: everything on an existing case passes case.view first, which needs view); expired (past
valid_until, before the housekeeping job); revoked; and an agent in force for someone else (the
principal's cases are not theirs to see: 404, as for anyone). While acting, staff posts do not count,
so staff endpoints are 403.

Each cell is "allowed" (a 2xx) or (status, problem type). State-changing cells get fresh objects, so
every allowed cell really succeeds. The licence endpoints have their matrix in
test_policy_matrix_acting_licences.py.
"""

from typing import Any

import pytest

from tests.support.cases import PDF, demo_staff, jobs_run, post, sign, submit, upload  # noqa: F401
from tests.support.mandates import (
    GA_FORM,
    GA_MATTER,
    GA_PROOF,
    acting,
    active,
    draft,
    expire_mandate,
    kind_of,
    person,
    uploads_dir,  # noqa: F401 - autouse
)

LICENCE, HEALTH = "FY-GA-0011", "机动车驾驶人身体条件证明"  # ¥10 fee (demo)
LICENCE_FORM = {"licence_number": "341200123456", "vehicle_class": "C1", "contact_phone": "13800000099",
                "delivery": "邮寄送达"}
JOINT, JOINT_PROOF = "FY-GA-0004", "工作调动证明"  # 阜阳 and 宁波 公安 take part
JOINT_FORM = {"from_region": "330200", "to_address": "阜阳市颍州区示范路2号", "new_employer": "阜阳市示范单位",
              "transfer_date": "2026-11-01", "contact_phone": "13800000098", "delivery": "邮寄送达"}
ADDRESS = "安徽省阜阳市颍州区示范路1号"
FULL = ["view", "apply", "sign"]


class World:
    """The principal, their cases in every state the endpoints need, the reviewer, and the agents."""

    def __init__(self, app: Any):
        self.app = app
        self.principal = person(app)
        self.reviewer = demo_staff(app, "reviewer")  # 孙丽, 341200-GA
        p = self.principal
        self.submitted = self.new_submitted()
        self.submitted_file = p.get(f"/api/v1/cases/{self.submitted}/materials").get_json()["items"][0]["id"]
        self.draft = draft(p)
        self.rated = self.new_completed()
        assert post(p, f"/api/v1/cases/{self.rated}/rating", {"level": "satisfied"}).status_code == 201
        self.fee = self.new_submitted(LICENCE)
        assert post(self.reviewer, f"/api/v1/cases/{self.fee}/accept").status_code == 200
        self.joint = self.new_submitted(JOINT)
        self.agents = {"applicant": p}
        for key, terms in (("in scope", {}), ("out of scope", {"scope": "matters", "scope_items": ["FY-RS-0004"]}),
                           ("view only", {"permissions": ["view"]}), ("receive only", {"permissions": ["receive"]}),
                           ("expired", {}), ("revoked", {})):
            agent = person(app)
            mandate = active(p, agent, **{"permissions": FULL, **terms})
            if key == "expired":
                expire_mandate(app, mandate)
            if key == "revoked":
                assert p.post(f"/api/v1/mandates/{mandate}/revoke").status_code == 200
            self.agents[key] = acting(agent, mandate)
        other, agent = person(app), person(app)
        self.agents["someone else's agent"] = acting(agent, active(other, agent, permissions=FULL))

    def new_submitted(self, matter: str = GA_MATTER) -> str:
        p = self.principal
        if matter == GA_MATTER:
            number = draft(p)
        else:
            form, proof = (LICENCE_FORM, HEALTH) if matter == LICENCE else (JOINT_FORM, JOINT_PROOF)
            resp = post(p, "/api/v1/cases", {"matter": matter, "mode": "joint" if matter == JOINT else "online",
                                             "form": form, "delivery": "post", "delivery_address": ADDRESS})
            assert resp.status_code == 201, resp.get_json()
            number = resp.get_json()["number"]
            assert upload(p, number, proof, PDF).status_code == 201
        p.reset_limits()  # one signing text a minute to a phone
        resp = submit(p, number)
        assert resp.status_code == 200, resp.get_json()
        return number

    def new_completed(self) -> str:
        number = self.new_submitted()
        assert post(self.reviewer, f"/api/v1/cases/{number}/accept").status_code == 200
        assert post(self.reviewer, f"/api/v1/cases/{number}/approve").get_json()["status"] == "completed"
        return number

    def new_supplement_requested(self) -> str:
        number = self.new_submitted()
        assert post(self.reviewer, f"/api/v1/cases/{number}/accept").status_code == 200
        resp = post(self.reviewer, f"/api/v1/cases/{number}/request-supplement", {"reason": "请补充材料"})
        assert resp.get_json()["status"] == "supplement_requested", resp.get_json()
        return number

    def new_file(self) -> int:
        resp = upload(self.principal, self.draft, GA_PROOF, PDF)
        assert resp.status_code == 201
        return int(resp.get_json()["id"])


def _submit(a: Any, w: World) -> Any:
    number = draft(w.principal)
    a.reset_limits()
    signature = {"method": "sms_code", "code": "000000"}  # for those who may not sign: refused before it is read
    if post(a, f"/api/v1/cases/{number}/signature/options", {}).status_code == 200:
        a.reset_limits()
        signature = sign(a, number)
    return post(a, f"/api/v1/cases/{number}/submit", {"signature": signature})


def _sign_options(a: Any, w: World) -> Any:
    a.reset_limits()
    return post(a, f"/api/v1/cases/{w.draft}/signature/options", {})


REQUESTS = {  # endpoint: the call (actor, world); fresh objects where the call changes them
    "start an application": lambda a, w: post(a, "/api/v1/cases", {"matter": GA_MATTER, "mode": "online"}),
    "list my cases": lambda a, w: a.get("/api/v1/me/cases"),
    "read a case": lambda a, w: a.get(f"/api/v1/cases/{w.submitted}"),
    "save a draft": lambda a, w: post(a, f"/api/v1/cases/{w.draft}", {"form": GA_FORM}),
    "list materials": lambda a, w: a.get(f"/api/v1/cases/{w.draft}/materials"),
    "upload a material": lambda a, w: upload(a, w.draft, GA_PROOF, PDF),
    "download a material": lambda a, w: a.get(f"/api/v1/cases/{w.submitted}/materials/{w.submitted_file}"),
    "remove a material": lambda a, w: post(a, f"/api/v1/cases/{w.draft}/materials/{w.new_file()}/remove"),
    "ask to sign": _sign_options,
    "submit": _submit,
    "withdraw": lambda a, w: post(a, f"/api/v1/cases/{w.new_submitted()}/withdraw"),
    "supplement": lambda a, w: post(a, f"/api/v1/cases/{w.new_supplement_requested()}/supplement"),
    "receipt PDF": lambda a, w: a.get(f"/api/v1/cases/{w.submitted}/receipt.pdf"),
    "receipt QR": lambda a, w: a.get(f"/api/v1/cases/{w.submitted}/receipt-qr.svg"),
    "waybills": lambda a, w: a.get(f"/api/v1/cases/{w.submitted}/waybills"),
    "rate (好差评)": lambda a, w: post(a, f"/api/v1/cases/{w.new_completed()}/rating", {"level": "satisfied"}),
    "read the rating": lambda a, w: a.get(f"/api/v1/cases/{w.rated}/rating"),
    "pay the fee": lambda a, w: post(a, f"/api/v1/cases/{w.fee}/payment"),
    "list payments": lambda a, w: a.get(f"/api/v1/cases/{w.fee}/payments"),
    "accept (reviewer)": lambda a, w: post(a, f"/api/v1/cases/{w.submitted}/accept"),
    "receive (clerk)": lambda a, w: post(a, f"/api/v1/cases/{w.submitted}/receive", {}),
    "decide a part (reviewer)": lambda a, w: post(a, f"/api/v1/cases/{w.joint}/parts/341200-GA/accept"),
    "archive record (staff)": lambda a, w: a.get(f"/api/v1/cases/{w.rated}/archive"),
}
A = "allowed"
SCOPE, PERM = (403, "mandate-scope"), (403, "mandate-permission")
EXPIRED, REVOKED = (403, "mandate-expired"), (403, "mandate-revoked")
NO, HIDDEN = (403, "forbidden"), (404, "not-found")
STAFF = [NO, NO, NO, NO]  # the last four endpoints: staff powers, which acting never has
EXPECTED = {  # actor: one answer per request, in REQUESTS order
    #          start list  read  save  mats  upl   dl    rm    sign  subm  wdr   supp
    #          pdf   qr    wayb  rate  rdr   pay   pays  + the 4 staff endpoints
    "applicant": [A, A, A, A, A, A, A, A, A, A, A, A,
                  A, A, A, A, A, A, A, *STAFF],
    "in scope": [A, A, A, A, A, A, A, A, A, A, A, A,
                 A, A, A, A, A, A, A, *STAFF],
    "out of scope": [SCOPE, A, *[SCOPE] * 17, *[SCOPE] * 4],  # case.view is refused first, staff ones too
    "view only": [PERM, A, A, PERM, A, PERM, A, PERM, PERM, PERM, PERM, PERM,
                  A, A, A, PERM, A, PERM, A, *STAFF],
    "receive only": [PERM] * 23,
    "expired": [EXPIRED] * 23,
    "revoked": [REVOKED] * 23,
    "someone else's agent": [A, A, *[HIDDEN] * 17, *[HIDDEN] * 4],  # starts and lists for their own principal
}


@pytest.fixture(scope="module")
def world(app):
    return World(app)


def _answer(resp: Any) -> Any:
    if 200 <= resp.status_code < 300:
        return A
    return resp.status_code, kind_of(resp)


def test_every_row_names_every_endpoint():
    assert {len(row) for row in EXPECTED.values()} == {len(REQUESTS)}


@pytest.mark.parametrize("actor", list(EXPECTED))
def test_matrix(world, actor):
    api = world.agents[actor]
    got = {name: _answer(call(api, world)) for name, call in REQUESTS.items()}
    assert got == dict(zip(REQUESTS, EXPECTED[actor], strict=True))


def test_the_agents_work_shows_on_the_principals_case(world):
    """The in-scope agent's row of the matrix, walked here again (so this test stands alone), is on the
    principal's activity list, action by action."""
    agent = world.agents["in scope"]
    for call in REQUESTS.values():
        call(agent, world)
    acts = world.principal.get("/api/v1/me/mandates/activity?per_page=100").get_json()["items"]
    done = {a["action"] for a in acts if a["mandate"] == agent.acting_for}
    assert {"case.submit", "case.withdraw", "case.supplement", "case.file.upload", "case.file.remove",
            "rating.case", "case.create"} <= done  # the fee's order was made by the applicant's row
