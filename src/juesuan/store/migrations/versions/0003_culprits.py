"""Findings keep what the culprit search (rule CU01) adds: the finding's number in its report,
the culprit it names, the findings it causes and the culprit a consequence belongs to.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("findings") as batch:
        batch.add_column(sa.Column("ref", sa.String(length=20), nullable=True))
        batch.add_column(sa.Column("culprit", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("consequences", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("consequence_of", sa.String(length=20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("findings") as batch:
        batch.drop_column("consequence_of")
        batch.drop_column("consequences")
        batch.drop_column("culprit")
        batch.drop_column("ref")
