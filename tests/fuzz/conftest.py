"""The API fuzzer's own app and database, and the people it signs in as.

The fuzzer creates matters, publishes list versions, grants and ends staff posts: it gets a
database of its own (SQLite, or a fresh PostgreSQL database with TONGBAN_TEST_DB=postgresql) so
nothing it changes reaches the other tests. Rate limits are raised so fuzzing is not all 429s.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask

from tests.conftest import _pg_database
from tests.support.api import Api
from tests.support.soft_authenticator import SoftAuthenticator

DEMO = json.loads((Path(__file__).parents[2] / "backend/tongban/demo/data/accounts.json").read_text("utf-8"))
PHONES = {p["key"]: p["phone"] for p in DEMO["people"]}
RATE_LIMIT_SCALE = 1000  # a limit of 10 an hour becomes 10,000: the fuzzer tests the logic behind it


@dataclass(frozen=True)
class Caller:
    """What a browser sends with every request: its cookies and the CSRF header."""

    name: str
    cookies: dict[str, str]

    @property
    def headers(self) -> dict[str, str]:
        return {"X-CSRF-Token": self.cookies["tb_csrf"]}


@pytest.fixture(scope="session")
def fuzz_database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if os.environ.get("TONGBAN_TEST_DB") == "postgresql":
        yield from _pg_database()
    else:
        yield f"sqlite:///{tmp_path_factory.mktemp('fuzzdb') / f'fuzz-{uuid.uuid4().hex[:6]}.db'}"


@pytest.fixture(scope="session")
def fuzz_app(fuzz_database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    from tongban import create_app
    from tongban.config import load_settings
    from tongban.core import migrate
    from tongban.demo import loader
    from tongban.extensions import db

    dist = tmp_path_factory.mktemp("fuzzdist")
    (dist / "index.html").write_text("<!doctype html><title>通办</title>", encoding="utf-8")
    extra = {**load_settings({"env": "test"}).extra, "rate_limit_scale": RATE_LIMIT_SCALE}
    app = create_app({"env": "test", "database_url": fuzz_database_url, "pwa_dist": dist, "extra": extra})
    app.config["TESTING"] = True
    with app.app_context():
        migrate.upgrade()
        loader.load_all()
        db.session.commit()
    yield app
    with app.app_context():
        db.engine.dispose()


def _caller(name: str, api: Api) -> Caller:
    cookies = {key: cookie.value for key in ("tb_sid", "tb_csrf") if (cookie := api.c.get_cookie(key))}
    assert "tb_csrf" in cookies
    return Caller(name, cookies)


def _staff(app: Flask, key: str) -> Caller:
    """A staff session: phone-code sign-in, add a passkey, sign out, sign in with it (user verified)."""
    api = Api(app.test_client())
    assert api.signin_code(PHONES[key]).status_code == 200
    auth = SoftAuthenticator()
    opts = api.post("/api/v1/me/passkeys/options").get_json()
    assert api.post("/api/v1/me/passkeys", {"handle": opts["handle"],
                                            "credential": auth.create(opts["publicKey"])}).status_code == 201
    api.post("/api/v1/auth/signout")
    opts = api.post("/api/v1/auth/passkey/options", {"staff": True}).get_json()
    resp = api.post("/api/v1/auth/passkey", {"handle": opts["handle"], "credential": auth.get(opts["publicKey"]),
                                             "staff": True})
    assert resp.status_code == 200, resp.get_json()
    assert any(p["active"] for p in api.get("/api/v1/me").get_json()["staff"])
    return _caller(key, api)


@pytest.fixture(scope="session")
def callers(fuzz_app: Flask) -> dict[str, Caller]:
    anonymous = Api(fuzz_app.test_client())
    resident = Api(fuzz_app.test_client())
    assert resident.signin_code(PHONES["resident"]).status_code == 200
    return {"anonymous": _caller("anonymous", anonymous), "resident": _caller("resident", resident),
            "admin": _staff(fuzz_app, "admin")}
