"""The acting-for actors against every licence endpoint (the case endpoints are in
test_policy_matrix_acting.py). The principal holds two licences an administrator imported: a 居民身份证
(sector GA) and a 社会保障卡 (RS).

An agent needs `view` to see the principal's licences and `view` + `sign` to show one (亮证 in their
name); a mandate scoped to listed matters covers no licence; one scoped to categories covers the
licences of those sectors; expired and revoked mandates are refused before anything is looked up; an
agent for someone else finds nothing (404), as anyone would.
"""

from typing import Any

import pytest

from tests.support.cases import demo_staff
from tests.support.mandates import acting, active, expire_mandate, kind_of, person

A = "allowed"
SCOPE, PERM = (403, "mandate-scope"), (403, "mandate-permission")
EXPIRED, REVOKED = (403, "mandate-expired"), (403, "mandate-revoked")
HIDDEN = (404, "not-found")


class World:
    def __init__(self, app: Any) -> None:
        admin = demo_staff(app, "admin")
        self.principal = p = person(app)
        self.licences = {}
        for code, issuer in (("id_card", "341200-GA"), ("social_security", "341200-RS")):
            resp = admin.post("/api/v1/admin/licences", {"type": code, "issuer": issuer,
                                                         "holder_id_number": p.id_number})  # type: ignore[attr-defined]
            assert resp.status_code == 201, resp.get_json()
            self.licences[code] = resp.get_json()["id"]
        self.agents: dict[str, Any] = {"holder": p}
        terms = {"in scope": {"permissions": ["view", "sign"]},
                 "GA only": {"permissions": ["view", "sign"], "scope": "categories", "scope_items": ["GA"]},
                 "listed matters": {"permissions": ["view", "sign"], "scope": "matters", "scope_items": ["FY-GA-0010"]},
                 "view only": {"permissions": ["view"]}, "receive only": {"permissions": ["receive"]},
                 "expired": {"permissions": ["view", "sign"]}, "revoked": {"permissions": ["view", "sign"]}}
        for key, t in terms.items():
            agent = person(app)
            mandate = active(p, agent, **t)
            if key == "expired":
                expire_mandate(app, mandate)
            if key == "revoked":
                assert p.post(f"/api/v1/mandates/{mandate}/revoke").status_code == 200
            self.agents[key] = acting(agent, mandate)
        other, agent = person(app), person(app)
        self.agents["someone else's agent"] = acting(agent, active(other, agent, permissions=["view", "sign"]))


def _calls(w: World, code: str) -> dict[str, Any]:
    lid = w.licences[code]
    return {"list": lambda a: a.get("/api/v1/me/licences"), "read": lambda a: a.get(f"/api/v1/me/licences/{lid}"),
            "pdf": lambda a: a.get(f"/api/v1/me/licences/{lid}/pdf"),
            "show": lambda a: a.post(f"/api/v1/me/licences/{lid}/presentations"),
            "checks": lambda a: a.get(f"/api/v1/me/licences/{lid}/checks")}


#            list     read    pdf     show    checks   (for the 居民身份证, then the 社会保障卡)
EXPECTED = {
    "holder": ([A, A, A, A, A], [A, A, A, A, A]),
    "in scope": ([A, A, A, A, A], [A, A, A, A, A]),
    "GA only": ([A, A, A, A, A], [A, SCOPE, SCOPE, SCOPE, SCOPE]),
    "listed matters": ([A, SCOPE, SCOPE, SCOPE, SCOPE], [A, SCOPE, SCOPE, SCOPE, SCOPE]),
    "view only": ([A, A, A, PERM, A], [A, A, A, PERM, A]),
    "receive only": ([PERM, PERM, PERM, PERM, PERM], [PERM, PERM, PERM, PERM, PERM]),
    "expired": ([EXPIRED] * 5, [EXPIRED] * 5),
    "revoked": ([REVOKED] * 5, [REVOKED] * 5),
    "someone else's agent": ([A, HIDDEN, HIDDEN, HIDDEN, HIDDEN], [A, HIDDEN, HIDDEN, HIDDEN, HIDDEN]),
}
LISTED = {"holder": {"id_card", "social_security"}, "in scope": {"id_card", "social_security"},
          "GA only": {"id_card"}, "listed matters": set(), "view only": {"id_card", "social_security"},
          "someone else's agent": set()}


@pytest.fixture(scope="module")
def world(app):
    return World(app)


def _answer(resp: Any) -> Any:
    return A if 200 <= resp.status_code < 300 else (resp.status_code, kind_of(resp))


@pytest.mark.parametrize("actor", list(EXPECTED))
def test_licence_matrix(world, actor):
    api = world.agents[actor]
    for code, row in zip(("id_card", "social_security"), EXPECTED[actor], strict=True):
        calls = _calls(world, code)
        got = {name: _answer(call(api)) for name, call in calls.items()}
        assert got == dict(zip(calls, row, strict=True)), code
    if actor in LISTED:
        types = {x["type"] for x in api.get("/api/v1/me/licences").get_json()["items"]}
        assert types == LISTED[actor]
