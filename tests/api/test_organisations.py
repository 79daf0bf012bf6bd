"""An enterprise is registered by its legal representative: GB 32100 check, then the sandbox registry."""

import json

DEMO = json.loads(open("backend/tongban/demo/data/accounts.json", encoding="utf-8").read())
ORG = DEMO["organisations"][0]
REP = next(p for p in DEMO["people"] if p["key"] == ORG["legal_rep"])


def test_the_legal_representative_registers_the_enterprise(api):
    assert api.signin_code(REP["phone"]).status_code == 200
    resp = api.post("/api/v1/me/organisations", {"name": ORG["name"], "uscc": ORG["uscc"]})
    assert resp.status_code == 201 and resp.get_json()["uscc"] == ORG["uscc"]
    assert [o["uscc"] for o in api.get("/api/v1/me/organisations").get_json()["items"]] == [ORG["uscc"]]


def test_a_wrong_credit_code_check_digit_is_400_naming_the_rule(api):
    assert api.signin_code(REP["phone"]).status_code == 200
    bad = ORG["uscc"][:-1] + ("0" if ORG["uscc"][-1] != "0" else "1")
    resp = api.post("/api/v1/me/organisations", {"name": ORG["name"], "uscc": bad})
    assert resp.status_code == 400 and "校验码" in resp.get_json()["errors"]["uscc"][0]  # in words, not “GB 32100”


def test_someone_else_cannot_register_it(api):
    assert api.signin_code(DEMO["people"][0]["phone"]).status_code == 200  # 张伟, not the representative
    resp = api.post("/api/v1/me/organisations", {"name": ORG["name"], "uscc": ORG["uscc"]})
    assert resp.status_code == 403


def test_level_l1_is_told_to_verify_first(api):
    api.signup()
    resp = api.post("/api/v1/me/organisations", {"name": ORG["name"], "uscc": ORG["uscc"]})
    assert resp.status_code == 403 and "实名认证" in resp.get_json()["detail"]  # the level in words, not “L2”
