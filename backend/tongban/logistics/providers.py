"""Courier adapter. Real couriers (EMS 政务寄递 and others) plug in behind `Courier`; the only
provider here is "sandbox".

The sandbox courier keeps no state: its tracking number carries the time it was created, and the
parcel's progress follows from the time since then (picked up at once, in transit after 2 hours,
out for delivery after 20, delivered after 24), so every process and every poll sees the same track.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol

STATUSES = ("created", "picked_up", "in_transit", "out_for_delivery", "delivered")


@dataclass(frozen=True)
class TrackingEvent:
    id: str  # the courier's id for the event: polling again adds nothing
    status: str  # one of STATUSES
    location: str
    at: datetime


class Courier(Protocol):
    name: str

    def create(self, *, reference: str, sender: str, recipient: str, address: str) -> str:
        """Book a parcel; return its tracking number. `reference` is our idempotency key for the booking."""

    def track(self, tracking_number: str, now: datetime) -> list[TrackingEvent]:
        """Every event so far, oldest first."""


class SandboxCourier:
    name = "sandbox"
    STEPS = ((timedelta(0), "picked_up", "sender"), (timedelta(hours=2), "in_transit", "阜阳分拨中心（沙箱）"),
             (timedelta(hours=20), "out_for_delivery", "recipient"), (timedelta(hours=24), "delivered", "recipient"))

    def create(self, *, reference: str, sender: str, recipient: str, address: str) -> str:
        return "SBX" + datetime.now(UTC).strftime("%Y%m%d%H%M%S") + f"{secrets.randbelow(10**6):06d}"

    def track(self, tracking_number: str, now: datetime) -> list[TrackingEvent]:
        try:
            created = datetime.strptime(tracking_number[3:17], "%Y%m%d%H%M%S").replace(tzinfo=UTC)
        except ValueError:
            return []
        return [TrackingEvent(f"{tracking_number}-{n}", status, place, created + offset)
                for n, (offset, status, place) in enumerate(self.STEPS) if created + offset <= now]


def provider(name: str = "sandbox") -> Courier:
    return SandboxCourier()  # the registry grows when a real courier contract exists
