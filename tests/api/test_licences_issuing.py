"""Where licences come from and where they go: a case approved with delivery "e-licence" for a matter that
yields one puts it in the applicant's wallet (a background job) with an event on the timeline; a licence
in the wallet stands in for the material it replaces at submission; an issuer's seal key rotates without
invalidating what the old key sealed, and new licences carry the new key."""

import pytest
from tongban.licences import codec

from tests.support.api import Api
from tests.support.cases import demo_staff, jobs_run, post, submit  # noqa: F401 - jobs_run: autouse
from tests.support.licences import holder_with, imported, items, of_type, set_status, verdict
from tests.support.mandates import GA_MATTER, GA_PROOF, PDF, demo, draft, drain, person, uploads_dir  # noqa: F401

HOUSEHOLD_MATTER = "FY-GA-0001"  # 开具户籍类证明: 341200-GA (孙丽 reviews), online, free, yields a 户口簿 licence


@pytest.fixture(scope="module")
def admin(app):
    return demo_staff(app, "admin")


@pytest.fixture(scope="module")
def reviewer(app):
    return demo_staff(app, "reviewer")  # 孙丽, 341200-GA


def events(api, number):
    resp = api.get(f"/api/v1/cases/{number}")
    assert resp.status_code == 200, resp.get_json()
    return resp.get_json()["events"]


def test_an_approved_case_issues_the_licence_to_the_applicants_wallet(app, reviewer):
    applicant = person(app)
    form = {"certificate_type": "户籍信息证明", "subject_id": applicant.id_number, "purpose": "测试：开具证明",
            "contact_phone": "13800000099", "delivery": "电子证照"}
    created = post(applicant, "/api/v1/cases", {"matter": HOUSEHOLD_MATTER, "mode": "online", "form": form})
    assert created.status_code == 201, created.get_json()
    number = created.get_json()["number"]
    assert created.get_json()["delivery"] == "e_licence"
    assert submit(applicant, number).status_code == 200
    assert post(reviewer, f"/api/v1/cases/{number}/accept").status_code == 200
    done = post(reviewer, f"/api/v1/cases/{number}/approve", {"reason": "符合条件"})
    assert done.status_code == 200 and done.get_json()["status"] == "completed", done.get_json()
    drain(app)
    issued = [x for x in items(applicant) if x["type"] == "household"]
    assert len(issued) == 1 and issued[0]["holder"] == applicant.name and not issued[0]["demo"]
    licence = applicant.get(f"/api/v1/me/licences/{issued[0]['id']}").get_json()
    assert licence["case"] == number and licence["issuer"] == "阜阳市公安局" and licence["status"] == "valid"
    note = next(e for e in events(applicant, number) if e["kind"] == "licence_issued")["note"]
    assert licence["identifier"] in note
    assert verdict(Api(app.test_client()), licence["static_qr"])["verdict"] == "valid"
    drain(app)  # the job is idempotent by case number: no second licence
    assert len([x for x in items(applicant) if x["type"] == "household"]) == 1


def test_a_licence_in_the_wallet_stands_in_for_the_material(app, admin):
    applicant, held = holder_with(app, admin, "id_card", "household")
    ids = {x["type"]: x["identifier"] for x in held}
    number = draft(applicant)  # FY-GA-0010: 居民户口簿 and 申报人居民身份证 can be replaced by licences
    assert submit(applicant, number).status_code == 200
    used = [e["note"] for e in events(applicant, number) if e["kind"] == "licence_used"]
    assert len(used) == 2, used
    assert any("居民户口簿" in n and ids["household"] in n for n in used)
    assert any("居民身份证" in n and ids["id_card"] in n for n in used)
    household = next(x for x in held if x["type"] == "household")
    assert set_status(admin, household["id"], "suspended", "核查中").status_code == 200
    second = draft(applicant)
    applicant.reset_limits()  # a second signing code within the minute
    assert submit(applicant, second).status_code == 200
    used = [e["note"] for e in events(applicant, second) if e["kind"] == "licence_used"]
    assert len(used) == 1 and ids["id_card"] in used[0]  # a suspended licence stands in for nothing


def test_a_resident_without_licences_gets_no_stand_in(app):
    applicant = person(app)
    number = draft(applicant)
    assert submit(applicant, number).status_code == 200
    assert not [e for e in events(applicant, number) if e["kind"] == "licence_used"]


def test_a_rotated_seal_key_keeps_old_licences_valid_and_seals_new_ones(app, admin):
    anonymous = Api(app.test_client())
    old = of_type(demo(app, "resident"), "id_card")
    old_kid = codec.open_qr(old["static_qr"]).kid.hex()
    resp = admin.post("/api/v1/admin/seal-keys/341200-GA/rotate")
    assert resp.status_code == 200, resp.get_json()
    rotated = resp.get_json()
    assert rotated["kid"] != old_kid and rotated["issuer"] == "341200-GA" and rotated["source"] == "own"
    kids = {k["kid"] for k in anonymous.get("/api/v1/trust-list").get_json()["keys"]}
    assert {old_kid, rotated["kid"]} <= kids
    assert verdict(anonymous, old["static_qr"])["verdict"] == "valid"
    new = imported(admin, person(app), "id_card")
    assert codec.open_qr(new["static_qr"]).kid.hex() == rotated["kid"]
    assert verdict(anonymous, new["static_qr"])["verdict"] == "valid"
    assert admin.post("/api/v1/admin/seal-keys/999999-XX/rotate").status_code == 404
    assert demo(app, "resident").post("/api/v1/admin/seal-keys/341200-GA/rotate").status_code == 403


def test_an_admin_import_is_checked(app, admin):
    holder = person(app)
    body = {"type": "id_card", "issuer": "341200-GA", "holder_id_number": holder.id_number,
            "fields": {"gender": "男", "address": "安徽省阜阳市（测试）"}}
    done = admin.post("/api/v1/admin/licences", body)
    assert done.status_code == 201, done.get_json()
    assert done.get_json()["fields"]["address"] == "安徽省阜阳市（测试）"  # the fields given are kept
    assert done.get_json()["fields"]["holder_id"].count("*") == 10
    for bad, field in (({"type": "passport"}, "type"), ({"issuer": "999999-XX"}, "issuer"),
                       ({"holder_id_number": "11010519491231002X"}, "holder_id_number"),
                       ({"type": "business_licence", "holder_uscc": "91350100M000100Y43"}, "holder_uscc")):
        resp = admin.post("/api/v1/admin/licences", {**body, **bad})
        assert resp.status_code == 400 and field in resp.get_json()["errors"], (bad, resp.get_json())
    assert demo(app, "resident").post("/api/v1/admin/licences", body).status_code == 403
