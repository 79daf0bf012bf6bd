"""The migrated schema equals the models, and the migrations have one head."""

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from tongban.core import migrate
from tongban.core.db import Base
from tongban.extensions import db


def test_migrated_schema_matches_the_models(ctx):
    with db.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True,
                                                     "include_object": migrate.include_object})
        assert compare_metadata(ctx, Base.metadata) == []


def test_one_head_and_the_database_is_at_it(ctx):
    heads = ScriptDirectory.from_config(migrate.config()).get_heads()
    assert len(heads) == 1 and migrate.current() == heads[0]


def test_upgrade_again_is_a_no_op(ctx):
    migrate.upgrade()
    assert migrate.current() == ScriptDirectory.from_config(migrate.config()).get_heads()[0]
