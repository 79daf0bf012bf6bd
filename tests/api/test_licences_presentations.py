"""亮证: only the holder makes a presentation QR (single use, 60 seconds); staff in a staff session, or a
department system with an OAuth client-credentials token of scope licence:verify, verify it with a stated
purpose and see the fields with ID numbers masked; anyone else is refused and the attempt is logged;
replayed, late and unknown tokens each get their verdict; the holder sees every check."""

import base64
import json
import re
from datetime import UTC, datetime, timedelta

import pytest

from tests.support.api import Api
from tests.support.cases import demo_staff, jobs_run  # noqa: F401 - autouse: queued jobs run after each test
from tests.support.licences import checks, items, present, verdict, verify
from tests.support.mandates import PEOPLE, demo, person, set_row

PURPOSE = "窗口核验：办理社保业务"


@pytest.fixture(scope="module")
def zhang(app):
    return demo(app, "resident")


@pytest.fixture(scope="module")
def clerk(app):
    return demo_staff(app, "clerk_linquan")  # 陈静, window FY-LQ-W01


@pytest.fixture(scope="module")
def admin(app):
    return demo_staff(app, "admin")


def licence(api, type_code="social_security"):
    return next(x for x in items(api) if x["type"] == type_code)


def test_only_the_holder_makes_a_presentation(app, zhang):
    card = licence(zhang)
    resp = zhang.post(f"/api/v1/me/licences/{card['id']}/presentations")
    assert resp.status_code == 201, resp.get_json()
    body = resp.get_json()
    assert re.fullmatch(r"TBP1:[A-Z2-7]{26}", body["qr"])
    assert body["qr_svg"].lstrip().startswith("<svg") and body["qr"][5:] not in body["qr_svg"]
    left = datetime.fromisoformat(body["expires_at"]) - datetime.now(UTC)
    assert timedelta(seconds=50) < left <= timedelta(seconds=60)
    assert person(app).post(f"/api/v1/me/licences/{card['id']}/presentations").status_code == 404
    assert demo(app, "elderly").post(f"/api/v1/me/licences/{card['id']}/presentations").status_code == 404
    assert Api(app.test_client()).post(f"/api/v1/me/licences/{card['id']}/presentations").status_code == 401


def test_staff_verify_with_a_purpose_and_see_the_fields_masked(zhang, clerk):
    card = licence(zhang)
    qr = present(zhang, card["id"])
    body = verdict(clerk, qr, purpose=PURPOSE)
    assert (body["kind"], body["verdict"]) == ("presentation", "valid"), body
    got = body["licence"]
    assert got["identifier"] == card["identifier"] and got["holder"] == "张伟"
    assert got["id_hint"] == "3412**********0155" and got["fields"]["holder_id"] == "3412**********0155"
    assert got["fields"]["card_number"] == "3412**********0155"
    assert PEOPLE["resident"]["id_number"] not in json.dumps(body)
    seen = checks(zhang, card["id"])[0]
    assert (seen["kind"], seen["verdict"], seen["purpose"]) == ("presentation", "valid", PURPOSE)
    assert seen["verifier"] == "陈静" and "临泉" in seen["place"] and "跨省通办专窗" in seen["place"]


def test_a_presentation_without_a_purpose_is_refused_and_not_spent(zhang, clerk):
    qr = present(zhang, licence(zhang)["id"])
    resp = verify(clerk, qr)
    assert resp.status_code == 400 and "purpose" in resp.get_json()["errors"]
    assert verify(clerk, qr, purpose="   ").status_code == 400
    assert verdict(clerk, qr, purpose=PURPOSE)["verdict"] == "valid"


@pytest.mark.parametrize("who", ["anonymous", "resident"])
def test_anyone_else_is_refused_and_the_holder_sees_the_attempt(app, zhang, clerk, who):
    card = licence(zhang)
    qr = present(zhang, card["id"])
    caller = Api(app.test_client()) if who == "anonymous" else demo(app, "daughter")
    resp = verify(caller, qr, purpose="好奇")
    assert resp.status_code == 403, resp.get_json()
    seen = checks(zhang, card["id"])[0]
    assert (seen["kind"], seen["verdict"]) == ("presentation", "not_authorised")
    assert seen["verdict_label"] and seen["verifier"]
    assert verdict(clerk, qr, purpose=PURPOSE)["verdict"] == "valid"  # the refusal did not spend it


def test_a_replayed_token_is_used_a_late_one_expired_an_unknown_one_unknown(app, zhang, clerk):
    from tongban.core.crypto import token_hash
    from tongban.core.db import utcnow
    from tongban.licences.models import Presentation

    card = licence(zhang, "id_card")
    qr = present(zhang, card["id"])
    assert verdict(clerk, qr, purpose=PURPOSE)["verdict"] == "valid"
    again = verdict(clerk, qr, purpose=PURPOSE)
    assert (again["kind"], again["verdict"], again["licence"]) == ("presentation", "token_used", None)
    late = present(zhang, card["id"])
    set_row(app, Presentation, Presentation.token_hash == token_hash(late[5:]),
            expires_at=utcnow() - timedelta(seconds=1))
    assert verdict(clerk, late, purpose=PURPOSE)["verdict"] == "token_expired"
    assert verdict(clerk, late, purpose=PURPOSE)["verdict"] == "token_used"  # the first scan spent it
    for unknown in ("TBP1:" + "A" * 26, "TBP1:", "TBP1:" + qr[5:].lower(), qr + "A"):
        body = verdict(clerk, unknown, purpose=PURPOSE)
        assert (body["kind"], body["verdict"], body["licence"]) == ("presentation", "token_unknown", None)
    assert [c["verdict"] for c in checks(zhang, card["id"])[:4]] == ["token_used", "token_expired", "token_used",
                                                                     "valid"]


def oauth_client(admin, scope):
    resp = admin.post("/api/v1/admin/oauth-clients", {"name": f"部门核验系统（{scope}）", "redirect_uris": [],
                                                      "scope": scope, "grant_types": ["client_credentials"]})
    assert resp.status_code == 201, resp.get_json()
    body = resp.get_json()
    return body["client_id"], body["client_secret"], body.get("name") or f"部门核验系统（{scope}）"


def machine_token(app, client_id, secret, scope):
    basic = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    resp = app.test_client().post("/oauth/token", data={"grant_type": "client_credentials", "scope": scope},
                                  headers={"Authorization": f"Basic {basic}"})
    return resp


def bearer(app, token, body, csrf=True):
    """A department system's call: a Bearer token, no browser cookies. With `csrf`, it also sends a
    double-submit pair (harmless); without a session cookie it needs none (see below)."""
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    if csrf:
        client.set_cookie("tb_csrf", "system")
        headers["X-CSRF-Token"] = "system"
    return client.post("/api/v1/verifications", json=body, headers=headers)


def test_a_department_system_verifies_with_client_credentials_and_the_holder_sees_its_name(app, zhang, admin):
    client_id, secret, name = oauth_client(admin, "licence:verify")
    resp = machine_token(app, client_id, secret, "licence:verify")
    assert resp.status_code == 200, resp.get_json()
    token = resp.get_json()["access_token"]
    card = licence(zhang)
    qr = present(zhang, card["id"])
    assert bearer(app, token, {"qr": qr}).status_code == 400  # a purpose is required of systems too
    answer = bearer(app, token, {"qr": qr, "purpose": "社保待遇资格认证"})
    assert answer.status_code == 200, answer.get_json()
    body = answer.get_json()
    assert (body["kind"], body["verdict"]) == ("presentation", "valid")
    assert body["licence"]["fields"]["holder_id"] == "3412**********0155"
    seen = checks(zhang, card["id"])[0]
    assert (seen["verdict"], seen["verifier"], seen["purpose"]) == ("valid", name, "社保待遇资格认证")
    static = bearer(app, token, {"qr": zhang.get(f"/api/v1/me/licences/{card['id']}").get_json()["static_qr"]})
    assert static.status_code == 200 and static.get_json()["verdict"] == "valid"


def test_a_system_without_the_scope_or_with_a_bad_token_is_refused(app, zhang, admin):
    client_id, secret, _name = oauth_client(admin, "assurance:read")
    issued = machine_token(app, client_id, secret, "licence:verify")  # a scope it was not given: left out
    assert issued.status_code == 200 and "licence:verify" not in issued.get_json().get("scope", "")
    qr = present(zhang, licence(zhang)["id"])
    for token in (issued.get_json()["access_token"],
                  machine_token(app, client_id, secret, "assurance:read").get_json()["access_token"]):
        refused = bearer(app, token, {"qr": qr, "purpose": "社保待遇资格认证"})
        assert refused.status_code == 403, refused.get_json()
    assert bearer(app, "not-a-token", {"qr": qr, "purpose": "社保待遇资格认证"}).status_code == 401
    assert bearer(app, "", {"qr": qr, "purpose": "x"}).status_code in {400, 401, 403}
    clerk = demo_staff(app, "clerk_linquan")
    assert verdict(clerk, qr, purpose=PURPOSE)["verdict"] == "valid"  # the refusals did not spend it


def test_a_department_system_needs_no_csrf_cookie(app, zhang, admin):
    client_id, secret, _name = oauth_client(admin, "licence:verify")
    token = machine_token(app, client_id, secret, "licence:verify").get_json()["access_token"]
    qr = present(zhang, licence(zhang)["id"])
    assert bearer(app, token, {"qr": qr, "purpose": "社保待遇资格认证"}, csrf=False).status_code == 200
