"""The static licence QR: `TBL1:` + Base45(COSE_Sign1(claims)), in QR alphanumeric mode.

As the EU digital COVID certificate does (hcert spec §3–4), minus two things that cost more than they
give at this size: no zlib (the reference measurements show it gains nothing under ~400 bytes), and no
full identifier inside (the verifier rebuilds it from the issuer in the trust list, the type number
and the serial, and its check character proves the rebuild). What is inside is the minimum a clerk
needs to match the licence to the person in front of them:

    claims = [1, type_no, serial (int), version (int), holder (masked name), id (first 4 + last 4
              characters of the ID number or credit code), issued (days since 2000-01-01),
              valid_until (days, or null)]

COSE_Sign1 (RFC 9052), tagged 18: protected header {1: -8 (EdDSA), 4: kid (8 bytes)}, no unprotected
header, the claims as payload, an Ed25519 signature over Sig_structure ["Signature1", protected, b"",
payload]. Every failure to decode is a `Unreadable` with a reason; nothing else escapes.
"""

from __future__ import annotations

import struct
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import cbor2

PREFIX = "TBL1:"
EPOCH = date(2000, 1, 1)
B45 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
_B45_TABLE = bytes(B45.index(chr(b)) if chr(b) in B45 else 255 for b in range(256))
EDDSA = -8
MAX_QR = 600  # characters: anything longer is not ours


class Unreadable(ValueError):
    """Not a licence QR we can read (`reason`: format, base45, cbor, structure)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def b45encode(data: bytes) -> str:
    out = []
    for i in range(0, len(data) - 1, 2):
        n = data[i] * 256 + data[i + 1]
        c, n = divmod(n, 45 * 45)
        e, d = divmod(n, 45)
        out.append(B45[d] + B45[e] + B45[c])
    if len(data) % 2:
        e, d = divmod(data[-1], 45)
        out.append(B45[d] + B45[e])
    return "".join(out)


def b45decode(text: str) -> bytes:
    # One C-level translate gives every character's value (255: not Base45); the triples are then summed in
    # one comprehension and packed big-endian: ~3 × faster than a per-character loop.
    try:
        values = text.encode("ascii").translate(_B45_TABLE)
    except UnicodeEncodeError:
        raise Unreadable("base45") from None
    rest = len(values) % 3
    if rest == 1 or 255 in values:
        raise Unreadable("base45")
    whole = len(values) - rest
    numbers = [a + b * 45 + c * 2025 for a, b, c in zip(values[0:whole:3], values[1:whole:3], values[2:whole:3],
                                                        strict=True)]
    if numbers and max(numbers) > 0xFFFF:
        raise Unreadable("base45")
    out = struct.pack(f">{len(numbers)}H", *numbers)
    if rest:
        n = values[-2] + values[-1] * 45
        if n > 0xFF:
            raise Unreadable("base45")
        out += bytes((n,))
    return out


@dataclass(frozen=True)
class Claims:
    type_no: int
    serial: int
    version: int
    holder: str
    id_hint: str
    issued: date
    valid_until: date | None

    def encode(self) -> bytes:
        until = (self.valid_until - EPOCH).days if self.valid_until else None
        return cbor2.dumps([1, self.type_no, self.serial, self.version, self.holder, self.id_hint,
                            (self.issued - EPOCH).days, until])

    @classmethod
    def decode(cls, raw: bytes) -> Claims:
        try:
            value = cbor2.loads(raw)
        except Exception:  # noqa: BLE001 - any malformed CBOR is the same verdict
            raise Unreadable("cbor") from None
        if not (isinstance(value, (list, tuple)) and len(value) == 8 and value[0] == 1):
            raise Unreadable("structure")
        _v, type_no, serial, version, holder, id_hint, issued, until = value
        ints = (type_no, serial, version, issued)
        if not all(isinstance(x, int) and not isinstance(x, bool) and 0 <= x < 10**15 for x in ints):
            raise Unreadable("structure")
        if not (isinstance(holder, str) and isinstance(id_hint, str) and len(holder) <= 64 and len(id_hint) <= 18):
            raise Unreadable("structure")
        if until is not None and not (isinstance(until, int) and 0 <= until < 100_000):
            raise Unreadable("structure")
        if issued >= 100_000:
            raise Unreadable("structure")
        return cls(type_no, serial, version, holder, id_hint, EPOCH + timedelta(days=issued),
                   EPOCH + timedelta(days=until) if until is not None else None)


def _sig_structure(protected: bytes, payload: bytes) -> bytes:
    return cbor2.dumps(["Signature1", protected, b"", payload])


def seal(claims: Claims, kid: bytes, sign: Any) -> str:
    """The QR text: `sign(message) -> 64-byte signature` is the issuer's seal key."""
    protected = cbor2.dumps({1: EDDSA, 4: kid})
    payload = claims.encode()
    signature = sign(_sig_structure(protected, payload))
    return PREFIX + b45encode(cbor2.dumps(cbor2.CBORTag(18, [protected, {}, payload, signature])))


@dataclass(frozen=True)
class Sealed:
    kid: bytes
    algorithm: int
    claims: Claims
    message: bytes  # what the signature covers
    signature: bytes


def open_qr(text: str) -> Sealed:
    """Decode without verifying: the caller checks `signature` over `message` with the key `kid`."""
    if not text.startswith(PREFIX) or len(text) > MAX_QR:
        raise Unreadable("format")
    raw = b45decode(text[len(PREFIX):])
    try:
        value = cbor2.loads(raw)
    except Exception:  # noqa: BLE001
        raise Unreadable("cbor") from None
    if not isinstance(value, cbor2.CBORTag) or value.tag != 18:
        raise Unreadable("structure")
    value = value.value
    if not (isinstance(value, (list, tuple)) and len(value) == 4 and isinstance(value[0], bytes)
            and value[1] == {} and isinstance(value[2], bytes) and isinstance(value[3], bytes)):
        raise Unreadable("structure")
    protected, _unprotected, payload, signature = value
    # One encoding only, as `seal` writes it: no trailing bytes, no longer-than-needed lengths, so that no
    # other text than the one sealed opens to the same signed claims.
    if cbor2.dumps(cbor2.CBORTag(18, [protected, {}, payload, signature])) != raw:
        raise Unreadable("cbor")
    try:
        header = cbor2.loads(protected)
    except Exception:  # noqa: BLE001
        raise Unreadable("cbor") from None
    if not isinstance(header, Mapping) or not isinstance(header.get(4), bytes) or not isinstance(header.get(1), int):
        raise Unreadable("structure")
    return Sealed(header[4], header[1], Claims.decode(payload), _sig_structure(protected, payload), signature)
