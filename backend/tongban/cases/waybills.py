"""The waybills a case needs, booked through the logistics slice.

`create_for_originals(case)` is for the window reception (收受分离): the originals the clerk checked
travel from the receiving window to the handling department. `create_for_result(case)` books the
result's parcel when an approved case goes out by post (around.py calls it).
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from tongban.cases import access
from tongban.cases.models import Case
from tongban.core.crypto import mask_name
from tongban.logistics import service as logistics
from tongban.logistics.models import Waybill
from tongban.notify.service import platform_language


def create_for_originals(case: Case, *, sender: str | None = None) -> Waybill:
    """Book the originals' parcel, from the receiving window (its name, or `sender`) to the department."""
    reception = getattr(case, "reception", None)
    with platform_language():  # stored, and texted: not in the language of whoever acted
        origin = sender or (reception.place_name if reception is not None else "") or _("Receiving window")
    return logistics.create(case, "originals", sender=origin, recipient=case.department.name)


def create_for_result(case: Case) -> Waybill:
    person = case.applicant.person
    with platform_language():  # stored, and texted to the applicant: not in the reviewer's language
        recipient = mask_name(person.name) if person.name else _("Applicant")
    return logistics.create(case, "result", sender=case.department.name, recipient=recipient,
                            address=case.delivery_address or "")


def listing(number: str) -> list[dict[str, Any]]:
    case, _actor = access.get(number)
    return [logistics.view(w) for w in logistics.of_case(case.id)]
