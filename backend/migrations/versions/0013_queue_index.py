"""the reviewer's queue: a partial index over open cases in queue order

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-28 07:15:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

OPEN = sa.text("status IN ('submitted', 'in_transit', 'accepted', 'under_review', 'supplement_requested', "
               "'delivering')")


def upgrade() -> None:
    op.create_index('ix_cases_queue_open', 'cases', ['due_date', 'submitted_at', 'id'], unique=False,
                    postgresql_where=OPEN, sqlite_where=OPEN,
                    postgresql_include=['department_id', 'matter_id', 'status'])


def downgrade() -> None:
    op.drop_index('ix_cases_queue_open', table_name='cases')
