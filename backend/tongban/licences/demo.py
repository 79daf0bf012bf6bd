"""Demo licences (development only): every demo person and the demo enterprise hold two or three, and
three partner regions (宁波, 上海徐汇, 上海松江) each have a seal key on the trust list.

A partner's key pair is made here, seals that partner's demo licences, and its private half is then
dropped: Tongban keeps only the public key, as it would for a real partner region. Idempotent: a
holder who already has a demo licence of a type gets no second one.
"""

from __future__ import annotations

from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select

from tongban.directory.models import Department
from tongban.extensions import db
from tongban.identity.models import Account, Organisation
from tongban.licences import issue, seals, types
from tongban.licences.models import Licence, TrustedKey


class _PartnerKey:
    """Stands in for a SealKey: a key that signs, never stored."""

    def __init__(self, issuer: str) -> None:
        self.private = Ed25519PrivateKey.generate()
        self.public_key = seals._raw_public(self.private)
        self.kid = seals.kid_of(self.public_key)
        self.issuer = issuer


def _partner_keys(partners: list[dict[str, str]]) -> dict[str, Any]:
    keys: dict[str, Any] = {}
    for p in partners:
        key = _PartnerKey(p["issuer"])
        db.session.add(TrustedKey(kid=key.kid, issuer=p["issuer"], issuer_name=p["issuer_name"],
                                  issuer_uscc=types.demo_uscc(p["issuer"]), region_code=p["region"],
                                  algorithm="Ed25519", public_key=key.public_key, source="partner", added_by="demo"))
        keys[p["issuer"]] = key
    db.session.flush()
    return keys


def _issuer_name(code: str, partners: dict[str, dict[str, str]]) -> tuple[str, str]:
    if code in partners:
        return partners[code]["issuer_name"], partners[code]["region"]
    dept = db.session.scalars(select(Department).where(Department.code == code)).first()
    return (dept.name, dept.region_code) if dept else (code, code[:6])


def load(data: dict[str, Any], accounts: dict[str, Account]) -> int:
    partners = {p["issuer"]: p for p in data["partners"]}
    wanted: list[tuple[dict[str, Any], dict[str, Any]]] = []  # (holder, licence spec)
    for entry in data["people"]:
        account = accounts[entry["person"]]
        wanted += [({"person": account.person, "account_id": account.id, "org_id": None}, spec)
                   for spec in entry["licences"]]
    for entry in data["organisations"]:
        org = db.session.scalars(select(Organisation).where(Organisation.uscc == entry["uscc"])).first()
        if org is not None:
            wanted += [({"org": org, "account_id": None, "org_id": org.id}, spec) for spec in entry["licences"]]
    wanted = [(h, spec) for h, spec in wanted if not _has(spec["type"], account_id=h["account_id"], org_id=h["org_id"])]
    keys = _partner_keys(data["partners"]) if any(spec["issuer"] in partners for _h, spec in wanted) else {}
    for holder, spec in wanted:
        name, region = _issuer_name(spec["issuer"], partners)
        key = _SigningKey(keys[spec["issuer"]]) if spec["issuer"] in keys else None
        issue.issue(types.BY_CODE[spec["type"]], issuer=spec["issuer"], issuer_name=name, region=region,
                    person=holder.get("person"), org=holder.get("org"), fields=spec["fields"], source="demo",
                    demo=True, actor="demo", key=key)
    db.session.flush()
    return len(wanted)


class _SigningKey:
    """What issue.issue needs of a key (kid, and seals.sign through `private_key`)."""

    def __init__(self, key: _PartnerKey) -> None:
        self.kid = key.kid
        self._private = key.private

    def sign(self, message: bytes) -> bytes:
        return self._private.sign(message)


def _has(type_code: str, *, account_id: int | None, org_id: int | None) -> bool:
    stmt = select(Licence.id).where(Licence.type_code == type_code, Licence.demo.is_(True))
    stmt = stmt.where(Licence.holder_org_id == org_id) if org_id else stmt.where(
        Licence.holder_account_id == account_id, Licence.holder_org_id.is_(None))
    return db.session.scalars(stmt).first() is not None

