"""Payment endpoints: a case's fee order, and the sandbox payer (never in production)."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from tongban.core.apidocs import ApiBlueprint, problems
from tongban.core.tx import transactional
from tongban.payments import schemas as s
from tongban.payments import service

blp = ApiBlueprint("payments", __name__, description="Fees: payment orders through the payment adapter")
sandbox = ApiBlueprint("payments-sandbox", __name__,
                       description="Development only: the sandbox payment provider's payer")


@blp.route("/cases/<number>/payment")
class CasePayment(MethodView):
    @blp.response(201, s.PaymentOrderSchema)
    @problems(blp, 401, 403, 409)
    @transactional
    def post(self, number: str) -> dict[str, Any]:
        """Open the order for the case's fee (the applicant); the open order again if there is one."""
        order, _created = service.create(number)
        return service.view(order)


@blp.route("/cases/<number>/payments")
class CasePayments(MethodView):
    @blp.response(200, s.PaymentOrderList)
    @problems(blp, 401)
    def get(self, number: str) -> dict[str, Any]:
        """List a case's payment orders."""
        return {"items": [service.view(o) for o in service.listing(number)]}


@sandbox.route("/payments/sandbox/<order>/pay")
class SandboxPay(MethodView):
    @sandbox.response(200, s.PaymentOrderSchema)
    @problems(sandbox, 409)
    @transactional
    def post(self, order: str) -> dict[str, Any]:
        """Pay a sandbox order as its payer would (not in production): the order is paid, the case told."""
        return service.view(service.sandbox_pay(order))
