"""A fuzzer over the static QR's decoder (hypothesis): whatever text is scanned, `codec.open_qr` returns or
raises `codec.Unreadable`, nothing else; a real QR changed anywhere (characters flipped, inserted, deleted)
never verifies as valid; and POST /api/v1/verifications answers every such text with a verdict, never
a 5xx.

TONGBAN_FUZZ_EXAMPLES raises the number of examples for a longer hunt (as the API fuzzer's)."""

from __future__ import annotations

import os
from datetime import date
from typing import Any

import cbor2
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tongban.licences import codec

EXAMPLES = int(os.environ.get("TONGBAN_FUZZ_EXAMPLES", "0")) or 400
KEY = Ed25519PrivateKey.generate()
REAL = [codec.seal(codec.Claims(no, 20261128000000 + no, 1, "张*", "34121234", date(2026, 11, 28),
                                date(2046, 11, 28) if no % 2 else None), bytes([no]) * 8, KEY.sign)
        for no in range(1, 9)]
QR_CHARS = codec.B45 + "abcxyz~\u00e9\u4e2d\x00\n"  # the alphanumeric set, and what a phone's reader may add


def opened(text: str) -> codec.Sealed | None:
    """The decoder's contract: a Sealed, or Unreadable (any other exception fails the test)."""
    try:
        return codec.open_qr(text)
    except codec.Unreadable as err:
        assert err.reason in {"format", "base45", "cbor", "structure"}
        return None


def verifies(sealed: codec.Sealed) -> bool:
    try:
        KEY.public_key().verify(sealed.signature, sealed.message)
    except InvalidSignature:
        return False
    return True


@st.composite
def mutated(draw: st.DrawFn, originals: list[str] = REAL) -> str:
    """A real QR with bits flipped in its bytes (the QR a damaged print reads as), then characters replaced,
    inserted or deleted: at least one change in all."""
    text = draw(st.sampled_from(originals))
    raw = bytearray(codec.b45decode(text[5:]))
    flips = draw(st.integers(0, 2))
    for _flip in range(flips):
        raw[draw(st.integers(0, len(raw) - 1))] ^= 1 << draw(st.integers(0, 7))
    text = codec.PREFIX + codec.b45encode(bytes(raw))
    for _edit in range(draw(st.integers(0 if flips else 1, 4))):
        kind = draw(st.sampled_from(["replace", "insert", "delete"]))
        at = draw(st.integers(0, len(text) - (kind != "insert")))
        if kind == "replace":
            text = text[:at] + draw(st.sampled_from(QR_CHARS)) + text[at + 1:]
        elif kind == "insert":
            text = text[:at] + draw(st.sampled_from(QR_CHARS)) + text[at:]
        elif len(text) > 1:
            text = text[:at] + text[at + 1:]
    return text


CBOR_LEAF = st.one_of(st.integers(-(2**64), 2**64), st.binary(max_size=70), st.text(max_size=20), st.none(),
                      st.booleans(), st.floats(allow_nan=False))
CBOR_VALUE = st.recursive(CBOR_LEAF, lambda inner: st.one_of(
    st.lists(inner, max_size=9), st.dictionaries(st.integers(-10, 10), inner, max_size=4),
    st.builds(cbor2.CBORTag, st.sampled_from([18, 0, 1, 24, 258, 98]), inner)), max_leaves=20)


def cose_like(protected: Any, unprotected: Any, payload: Any, signature: Any) -> str:
    """A COSE_Sign1 whose parts are arbitrary: reaches the checks past the outer structure."""
    inner = [cbor2.dumps(protected) if not isinstance(protected, bytes) else protected, unprotected,
             cbor2.dumps(payload) if not isinstance(payload, bytes) else payload, signature]
    return codec.PREFIX + codec.b45encode(cbor2.dumps(cbor2.CBORTag(18, inner)))


FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None)


@FUZZ
@given(st.text(max_size=700))
def test_any_text(text):
    opened(text)
    opened(codec.PREFIX + text)


@FUZZ
@given(st.binary(max_size=420))
def test_any_bytes_behind_the_prefix(raw):
    opened(codec.PREFIX + codec.b45encode(raw))


@FUZZ
@given(CBOR_VALUE)
def test_any_cbor_behind_the_prefix(value):
    opened(codec.PREFIX + codec.b45encode(cbor2.dumps(value)))


@FUZZ
@given(st.one_of(st.fixed_dictionaries({1: st.integers(-10, 10), 4: st.binary(max_size=10)}), CBOR_VALUE),
       st.one_of(st.just({}), CBOR_VALUE),
       st.one_of(st.tuples(st.just(1), st.integers(-3, 10), st.integers(-1, 10**16), st.integers(0, 999),
                           st.text(max_size=70), st.text(max_size=20), st.integers(-1, 10**5 + 1),
                           st.one_of(st.none(), st.integers(-1, 10**5 + 1))).map(list), CBOR_VALUE),
       st.one_of(st.binary(min_size=64, max_size=64), CBOR_VALUE))
def test_any_cose_sign1(protected, unprotected, payload, signature):
    sealed = opened(cose_like(protected, unprotected, payload, signature))
    if sealed is not None:
        assert isinstance(sealed.kid, bytes) and isinstance(sealed.signature, bytes)
        assert isinstance(sealed.claims.holder, str) and sealed.claims.issued >= codec.EPOCH


@FUZZ
@given(mutated())
def test_a_changed_qr_never_verifies(text):
    sealed = opened(text)
    if text in REAL:  # edits that undo each other
        return
    assert sealed is None or not verifies(sealed), text


@settings(max_examples=max(60, EXAMPLES // 4), deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.one_of(st.text(min_size=1, max_size=300).filter(str.strip), st.builds("TBL1:{}".format, st.text(max_size=80)),
                 st.builds("TBP1:{}".format, st.text(max_size=40)), st.builds("TBR1:{}".format, st.text(max_size=40)),
                 st.builds("TBA1:{}".format, st.text(max_size=10)), mutated()))
def test_the_verification_endpoint_never_fails(app, text):
    from tests.support.api import Api

    api = Api(app.test_client())
    api.reset_limits()
    resp = api.post("/api/v1/verifications", {"qr": text})
    assert resp.status_code < 500, (text, resp.get_data(as_text=True))
    if resp.status_code == 200:
        body = resp.get_json()
        assert body["verdict"] != "valid" or body["kind"] == "assist_session", (text, body)
    else:  # control characters, or a presentation an anonymous caller may not check
        assert resp.status_code in {400, 403}, (text, resp.get_json())
