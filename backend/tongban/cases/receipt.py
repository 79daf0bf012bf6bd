"""The receipt (受理回执) as a document: what it says, and the QR that opens the case from paper.

The query code is shown once, at submission, and kept only as a keyed hash, so a receipt made later
cannot print it. Its QR carries instead a look-up token signed by the server (design guide §7 item
3, with the token standing in for the code):

    TBR1:<case number>:<token>      e.g. TBR1:TB20261120123456:K7QX3M2A9ZB4TRWE

`TBR1:` is the type prefix ("Tongban receipt", version 1) a scanner page uses to tell it from the
other QR payloads; every character is in the QR alphanumeric set, so the code stays small. The
token is 80 bits of an HMAC (the PII key) over the number and the stored query-code hash, in
Base32: it cannot be forged, and it changes if the query code is ever reissued. The anonymous status
look-up accepts it in place of the query code; it gives away nothing the applicant and the staff
who may download the receipt could not already see.
"""

from __future__ import annotations

import base64
import hmac
import re
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask_babel import gettext as _

from tongban.cases import access, signature
from tongban.cases.models import Case
from tongban.core.crypto import blind_index, mask_id_number, mask_name
from tongban.core.errors import Problem

PREFIX = "TBR1:"
TOKEN = re.compile(r"^[A-Z2-7]{16}$")
CHINA = ZoneInfo("Asia/Shanghai")


def token(number: str, query_code_hash: str) -> str:
    mac = bytes.fromhex(blind_index(f"{number}:{query_code_hash}", "case-receipt-token"))
    return base64.b32encode(mac[:10]).decode()


def token_matches(case: Case, given: str) -> bool:
    if not case.query_code_hash or not TOKEN.match(given):
        return False
    return hmac.compare_digest(token(case.number, case.query_code_hash), given)


def payload(case: Case) -> str:
    assert case.query_code_hash is not None
    return f"{PREFIX}{case.number}:{token(case.number, case.query_code_hash)}"


def china_time(value: datetime | None) -> str:
    return value.astimezone(CHINA).strftime("%Y-%m-%d %H:%M") if value else ""


def _method(code: str) -> str:
    return _("Passkey") if code == "passkey" else _("Code sent to the phone")


def content(case: Case) -> dict[str, Any]:
    """What the receipt says, in the request's language."""
    person = case.applicant.person
    applicant = mask_name(person.name) if person.name else _("(no name on record)")
    if person.id_number:
        applicant += f"  {mask_id_number(person.id_number)}"
    days = case.time_limit_days or case.matter.time_limit_days
    signed = signature.of(case)
    rows = [
        (_("Case number"), case.number),
        (_("Service"), f"{case.matter.name}（{case.matter.code}）"),
        (_("Handled by"), case.department.name),
        (_("Applicant"), applicant),
        (_("Submitted on"), china_time(case.submitted_at)),
        (_("Promised time limit"), _("%(days)s working days from acceptance", days=days)),
    ]
    if signed is not None:
        rows.append((_("Signed with"), f"{_method(signed.method)} · SHA-256 {signed.digest[:16]}…"))
    return {
        "title": _("Application receipt"),
        "rows": rows,
        "how": _("To follow this case, scan the QR code below, or open “Case status” in Tongban and enter the "
                 "case number and the query code you were shown when you submitted."),
        "qr": payload(case),
        "qr_caption": _("Receipt QR code: case number and look-up token"),
        "footer": _("Made by Tongban on %(time)s. The query code is shown only once, when you submit: it is "
                    "not printed on this receipt.", time=china_time(datetime.now(CHINA))),
        "meta_title": f"{_('Application receipt')} {case.number}",
    }


def _submitted(number: str) -> Case:
    case, _actor = access.get(number)
    if case.submitted_at is None or case.query_code_hash is None:
        raise Problem(409, "conflict", _("A receipt is made when the application is submitted."))
    return case


def document(number: str) -> tuple[str, bytes]:
    """(file name, PDF) for the applicant or staff who may see the case, once it is submitted."""
    from tongban.cases import receipt_pdf

    case = _submitted(number)
    return f"{case.number}.pdf", receipt_pdf.render(content(case))


def qr_svg(number: str) -> str:
    """The receipt's QR (the same payload as the PDF's) as SVG, for the PWA to show on screen: one path of
    unit squares on a white ground, quiet zone included, so it scales sharply and scans from a screen."""
    from tongban.cases import receipt_pdf

    return matrix_svg(receipt_pdf.qr_matrix(payload(_submitted(number))))


def matrix_svg(matrix: list[list[bool]]) -> str:
    """A QR module matrix as SVG (also the 帮办 session's QR)."""
    size = len(matrix)
    dark = "".join(f"M{x},{y}h1v1h-1z" for y, row in enumerate(matrix) for x, on in enumerate(row) if on)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" width="{size * 4}" '
            f'height="{size * 4}" shape-rendering="crispEdges"><rect width="{size}" height="{size}" fill="#fff"/>'
            f'<path fill="#000" d="{dark}"/></svg>')
