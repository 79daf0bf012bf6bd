"""Payment adapter. Real providers (the provincial non-tax payment platform, UnionPay, WeChat Pay,
Alipay) plug in behind `PaymentProvider`; the only provider here is "sandbox".

The sandbox provider answers at once and never moves money. Its payer is simulated by
`POST /api/v1/payments/sandbox/{order}/pay`, which exists only outside production and does what a
provider's payment notification would do.
"""

from __future__ import annotations

import secrets
from typing import Protocol


class PaymentProvider(Protocol):
    name: str

    def create(self, order_number: str, amount_fen: int, description: str) -> tuple[str, str]:
        """Open an order; return (the provider's reference, where the payer pays)."""

    def refund(self, order_number: str, provider_ref: str, amount_fen: int, *, refund_key: str) -> str:
        """Refund a paid order in full; `refund_key` makes a retry the same refund. Return its reference."""


class SandboxPayments:
    name = "sandbox"

    def create(self, order_number: str, amount_fen: int, description: str) -> tuple[str, str]:
        return "SBP" + secrets.token_hex(8).upper(), f"/api/v1/payments/sandbox/{order_number}/pay"

    def refund(self, order_number: str, provider_ref: str, amount_fen: int, *, refund_key: str) -> str:
        return "SBR" + provider_ref[3:]


def provider(name: str = "sandbox") -> PaymentProvider:
    return SandboxPayments()  # the registry grows when a real provider contract exists
