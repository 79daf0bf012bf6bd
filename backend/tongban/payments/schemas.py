"""The API contract of payment orders."""

from __future__ import annotations

from marshmallow import Schema, fields

from tongban.directory.schemas import items_of


class PaymentOrderSchema(Schema):
    order_number = fields.String(metadata={"description": "Our order number"})
    status = fields.String(metadata={
        "description": "created (waiting for payment), paid, refunded, or cancelled (the case ended unpaid)"})
    amount_fen = fields.Integer(metadata={"description": "Amount in fen (0.01 yuan)"})
    amount = fields.String(metadata={"description": "Amount for people, e.g. ¥10.00"})
    currency = fields.String(metadata={"description": "CNY"})
    description = fields.String(metadata={"description": "What is paid for"})
    provider = fields.String(metadata={"description": "The payment adapter: sandbox"})
    pay_url = fields.String(allow_none=True, metadata={"description": "Where the payer pays, while the order waits"})
    created_at = fields.DateTime(metadata={"description": "Opened"})
    paid_at = fields.DateTime(allow_none=True, metadata={"description": "Paid"})
    refunded_at = fields.DateTime(allow_none=True, metadata={"description": "Refunded"})


PaymentOrderList = items_of(PaymentOrderSchema)
