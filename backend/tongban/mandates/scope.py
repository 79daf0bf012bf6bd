"""What a mandate covers: matters by scope and audience, actions by permission, and the words for a
refusal that say which of these was missing.

Categories are the sectors departments belong to (the part of a department's code after the region:
341200-GA is public security); a matter's category is its department's. Family and guardian mandates
cover matters for persons; an enterprise agent's covers matters for enterprises only.

Permissions:
- view: see the principal's cases (and licences), their timelines and materials;
- apply: start, fill in, upload to, submit, supplement and withdraw applications (the agent signs a
  submission with their own signature, as 代办人);
- sign: acts with the principal's consent on a decided case: the 好差评 rating and paying fees;
- receive: the agent also gets every notice about the principal's cases, and may collect results.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from tongban.catalogue.models import Matter
from tongban.core.db import utcnow
from tongban.mandates.models import Mandate

CATEGORIES: dict[str, Any] = {
    "GA": _l("Household registration, ID cards and driving"), "RS": _l("Social security and employment"),
    "YB": _l("Medical insurance"), "GJJ": _l("Housing provident fund"),
    "SJ": _l("Business registration and licensing"), "HJ": _l("Environment"), "ZRZY": _l("Real estate"),
    "MZ": _l("Civil affairs and marriage"),
    "WJ": _l("Health"), "JY": _l("Education"), "JT": _l("Transport"), "SW": _l("Taxes"),
    "SF": _l("Justice and notarisation"), "CL": _l("Services for disabled people"),
}
SAME_SECTOR = {"BDC": "ZRZY", "GZ": "SF"}  # the real-estate registry and notaries sit with their sectors
PERMISSION_FOR = {  # the policy's case actions, and the permission an agent needs for each
    "case.view": "view", "case.file": "view", "case.apply": "apply", "case.own": "apply",
    "case.rate": "sign", "case.pay": "sign", "licence.view": "view", "licence.present": "sign",
}


def permission_label(permission: str) -> str:
    return {"view": _("view cases and licences"), "apply": _("apply"), "sign": _("sign and pay"),
            "receive": _("receive results and messages")}.get(permission, permission)


def category_of(matter: Matter) -> str:
    sector = matter.department.code.split("-", 1)[-1]
    return SAME_SECTOR.get(sector, sector)


def audience_of(mandate: Mandate) -> str:
    return "enterprise" if mandate.kind == "enterprise_agent" else "person"


def state(mandate: Mandate, now: datetime | None = None) -> str:
    """The status as of now: an active (or still pending) mandate past its end is expired even before the
    job marks it."""
    now = now or utcnow()
    if mandate.status in ("active", "pending") and mandate.valid_until <= now:
        return "expired"
    return mandate.status


def validity_refusal(mandate: Mandate) -> tuple[str, str] | None:
    """(problem code, sentence) when the mandate cannot be used now, else None."""
    now = utcnow()
    status = state(mandate, now)
    day = (mandate.ended_at or mandate.valid_until).date().isoformat()
    if status == "pending":
        return "mandate_pending", _("This authorisation is not in force yet: it waits for confirmation.")
    if status == "refused":
        return "mandate_refused", _("This authorisation was refused.")
    if status == "revoked":
        return "mandate_revoked", _("This authorisation was revoked on %(day)s. Nothing was done.", day=day)
    if status == "expired":
        return "mandate_expired", _("This authorisation ended on %(day)s. Nothing was done.",
                                    day=mandate.valid_until.date().isoformat())
    if mandate.valid_from > now:
        return "mandate_not_started", _("This authorisation starts on %(day)s.",
                                        day=mandate.valid_from.date().isoformat())
    return None


def covers(mandate: Mandate, matter: Matter) -> bool:
    if audience_of(mandate) not in matter.audience:
        return False
    if mandate.scope == "matters":
        return matter.code in mandate.scope_items
    if mandate.scope == "categories":
        return category_of(matter) in mandate.scope_items
    return True


def scope_refusal(mandate: Mandate, matter: Matter) -> str:
    if audience_of(mandate) not in matter.audience:
        if mandate.kind == "enterprise_agent":
            return _("This authorisation is for the enterprise's matters; “%(matter)s” is not one.",
                     matter=matter.name)
        return _("This authorisation is for matters of a person; “%(matter)s” is an enterprise matter.",
                 matter=matter.name)
    return _("This authorisation does not cover “%(matter)s”. Ask for one that includes it.", matter=matter.name)


def permission_refusal(permission: str) -> str:
    return _("This authorisation does not allow you to %(what)s.", what=permission_label(permission))
