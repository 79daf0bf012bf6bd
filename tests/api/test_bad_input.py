"""No input reaches a 500: each example found from outside, and the class it stands for, answers a
translated 4xx problem (naming the field where there is one) and changes nothing."""

from __future__ import annotations

import pytest

from tests.support.api import Api, new_phone
from tests.support.staff import staff_session

BIG = 2**63  # one past BIGINT
PROBLEM = "application/problem+json"


@pytest.fixture(scope="module")
def admin(app):  # type: ignore[no-untyped-def]
    return staff_session(app, "admin")


@pytest.fixture(scope="module")
def account_id(app) -> int:  # type: ignore[no-untyped-def]
    """A fresh account to give posts to."""
    api = Api(app.test_client())
    _, resp = api.signup(new_phone())
    assert resp.status_code == 201
    return int(resp.get_json()["account_id"])


def _raw(api: Api, url: str, body: str):  # type: ignore[no-untyped-def]
    return api.c.post(url, data=body.encode("utf-8", "surrogatepass"), content_type="application/json",
                      headers={"X-CSRF-Token": api.csrf(), "Origin": "http://localhost"})


def _problem(resp, status: int, field: str | None = None) -> dict:  # type: ignore[no-untyped-def, type-arg]
    assert resp.status_code == status, (resp.status_code, resp.get_data(as_text=True)[:300])
    assert resp.mimetype == PROBLEM
    body = resp.get_json()
    if field:
        assert field in body["errors"], body
    return body  # type: ignore[no-any-return]


@pytest.mark.parametrize("url", [
    f"/api/v1/staff/posts/{BIG}",
    f"/api/v1/lists/kstb-national/versions/{BIG + 1}",
    f"/api/v1/lists/kstb-national/versions/{BIG + 1}/export.csv",
    f"/api/v1/lists/kstb-national/versions/{10**40}",
    f"/api/v1/staff/posts/{2**31}",       # beyond PostgreSQL's INTEGER: no resource either
    f"/api/v1/staff/posts/{2**63 - 2}",
])
def test_path_integers_beyond_64_bits_are_404(admin, url):
    _problem(admin.get(url), 404)


@pytest.mark.parametrize("n", [BIG, 2**31, 2**63 - 2])
def test_removing_a_passkey_with_a_huge_id_is_404(admin, n):
    _problem(admin.post(f"/api/v1/me/passkeys/{n}/remove"), 404)


def test_a_multipart_part_with_a_bare_cr_as_its_name_is_400(admin):
    body = b'--XX\r\nContent-Disposition: form-data; name="\r"\r\n\r\nnull\r\n--XX--\r\n'
    resp = admin.c.post("/api/v1/lists/kstb-national/versions/import", data=body,
                        content_type="multipart/form-data; boundary=XX", headers={"X-CSRF-Token": admin.csrf()})
    _problem(resp, 400)


def test_a_lone_surrogate_in_json_is_400_naming_the_field(api):
    body = _problem(_raw(api, "/api/v1/auth/passkey", '{"handle": "\\ud800", "credential": {}}'), 400, "handle")
    assert body["errors"]["handle"] == ["文字中含有不允许的字符。"]  # translated, zh_Hans by default


def test_a_nul_character_is_refused_in_json_and_in_queries(api):
    _problem(_raw(api, "/api/v1/auth/codes", '{"phone": "1380000\\u00000001", "purpose": "signup"}'), 400, "phone")
    _problem(api.get("/api/v1/matters?q=%00"), 400, "q")
    _problem(api.get("/api/v1/matters/FY%00GA"), 404)


def test_json_nested_a_thousand_deep_is_400(api):
    _problem(_raw(api, "/api/v1/auth/passkey", '{"handle": "x", "credential": ' + "[" * 1000 + "]" * 1000 + "}"),
             400, "body")


def test_an_integer_of_4301_digits_is_400(api):
    _problem(_raw(api, "/api/v1/auth/passkey/options", '{"staff": ' + "9" * 4301 + "}"), 400, "staff")


def test_nan_and_broken_utf8_are_400(api):
    _problem(_raw(api, "/api/v1/auth/passkey/options", '{"staff": NaN}'), 400, "body")
    resp = api.c.post("/api/v1/auth/codes", data=b'{"phone": "\xff"}', content_type="application/json",
                      headers={"X-CSRF-Token": api.csrf()})
    _problem(resp, 400, "body")


def test_an_integer_beyond_64_bits_in_a_body_is_400_naming_it(admin):
    _problem(admin.post("/api/v1/admin/staff-posts", {"account_id": BIG, "role": "clerk", "unit_type": "window",
                                                      "unit_code": "FY-LQ-W01", "jurisdiction": "341221"}),
             400, "account_id")


GOOD = {"role": "clerk", "unit_type": "window", "unit_code": "FY-LQ-W02", "jurisdiction": "341221"}


@pytest.mark.parametrize(("change", "field"), [
    ({"jurisdiction": "999999"}, "jurisdiction"),                  # a region that does not exist
    ({"unit_code": "FY-LQ\x01W02"}, "unit_code"),                  # control characters
    ({"unit_code": "A" * 5000}, "unit_code"),                      # the column holds 40
    ({"unit_code": "NO-SUCH-WINDOW"}, "unit_code"),                # not in the directory
    ({"role": "admin"}, "unit_type"),                              # admin on a window
    ({"role": "reviewer"}, "unit_type"),                           # a reviewer sits in a department
    ({"role": "superuser"}, "role"),
    ({"jurisdiction": "341222"}, "jurisdiction"),                  # 太和 does not contain a 临泉 window
    ({"unit_type": "platform", "role": "admin", "unit_code": "OTHER"}, "unit_code"),
    ({"account_id": "12"}, "account_id"),                          # a string is not an id
    ({"account_id": 0}, "account_id"),
])
def test_admin_input_is_checked_against_the_directory(admin, account_id, change, field):
    body = {"account_id": account_id, **GOOD, **change}
    _problem(admin.post("/api/v1/admin/staff-posts", body), 400, field)


def test_a_county_clerk_may_cover_the_city_and_duplicates_are_409(admin, account_id):
    body = {"account_id": account_id, **GOOD, "jurisdiction": "341200"}
    created = admin.post("/api/v1/admin/staff-posts", body)
    assert created.status_code == 201, created.get_json()
    _problem(admin.post("/api/v1/admin/staff-posts", body), 409)
    post_id = created.get_json()["id"]
    assert admin.post(f"/api/v1/admin/staff-posts/{post_id}/revoke").status_code == 200
    _problem(admin.post(f"/api/v1/admin/staff-posts/{post_id}/revoke"), 409)


def test_the_last_admin_post_cannot_be_revoked(admin):
    posts = admin.get("/api/v1/staff/posts").get_json()["items"]
    admins = [p for p in posts if p["role"] == "admin"]
    assert len(admins) == 1
    body = _problem(admin.post(f"/api/v1/admin/staff-posts/{admins[0]['id']}/revoke"), 409)
    assert "管理员" in body["detail"]
    assert any(p["id"] == admins[0]["id"] for p in admin.get("/api/v1/staff/posts").get_json()["items"])


@pytest.mark.parametrize("value", [0, 1, "yes", "true", None])
def test_booleans_are_booleans(api, value):
    _problem(api.post("/api/v1/auth/passkey/options", {"staff": value}), 400, "staff")


@pytest.mark.parametrize(("body", "field"), [
    ({"name": "部门系统", "scope": "openid", "grant_types": [], "redirect_uris": ["https://d.example/cb"]},
     "grant_types"),
    ({"name": "部门系统", "scope": "openid", "grant_types": ["authorization_code"], "redirect_uris": []},
     "redirect_uris"),
    ({"name": "部门系统", "scope": "openid", "grant_types": ["refresh_token"], "redirect_uris": ["https://d.example/cb"]},
     "grant_types"),
    ({"name": "部门系统", "scope": " ", "grant_types": ["authorization_code"], "redirect_uris": ["https://d.example/cb"]},
     "scope"),
    ({"name": "部门系统", "scope": "openid", "grant_types": ["authorization_code"], "public": 0,
      "redirect_uris": ["https://d.example/cb"]}, "public"),
])
def test_oauth_clients_that_cannot_work_are_refused(admin, body, field):
    _problem(admin.post("/api/v1/admin/oauth-clients", body), 400, field)
