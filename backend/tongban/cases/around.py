"""What follows a transition outside the state machine itself, in the transition's transaction:

- a case that completes is sealed in the e-archive (a job, archive.py);
- an approved result going out by post gets its waybill (waybills.py);
- a case that ends without a result gets any fee paid back (a job, payments).

lifecycle._after() calls `after()` last, so it sees the case as the transition left it.
"""

from __future__ import annotations

from tongban.cases.models import Case


def after(case: Case, action: str) -> None:
    from tongban.cases import archive, waybills
    from tongban.payments import service as payments

    if case.status == "delivering" and case.delivery == "post" and action != "complete":
        waybills.create_for_result(case)
    if case.status == "completed":
        archive.enqueue(case)
    if action == "approve":
        from tongban.licences import from_cases

        from_cases.after_approval(case)
    if case.outcome in payments.NO_RESULT:
        payments.refund_when_no_result(case)
