"""Bad input to POST /verifications, each with its exact verdict and never a 500: QR codes that are not ours,
truncated, with a bit flipped or a character changed, sealed by an unknown key or by a key an administrator
removed (a partner region's: mutual recognition stops, and comes back when the key is added again), for a
revoked, suspended or expired licence — and the holder's log shows the attempts that name their licence."""

from dataclasses import replace
from datetime import date

import pytest
from tongban.licences import codec

from tests.support.api import Api
from tests.support.cases import demo_staff, jobs_run  # noqa: F401 - autouse: queued jobs run after each test
from tests.support.licences import (
    b64u,
    checks,
    claims_of,
    expire,
    flip_bit,
    holder_with,
    items,
    new_key,
    of_type,
    sealed,
    set_status,
    trust_entry,
    verdict,
)
from tests.support.mandates import demo

HC1 = ("HC1:6BFOXN%TS3DH0YOJ58S S-W5HDC *M0II5XHC9B5G2+$N IOP-IA%NFQGRJPC%OQHIZC4.OI1RM8ZA.A5:S9MKN4NN3F85QNCY0O%0V"
       "9JU0D0HT0HB2PL/IB*09B9LW4T*8+DCMH0LDK2%K:XFE70*LP$V25$0Q:J:4MO1P0%0L0HD+9E/HY+4J6TH48S%4K.GJ2PT3QY:GQ3TE2I+-CPHN6")
# an EU digital COVID certificate's opening: Base45 behind another prefix


@pytest.fixture(scope="module")
def admin(app):
    return demo_staff(app, "admin")


@pytest.fixture(scope="module")
def zhang(app):
    return demo(app, "resident")


@pytest.fixture
def anonymous(app):
    return Api(app.test_client())


def static(api, type_code):
    licence = of_type(api, type_code)
    return licence, licence["static_qr"]


@pytest.mark.parametrize("text", ["hello", "https://tongban.example/verify?x=1", HC1, "TBX1:ABC", " ", "0" * 1999,
                                  "这不是二维码", "tbl1:ABC", "TBA1:12345x"])
def test_a_code_that_is_not_ours_is_unreadable(anonymous, text):
    body = verdict(anonymous, text)
    assert body["verdict"] == "unreadable" and body["licence"] is None
    assert body["kind"] == ("assist_session" if text.startswith("TBA1:") else "unknown")
    assert body["verdict_label"]


@pytest.mark.parametrize("text", ["TBL1:", "TBL1:abc", "TBL1:" + "A" * 598, "TBL1:" + "0" * 700, "TBL1:%%%%"])
def test_a_damaged_static_code_is_unreadable(anonymous, text):
    body = verdict(anonymous, text)
    assert (body["kind"], body["verdict"], body["licence"]) == ("static_licence", "unreadable", None)


@pytest.mark.parametrize("body", [{}, {"qr": ""}, {"qr": "x" * 2001}, {"qr": "TBL1:\x00\x01"}, {"qr": 5},
                                  {"qr": "TBL1:A", "case": "not-a-case"}, {"qr": "TBL1:A", "purpose": "x" * 201}])
def test_a_malformed_request_is_400(anonymous, body):
    resp = anonymous.post("/api/v1/verifications", body)
    assert resp.status_code == 400, resp.get_json()


def test_a_truncated_static_code_is_unreadable(anonymous, zhang):
    _licence, qr = static(zhang, "id_card")
    for keep in (6, 20, len(qr) // 2, len(qr) - 3, len(qr) - 2, len(qr) - 1):
        body = verdict(anonymous, qr[:keep])
        assert (body["kind"], body["verdict"]) == ("static_licence", "unreadable"), keep


def test_a_flipped_bit_in_the_seal_is_a_bad_signature_and_its_holder_sees_it(anonymous, zhang):
    licence, qr = static(zhang, "id_card")
    for byte in (-1, -20, -64):  # in the signature: the claims still name the licence
        body = verdict(anonymous, flip_bit(qr, byte, 3))
        assert (body["verdict"], body["licence"]) == ("bad_signature", None)
    seen = checks(zhang, licence["id"])[0]
    assert (seen["kind"], seen["verdict"]) == ("static_licence", "bad_signature")


def test_a_changed_claim_or_character_never_verifies(anonymous, zhang):
    licence, qr = static(zhang, "social_security")
    assert verdict(anonymous, qr)["verdict"] == "valid"
    raw_len = len(codec.b45decode(qr[5:]))
    verdicts = {verdict(anonymous, flip_bit(qr, byte, bit))["verdict"] for byte in range(0, raw_len - 64, 7)
                for bit in (0, 5)}
    assert verdicts <= {"bad_signature", "unreadable", "unknown_issuer"} and "bad_signature" in verdicts
    for at in range(5, len(qr), 23):
        changed = qr[:at] + ("A" if qr[at] != "A" else "B") + qr[at + 1:]
        assert verdict(anonymous, changed)["verdict"] in {"bad_signature", "unreadable", "unknown_issuer"}, at
    claims = claims_of(qr)  # a claim changed and the old seal kept
    for forged in (replace(claims, valid_until=date(2099, 1, 1)), replace(claims, holder="李*"),
                   replace(claims, serial=claims.serial + 1)):
        opened = codec.open_qr(qr)
        text = codec.PREFIX + codec.b45encode(codec.cbor2.dumps(codec.cbor2.CBORTag(
            18, [codec.cbor2.dumps({1: -8, 4: opened.kid}), {}, forged.encode(), opened.signature])))
        assert verdict(anonymous, text)["verdict"] == "bad_signature"
    assert checks(zhang, licence["id"])[0]["verdict"] == "bad_signature"


def test_a_code_sealed_with_an_unknown_key_names_an_unknown_issuer(anonymous, zhang):
    licence, qr = static(zhang, "id_card")
    key, _raw, kid = new_key()
    body = verdict(anonymous, sealed(claims_of(qr), key, kid))
    assert (body["kind"], body["verdict"], body["licence"]) == ("static_licence", "unknown_issuer", None)
    real_kid = codec.open_qr(qr).kid.hex()  # the issuer's kid, but not its key: a forgery
    assert verdict(anonymous, sealed(claims_of(qr), key, real_kid))["verdict"] == "bad_signature"
    assert checks(zhang, licence["id"])[0]["verdict"] == "bad_signature"


def test_a_removed_partner_key_stops_its_licences_verifying_until_added_again(app, admin, anonymous, zhang):
    licence, qr = static(zhang, "driving")  # sealed by 宁波 (a partner region)
    entry = trust_entry(anonymous, "330200-GA")
    assert entry["source"] == "partner" and codec.open_qr(qr).kid.hex() == entry["kid"]
    assert verdict(anonymous, qr)["verdict"] == "valid"
    removed = admin.post(f"/api/v1/admin/trust-list/keys/{entry['kid']}/remove")
    assert removed.status_code == 200, removed.get_json()
    try:
        body = verdict(anonymous, qr)
        assert (body["verdict"], body["licence"]) == ("unknown_issuer", None)
        assert entry["kid"] not in {k["kid"] for k in anonymous.get("/api/v1/trust-list").get_json()["keys"]}
        seen = checks(zhang, licence["id"])[0]  # our record of a partner's licence: its holder sees the attempt
        assert (seen["kind"], seen["verdict"]) == ("static_licence", "unknown_issuer")
        assert admin.post(f"/api/v1/admin/trust-list/keys/{entry['kid']}/remove").status_code == 404
    finally:
        again = admin.post("/api/v1/admin/trust-list/keys", {k: entry[k] for k in ("issuer", "issuer_name", "region",
                                                                                   "public_key")})
    assert again.status_code == 201, again.get_json()
    assert again.get_json()["kid"] == entry["kid"] and again.get_json()["source"] == "partner"
    assert verdict(anonymous, qr)["verdict"] == "valid"
    dup = admin.post("/api/v1/admin/trust-list/keys", {k: entry[k] for k in ("issuer", "issuer_name", "region",
                                                                            "public_key")})
    assert dup.status_code == 409


def test_a_partner_licence_we_do_not_hold_verifies_by_its_seal_and_dates(app, admin, anonymous, zhang):
    """Mutual recognition of a licence issued elsewhere: valid by its seal; expired by its own end date."""
    key, raw, kid = new_key()
    added = admin.post("/api/v1/admin/trust-list/keys", {"issuer": "310104-GA", "region": "310104",
                                                         "issuer_name": "上海市徐汇区公安分局（测试）",
                                                         "public_key": b64u(raw)})
    assert added.status_code == 201, added.get_json()
    try:
        claims = replace(claims_of(static(zhang, "id_card")[1]), serial=20260101000001)
        body = verdict(anonymous, sealed(claims, key, kid))
        assert body["verdict"] == "valid" and body["licence"]["issuer"] == "上海市徐汇区公安分局（测试）"
        assert body["licence"]["issuer_region"] == "310104"
        old = replace(claims, valid_until=date(2021, 1, 1))
        assert verdict(anonymous, sealed(old, key, kid))["verdict"] == "expired"
        assert verdict(anonymous, sealed(replace(claims, type_no=99), key, kid))["verdict"] == "unknown_type"
    finally:
        assert admin.post(f"/api/v1/admin/trust-list/keys/{kid}/remove").status_code == 200
    assert verdict(anonymous, sealed(claims, key, kid))["verdict"] == "unknown_issuer"


def test_suspended_revoked_and_reinstated(app, admin, anonymous):
    holder, (card,) = holder_with(app, admin, "id_card")
    qr = card["static_qr"]
    assert verdict(anonymous, qr)["verdict"] == "valid"
    assert set_status(admin, card["id"], "suspended", "核查中").status_code == 200
    assert verdict(anonymous, qr)["verdict"] == "suspended"
    assert items(holder)[0]["status"] == "suspended"
    assert holder.post(f"/api/v1/me/licences/{card['id']}/presentations").status_code == 409
    assert set_status(admin, card["id"], "suspended").status_code == 409  # already
    back = set_status(admin, card["id"], "valid", "核查完毕")
    assert back.status_code == 200 and back.get_json()["status"] == "valid"
    assert verdict(anonymous, qr)["verdict"] == "valid"
    assert set_status(admin, card["id"], "revoked", "证件作废").status_code == 200
    body = verdict(anonymous, qr)
    assert (body["verdict"], body["licence"]["identifier"]) == ("revoked", card["identifier"])
    assert set_status(admin, card["id"], "valid").status_code == 409  # a revoked licence stays revoked
    shown = holder.get(f"/api/v1/me/licences/{card['id']}").get_json()
    assert [(e["kind"], e["note"]) for e in shown["history"]] == [
        ("issued", ""), ("suspended", "核查中"), ("reinstated", "核查完毕"), ("revoked", "证件作废")]
    assert [c["verdict"] for c in checks(holder, card["id"])][:3] == ["revoked", "valid", "suspended"]
    assert set_status(admin, 999999, "suspended").status_code == 404
    assert set_status(holder, card["id"], "suspended").status_code in {401, 403}


def test_an_expired_licence_is_expired(app, admin, anonymous):
    holder, (card,) = holder_with(app, admin, "social_security")
    expire(app, card["id"])
    body = verdict(anonymous, card["static_qr"])
    assert (body["verdict"], body["licence"]["identifier"]) == ("expired", card["identifier"])
    assert items(holder)[0]["status"] == "expired"
    assert holder.post(f"/api/v1/me/licences/{card['id']}/presentations").status_code == 409
    assert checks(holder, card["id"])[0]["verdict"] == "expired"
