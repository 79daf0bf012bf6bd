"""The API contract of waybills."""

from __future__ import annotations

from marshmallow import Schema, fields

from tongban.directory.schemas import items_of


class WaybillEventSchema(Schema):
    status = fields.String(metadata={"description": "picked_up, in_transit, out_for_delivery or delivered"})
    status_label = fields.String(metadata={"description": "The status, in the request's language"})
    location = fields.String(metadata={"description": "Where, as the courier says"})
    at = fields.DateTime(metadata={"description": "When"})


class WaybillSchema(Schema):
    tracking_number = fields.String(metadata={"description": "The courier's tracking number"})
    provider = fields.String(metadata={"description": "The courier adapter: sandbox"})
    purpose = fields.String(metadata={"description": "originals (window → department) or result (→ applicant)"})
    sender = fields.String(metadata={"description": "From"})
    recipient = fields.String(metadata={"description": "To (a person's name masked)"})
    status = fields.String(metadata={"description": "created, picked_up, in_transit, out_for_delivery, delivered"})
    status_label = fields.String(metadata={"description": "The status, in the request's language"})
    created_at = fields.DateTime(metadata={"description": "Booked"})
    events = fields.List(fields.Nested(WaybillEventSchema), metadata={"description": "Tracking, oldest first"})


WaybillList = items_of(WaybillSchema)
