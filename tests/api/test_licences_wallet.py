"""The wallet: every demo holder sees their own licences (two or more) and nobody else's; a licence's
detail carries its static QR as text and SVG, its PDF is a PDF; the static QR verifies for anyone and says
only the minimal claims; the trust list is signed by the platform key over its canonical JSON."""

import base64
import hashlib
import json
import re

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from tongban.licences import codec

from tests.support.api import Api
from tests.support.cases import jobs_run  # noqa: F401 - autouse: queued jobs run after each test
from tests.support.licences import ENTERPRISE, checks, detail, items, verdict
from tests.support.mandates import PEOPLE, demo

HOLDERS = ["resident", "elderly", "family", "daughter", "enterprise_rep", "employee"]


@pytest.fixture(scope="module")
def holders(app):
    return {key: demo(app, key) for key in HOLDERS}


@pytest.mark.parametrize("key", HOLDERS)
def test_each_demo_holder_sees_their_own_licences(holders, key):
    mine = items(holders[key])
    own = [x for x in mine if x["holder_type"] == "person"]
    assert len(own) >= 2 and {x["holder"] for x in own} == {PEOPLE[key]["name"]}
    assert all(x["status"] == "valid" and x["demo"] and x["identifier"].startswith("1.2.156.3005.2.") for x in mine)
    if key == "enterprise_rep":  # 刘芳 also holds the enterprise's, as its legal representative
        firm = [x for x in mine if x["holder_type"] == "organisation"]
        assert {x["type"] for x in firm} == {"business_licence", "food_business"}
        assert {x["holder"] for x in firm} == {ENTERPRISE}
    else:
        assert len(own) == len(mine)


def test_张伟_holds_an_id_card_a_partner_sealed_driving_licence_and_a_social_security_card(holders):
    mine = {x["type"]: x for x in items(holders["resident"])}
    assert set(mine) >= {"id_card", "driving", "social_security"}
    assert "宁波" in mine["driving"]["issuer"]


def test_nobody_sees_another_holders_licence(app, holders):
    other = items(holders["elderly"])[0]["id"]
    mine = {x["id"] for x in items(holders["resident"])}
    assert other not in mine
    zhang = holders["resident"]
    for url in (f"/api/v1/me/licences/{other}", f"/api/v1/me/licences/{other}/pdf",
                f"/api/v1/me/licences/{other}/checks", "/api/v1/me/licences/999999"):
        assert zhang.get(url).status_code == 404, url
    assert zhang.post(f"/api/v1/me/licences/{other}/presentations").status_code == 404
    anonymous = Api(app.test_client())
    assert anonymous.get("/api/v1/me/licences").status_code == 401
    assert anonymous.get(f"/api/v1/me/licences/{other}").status_code == 401


def test_the_detail_has_the_fields_masked_the_static_qr_and_its_svg(holders):
    zhang = holders["resident"]
    for summary in items(zhang):
        shown = detail(zhang, summary["id"])
        assert shown["static_qr"].startswith("TBL1:") and set(shown["static_qr"][5:]) <= set(codec.B45)
        assert shown["static_qr_svg"].lstrip().startswith("<svg") and "</svg>" in shown["static_qr_svg"]
        assert shown["fields"]["holder_name"] == "张伟"
        assert shown["fields"]["holder_id"] == "3412**********0155"
        assert set(shown["field_labels"]) == set(shown["fields"])
        assert [e["kind"] for e in shown["history"]] == ["issued"]
    card = detail(zhang, next(x["id"] for x in items(zhang) if x["type"] == "social_security"))
    assert card["fields"]["card_number"] == "3412**********0155"  # the card's number is the ID number


def test_the_pdf_is_a_pdf(holders):
    zhang = holders["resident"]
    resp = zhang.get(f"/api/v1/me/licences/{items(zhang)[0]['id']}/pdf")
    assert resp.status_code == 200 and resp.mimetype == "application/pdf"
    assert resp.data.startswith(b"%PDF") and len(resp.data) > 1000
    assert "no-store" in resp.headers["Cache-Control"]


@pytest.mark.parametrize("key", HOLDERS)
def test_every_demo_static_qr_verifies_for_anyone_with_only_minimal_claims(app, holders, key):
    anonymous = Api(app.test_client())
    for summary in items(holders[key]):
        shown = detail(holders[key], summary["id"])
        body = verdict(anonymous, shown["static_qr"])
        assert (body["kind"], body["verdict"], body["offline"]) == ("static_licence", "valid", False), body
        got = body["licence"]
        assert got["identifier"] == summary["identifier"] and got["type"] == summary["type"]
        assert got["issuer"] == summary["issuer"] and got["issued_on"] == summary["issued_on"]
        assert got["valid_until"] == summary["valid_until"]
        assert "fields" not in got or not got["fields"]  # the static QR carries no more than this
        holder = summary["holder"]
        assert got["holder"] != holder and got["holder"][0] == holder[0] and "*" in got["holder"]
        assert "…" in got["id_hint"] and len(got["id_hint"]) == 9
        number = PEOPLE[key]["id_number"] if summary["holder_type"] == "person" else "91341200MA2TB0NB8P"
        assert number not in json.dumps(body, ensure_ascii=False)


def test_a_static_check_shows_in_the_holders_log(app, holders):
    zhang = holders["resident"]
    card = next(x for x in items(zhang) if x["type"] == "id_card")
    verdict(Api(app.test_client()), detail(zhang, card["id"])["static_qr"], purpose="测试：静态码")
    latest = checks(zhang, card["id"])[0]
    # anyone's check is logged; the words of someone without a post are not (test_licences_review.py)
    assert (latest["kind"], latest["verdict"], latest["purpose"]) == ("static_licence", "valid", "")
    assert latest["verifier"] and latest["verdict_label"]


def test_the_trust_list_is_signed_over_its_canonical_json(app):
    body = Api(app.test_client()).get("/api/v1/trust-list").get_json()
    unsigned = {k: v for k, v in body.items() if k != "signature"}
    message = json.dumps(unsigned, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()
    signer = base64.urlsafe_b64decode(body["signer"]["public_key"] + "=")
    Ed25519PublicKey.from_public_bytes(signer).verify(base64.urlsafe_b64decode(body["signature"] + "=="), message)
    assert body["signer"]["kid"] == hashlib.sha256(signer).digest()[:8].hex()
    for key in body["keys"]:
        raw = base64.urlsafe_b64decode(key["public_key"] + "=")
        assert len(raw) == 32 and key["kid"] == hashlib.sha256(raw).digest()[:8].hex() and key["alg"] == "Ed25519"
        assert re.fullmatch(r"[0-9A-Z]{18}", key["issuer_uscc"])
    partners = {k["region"] for k in body["keys"] if k["source"] == "partner"}
    assert {"330200", "310104", "310117"} <= partners
    assert [t["no"] for t in body["licence_types"]] == list(range(1, 9))
    tampered = json.dumps({**unsigned, "version": 2}, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    with pytest.raises(Exception):  # noqa: B017 - InvalidSignature
        Ed25519PublicKey.from_public_bytes(signer).verify(base64.urlsafe_b64decode(body["signature"] + "=="),
                                                          tampered.encode())
