"""Anonymous status look-up with the receipt's number and query code (办件查询).

Only the status and the timeline's steps are shown: no names, no form, no notes. The receipt QR's
look-up token (receipt.py) is accepted in place of the query code. A wrong code and an
unknown number get the very same answer, and look-ups are rate-limited per address and per number,
so the code cannot be guessed by trying.
"""

from __future__ import annotations

import hmac
from typing import Any

from flask import request
from flask_babel import gettext as _

from tongban.cases import access, labels, receipt
from tongban.cases.submit import query_hash
from tongban.core import ratelimit
from tongban.core.errors import NotFound

PER_ADDRESS = ratelimit.Limit("case-status-ip", 30, 600)
PER_NUMBER = ratelimit.Limit("case-status-number", 10, 3600)


def status(number: str, code: str) -> dict[str, Any]:
    number, code = number.strip().upper(), code.strip().upper()
    ratelimit.check(PER_ADDRESS, request.remote_addr or "-")
    ratelimit.check(PER_NUMBER, number)
    case = access.find(number)
    given = query_hash(number, code)  # computed for unknown numbers too: the same work either way
    by_code = case is not None and bool(case.query_code_hash) and hmac.compare_digest(case.query_code_hash or "", given)
    if case is None or not (by_code or receipt.token_matches(case, code)):
        raise NotFound(_("No case matches this number and query code."))
    return {
        "number": case.number,
        "matter": {"code": case.matter.code, "name": case.matter.name},
        "status": case.status,
        "status_label": labels.status(case.status),
        "submitted_at": case.submitted_at,
        "steps": [{"kind": e.kind, "label": labels.event(e.kind), "to_status": e.to_status, "at": e.at,
                   "place": e.place_name or None} for e in case.events if e.kind != "created"],
    }
