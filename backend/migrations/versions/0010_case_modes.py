"""case modes: receptions at windows (收受分离), joint parts and their departments (多地联办),
bundles with their applications, linked cases and staged uploads (一件事一次办)

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30 10:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('bundles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=128), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('demo', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bundles')),
    sa.UniqueConstraint('code', name=op.f('uq_bundles_code'))
    )
    op.create_table('bundle_applications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=16), nullable=False),
    sa.Column('bundle_id', sa.Integer(), nullable=False),
    sa.Column('applicant_account_id', sa.Integer(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['applicant_account_id'], ['accounts.id'], name=op.f('fk_bundle_applications_applicant_account_id_accounts')),
    sa.ForeignKeyConstraint(['bundle_id'], ['bundles.id'], name=op.f('fk_bundle_applications_bundle_id_bundles')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bundle_applications')),
    sa.UniqueConstraint('number', name=op.f('uq_bundle_applications_number'))
    )
    op.create_index(op.f('ix_bundle_applications_applicant_account_id'), 'bundle_applications', ['applicant_account_id'], unique=False)
    op.create_index(op.f('ix_bundle_applications_bundle_id'), 'bundle_applications', ['bundle_id'], unique=False)
    op.create_table('bundle_uploads',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('bundle_id', sa.Integer(), nullable=False),
    sa.Column('material', sa.String(length=128), nullable=False),
    sa.Column('filename', sa.String(length=128), nullable=False),
    sa.Column('content_type', sa.String(length=32), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('storage_key', sa.String(length=64), nullable=False),
    sa.Column('uploaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_bundle_uploads_account_id_accounts')),
    sa.ForeignKeyConstraint(['bundle_id'], ['bundles.id'], name=op.f('fk_bundle_uploads_bundle_id_bundles')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bundle_uploads')),
    sa.UniqueConstraint('storage_key', name=op.f('uq_bundle_uploads_storage_key'))
    )
    op.create_index(op.f('ix_bundle_uploads_account_id'), 'bundle_uploads', ['account_id'], unique=False)
    op.create_table('bundle_matters',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('bundle_id', sa.Integer(), nullable=False),
    sa.Column('matter_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['bundle_id'], ['bundles.id'], name=op.f('fk_bundle_matters_bundle_id_bundles')),
    sa.ForeignKeyConstraint(['matter_id'], ['matters.id'], name=op.f('fk_bundle_matters_matter_id_matters'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bundle_matters')),
    sa.UniqueConstraint('bundle_id', 'matter_id', name=op.f('uq_bundle_matters_bundle_id'))
    )
    op.create_index(op.f('ix_bundle_matters_bundle_id'), 'bundle_matters', ['bundle_id'], unique=False)
    op.create_table('joint_departments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('matter_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('demo', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['departments.id'], name=op.f('fk_joint_departments_department_id_departments')),
    sa.ForeignKeyConstraint(['matter_id'], ['matters.id'], name=op.f('fk_joint_departments_matter_id_matters'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_joint_departments')),
    sa.UniqueConstraint('matter_id', 'department_id', name=op.f('uq_joint_departments_matter_id'))
    )
    op.create_index(op.f('ix_joint_departments_matter_id'), 'joint_departments', ['matter_id'], unique=False)
    op.create_table('bundle_cases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['bundle_applications.id'], name=op.f('fk_bundle_cases_application_id_bundle_applications')),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_bundle_cases_case_id_cases')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bundle_cases')),
    sa.UniqueConstraint('case_id', name=op.f('uq_bundle_cases_case_id'))
    )
    op.create_index(op.f('ix_bundle_cases_application_id'), 'bundle_cases', ['application_id'], unique=False)
    op.create_table('case_parts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('accepted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_parts_case_id_cases')),
    sa.ForeignKeyConstraint(['department_id'], ['departments.id'], name=op.f('fk_case_parts_department_id_departments')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_parts')),
    sa.UniqueConstraint('case_id', 'department_id', name=op.f('uq_case_parts_case_id'))
    )
    op.create_index(op.f('ix_case_parts_case_id'), 'case_parts', ['case_id'], unique=False)
    op.create_index(op.f('ix_case_parts_department_id'), 'case_parts', ['department_id'], unique=False)
    op.create_table('case_receptions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('place_type', sa.String(length=16), nullable=False),
    sa.Column('place_code', sa.String(length=40), nullable=False),
    sa.Column('place_name', sa.String(length=128), nullable=False),
    sa.Column('region_code', sa.String(length=6), nullable=False),
    sa.Column('route', sa.String(length=16), nullable=False),
    sa.Column('opened_by', sa.String(length=64), nullable=False),
    sa.Column('identity_checked_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('checklist', sa.JSON(), nullable=False),
    sa.Column('originals', sa.JSON(), nullable=False),
    sa.Column('received_by', sa.String(length=64), nullable=True),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('forwarded_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_receptions_case_id_cases')),
    sa.ForeignKeyConstraint(['region_code'], ['regions.code'], name=op.f('fk_case_receptions_region_code_regions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_receptions')),
    sa.UniqueConstraint('case_id', name=op.f('uq_case_receptions_case_id'))
    )
    op.create_index(op.f('ix_case_receptions_forwarded_at'), 'case_receptions', ['forwarded_at'], unique=False)
    op.create_index(op.f('ix_case_receptions_region_code'), 'case_receptions', ['region_code'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_case_receptions_region_code'), table_name='case_receptions')
    op.drop_index(op.f('ix_case_receptions_forwarded_at'), table_name='case_receptions')
    op.drop_table('case_receptions')
    op.drop_index(op.f('ix_case_parts_department_id'), table_name='case_parts')
    op.drop_index(op.f('ix_case_parts_case_id'), table_name='case_parts')
    op.drop_table('case_parts')
    op.drop_index(op.f('ix_bundle_cases_application_id'), table_name='bundle_cases')
    op.drop_table('bundle_cases')
    op.drop_index(op.f('ix_joint_departments_matter_id'), table_name='joint_departments')
    op.drop_table('joint_departments')
    op.drop_index(op.f('ix_bundle_matters_bundle_id'), table_name='bundle_matters')
    op.drop_table('bundle_matters')
    op.drop_index(op.f('ix_bundle_uploads_account_id'), table_name='bundle_uploads')
    op.drop_table('bundle_uploads')
    op.drop_index(op.f('ix_bundle_applications_bundle_id'), table_name='bundle_applications')
    op.drop_index(op.f('ix_bundle_applications_applicant_account_id'), table_name='bundle_applications')
    op.drop_table('bundle_applications')
    op.drop_table('bundles')
