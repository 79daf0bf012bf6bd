"""Migration 0012 rebuilds the search index of a catalogue that already exists, and goes back cleanly."""

import os
import uuid

import pytest
from sqlalchemy import text

PG_ADMIN = os.environ.get("TONGBAN_TEST_PG_ADMIN", "postgresql://postgres@127.0.0.1:5432/test")


@pytest.fixture
def fresh_url(tmp_path):
    """A database of its own (downgrading the session's would disturb every other test)."""
    if os.environ.get("TONGBAN_TEST_DB") != "postgresql":
        yield f"sqlite:///{tmp_path / 'migrate.db'}"
        return
    import psycopg

    name = f"tongban_mig_{uuid.uuid4().hex[:10]}"
    admin = psycopg.connect(PG_ADMIN, autocommit=True)
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield PG_ADMIN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://") + "/" + name
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def test_upgrade_rebuilds_the_index_of_existing_matters(fresh_url, tmp_path, monkeypatch):
    from tongban import create_app
    from tongban.core import migrate
    from tongban.demo import loader
    from tongban.extensions import db

    monkeypatch.setenv("TONGBAN_JOBS_FILE", str(tmp_path / "jobs.sqlite3"))
    app = create_app({"env": "test", "database_url": fresh_url, "pwa_dist": tmp_path})
    with app.app_context():
        migrate.upgrade()
        loader.load_all()
        db.session.commit()
        materials = db.session.scalar(text("SELECT count(*) FROM materials"))
        from alembic import command

        command.downgrade(migrate.config(), "0011")
        # A matter written in Traditional before 0012: its old tokens are Traditional words.
        db.session.execute(text("UPDATE matters SET name = '漁船登記（遷移測試）', summary = '為漁船辦理登記。' "
                                "WHERE code = 'FY-GA-0009'"))
        db.session.commit()
        assert db.session.scalar(text("SELECT count(*) FROM materials")) == materials  # nothing cascaded
        migrate.upgrade()
        assert db.session.scalar(text("SELECT count(*) FROM materials")) == materials
        db.session.remove()
        table = "matter_fts_rank" if db.engine.dialect.name == "sqlite" else "matter_fts"
        assert db.session.scalar(text(f"SELECT count(*) FROM {table}")) == db.session.scalar(
            text("SELECT count(*) FROM matters"))
        db.session.remove()
    client = app.test_client()

    def found(q):
        return [m["code"] for m in client.get("/api/v1/matters", query_string={"q": q}).get_json()["items"]]

    assert found("渔船登记") == ["FY-GA-0009"]
    assert found("ycdj") == ["FY-GA-0009"]
    assert found("hkqy")[:1] == ["FY-GA-0004"]  # the others were rebuilt too (0009 no longer moves a hukou)
    with app.app_context():
        db.engine.dispose()
