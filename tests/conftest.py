"""Shared fixtures: one app per test session on a fresh database, migrated and loaded with demo data.

TONGBAN_TEST_DB=postgresql runs the same tests on a new PostgreSQL database created (and dropped)
on the server named by TONGBAN_TEST_PG_ADMIN; otherwise a temporary SQLite file is used.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

PG_ADMIN = os.environ.get("TONGBAN_TEST_PG_ADMIN", "postgresql://postgres@127.0.0.1:5432/test")


def _pg_database() -> Iterator[str]:
    import psycopg

    name = f"tongban_test_{uuid.uuid4().hex[:10]}"
    try:
        admin = psycopg.connect(PG_ADMIN, autocommit=True)
    except psycopg.OperationalError as exc:
        if os.environ.get("CI") == "true":
            raise
        pytest.skip(f"PostgreSQL not reachable at {PG_ADMIN}: {exc}")
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield PG_ADMIN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://") + "/" + name
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if os.environ.get("TONGBAN_TEST_DB") == "postgresql":
        yield from _pg_database()
    else:
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'tongban.db'}"


@pytest.fixture(scope="session")
def app(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    from tongban import create_app
    from tongban.core import migrate
    from tongban.demo import loader
    from tongban.extensions import db

    os.environ["TONGBAN_JOBS_FILE"] = str(tmp_path_factory.mktemp("jobs") / "jobs.sqlite3")  # the queue's store
    dist = tmp_path_factory.mktemp("dist")
    (dist / "index.html").write_text("<!doctype html><title>通办</title>", encoding="utf-8")
    (dist / "assets").mkdir()
    (dist / "assets" / "app-1a2b3c.js").write_text("console.log(1)", encoding="utf-8")
    (dist / "sw.js").write_text("//sw", encoding="utf-8")
    app = create_app({"env": "test", "database_url": database_url, "pwa_dist": dist})
    app.config["TESTING"] = True
    with app.app_context():
        migrate.upgrade()
        loader.load_all()
        db.session.commit()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def ctx(app: Flask) -> Iterator[None]:
    """An app context for tests that call services directly (requests get their own contexts)."""
    from tongban.extensions import db

    with app.app_context():
        yield
        db.session.rollback()


@pytest.fixture(autouse=True)
def _fresh_rate_limits(request: pytest.FixtureRequest) -> Iterator[None]:
    """Each test starts with full rate-limit buckets (tests run from one address)."""
    yield
    if "app" in request.fixturenames:
        from tongban.core import ratelimit

        app = request.getfixturevalue("app")
        with app.app_context():
            ratelimit.backend().reset()


@pytest.fixture
def api(client: FlaskClient):  # type: ignore[no-untyped-def]
    from tests.support.api import Api

    return Api(client)
