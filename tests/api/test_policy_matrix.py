"""Who may do what to which object: every actor against every protected endpoint.

Staff powers need a staff session (passkey with user verification); a clerk who signed in with a
phone code has none. Objects outside an actor's jurisdiction answer 404, as if they did not exist.
"""

import json

import pytest

from tests.support.api import Api
from tests.support.soft_authenticator import SoftAuthenticator

DEMO = json.loads(open("backend/tongban/demo/data/accounts.json", encoding="utf-8").read())
PHONES = {p["key"]: p["phone"] for p in DEMO["people"]}
ALLOWED = {200, 201, 409}  # 409: allowed, but the change was already made by an earlier cell


def staff_session(app, key):
    api = Api(app.test_client())
    assert api.signin_code(PHONES[key]).status_code == 200
    auth = SoftAuthenticator()
    opts = api.post("/api/v1/me/passkeys/options").get_json()
    assert api.post("/api/v1/me/passkeys", {"handle": opts["handle"],
                                            "credential": auth.create(opts["publicKey"])}).status_code == 201
    api.post("/api/v1/auth/signout")
    opts = api.post("/api/v1/auth/passkey/options", {"staff": True}).get_json()
    resp = api.post("/api/v1/auth/passkey", {"handle": opts["handle"], "credential": auth.get(opts["publicKey"]),
                                             "staff": True})
    assert resp.status_code == 200, resp.get_json()
    return api


@pytest.fixture(scope="module", autouse=True)
def _edited_matter_restored(app):
    """The matrix edits FY-GA-0001 with a bare matter (no guide); afterwards the demo matter comes back
    whole, so later tests find its form and materials."""
    yield
    from tongban.catalogue import schemas, service
    from tongban.demo import loader
    from tongban.extensions import db

    raw = next(m for m in loader._data("matters.json") if m["code"] == "FY-GA-0001")
    with app.app_context():
        service.upsert_matter(schemas.MatterInput().load({"provenance": loader._matter_provenance(raw), **raw}))
        db.session.commit()


@pytest.fixture(scope="module")
def actors(app):
    code_only = Api(app.test_client())
    assert code_only.signin_code(PHONES["clerk_linquan"]).status_code == 200
    resident = Api(app.test_client())
    assert resident.signin_code(PHONES["resident"]).status_code == 200
    out = {"anonymous": Api(app.test_client()), "resident": resident, "clerk_code_only": code_only}
    for key in ("clerk_linquan", "clerk_taihe", "reviewer", "supervisor", "admin"):
        out[key] = staff_session(app, key)
    return out


def _post_id(actors, key):
    posts = actors["admin"].get("/api/v1/staff/posts").get_json()["items"]
    return next(p["id"] for p in posts if p["unit_code"] == {"clerk_taihe": "FY-TH-W01"}[key])


def _matter(api, code):
    body = api.get(f"/api/v1/matters/{code}").get_json()
    return {"code": code, "name": body["name"], "department": body["department"]["code"],
            "audience": body["audience"], "modes": body["modes"], "time_limit_days": body["time_limit_days"],
            "legal_time_limit_days": body["guide"]["legal_time_limit_days"], "summary": body["summary"] + "。"}


ZHANG = next(p for p in DEMO["people"] if p["key"] == "resident")
REQUESTS = {
    "list staff posts": lambda a, x: a.get("/api/v1/staff/posts"),
    "read a 太和 post": lambda a, x: a.get(f"/api/v1/staff/posts/{x['taihe_post']}"),
    "verify in person at 临泉": lambda a, x: a.post("/api/v1/staff/verifications", {
        "window_code": "FY-LQ-W01", "phone": ZHANG["phone"], "name": ZHANG["name"], "id_number": ZHANG["id_number"]}),
    "grant a staff post": lambda a, x: a.post("/api/v1/admin/staff-posts", {
        "account_id": x["resident_account"], "role": "clerk", "unit_type": "window", "unit_code": "FY-LQ-W02",
        "jurisdiction": "341221"}),
    "edit a 阜阳 matter": lambda a, x: a.post("/api/v1/matters", _matter(a, "FY-GA-0001")),
    "edit a 宁波 matter": lambda a, x: a.post("/api/v1/matters", _matter(a, x["ningbo_matter"])),
    "publish the national list": lambda a, x: a.post("/api/v1/lists/kstb-national/versions", {
        "note": "t", "items": [{"matter_code": "FY-GA-0001"}]}),
    "publish the 全市通办 list": lambda a, x: a.post("/api/v1/lists/fy-citywide/versions", {
        "note": "t", "items": [{"matter_code": "FY-GA-0001"}]}),
}
D401, D403, D404 = 401, 403, 404
A = "allowed"
EXPECTED = {  # actor: one answer per request, in REQUESTS order
    "anonymous":       [D401, D401, D401, D401, D401, D401, D401, D401],
    "resident":        [D403, D404, D404, D403, D403, D403, D403, D403],
    "clerk_code_only": [D403, D404, D404, D403, D403, D403, D403, D403],
    "clerk_linquan":   [A,    D404, A,    D403, D403, D403, D403, D403],
    "clerk_taihe":     [A,    A,    D404, D403, D403, D403, D403, D403],
    "reviewer":        [A,    A,    D404, D403, D403, D403, D403, D403],
    "supervisor":      [A,    A,    D404, D403, A,    D403, D403, A],
    "admin":           [A,    A,    D404, A,    A,    A,    A,    A],
}


@pytest.mark.parametrize("actor", list(EXPECTED))
def test_matrix(actors, actor):
    context = {"taihe_post": _post_id(actors, "clerk_taihe"),
               "resident_account": actors["resident"].get("/api/v1/me").get_json()["account_id"],
               "ningbo_matter": actors["admin"].get("/api/v1/matters?region=330200").get_json()["items"][0]["code"]}
    got = []
    for call in REQUESTS.values():
        status = call(actors[actor], context).status_code
        got.append(A if status in ALLOWED else status)
    assert dict(zip(REQUESTS, got, strict=True)) == dict(zip(REQUESTS, EXPECTED[actor], strict=True))


def test_a_clerk_sees_only_their_countys_posts(actors):
    lq = {p["jurisdiction"] for p in actors["clerk_linquan"].get("/api/v1/staff/posts").get_json()["items"]}
    th = {p["jurisdiction"] for p in actors["clerk_taihe"].get("/api/v1/staff/posts").get_json()["items"]}
    assert lq == {"341221"} and th == {"341222"}
    everyone = {p["jurisdiction"] for p in actors["supervisor"].get("/api/v1/staff/posts").get_json()["items"]}
    assert {"341221", "341222", "341200"} <= everyone


def test_in_person_verification_raises_the_resident_to_l3(actors):
    """The 临泉 clerk checks the resident's ID card here, not relying on the matrix's cell having run first
    (in this process: -k and xdist choose which cells run where)."""
    resp = REQUESTS["verify in person at 临泉"](actors["clerk_linquan"], {})
    assert resp.status_code == 200, resp.get_json()
    assert actors["resident"].get("/api/v1/me").get_json()["assurance"] == "L3"


def test_csv_import_through_the_api(actors):
    national = actors["admin"].get("/api/v1/lists/kstb-national/versions/1/export.csv").get_data()
    import io

    resp = actors["supervisor"].c.post(
        "/api/v1/lists/fy-citywide/versions/import",
        data={"note": "由表格文件导入", "file": (io.BytesIO(national), "l.csv")},
        headers={"X-CSRF-Token": actors["supervisor"].csrf(), "Origin": "http://localhost"},
        content_type="multipart/form-data")
    assert resp.status_code == 201, resp.get_json()
    assert len(resp.get_json()["items"]) == 20
    bad = actors["supervisor"].c.post(
        "/api/v1/lists/fy-citywide/versions/import",
        data={"note": "坏文件", "file": (io.BytesIO(b"seq,name,department,modes,deadline\n1,nope,x,,\n"), "l.csv")},
        headers={"X-CSRF-Token": actors["supervisor"].csrf()}, content_type="multipart/form-data")
    assert bad.status_code == 400 and "row 2" in bad.get_json()["errors"]


def test_only_admins_register_oauth_clients(actors):
    body = {"name": "某部门系统", "redirect_uris": ["https://dept.example/cb"], "scope": "openid loa",
            "grant_types": ["authorization_code"]}
    assert actors["supervisor"].post("/api/v1/admin/oauth-clients", body).status_code == 403
    resp = actors["admin"].post("/api/v1/admin/oauth-clients", body)
    assert resp.status_code == 201 and resp.get_json()["client_secret"].startswith("tbs_")
    bad = actors["admin"].post("/api/v1/admin/oauth-clients", {**body, "redirect_uris": ["http://evil.example/cb"]})
    assert bad.status_code == 400 and "redirect_uris" in bad.get_json()["errors"]
