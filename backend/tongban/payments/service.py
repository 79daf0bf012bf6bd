"""Fees (缴费): an order for the fee the matter's guide names, paid through the provider, refunded in
full when the case ends without a result (denied, not accepted, withdrawn). Every change is on the
case's timeline and in the audit log."""

from __future__ import annotations

import secrets
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from tongban.audit import service as audit
from tongban.cases import access, timeline
from tongban.cases.models import Case
from tongban.core.db import utcnow
from tongban.core.errors import NotFound, Problem
from tongban.extensions import db
from tongban.jobs import service as jobs
from tongban.payments import providers
from tongban.payments.models import PaymentOrder

PAYABLE = frozenset({"submitted", "received", "in_transit", "accepted", "under_review", "supplement_requested",
                     "approved", "delivering"})
NO_RESULT = frozenset({"denied", "not_accepted", "withdrawn"})


def yuan(fen: int) -> str:
    return f"¥{fen // 100}.{fen % 100:02d}"


def _orders(case: Case) -> list[PaymentOrder]:
    return list(db.session.scalars(select(PaymentOrder).where(PaymentOrder.case_id == case.id)
                                   .order_by(PaymentOrder.id)))


def create(number: str) -> tuple[PaymentOrder, bool]:
    """The applicant's order for the case's fee: the open one if there is one (False), else a new one."""
    case, actor = access.get(number, "case.pay", lock=True)
    if case.status not in PAYABLE:
        raise Problem(409, "conflict", _("Fees are paid after submission and before the case ends."))
    fee = case.matter.guide.get("fee") or {}
    if fee.get("free", True):
        raise Problem(409, "conflict", _("This service charges no fee."))
    amount = fee.get("amount_fen")
    if not amount:
        raise Problem(409, "conflict", _("The fee for this service is worked out at the window: pay it there."))
    for order in _orders(case):
        if order.status == "created":
            return order, False
        if order.status == "paid":
            raise Problem(409, "conflict", _("The fee for this case has been paid."))
    provider = providers.provider()
    order_number = "PO" + secrets.token_hex(9).upper()
    description = f"{case.matter.name} {case.number}"[:128]
    ref, pay_url = provider.create(order_number, int(amount), description)
    order = PaymentOrder(order_number=order_number, case_id=case.id, provider=provider.name, provider_ref=ref,
                         pay_url=pay_url, amount_fen=int(amount), description=description, status="created")
    db.session.add(order)
    db.session.flush()
    timeline.add(case, "payment_requested", note=f"{yuan(order.amount_fen)} · {order_number}")
    audit.record("payment.create", actor=actor.label, object_type="case", object_id=case.number,
                 data={"order": order_number, "amount_fen": order.amount_fen, "provider": provider.name})
    return order, True


def listing(number: str) -> list[PaymentOrder]:
    case, _actor = access.get(number)
    return _orders(case)


def _by_number(order_number: str) -> PaymentOrder:
    order = db.session.scalars(select(PaymentOrder).where(PaymentOrder.order_number == order_number)).first()
    if order is None:
        raise NotFound(_("No payment order has this number."))
    return order


def sandbox_pay(order_number: str) -> PaymentOrder:
    """The sandbox payer pays: what the provider's payment notification does (development only)."""
    order = _by_number(order_number)
    if order.provider != "sandbox":
        raise NotFound(_("No payment order has this number."))
    if order.status != "created":
        raise Problem(409, "conflict", _("This order is not waiting for payment."))
    order.status, order.paid_at = "paid", utcnow()
    timeline.add_for(order.case_id, "payment_paid", note=f"{yuan(order.amount_fen)} · {order.order_number}",
                     tell=True)
    audit.record("payment.paid", actor=f"provider:{order.provider}", object_type="payment",
                 object_id=order.order_number, data={"amount_fen": order.amount_fen})
    case = db.session.get(Case, order.case_id)
    if case is not None:  # paid after the case ended without a result (a page left open): straight back
        refund_when_no_result(case)
    return order


def refund_when_no_result(case: Case) -> None:
    """A case that ended without a result gets its fee back (a job, enqueued with the ending), and its
    orders still waiting for payment are closed, so nobody pays for a case that is over."""
    if case.outcome not in NO_RESULT:
        return
    for order in _orders(case):
        if order.status == "created":
            order.status = "cancelled"
        elif order.status == "paid":
            jobs.enqueue("payment.refund", {"order": order.order_number}, key=f"refund:{order.order_number}")


@jobs.handler("payment.refund")
def _refund(payload: dict[str, Any]) -> None:
    order = _by_number(str(payload["order"]))
    if order.status != "paid":
        return
    providers.provider(order.provider).refund(order.order_number, order.provider_ref, order.amount_fen,
                                              refund_key=f"refund:{order.order_number}")
    order.status, order.refunded_at = "refunded", utcnow()
    timeline.add_for(order.case_id, "payment_refunded", note=f"{yuan(order.amount_fen)} · {order.order_number}",
                     tell=True)
    audit.record("payment.refund", actor="system", object_type="payment", object_id=order.order_number,
                 data={"amount_fen": order.amount_fen})


def view(order: PaymentOrder) -> dict[str, Any]:
    return {"order_number": order.order_number, "status": order.status, "amount_fen": order.amount_fen,
            "amount": yuan(order.amount_fen), "currency": "CNY", "description": order.description,
            "provider": order.provider, "pay_url": order.pay_url if order.status == "created" else None,
            "created_at": order.created_at, "paid_at": order.paid_at, "refunded_at": order.refunded_at}
