"""Alembic environment: uses the Flask app's engine and the models' metadata."""

from __future__ import annotations

from alembic import context
from flask import has_app_context
from tongban.catalogue import models as _catalogue  # noqa: F401
from tongban.core import migrate
from tongban.core.db import Base
from tongban.directory import models as _directory  # noqa: F401 - registers tables
from tongban.extensions import db


def run() -> None:
    if not has_app_context():
        from tongban import create_app

        with create_app().app_context():
            return _run()
    return _run()


def _run() -> None:
    engine = db.engine
    with engine.connect() as conn:
        context.configure(connection=conn, target_metadata=Base.metadata, include_object=migrate.include_object,
                          render_as_batch=engine.dialect.name == "sqlite", compare_type=True)
        with context.begin_transaction():
            context.run_migrations()
        conn.commit()


run()
