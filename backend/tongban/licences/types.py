"""Licence types, issuer codes and the GB/T 36904 identifier.

A type's national code is the competent ministry's 统一社会信用代码 plus a 3-digit number; the demo
uses codes of that form, marked as demo (the real type catalogue is published by the national
platform, not reproduced here). `no` is our small number for a type, carried in the static QR; the
trust list publishes the table so an offline verifier can name the type.

Departments in the directory carry no credit code; each gets a stable demo one (valid GB 32100
check character) derived from its code, so identifiers are well formed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l

from tongban.core import ids


@dataclass(frozen=True)
class LicenceType:
    no: int
    code: str
    name: Any
    national: str  # 18-char ministry credit code + 3-digit type number (demo values)
    audience: str  # person | enterprise
    years: int | None  # validity in years from issue, None for no end


TYPES: tuple[LicenceType, ...] = (
    LicenceType(1, "id_card", _l("Resident identity card"), "11100000000013338W001", "person", 20),
    LicenceType(2, "business_licence", _l("Business licence"), "11100000000018433Q001", "enterprise", None),
    LicenceType(3, "marriage", _l("Marriage certificate"), "11100000000014358P001", "person", None),
    LicenceType(4, "driving", _l("Driving licence"), "11100000000013338W009", "person", 6),
    LicenceType(5, "social_security", _l("Social security card"), "11100000717800677Y001", "person", 10),
    LicenceType(6, "household", _l("Household register"), "11100000000013338W011", "person", None),
    LicenceType(7, "diploma", _l("Academic certificate"), "11100000000013369W001", "person", None),
    LicenceType(8, "food_business", _l("Food business licence"), "11100000000018433Q009", "enterprise", 5),
)
BY_CODE = {t.code: t for t in TYPES}
BY_NO = {t.no: t for t in TYPES}
SECTOR = {"id_card": "GA", "driving": "GA", "household": "GA", "social_security": "RS", "business_licence": "SJ",
          "food_business": "SJ", "marriage": "MZ", "diploma": "JY"}  # as mandates' categories
# The guide's names for materials a licence can replace (Material.licence_type), and our types.
MATERIAL_NAMES = {"居民身份证": "id_card", "居民户口簿": "household", "社会保障卡": "social_security",
                  "营业执照": "business_licence", "结婚证": "marriage", "毕业证书": "diploma",
                  "机动车驾驶证": "driving", "食品经营许可证": "food_business"}
# Matters whose approval issues a licence (delivery "e_licence"): the licence the case yields.
MATTER_LICENCE = {"FY-GA-0003": "id_card", "FY-GA-0011": "driving", "FY-RS-0005": "social_security",
                  "FY-RS-0007": "social_security", "FY-SJ-0001": "business_licence",
                  "FY-SJ-0005": "food_business", "FY-GA-0001": "household"}


FIELDS: dict[str, Any] = {  # the names of licence fields, as the holder and the clerk read them
    "holder_name": _l("Holder"), "holder_id": _l("ID number or credit code"), "birth_date": _l("Date of birth"),
    "address": _l("Address"), "licence_class": _l("Vehicle class"), "spouse_name": _l("Spouse"),
    "spouse_id": _l("Spouse's ID number"), "registered_on": _l("Registered on"), "card_number": _l("Card number"),
    "school": _l("School"), "degree": _l("Qualification"), "major": _l("Major"),
    "household_head": _l("Head of household"), "relation": _l("Relation to the head"),
    "legal_rep": _l("Legal representative"), "capital": _l("Registered capital"),
    "business_scope": _l("Business scope"), "premises": _l("Premises"), "gender": _l("Sex"),
    "ethnicity": _l("Ethnicity"),
}


# Fields that hold an ID number (a social security card's number is its holder's): shown masked, to the holder
# and to whoever checks a presentation.
ID_FIELDS = frozenset({"holder_id", "id_number", "spouse_id", "card_number"})


def field_label(key: str) -> str:
    return str(FIELDS.get(key, key))


def demo_uscc(code: str) -> str:
    """A stable, well-formed 统一社会信用代码 for a department or partner issuer (demo)."""
    region = code.split("-", 1)[0] if code[:6].isdigit() else "110000"
    digest = int(hashlib.sha256(code.encode()).hexdigest(), 16)
    body = "11" + region[:6] + f"{digest % 10**9:09d}"
    r = 31 - sum(ids.USCC_ALPHABET.index(c) * w for c, w in zip(body, ids.USCC_WEIGHTS, strict=False)) % 31
    return body + ids.USCC_ALPHABET[0 if r == 31 else r]


def identifier(licence_type: LicenceType, issuer_uscc: str, serial: str, version: str = "001") -> str:
    """1.2.156.3005.2.<type>.<issuer>.<serial>.<version>.<check> (GB/T 36904; ISO 7064 MOD 37,36)."""
    body = licence_type.national + issuer_uscc + serial + version
    return ".".join((ids.ELICENCE_ROOT, licence_type.national, issuer_uscc, serial, version, ids.mod37_36(body)))
