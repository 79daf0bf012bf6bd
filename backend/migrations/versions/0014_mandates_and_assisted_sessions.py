"""mandates (who acts for whom), their history and acts, 帮办 sessions; cases record agent and enterprise

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-28 08:20:14.907143
"""
from alembic import op
import sqlalchemy as sa

TS = sa.DateTime(timezone=True)


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('mandates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=12), nullable=False),
    sa.Column('principal_person_id', sa.Integer(), nullable=True),
    sa.Column('principal_org_id', sa.Integer(), nullable=True),
    sa.Column('principal_account_id', sa.Integer(), nullable=False),
    sa.Column('agent_person_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('scope', sa.String(length=16), nullable=False),
    sa.Column('scope_items', sa.JSON(), nullable=False),
    sa.Column('permissions', sa.JSON(), nullable=False),
    sa.Column('valid_from', TS, nullable=False),
    sa.Column('valid_until', TS, nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('awaiting', sa.String(length=16), nullable=True),
    sa.Column('consent', sa.String(length=16), nullable=False),
    sa.Column('requested_by', sa.String(length=64), nullable=False),
    sa.Column('witness', sa.String(length=64), nullable=True),
    sa.Column('witness_place', sa.String(length=128), nullable=True),
    sa.Column('evidence_key', sa.String(length=64), nullable=True),
    sa.Column('evidence_type', sa.String(length=32), nullable=True),
    sa.Column('evidence_sha256', sa.String(length=64), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', TS, nullable=False),
    sa.Column('activated_at', TS, nullable=True),
    sa.Column('ended_at', TS, nullable=True),
    sa.Column('end_reason', sa.String(length=32), nullable=True),
    sa.ForeignKeyConstraint(['agent_person_id'], ['persons.id'], name=op.f('fk_mandates_agent_person_id_persons')),
    sa.ForeignKeyConstraint(['principal_account_id'], ['accounts.id'], name=op.f('fk_mandates_principal_account_id_accounts')),
    sa.ForeignKeyConstraint(['principal_org_id'], ['organisations.id'], name=op.f('fk_mandates_principal_org_id_organisations')),
    sa.ForeignKeyConstraint(['principal_person_id'], ['persons.id'], name=op.f('fk_mandates_principal_person_id_persons')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mandates')),
    sa.UniqueConstraint('public_id', name=op.f('uq_mandates_public_id'))
    )
    with op.batch_alter_table('mandates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mandates_agent_person_id'), ['agent_person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_mandates_principal_account_id'), ['principal_account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_mandates_principal_org_id'), ['principal_org_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_mandates_principal_person_id'), ['principal_person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_mandates_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_mandates_valid_until'), ['valid_until'], unique=False)

    op.create_table('assist_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('resident_account_id', sa.Integer(), nullable=False),
    sa.Column('helper_account_id', sa.Integer(), nullable=True),
    sa.Column('helper_kind', sa.String(length=16), nullable=True),
    sa.Column('helper_place', sa.String(length=128), nullable=True),
    sa.Column('mandate_id', sa.Integer(), nullable=True),
    sa.Column('case_number', sa.String(length=16), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('confirmed_via', sa.String(length=16), nullable=True),
    sa.Column('expires_at', TS, nullable=False),
    sa.Column('created_at', TS, nullable=False),
    sa.Column('ended_at', TS, nullable=True),
    sa.ForeignKeyConstraint(['helper_account_id'], ['accounts.id'], name=op.f('fk_assist_sessions_helper_account_id_accounts')),
    sa.ForeignKeyConstraint(['mandate_id'], ['mandates.id'], name=op.f('fk_assist_sessions_mandate_id_mandates')),
    sa.ForeignKeyConstraint(['resident_account_id'], ['accounts.id'], name=op.f('fk_assist_sessions_resident_account_id_accounts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assist_sessions'))
    )
    with op.batch_alter_table('assist_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assist_sessions_code_hash'), ['code_hash'], unique=False)
        batch_op.create_index(batch_op.f('ix_assist_sessions_resident_account_id'), ['resident_account_id'], unique=False)

    op.create_table('mandate_acts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mandate_id', sa.Integer(), nullable=False),
    sa.Column('principal_account_id', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=48), nullable=False),
    sa.Column('object_id', sa.String(length=64), nullable=False),
    sa.Column('at', TS, nullable=False),
    sa.ForeignKeyConstraint(['mandate_id'], ['mandates.id'], name=op.f('fk_mandate_acts_mandate_id_mandates')),
    sa.ForeignKeyConstraint(['principal_account_id'], ['accounts.id'], name=op.f('fk_mandate_acts_principal_account_id_accounts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mandate_acts'))
    )
    with op.batch_alter_table('mandate_acts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mandate_acts_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_mandate_acts_mandate_id'), ['mandate_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_mandate_acts_principal_account_id'), ['principal_account_id'], unique=False)

    op.create_table('mandate_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mandate_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('actor', sa.String(length=64), nullable=False),
    sa.Column('via', sa.String(length=16), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('at', TS, nullable=False),
    sa.ForeignKeyConstraint(['mandate_id'], ['mandates.id'], name=op.f('fk_mandate_events_mandate_id_mandates')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mandate_events'))
    )
    with op.batch_alter_table('mandate_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mandate_events_mandate_id'), ['mandate_id'], unique=False)

    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('organisation_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('agent_account_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('mandate_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_cases_agent_account_id'), ['agent_account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cases_mandate_id'), ['mandate_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cases_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_cases_organisation_id_organisations'), 'organisations', ['organisation_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_cases_agent_account_id_accounts'), 'accounts', ['agent_account_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_cases_mandate_id_mandates'), 'mandates', ['mandate_id'], ['id'])



def downgrade() -> None:
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_cases_mandate_id_mandates'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_cases_agent_account_id_accounts'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_cases_organisation_id_organisations'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_cases_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_cases_mandate_id'))
        batch_op.drop_index(batch_op.f('ix_cases_agent_account_id'))
        batch_op.drop_column('mandate_id')
        batch_op.drop_column('agent_account_id')
        batch_op.drop_column('organisation_id')

    with op.batch_alter_table('mandate_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mandate_events_mandate_id'))

    op.drop_table('mandate_events')
    with op.batch_alter_table('mandate_acts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mandate_acts_principal_account_id'))
        batch_op.drop_index(batch_op.f('ix_mandate_acts_mandate_id'))
        batch_op.drop_index(batch_op.f('ix_mandate_acts_at'))

    op.drop_table('mandate_acts')
    with op.batch_alter_table('assist_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assist_sessions_resident_account_id'))
        batch_op.drop_index(batch_op.f('ix_assist_sessions_code_hash'))

    op.drop_table('assist_sessions')
    with op.batch_alter_table('mandates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mandates_valid_until'))
        batch_op.drop_index(batch_op.f('ix_mandates_status'))
        batch_op.drop_index(batch_op.f('ix_mandates_principal_person_id'))
        batch_op.drop_index(batch_op.f('ix_mandates_principal_org_id'))
        batch_op.drop_index(batch_op.f('ix_mandates_principal_account_id'))
        batch_op.drop_index(batch_op.f('ix_mandates_agent_person_id'))

    op.drop_table('mandates')
