"""Actions on a case after submission: the reviewer's decisions and the applicant's answers."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from tongban.cases import access, drafts, lifecycle, submit
from tongban.cases.models import Case
from tongban.core.errors import Problem


def act(number: str, action: str, data: dict[str, Any]) -> Case:
    case, actor = access.get(number, lock=True)
    lifecycle.check(case, action, actor)  # 403 without the right, 409 from the wrong state
    if action == "supplement":
        # Answering a 补正: the corrected form (if sent) and the files must now pass the full check.
        errors = drafts.apply_changes(case, {"form": data["form"]} if data.get("form") is not None else {},
                                      partial=False) or submit.full_errors(case)
        if errors:
            raise Problem(400, "validation_error", _("Check the fields named in errors."), errors=errors)
    return lifecycle.transition(case, action, actor, note=data.get("reason", ""))
