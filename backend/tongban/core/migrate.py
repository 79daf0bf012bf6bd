"""Alembic, driven from the app (one engine, one configuration)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext

from tongban.extensions import db

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


def include_object(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    """Leave out what the models do not describe: the search index, made per dialect in 0001."""
    if type_ == "table" and name and name.startswith("matter_fts"):
        return False
    return not (type_ == "index" and name and name.startswith("ix_fts_"))


def config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def upgrade(revision: str = "head") -> None:
    command.upgrade(config(), revision)


def current() -> str | None:
    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()
