"""A test client that behaves like the PWA: keeps cookies, sends the CSRF header and an Origin."""

from __future__ import annotations

import itertools
import random
import re
from typing import Any

from flask.testing import FlaskClient

ORIGIN = "http://localhost"
_phones = itertools.count(random.randint(0, 5_000_000))


def new_phone() -> str:
    return f"139{next(_phones) % 100_000_000:08d}"


class Api:
    def __init__(self, client: FlaskClient):
        self.c = client
        self.acting_for: str | None = None  # a mandate id: sent as Acting-For on every request
        self.c.get("/api/v1/health")  # the first response sets the tb_csrf cookie

    def reset_limits(self) -> None:
        """Tests that send several codes to one phone within a minute start with full buckets."""
        from tongban.core import ratelimit

        with self.c.application.app_context():
            ratelimit.backend().reset()

    def csrf(self) -> str:
        cookie = self.c.get_cookie("tb_csrf")
        return cookie.value if cookie else ""

    def extra(self) -> dict[str, str]:
        return {"Acting-For": self.acting_for} if self.acting_for else {}

    def get(self, url: str, **kw: Any):  # type: ignore[no-untyped-def]
        kw["headers"] = {**self.extra(), **kw.get("headers", {})}
        return self.c.get(url, **kw)

    def post(self, url: str, json: dict[str, Any] | None = None, *, csrf: bool = True,  # type: ignore[no-untyped-def]
             origin: str = ORIGIN):
        headers = {"Origin": origin, **self.extra()}
        if csrf:
            headers["X-CSRF-Token"] = self.csrf()
        return self.c.post(url, json=json if json is not None else {}, headers=headers)

    def last_code(self, phone: str) -> str:
        masked = phone  # the dev outbox shows the full number: it is the developer's own sandbox
        for msg in self.get("/api/v1/dev/outbox").get_json()["items"]:
            if msg["phone"] == masked:
                found = re.search(r"\d{6}", msg["body"])
                assert found
                return found.group(0)
        raise AssertionError(f"no code for {phone}")

    def signup(self, phone: str | None = None, **extra: Any) -> tuple[str, Any]:
        phone = phone or new_phone()
        self.reset_limits()
        assert self.post("/api/v1/auth/codes", {"phone": phone, "purpose": "signup"}).status_code == 202
        resp = self.post("/api/v1/auth/signup", {"phone": phone, "code": self.last_code(phone), **extra})
        return phone, resp

    def signin_code(self, phone: str) -> Any:
        self.reset_limits()
        assert self.post("/api/v1/auth/codes", {"phone": phone, "purpose": "signin"}).status_code == 202
        return self.post("/api/v1/auth/signin/code", {"phone": phone, "code": self.last_code(phone)})
