"""Helpers for the mandates tests: people with names and ID numbers, mandates granted and accepted,
problem types, and moving a row's clock (a mandate's end, a code's expiry) in the database."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask import Flask

from tests.support.api import ORIGIN, Api
from tests.support.cases import DEMO, PDF, post, registry_person, resident, upload

GA_MATTER, GA_PROOF = "FY-GA-0010", "居民死亡医学证明（推断）书"  # a person matter, L2, online
GA_FORM = {"deceased_id": "341202194503120110", "death_date": "2026-11-20", "relation": "子女",
           "contact_phone": "13800000099", "delivery": "电子证照"}
PEOPLE = {p["key"]: p for p in DEMO["people"]}
USCC = "91341200MA2TB0NB8P"  # 阜阳通办示范科技有限公司（演示）, legal representative 刘芳
WINDOW = "FY-LQ-W01"  # 陈静's window, 临泉县 (341221)


def until(days: float = 30) -> str:
    return (datetime.now(UTC) + timedelta(days=days)).isoformat()


def person(app: Flask) -> Api:
    """A new resident, L2 after the sandbox real-name check, with .name, .id_number and .phone."""
    number, name = registry_person()
    api = Api(app.test_client())
    phone, resp = api.signup(name=name, id_number=number)
    assert resp.status_code == 201, resp.get_json()
    api.phone, api.name, api.id_number = phone, name, number  # type: ignore[attr-defined]
    return api


def demo(app: Flask, key: str) -> Api:
    """A demo person signed in with their phone code (not a staff session)."""
    api = Api(app.test_client())
    assert api.signin_code(PEOPLE[key]["phone"]).status_code == 200
    who = PEOPLE[key]
    api.phone, api.name, api.id_number = who["phone"], who["name"], who["id_number"]  # type: ignore[attr-defined]
    return api


def who(api: Api) -> dict[str, str]:
    return {"name": api.name, "id_number": api.id_number}  # type: ignore[attr-defined]


def kind_of(resp: Any) -> str:
    """The problem's type, last path segment (mandate-scope, validation-error, …)."""
    return str(resp.get_json().get("type", "")).rsplit("/", 1)[-1]


def refused(resp: Any, status: int, kind: str | None = None) -> bool:
    if resp.status_code != status:
        return False
    return kind is None or kind_of(resp) == kind


def grant(principal: Api, agent: Api, /, **terms: Any) -> Any:
    """The principal grants (pending, awaiting the agent); the response."""
    body = {"kind": "family", "role": "principal", "agent": who(agent), "permissions": ["view", "apply"],
            "valid_until": until(), **terms}
    return principal.post("/api/v1/mandates", body)


def ask(agent: Api, principal: Api, /, **terms: Any) -> Any:
    """The agent asks (pending, awaiting the principal's code); the response."""
    body = {"kind": "family", "role": "agent", "principal": who(principal), "permissions": ["view", "apply"],
            "valid_until": until(), **terms}
    return agent.post("/api/v1/mandates", body)


def active(principal: Api, agent: Api, /, **terms: Any) -> str:
    """A mandate in force: granted by the principal, accepted by the agent. Its id."""
    resp = grant(principal, agent, **terms)
    assert resp.status_code == 201, resp.get_json()
    mandate_id = resp.get_json()["id"]
    accepted = agent.post(f"/api/v1/mandates/{mandate_id}/accept")
    assert accepted.status_code == 200 and accepted.get_json()["status"] == "active", accepted.get_json()
    return str(mandate_id)


def acting(agent: Api, mandate_id: str | None) -> Api:
    agent.acting_for = mandate_id
    return agent


def draft(api: Api, matter: str = GA_MATTER, form: dict[str, Any] | None = None, *, files: bool = True) -> str:
    """A draft (as whoever `api` is, acting or not), complete with its required file: its number."""
    resp = post(api, "/api/v1/cases", {"matter": matter, "mode": "online", "form": GA_FORM if form is None else form})
    assert resp.status_code == 201, resp.get_json()
    number = str(resp.get_json()["number"])
    if files:
        assert upload(api, number, GA_PROOF, PDF).status_code == 201
    return number


def set_row(app: Flask, model: Any, where: Any, **values: Any) -> None:
    """Change columns of the rows `where` selects (moving a clock into the past, say)."""
    from sqlalchemy import update
    from tongban.extensions import db

    with app.app_context():
        db.session.execute(update(model).where(where).values(**values))
        db.session.commit()


def expire_mandate(app: Flask, mandate_id: str, ago: timedelta = timedelta(minutes=1)) -> None:
    from tongban.core.db import utcnow
    from tongban.mandates.models import Mandate

    set_row(app, Mandate, Mandate.public_id == mandate_id, valid_until=utcnow() - ago)


def drain(app: Flask) -> None:
    from tongban.jobs import queue

    with app.app_context():
        queue.drain()


def inbox(api: Api) -> list[dict[str, Any]]:
    saved, api.acting_for = api.acting_for, None
    try:
        resp = api.get("/api/v1/me/inbox")
        assert resp.status_code == 200, resp.get_json()
        return list(resp.get_json()["items"])
    finally:
        api.acting_for = saved


def multipart(api: Api, url: str, fields: dict[str, Any], files: dict[str, tuple[bytes, str, str]]) -> Any:
    data: dict[str, Any] = dict(fields)
    for name, (content, filename, mimetype) in files.items():
        data[name] = (io.BytesIO(content), filename, mimetype)
    return api.c.post(url, data=data, content_type="multipart/form-data",
                      headers={"X-CSRF-Token": api.csrf(), "Origin": ORIGIN, **api.extra()})


@pytest.fixture(autouse=True, scope="module")
def uploads_dir(app: Flask, tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Import into a test module: its uploads (case files, mandate evidence) go to a directory of its own."""
    extra = app.config["TONGBAN"].extra
    before = extra.get("uploads_dir")
    extra["uploads_dir"] = str(tmp_path_factory.mktemp("uploads"))
    yield
    extra["uploads_dir"] = before


__all__ = ["GA_FORM", "GA_MATTER", "GA_PROOF", "PDF", "USCC", "WINDOW", "active", "acting", "ask", "demo", "drain",
           "draft", "expire_mandate", "grant", "inbox", "kind_of", "multipart", "person", "refused", "resident",
           "set_row", "until", "uploads_dir", "who"]
