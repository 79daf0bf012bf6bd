"""oauth hardening: token families, so a replayed code or refresh token revokes its whole grant

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-28 09:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('oauth_tokens', schema=None) as batch_op:
        batch_op.add_column(sa.Column('family_id', sa.String(length=64), nullable=True))
    # Tokens issued before families existed: each is a family of its own.
    op.execute("UPDATE oauth_tokens SET family_id = 'legacy-' || CAST(id AS VARCHAR(20))")
    with op.batch_alter_table('oauth_tokens', schema=None) as batch_op:
        batch_op.alter_column('family_id', existing_type=sa.String(length=64), nullable=False)
        batch_op.create_index(batch_op.f('ix_oauth_tokens_family_id'), ['family_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('oauth_tokens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_oauth_tokens_family_id'))
        batch_op.drop_column('family_id')
