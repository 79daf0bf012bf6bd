"""Issuing a licence: its identifier, its data, its seal and its static QR.

A department issues when a case it approved asked for an e-licence (a background job, enqueued in the
approval's transaction: `licences.issue`); an administrator may import licences; the demo loads some.
"""

from __future__ import annotations

import json
import secrets
from datetime import date
from typing import Any

from sqlalchemy import select

from tongban.cases.calendar import china_date
from tongban.core.crypto import mask_name
from tongban.core.db import utcnow
from tongban.extensions import db
from tongban.identity.models import Organisation, Person
from tongban.licences import codec, seals, types
from tongban.licences.models import Licence, LicenceEvent


def _years_later(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def id_hint(value: str | None) -> str:
    """First 4 and last 4 characters of an ID number or credit code: enough to match the card in hand."""
    value = (value or "").upper()
    return value[:4] + value[-4:] if len(value) > 8 else value


def masked_holder(name: str, organisation: bool) -> str:
    """The name in the static QR: a person's with all but the first character hidden; an enterprise's
    first four and last two characters (enough to match the paper licence, and it keeps the code small)."""
    if organisation:
        return name if len(name) <= 7 else name[:4] + "*" + name[-2:]
    return mask_name(name)


def new_serial(issuer_uscc: str, day: date) -> str:
    for _attempt in range(20):
        serial = day.strftime("%Y%m%d") + f"{secrets.randbelow(1_000_000):06d}"
        if db.session.scalars(select(Licence.id).where(Licence.issuer_uscc == issuer_uscc,
                                                       Licence.serial == serial)).first() is None:
            return serial
    raise RuntimeError("no free licence serial")


def issue(licence_type: types.LicenceType, *, issuer: str, issuer_name: str, region: str,
          person: Person | None = None, org: Organisation | None = None, fields: dict[str, Any] | None = None,
          case_number: str | None = None, source: str = "case", demo: bool = False, actor: str = "system",
          key: Any = None, issued_on: date | None = None) -> Licence:
    """Seal and store a licence for a person or an organisation. `key` overrides the issuer's own seal key
    (a partner region's key, in the demo)."""
    key = key or seals.active_key(issuer, name=issuer_name, region=region)
    issuer_uscc = types.demo_uscc(issuer)
    today = issued_on or china_date(utcnow())
    until = _years_later(today, licence_type.years) if licence_type.years else None
    serial = new_serial(issuer_uscc, today)
    holder_name = org.name if org else (person.name if person else "")
    holder_id = org.uscc if org else (person.id_number if person else "")
    data = {"holder_name": holder_name, "holder_id": holder_id, **(fields or {})}
    claims = codec.Claims(licence_type.no, int(serial), 1, masked_holder(holder_name, org is not None),
                          id_hint(holder_id), today, until)
    signer = key.sign if hasattr(key, "sign") else (lambda m: seals.sign(key, m))  # a partner's key (demo)
    qr = codec.seal(claims, bytes.fromhex(key.kid), signer)
    account = org.legal_rep.account if org and org.legal_rep else (person.account if person else None)
    row = Licence(identifier=types.identifier(licence_type, issuer_uscc, serial), type_code=licence_type.code,
                  holder_person_id=person.id if person and not org else None, holder_org_id=org.id if org else None,
                  holder_account_id=account.id if account else None, issuer=issuer, issuer_name=issuer_name,
                  issuer_uscc=issuer_uscc, serial=serial, version="001", kid=key.kid,
                  data_json=json.dumps(data, ensure_ascii=False), static_qr=qr, issued_on=today, valid_until=until,
                  status="valid", case_number=case_number, source=source, demo=demo)
    db.session.add(row)
    db.session.flush()
    db.session.add(LicenceEvent(licence=row, kind="issued", actor=actor, note=case_number or ""))
    return row
