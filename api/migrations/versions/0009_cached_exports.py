"""cached exports: cached_exports, cached_decision_rows

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 12:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "cached_exports",
        sa.Column("allocation_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=500), nullable=False),
        sa.Column("fingerprint", sa.String(length=255), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["allocation_id"],
            ["allocations.id"],
            name=op.f("fk_cached_exports_allocation_id_allocations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("allocation_id", "kind", name=op.f("pk_cached_exports")),
    )
    op.create_table(
        "cached_decision_rows",
        sa.Column("allocation_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=500), nullable=False),
        sa.Column("proposal", sa.String(length=200), nullable=False),
        sa.Column("fingerprint", sa.String(length=255), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("group_code", sa.String(length=200), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("outcome_rank", sa.Integer(), nullable=False),
        sa.Column("requested", sa.Integer(), nullable=False),
        sa.Column("awarded", sa.Integer(), nullable=False),
        sa.Column("instruments", sa.Text(), nullable=False),
        sa.Column("awarded_on", sa.Text(), nullable=False),
        sa.Column("countries", sa.Text(), nullable=False),
        sa.Column("shares", sa.JSON(), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["allocation_id"],
            ["allocations.id"],
            name=op.f("fk_cached_decision_rows_allocation_id_allocations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "allocation_id", "kind", "proposal", name=op.f("pk_cached_decision_rows")
        ),
    )


def downgrade() -> None:
    op.drop_table("cached_decision_rows")
    op.drop_table("cached_exports")
