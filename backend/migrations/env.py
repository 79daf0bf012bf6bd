"""Alembic environment: uses the Flask app's engine and the models' metadata."""

from __future__ import annotations

from alembic import context
from flask import current_app, has_app_context

from tongban.core.db import Base
from tongban.directory import models as _directory  # noqa: F401 - registers tables
from tongban.catalogue import models as _catalogue  # noqa: F401
from tongban.extensions import db

# Tables the models do not describe: created by migrations for one dialect only.
DIALECT_ONLY = {"matter_fts", "matter_fts_data", "matter_fts_idx", "matter_fts_docsize", "matter_fts_config",
                "matter_fts_content"}


def include_object(obj, name, type_, reflected, compare_to):  # type: ignore[no-untyped-def]
    if type_ == "table" and name in DIALECT_ONLY:
        return False
    if type_ == "index" and name and name.startswith("ix_fts_"):
        return False
    return True


def run() -> None:
    if not has_app_context():
        from tongban import create_app

        with create_app().app_context():
            return _run()
    return _run()


def _run() -> None:
    engine = db.engine
    with engine.connect() as conn:
        context.configure(connection=conn, target_metadata=Base.metadata, include_object=include_object,
                          render_as_batch=engine.dialect.name == "sqlite", compare_type=True)
        with context.begin_transaction():
            context.run_migrations()
        conn.commit()


run()
_ = current_app
