"""The static licence QR's codec (licences/codec.py): Base45 against RFC 9285's own examples, a sealed QR
that opens to the claims it was sealed with and whose signature checks, the identifier a verifier
rebuilds, and the decoder's verdicts on malformed input — `Unreadable`, with a reason, and nothing else."""

from datetime import date

import cbor2
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from tongban.core import ids
from tongban.licences import codec, types

CLAIMS = codec.Claims(type_no=1, serial=20261128123456, version=1, holder="张*", id_hint="34121234",
                      issued=date(2026, 11, 28), valid_until=date(2046, 11, 28))


def keypair() -> tuple[Ed25519PrivateKey, bytes]:
    key = Ed25519PrivateKey.generate()
    return key, key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


@pytest.mark.parametrize(("raw", "text"), [(b"AB", "BB8"), (b"Hello!!", "%69 VD92EX0"), (b"base-45", "UJCLQE7W581"),
                                           (b"ietf!", "QED8WEX0"), (b"", "")])
def test_base45_matches_rfc_9285(raw, text):
    assert codec.b45encode(raw) == text
    assert codec.b45decode(text) == raw


@pytest.mark.parametrize("text", ["GGW", "ZZ", "A", "ABCD", "abc", "AB~"])
def test_base45_refuses_what_no_bytes_encode_to(text):
    with pytest.raises(codec.Unreadable) as err:
        codec.b45decode(text)
    assert err.value.reason == "base45"


def test_a_sealed_qr_opens_to_its_claims_and_its_signature_checks():
    key, public = keypair()
    kid = bytes.fromhex("0011223344556677")
    text = codec.seal(CLAIMS, kid, key.sign)
    assert text.startswith("TBL1:") and set(text[5:]) <= set(codec.B45)
    sealed = codec.open_qr(text)
    assert (sealed.kid, sealed.algorithm, sealed.claims) == (kid, codec.EDDSA, CLAIMS)
    key.public_key().verify(sealed.signature, sealed.message)  # raises when it does not check
    assert sealed.message == cbor2.dumps(["Signature1", cbor2.dumps({1: -8, 4: kid}), b"", CLAIMS.encode()])
    assert len(public) == 32


def test_claims_without_an_end_date():
    key, _public = keypair()
    claims = codec.Claims(2, 1, 1, "阜阳通办*）", "9134NB8P", date(2000, 1, 1), None)
    assert codec.open_qr(codec.seal(claims, b"\x01" * 8, key.sign)).claims == claims


def test_the_rebuilt_identifier_carries_a_valid_check_character():
    uscc = types.demo_uscc("341200-GA")
    assert ids.uscc_problem(uscc) is None
    identifier = types.identifier(types.BY_NO[1], uscc, f"{CLAIMS.serial:014d}", f"{CLAIMS.version:03d}")
    assert identifier.startswith("1.2.156.3005.2.11100000000013338W001." + uscc + ".20261128123456.001.")
    assert ids.elicence_problem(identifier) is None


def _cose(protected: bytes, unprotected: object, payload: bytes, signature: bytes, tag: int | None = 18) -> str:
    body: object = [protected, unprotected, payload, signature]
    return codec.PREFIX + codec.b45encode(cbor2.dumps(cbor2.CBORTag(tag, body) if tag is not None else body))


PROTECTED = cbor2.dumps({1: -8, 4: b"\x00" * 8})


@pytest.mark.parametrize(("text", "reason"), [
    ("hello", "format"), ("https://tongban.example/verify", "format"),
    ("HC1:6BFOXN%TS3DH0YOJ58S S-W5HDC *M0II5XHC9B5G2+$N", "format"), ("tbl1:ABC", "format"),
    ("TBL1:" + "0" * 700, "format"), ("TBL1:abc", "base45"), ("TBL1:A", "base45"), ("TBL1:", "cbor"),
    ("TBL1:" + codec.b45encode(b"\xff\xff"), "cbor"),
    ("TBL1:" + codec.b45encode(cbor2.dumps([1, 2, 3])), "structure"),
    ("TBL1:" + codec.b45encode(cbor2.dumps(cbor2.CBORTag(98, []))), "structure"),
    (_cose(PROTECTED, {}, CLAIMS.encode(), b"s" * 64, tag=None), "structure"),  # untagged
    (_cose(PROTECTED, {5: b"x"}, CLAIMS.encode(), b"s" * 64), "structure"),  # an unprotected header
    (_cose(b"\xff", {}, CLAIMS.encode(), b"s" * 64), "cbor"),
    (_cose(cbor2.dumps({1: -8}), {}, CLAIMS.encode(), b"s" * 64), "structure"),  # no kid
    (_cose(cbor2.dumps([1]), {}, CLAIMS.encode(), b"s" * 64), "structure"),
    (_cose(PROTECTED, {}, cbor2.dumps([2, 1, 1, 1, "", "", 0, None]), b"s" * 64), "structure"),  # version 2
    (_cose(PROTECTED, {}, cbor2.dumps([1, 1, -1, 1, "", "", 0, None]), b"s" * 64), "structure"),
    (_cose(PROTECTED, {}, cbor2.dumps([1, 1, 1, 1, "x" * 65, "", 0, None]), b"s" * 64), "structure"),
    (_cose(PROTECTED, {}, cbor2.dumps([1, 1, 1, 1, "", "", 0, 10**6]), b"s" * 64), "structure"),
    (_cose(PROTECTED, {}, cbor2.dumps([1, True, 1, 1, "", "", 0, None]), b"s" * 64), "structure"),
    (_cose(PROTECTED, {}, b"\x9f", b"s" * 64), "cbor"),
])
def test_what_is_not_a_licence_qr_is_unreadable_with_a_reason(text, reason):
    with pytest.raises(codec.Unreadable) as err:
        codec.open_qr(text)
    assert err.value.reason == reason


def test_only_the_sealed_encoding_opens():
    """Trailing bytes, or lengths written longer than needed, would give a second text for the same
    signed claims: refused."""
    key, _public = keypair()
    raw = codec.b45decode(codec.seal(CLAIMS, b"\x02" * 8, key.sign)[5:])
    with pytest.raises(codec.Unreadable):
        codec.open_qr(codec.PREFIX + codec.b45encode(raw + b"\x00"))
    assert raw[:2] == b"\xd2\x84"  # tag 18, array of 4
    with pytest.raises(codec.Unreadable):
        codec.open_qr(codec.PREFIX + codec.b45encode(b"\xd2\x98\x04" + raw[2:]))  # the array's length in a byte
