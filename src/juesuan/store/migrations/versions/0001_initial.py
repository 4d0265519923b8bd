"""The initial schema: regions, departments and their names, documents, files and versions, the
query views of a version (cells, facts, claims, evaluations, indicators), check runs with their
outcomes, findings and locations, and the audit log.

Revision ID: 0001
Revises:
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from juesuan.store.types import ExactDecimal, UtcDateTime

revision = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table('events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', UtcDateTime(), nullable=False),
    sa.Column('actor', sa.String(length=100), nullable=False),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('object_type', sa.String(length=40), nullable=False),
    sa.Column('object_id', sa.Integer(), nullable=True),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_events'))
    )
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_events_at'), ['at'], unique=False)

    op.create_table('files',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=500), nullable=False),
    sa.Column('problem', sa.Text(), nullable=True),
    sa.Column('created_at', UtcDateTime(), nullable=False),
    sa.Column('updated_at', UtcDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_files')),
    sa.UniqueConstraint('sha256', name=op.f('uq_files_sha256'))
    )
    op.create_table('regions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('short', sa.String(length=100), nullable=False),
    sa.Column('level', sa.Integer(), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('created_at', UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['parent_id'], ['regions.id'], name=op.f('fk_regions_parent_id_regions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_regions')),
    sa.UniqueConstraint('name', name=op.f('uq_regions_name'))
    )
    with op.batch_alter_table('regions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_regions_parent_id'), ['parent_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_regions_short'), ['short'], unique=False)

    op.create_table('departments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('region_id', sa.Integer(), nullable=True),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('created_at', UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['parent_id'], ['departments.id'], name=op.f('fk_departments_parent_id_departments')),
    sa.ForeignKeyConstraint(['region_id'], ['regions.id'], name=op.f('fk_departments_region_id_regions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_departments'))
    )
    with op.batch_alter_table('departments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_departments_name'), ['name'], unique=False)
        batch_op.create_index(batch_op.f('ix_departments_parent_id'), ['parent_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_departments_region_id'), ['region_id'], unique=False)

    op.create_table('department_names',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('key', sa.String(length=300), nullable=False),
    sa.Column('core', sa.String(length=300), nullable=False),
    sa.Column('region_path', sa.String(length=300), nullable=False),
    sa.Column('first_year', sa.Integer(), nullable=True),
    sa.Column('last_year', sa.Integer(), nullable=True),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('created_at', UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['departments.id'], name=op.f('fk_department_names_department_id_departments')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_department_names')),
    sa.UniqueConstraint('department_id', 'name', name=op.f('uq_department_names_department_id'))
    )
    with op.batch_alter_table('department_names', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_department_names_core'), ['core'], unique=False)
        batch_op.create_index(batch_op.f('ix_department_names_department_id'), ['department_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_department_names_key'), ['key'], unique=False)

    op.create_table('documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('created_at', UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['departments.id'], name=op.f('fk_documents_department_id_departments')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_documents')),
    sa.UniqueConstraint('department_id', 'year', 'kind', name=op.f('uq_documents_department_id'))
    )
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_documents_department_id'), ['department_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_documents_year'), ['year'], unique=False)

    op.create_table('versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('file_id', sa.Integer(), nullable=False),
    sa.Column('source_path', sa.String(length=1000), nullable=False),
    sa.Column('source_format', sa.String(length=20), nullable=False),
    sa.Column('family', sa.String(length=20), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('department_name', sa.String(length=300), nullable=False),
    sa.Column('pages', sa.Integer(), nullable=True),
    sa.Column('schema_version', sa.Integer(), nullable=False),
    sa.Column('report', sa.LargeBinary(), nullable=False),
    sa.Column('imported_by', sa.String(length=100), nullable=False),
    sa.Column('imported_at', UtcDateTime(), nullable=False),
    sa.Column('juesuan_version', sa.String(length=40), nullable=False),
    sa.Column('superseded_at', UtcDateTime(), nullable=True),
    sa.Column('superseded_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_versions_document_id_documents')),
    sa.ForeignKeyConstraint(['file_id'], ['files.id'], name=op.f('fk_versions_file_id_files')),
    sa.ForeignKeyConstraint(['superseded_by_id'], ['versions.id'], name=op.f('fk_versions_superseded_by_id_versions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_versions')),
    sa.UniqueConstraint('document_id', 'number', name=op.f('uq_versions_document_id')),
    sa.UniqueConstraint('file_id', name=op.f('uq_versions_file_id'))
    )
    with op.batch_alter_table('versions', schema=None) as batch_op:
        batch_op.create_index('ix_versions_current', ['document_id'], unique=True, sqlite_where=sa.text('superseded_at IS NULL'), postgresql_where=sa.text('superseded_at IS NULL'))

    op.create_table('cells',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('table_name', sa.String(length=100), nullable=False),
    sa.Column('row_code', sa.String(length=40), nullable=False),
    sa.Column('row_label', sa.String(length=300), nullable=False),
    sa.Column('column_name', sa.String(length=100), nullable=False),
    sa.Column('value', ExactDecimal(), nullable=False),
    sa.Column('step', ExactDecimal(), nullable=False),
    sa.Column('money', sa.Boolean(), nullable=False),
    sa.Column('text', sa.String(length=100), nullable=False),
    sa.Column('page', sa.Integer(), nullable=True),
    sa.Column('line', sa.Integer(), nullable=True),
    sa.Column('x0', sa.Float(), nullable=True),
    sa.Column('y0', sa.Float(), nullable=True),
    sa.Column('x1', sa.Float(), nullable=True),
    sa.Column('y1', sa.Float(), nullable=True),
    sa.Column('sheet', sa.String(length=100), nullable=True),
    sa.Column('cell_ref', sa.String(length=20), nullable=True),
    sa.ForeignKeyConstraint(['version_id'], ['versions.id'], name=op.f('fk_cells_version_id_versions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cells'))
    )
    with op.batch_alter_table('cells', schema=None) as batch_op:
        batch_op.create_index('ix_cells_place', ['table_name', 'row_code', 'column_name'], unique=False)
        batch_op.create_index(batch_op.f('ix_cells_version_id'), ['version_id'], unique=False)

    op.create_table('check_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=40), nullable=False),
    sa.Column('source', sa.String(length=1000), nullable=False),
    sa.Column('department', sa.String(length=300), nullable=False),
    sa.Column('year', sa.Integer(), nullable=True),
    sa.Column('profile', sa.String(length=40), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('profile_score', sa.Integer(), nullable=True),
    sa.Column('profile_scores', sa.JSON(), nullable=False),
    sa.Column('detection', sa.JSON(), nullable=False),
    sa.Column('errors', sa.Integer(), nullable=False),
    sa.Column('warnings', sa.Integer(), nullable=False),
    sa.Column('infos', sa.Integer(), nullable=False),
    sa.Column('rules_passed', sa.Integer(), nullable=False),
    sa.Column('rules_failed', sa.Integer(), nullable=False),
    sa.Column('rules_not_applicable', sa.Integer(), nullable=False),
    sa.Column('rules_could_not_check', sa.Integer(), nullable=False),
    sa.Column('seconds', sa.Float(), nullable=True),
    sa.Column('juesuan_version', sa.String(length=40), nullable=False),
    sa.Column('created_by', sa.String(length=100), nullable=False),
    sa.Column('created_at', UtcDateTime(), nullable=False),
    sa.Column('superseded_at', UtcDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['version_id'], ['versions.id'], name=op.f('fk_check_runs_version_id_versions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_check_runs'))
    )
    with op.batch_alter_table('check_runs', schema=None) as batch_op:
        batch_op.create_index('ix_check_runs_current', ['version_id'], unique=True, sqlite_where=sa.text('superseded_at IS NULL'), postgresql_where=sa.text('superseded_at IS NULL'))

    op.create_table('claims',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('scope', sa.String(length=20), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('figure_key', sa.String(length=100), nullable=False),
    sa.Column('value', ExactDecimal(), nullable=True),
    sa.Column('word', sa.String(length=20), nullable=False),
    sa.Column('change', ExactDecimal(), nullable=True),
    sa.Column('rate', ExactDecimal(), nullable=True),
    sa.Column('budget', ExactDecimal(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('page', sa.Integer(), nullable=True),
    sa.Column('line', sa.Integer(), nullable=True),
    sa.Column('x0', sa.Float(), nullable=True),
    sa.Column('y0', sa.Float(), nullable=True),
    sa.Column('x1', sa.Float(), nullable=True),
    sa.Column('y1', sa.Float(), nullable=True),
    sa.Column('sheet', sa.String(length=100), nullable=True),
    sa.Column('cell_ref', sa.String(length=20), nullable=True),
    sa.ForeignKeyConstraint(['version_id'], ['versions.id'], name=op.f('fk_claims_version_id_versions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_claims'))
    )
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_claims_version_id'), ['version_id'], unique=False)

    op.create_table('evaluations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('supervisor', sa.String(length=300), nullable=False),
    sa.Column('implementer', sa.String(length=300), nullable=False),
    sa.Column('year', sa.Integer(), nullable=True),
    sa.Column('budget', ExactDecimal(), nullable=True),
    sa.Column('spent', ExactDecimal(), nullable=True),
    sa.Column('rate', ExactDecimal(), nullable=True),
    sa.Column('score', ExactDecimal(), nullable=True),
    sa.Column('page', sa.Integer(), nullable=True),
    sa.Column('line', sa.Integer(), nullable=True),
    sa.Column('x0', sa.Float(), nullable=True),
    sa.Column('y0', sa.Float(), nullable=True),
    sa.Column('x1', sa.Float(), nullable=True),
    sa.Column('y1', sa.Float(), nullable=True),
    sa.Column('sheet', sa.String(length=100), nullable=True),
    sa.Column('cell_ref', sa.String(length=20), nullable=True),
    sa.ForeignKeyConstraint(['version_id'], ['versions.id'], name=op.f('fk_evaluations_version_id_versions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evaluations'))
    )
    with op.batch_alter_table('evaluations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evaluations_version_id'), ['version_id'], unique=False)

    op.create_table('facts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('section', sa.Text(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('text', sa.String(length=200), nullable=False),
    sa.Column('value', ExactDecimal(), nullable=True),
    sa.Column('unit', sa.String(length=20), nullable=False),
    sa.Column('places', sa.Integer(), nullable=False),
    sa.Column('word', sa.String(length=20), nullable=False),
    sa.Column('label', sa.Text(), nullable=False),
    sa.Column('page', sa.Integer(), nullable=True),
    sa.Column('line', sa.Integer(), nullable=True),
    sa.Column('x0', sa.Float(), nullable=True),
    sa.Column('y0', sa.Float(), nullable=True),
    sa.Column('x1', sa.Float(), nullable=True),
    sa.Column('y1', sa.Float(), nullable=True),
    sa.Column('sheet', sa.String(length=100), nullable=True),
    sa.Column('cell_ref', sa.String(length=20), nullable=True),
    sa.ForeignKeyConstraint(['version_id'], ['versions.id'], name=op.f('fk_facts_version_id_versions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_facts'))
    )
    with op.batch_alter_table('facts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_facts_version_id'), ['version_id'], unique=False)

    op.create_table('findings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('check_run_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('rule_id', sa.String(length=10), nullable=False),
    sa.Column('rule_name', sa.String(length=100), nullable=False),
    sa.Column('severity', sa.String(length=10), nullable=False),
    sa.Column('category', sa.String(length=30), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('expected', sa.String(length=100), nullable=True),
    sa.Column('actual', sa.String(length=100), nullable=True),
    sa.Column('difference', sa.String(length=100), nullable=True),
    sa.Column('rounding', sa.Boolean(), nullable=False),
    sa.Column('waived', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['check_run_id'], ['check_runs.id'], name=op.f('fk_findings_check_run_id_check_runs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_findings'))
    )
    with op.batch_alter_table('findings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_findings_check_run_id'), ['check_run_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_findings_rule_id'), ['rule_id'], unique=False)

    op.create_table('indicators',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('evaluation_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('level1', sa.String(length=100), nullable=False),
    sa.Column('level2', sa.String(length=100), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('operator', sa.String(length=10), nullable=False),
    sa.Column('target_text', sa.String(length=300), nullable=False),
    sa.Column('target', ExactDecimal(), nullable=True),
    sa.Column('actual_text', sa.String(length=300), nullable=False),
    sa.Column('actual', ExactDecimal(), nullable=True),
    sa.Column('weight', ExactDecimal(), nullable=True),
    sa.Column('score', ExactDecimal(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('line', sa.Integer(), nullable=True),
    sa.Column('page', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['evaluation_id'], ['evaluations.id'], name=op.f('fk_indicators_evaluation_id_evaluations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicators'))
    )
    with op.batch_alter_table('indicators', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_indicators_evaluation_id'), ['evaluation_id'], unique=False)

    op.create_table('rule_outcomes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('check_run_id', sa.Integer(), nullable=False),
    sa.Column('rule_id', sa.String(length=10), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['check_run_id'], ['check_runs.id'], name=op.f('fk_rule_outcomes_check_run_id_check_runs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rule_outcomes'))
    )
    with op.batch_alter_table('rule_outcomes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rule_outcomes_check_run_id'), ['check_run_id'], unique=False)

    op.create_table('finding_locations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('finding_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('file', sa.String(length=1000), nullable=False),
    sa.Column('table_name', sa.String(length=100), nullable=True),
    sa.Column('row_label', sa.String(length=300), nullable=True),
    sa.Column('column_name', sa.String(length=100), nullable=True),
    sa.Column('end_line', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('page', sa.Integer(), nullable=True),
    sa.Column('line', sa.Integer(), nullable=True),
    sa.Column('x0', sa.Float(), nullable=True),
    sa.Column('y0', sa.Float(), nullable=True),
    sa.Column('x1', sa.Float(), nullable=True),
    sa.Column('y1', sa.Float(), nullable=True),
    sa.Column('sheet', sa.String(length=100), nullable=True),
    sa.Column('cell_ref', sa.String(length=20), nullable=True),
    sa.ForeignKeyConstraint(['finding_id'], ['findings.id'], name=op.f('fk_finding_locations_finding_id_findings')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_finding_locations'))
    )
    with op.batch_alter_table('finding_locations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_finding_locations_finding_id'), ['finding_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('finding_locations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_finding_locations_finding_id'))

    op.drop_table('finding_locations')
    with op.batch_alter_table('rule_outcomes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rule_outcomes_check_run_id'))

    op.drop_table('rule_outcomes')
    with op.batch_alter_table('indicators', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_indicators_evaluation_id'))

    op.drop_table('indicators')
    with op.batch_alter_table('findings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_findings_rule_id'))
        batch_op.drop_index(batch_op.f('ix_findings_check_run_id'))

    op.drop_table('findings')
    with op.batch_alter_table('facts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_facts_version_id'))

    op.drop_table('facts')
    with op.batch_alter_table('evaluations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evaluations_version_id'))

    op.drop_table('evaluations')
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_claims_version_id'))

    op.drop_table('claims')
    with op.batch_alter_table('check_runs', schema=None) as batch_op:
        batch_op.drop_index('ix_check_runs_current', sqlite_where=sa.text('superseded_at IS NULL'), postgresql_where=sa.text('superseded_at IS NULL'))

    op.drop_table('check_runs')
    with op.batch_alter_table('cells', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cells_version_id'))
        batch_op.drop_index('ix_cells_place')

    op.drop_table('cells')
    with op.batch_alter_table('versions', schema=None) as batch_op:
        batch_op.drop_index('ix_versions_current', sqlite_where=sa.text('superseded_at IS NULL'), postgresql_where=sa.text('superseded_at IS NULL'))

    op.drop_table('versions')
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_documents_year'))
        batch_op.drop_index(batch_op.f('ix_documents_department_id'))

    op.drop_table('documents')
    with op.batch_alter_table('department_names', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_department_names_key'))
        batch_op.drop_index(batch_op.f('ix_department_names_department_id'))
        batch_op.drop_index(batch_op.f('ix_department_names_core'))

    op.drop_table('department_names')
    with op.batch_alter_table('departments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_departments_region_id'))
        batch_op.drop_index(batch_op.f('ix_departments_parent_id'))
        batch_op.drop_index(batch_op.f('ix_departments_name'))

    op.drop_table('departments')
    with op.batch_alter_table('regions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_regions_short'))
        batch_op.drop_index(batch_op.f('ix_regions_parent_id'))

    op.drop_table('regions')
    op.drop_table('files')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_events_at'))

    op.drop_table('events')
